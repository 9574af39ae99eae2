"""Log an AppTest in the way the app does: a real server-side session (core.sessions) whose
token sits in the tab's session state, as after the login form or a cookie."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core import sessions
from core.config import get_settings
from core.db import crud
from core.db.engine import get_engine

TOKEN_KEY = "ares_auth_token"  # ui.auth.TOKEN_KEY (tests do not import the ui package)


def new_session_token(user_id: int, engine: Engine | None = None) -> str:
    settings = get_settings()
    engine = engine or get_engine(settings.sqlalchemy_url)
    with Session(engine) as session:
        user = crud.get_user(session, user_id=user_id)
    assert user is not None, f"no user {user_id}"
    return sessions.create_session(engine, settings, user)


def sign_in(at: AppTest, user_id: int, engine: Engine | None = None) -> str:
    """Put a fresh login for `user_id` into `at` (before `at.run()`); returns its token."""
    token = new_session_token(user_id, engine)
    at.session_state[TOKEN_KEY] = token
    return token
