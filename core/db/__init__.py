"""Persistence: SQLModel tables, owner-scoped CRUD, engine and migrations."""
