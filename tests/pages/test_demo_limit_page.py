"""The demo button past the per-client limit: a clear message and no account."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.config import get_settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_button_says_when_to_try_again_once_the_limit_is_reached(app_engine, monkeypatch) -> None:
    monkeypatch.setenv("ARES_DEMO_GUEST_LIMIT", "1")
    get_settings.cache_clear()
    first = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    next(b for b in first.button if b.key == "demo_login").click().run()
    assert "ares_user_id" in first.session_state
    second = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    next(b for b in second.button if b.key == "demo_login").click().run()
    assert not second.exception
    assert "ares_user_id" not in second.session_state
    warnings = " ".join(str(w.value) for w in second.warning)
    assert "Too many demo accounts were started from your network in the last 60 minutes" in warnings
    assert "Try again in 60 minutes" in warnings

