"""when each question first appeared, and the answer typed so far (a reload keeps both)

Questions stored before this revision get no `shown_at`: when they were shown was never
kept, and no value written here could be true. `PracticeService.show_question` tells those
apart from questions not yet shown (a session with no stamped question at all predates it).

Revision ID: 0006_question_clock
Revises: 0005_s21_fixes
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006_question_clock"
down_revision = "0005_s21_fixes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shown_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("draft", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_column("draft")
        batch_op.drop_column("shown_at")
