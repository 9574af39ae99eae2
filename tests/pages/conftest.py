"""Page tests with AppTest: fresh Streamlit caches per test, light demo data, login helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from core import accounts
from core.config import get_settings
from core.db.engine import get_engine
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_streamlit_caches(data_dir, monkeypatch: pytest.MonkeyPatch):
    """Cached settings/engines must follow each test's private ARES_DATA_DIR."""
    st.cache_resource.clear()
    st.cache_data.clear()
    get_engine.cache_clear()

    def light_demo(engine, settings, progress=None, **_kwargs):
        from core.demo import DemoLoadResult

        accounts.ensure_demo_users(engine)
        return DemoLoadResult(candidate=accounts.DEMO_USERNAME, coach=accounts.DEMO_COACH_USERNAME)

    monkeypatch.setattr("core.demo.load_demo_data", light_demo)
    yield
    st.cache_resource.clear()
    get_engine.cache_clear()


@pytest.fixture
def app_engine() -> Engine:
    """The engine the app under test uses (same settings, same database file)."""
    get_settings.cache_clear()
    return get_engine(get_settings().sqlalchemy_url)


@pytest.fixture
def demo_user_id(app_engine: Engine) -> int:
    candidate, _coach = accounts.ensure_demo_users(app_engine)
    return candidate.id or 0


@pytest.fixture
def open_page(demo_user_id: int) -> Callable[..., AppTest]:
    """Run Home.py logged in as the demo candidate and switch to `page` (e.g. "pages/practice.py")."""

    def _open(page: str | None = None, *, user_id: int | None = None, lang: str = "en",
              timeout: float = 60) -> AppTest:
        at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=timeout)
        sign_in(at, user_id or demo_user_id)
        at.session_state["ares_lang"] = lang
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return _open
