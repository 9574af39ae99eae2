"""demo visitor accounts handed out, per client and time (to limit them)

Revision ID: 0005_s21_fixes
Revises: 0004_practice
Create Date: 2026-11-30 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_s21_fixes"
down_revision = "0004_practice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demoguestgrant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("demoguestgrant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demoguestgrant_client_hash"), ["client_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_demoguestgrant_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("demoguestgrant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demoguestgrant_created_at"))
        batch_op.drop_index(batch_op.f("ix_demoguestgrant_client_hash"))
    op.drop_table("demoguestgrant")
