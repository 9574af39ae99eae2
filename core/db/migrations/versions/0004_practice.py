"""practice loop: per-user settings, score disputes, practice/exam mode on the session

Revision ID: 0004_practice
Revises: 0003_coach
Create Date: 2026-11-30 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_practice"
down_revision = "0003_coach"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "usersetting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "key"),
    )
    with op.batch_alter_table("usersetting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_usersetting_user_id"), ["user_id"], unique=False)
    op.create_table(
        "scoredispute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["coach_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["comment_id"], ["coachcomment.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scoredispute", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoredispute_attempt_id"), ["attempt_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scoredispute_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("interviewsession", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default="practice"))


def downgrade() -> None:
    with op.batch_alter_table("interviewsession", schema=None) as batch_op:
        batch_op.drop_column("mode")
    with op.batch_alter_table("scoredispute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoredispute_user_id"))
        batch_op.drop_index(batch_op.f("ix_scoredispute_attempt_id"))
    op.drop_table("scoredispute")
    with op.batch_alter_table("usersetting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_usersetting_user_id"))
    op.drop_table("usersetting")
