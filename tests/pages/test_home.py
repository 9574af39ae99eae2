from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py") if p.name != "login.py")


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.title] + [m.value for m in at.subheader] + [m.value for m in at.error]
    return "\n".join(str(p) for p in parts)


def test_logged_out_visitors_see_only_the_login_page() -> None:
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    assert not at.exception
    assert "ARES Interview Coach" in _texts(at)
    labels = [b.label for b in at.button]
    assert "Continue as the demo candidate" in labels
    assert [t.label for t in at.text_input][:2] == ["Username", "Password"]


def test_the_demo_button_logs_in_and_shows_the_dashboard() -> None:
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    next(b for b in at.button if b.key == "demo_login").click().run()
    assert not at.exception
    assert at.session_state["ares_user_id"] is not None
    assert "What to do next" in _texts(at)


def test_logging_in_with_the_form_works_and_a_wrong_password_does_not() -> None:
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    at.text_input[0].input("demo")
    at.text_input[1].input("wrong-password")
    next(b for b in at.button if b.label == "Log in").click().run()
    assert "Username or password is incorrect." in _texts(at)
    assert "ares_user_id" not in at.session_state
    at.text_input[0].input("demo")
    at.text_input[1].input("demo-password")
    next(b for b in at.button if b.label == "Log in").click().run()
    at.run()
    assert at.session_state["ares_user_id"] is not None


def test_repeated_failures_lock_the_account(app_engine) -> None:
    from core.accounts import is_locked

    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    for _ in range(6):
        at.text_input[0].input("demo")
        at.text_input[1].input("wrong-password")
        next(b for b in at.button if b.label == "Log in").click().run()
    assert is_locked(app_engine, "demo")
    assert "locked" in _texts(at)
    at.text_input[0].input("demo")
    at.text_input[1].input("demo-password")
    next(b for b in at.button if b.label == "Log in").click().run()
    assert "ares_user_id" not in at.session_state


def test_the_language_switch_changes_every_label(open_page) -> None:
    at = open_page("pages/home.py", lang="ko")
    assert "다음에 할 일" in _texts(at)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_renders_logged_in_without_errors(open_page, page, lang) -> None:
    if page == "pages/practice.py":
        pytest.skip("covered by tests/pages/test_practice.py with the capture widget injected")
    at = open_page(page, lang=lang)
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES)
def test_every_page_asks_logged_out_visitors_to_log_in(page) -> None:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert "log in" in _texts(at).lower()


def test_outside_demo_mode_a_default_cookie_key_stops_the_app(monkeypatch) -> None:
    monkeypatch.setenv("ARES_DEMO_MODE", "false")
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    assert any("ARES_COOKIE_KEY" in e.value for e in at.error)


def test_an_idle_session_is_logged_out(open_page, monkeypatch) -> None:
    import time as clock

    at = open_page("pages/home.py")
    assert at.session_state["ares_user_id"] is not None
    at.session_state["ares_last_seen"] = clock.time() - 3 * 3600  # idle for three hours (limit: 120 min)
    at.run()
    assert "ares_user_id" not in at.session_state
    assert "logged out after a period of inactivity" in _texts(at).replace("\n", " ") or any(
        "inactivity" in w.value for w in at.warning)
