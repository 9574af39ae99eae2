"""Alembic environment: runs against the connection handed over by `core.db.engine.migrate`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import core.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from the command line
    from sqlalchemy import create_engine

    from core.config import get_settings

    connection = create_engine(get_settings().sqlalchemy_url).connect()

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
