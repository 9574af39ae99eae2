"""server-side login sessions, a generated signing key, never-reused user ids

Revision ID: 0002_secauth
Revises: 0001
Create Date: 2026-11-30

- `user.uid`: a random public id per user (sessions are bound to it), filled for existing users;
- `user.expires_at`: throw-away demo visitor accounts;
- SQLite: the user table is rebuilt with AUTOINCREMENT so a deleted user's id is never
  handed to the next sign-up (PostgreSQL sequences never reuse ids anyway);
- `authsession`: one row per login, deleted with its user (ON DELETE CASCADE);
- `appsecret`: the generated session-signing key when ARES_COOKIE_KEY is not set;
- the demo accounts' passwords, once public in the source ("demo-password",
  "coach-password"), stop working on installs where they were set.
"""

from __future__ import annotations

import secrets

import bcrypt
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_secauth"
down_revision = "0001"
branch_labels = None
depends_on = None


# What the demo accounts' passwords were while they were written in the source.
PUBLIC_DEMO_PASSWORDS = (("demo", "demo-password"), ("coach", "coach-password"))


def _matches(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    user = sa.table("user", sa.column("id", sa.Integer()), sa.column("uid", sa.String()),
                    sa.column("username", sa.String()), sa.column("password_hash", sa.String()))
    for (user_id,) in bind.execute(sa.select(user.c.id)).all():
        bind.execute(user.update().where(user.c.id == user_id).values(uid=secrets.token_hex(16)))
    for username, public_password in PUBLIC_DEMO_PASSWORDS:
        row = bind.execute(sa.select(user.c.id, user.c.password_hash).where(user.c.username == username)).first()
        if row is not None and _matches(public_password, row.password_hash):
            bind.execute(user.update().where(user.c.id == row.id)
                         .values(password_hash="!" + secrets.token_hex(32)))  # no password matches "!..."
    if sqlite:
        # Rebuild the table with AUTOINCREMENT (core.db.engine.migrate runs migrations with
        # SQLite's foreign keys off and checks every reference before committing).
        with op.batch_alter_table("user", schema=None, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": True}) as batch_op:
            batch_op.alter_column("uid", existing_type=sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False)
            batch_op.create_index(batch_op.f("ix_user_uid"), ["uid"], unique=True)
    else:
        with op.batch_alter_table("user", schema=None) as batch_op:
            batch_op.alter_column("uid", existing_type=sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False)
            batch_op.create_index(batch_op.f("ix_user_uid"), ["uid"], unique=True)

    op.create_table(
        "authsession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_uid", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoke_reason", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("authsession", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authsession_token_hash"), ["token_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_authsession_user_id"), ["user_id"], unique=False)

    op.create_table(
        "appsecret",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("appsecret")
    with op.batch_alter_table("authsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authsession_user_id"))
        batch_op.drop_index(batch_op.f("ix_authsession_token_hash"))
    op.drop_table("authsession")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_uid"))
        batch_op.drop_column("expires_at")
        batch_op.drop_column("uid")
