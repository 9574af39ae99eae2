"""Length limits of text columns, enforced before the database sees the value.

SQLite ignores `VARCHAR(n)`; PostgreSQL refuses the whole statement. So a 414-character
PDF title or company name worked on a laptop and failed on a team server. Every limit is
read from the model (`core/db/models.py`, `Field(max_length=...)`), never repeated, and
applied the same way on both databases:

- `require_fits(model, field, value)` — text a user typed (a company name, a role, a
  profile title): refused with `TooLong` (a clear, translatable message) so nothing is
  silently cut.
- `clip(model, field, value)` — text derived from a file or a program (a PDF's metadata
  title, a file name, an error message): shortened to the limit with "…".
- a `before_flush` guard on every SQLModel session checks every new or changed row, so
  a path that forgot the edge check still fails identically on SQLite and PostgreSQL
  (`TooLong`, before any SQL is sent) instead of only on PostgreSQL.

Lengths count characters (what both databases count for VARCHAR), not bytes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import event, inspect
from sqlmodel import Session, SQLModel

ELLIPSIS = "…"


class TooLong(ValueError):
    """A value longer than its column allows. `message_key` takes `field` and `limit`."""

    message_key = "limits.too_long"

    def __init__(self, table: str, field: str, limit: int, length: int) -> None:
        super().__init__(f"{table}.{field} is {length} characters; at most {limit} are allowed")
        self.table, self.field, self.limit, self.length = table, field, limit, length


@cache
def column_limits(model: type[SQLModel]) -> dict[str, int]:
    """{column name: max characters} for every length-limited string column of `model`."""
    limits: dict[str, int] = {}
    for column in inspect(model).columns:
        # SQLModel's AutoString is a TypeDecorator over String: read the length, not the class.
        length = getattr(column.type, "length", None)
        if isinstance(length, int) and length > 0:
            limits[column.key] = length
    return limits


def limit_of(model: type[SQLModel], field: str) -> int | None:
    """The column's limit in characters, or None when it is unlimited (TEXT, JSON, numbers)."""
    return column_limits(model).get(field)


def _table(model: type[SQLModel]) -> str:
    return str(getattr(model, "__tablename__", model.__name__.lower()))


def require_fits(model: type[SQLModel], field: str, value: str) -> str:
    """`value` stripped; raises `TooLong` when it exceeds the column's limit."""
    clean = (value or "").strip()
    limit = limit_of(model, field)
    if limit is not None and len(clean) > limit:
        raise TooLong(_table(model), field, limit, len(clean))
    return clean


def clip(model: type[SQLModel], field: str, value: str | None) -> str:
    """`value` stripped and, when too long, cut to the limit with a trailing "…"."""
    clean = (value or "").strip()
    limit = limit_of(model, field)
    if limit is None or len(clean) <= limit:
        return clean
    return clean[: max(0, limit - len(ELLIPSIS))].rstrip() + ELLIPSIS


def check_row(row: Any) -> None:
    """Raise `TooLong` for the first string attribute of `row` over its column's limit."""
    if not isinstance(row, SQLModel):
        return
    model: type[SQLModel] = type(row)
    for field, limit in column_limits(model).items():
        value = getattr(row, field, None)
        if isinstance(value, str) and len(value) > limit:
            raise TooLong(_table(model), field, limit, len(value))


@event.listens_for(Session, "before_flush")
def _check_lengths_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    # The last line of defence: identical on SQLite (which would store anything) and on
    # PostgreSQL (which would fail mid-transaction with a driver error).
    for row in (*session.new, *session.dirty):
        check_row(row)


__all__ = ["TooLong", "check_row", "clip", "column_limits", "limit_of", "require_fits"]
