"""Per-user preferences stored in the database (`UserSetting`), with their defaults.

Only the user changes their own preferences; features read them where they decide
(e.g. the answer path reads `blind_check` before flagging protected details).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.db import crud

BLIND_CHECK = "blind_check"  # flag family/hometown/school/age/... sentences (issue 15, blind hiring)
DEFAULTS: dict[str, Any] = {BLIND_CHECK: True}


def get_preference(engine: Engine, *, user_id: int, key: str) -> Any:
    """The user's value for `key`, or its default (KeyError for an unknown key)."""
    default = DEFAULTS[key]
    with Session(engine) as db:
        return crud.get_user_setting(db, user_id=user_id, key=key, default=default)


def set_preference(engine: Engine, *, user_id: int, key: str, value: Any) -> None:
    """Store the user's own `key` (must be a known preference of the default's type)."""
    default = DEFAULTS[key]
    if not isinstance(value, type(default)):
        raise TypeError(f"{key} takes {type(default).__name__}")
    with Session(engine) as db:
        crud.set_user_setting(db, user_id=user_id, key=key, value=value)


def blind_check_on(engine: Engine, *, user_id: int) -> bool:
    return bool(get_preference(engine, user_id=user_id, key=BLIND_CHECK))
