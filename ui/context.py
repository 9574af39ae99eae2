"""The page-side context every page uses: settings, database engine, language, user.

This is the bridge between Streamlit and `core`: cached factories (`st.cache_resource`),
the session-state keys this package owns, and secrets mapped onto the environment.

Importing this module loads no database code: SQLAlchemy, SQLModel and the models (about
half of a new process's first script run) load on the first `db_engine()` call, so a new
visitor's login page draws without them (issue 18, cold start).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import streamlit as st

from core.config import Settings, get_settings
from core.i18n import normalize_language, t
from core.storage import MediaStore, get_media_store

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

LANG_KEY = "ares_lang"
USER_ID_KEY = "ares_user_id"


def _map_secrets_to_env() -> None:
    """Root-level Streamlit secrets become environment variables (as on Community Cloud).

    Done once, before the settings object is first built; `core` never reads st.secrets.
    """
    try:
        secrets = dict(st.secrets)
    except Exception:  # noqa: BLE001 - no secrets.toml is normal on a laptop
        return
    for key, value in secrets.items():
        if isinstance(value, str | int | float | bool) and key.upper() == key:
            os.environ.setdefault(key, str(value))


@st.cache_resource(show_spinner=False)
def app_settings() -> Settings:
    _map_secrets_to_env()
    get_settings.cache_clear()
    return get_settings()


@st.cache_resource(show_spinner=False)
def db_engine(url: str | None = None) -> Engine:
    """The process-wide engine, migrated on first use (this call imports the database layer)."""
    from core.db.engine import get_engine

    return get_engine(url or app_settings().sqlalchemy_url)


@st.cache_resource(show_spinner=False)
def media_store() -> MediaStore:
    """The process-wide recording store (`ARES_MEDIA_BACKEND`); one S3 connection pool."""
    return get_media_store(app_settings())


def lang() -> str:
    """The UI language chosen in this browser session (default from settings)."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = app_settings().default_language
    return normalize_language(st.session_state[LANG_KEY])


def tr(key: str, **values: Any) -> str:
    """Translate `key` into the session's language."""
    return t(key, lang(), **values)


def current_user_id() -> int | None:
    value = st.session_state.get(USER_ID_KEY)
    return int(value) if value is not None else None
