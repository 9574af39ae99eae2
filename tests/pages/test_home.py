from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
COACH_PAGES = ("pages/assignments.py", "pages/cohort.py")
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


def test_the_demo_button_gives_each_visitor_a_fresh_account_and_shows_the_dashboard(app_engine) -> None:
    from sqlmodel import Session

    from core.db import crud

    seen = []
    for _visitor in range(2):
        at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
        next(b for b in at.button if b.key == "demo_login").click().run()
        assert not at.exception
        assert "What to do next" in _texts(at)
        seen.append(at.session_state["ares_user_id"])
    assert seen[0] != seen[1]  # two visitors never share an identity (or recordings)
    with Session(app_engine) as session:
        guests = [crud.get_user(session, user_id=uid) for uid in seen]
    assert all(g is not None and g.username.startswith("guest-") and g.expires_at is not None for g in guests)


def _make_user(engine, username: str, password: str) -> None:
    from core.accounts import create_account

    create_account(engine, username=username, password=password, role="candidate")


def _login(at: AppTest, username: str, password: str) -> None:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "Log in").click().run()


def test_logging_in_with_the_form_works_and_a_wrong_password_does_not(app_engine) -> None:
    _make_user(app_engine, "jordan", "a long enough passphrase")
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    _login(at, "jordan", "wrong-password")
    assert "Username or password is incorrect." in _texts(at)
    assert "ares_user_id" not in at.session_state
    _login(at, "jordan", "a long enough passphrase")
    at.run()
    assert at.session_state["ares_user_id"] is not None
    assert at.session_state["ares_auth_token"]  # a server-side session, not a user id alone


def test_the_demo_accounts_cannot_log_in_with_a_password() -> None:
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    for username, password in (("demo", "demo-password"), ("coach", "coach-password")):
        _login(at, username, password)
        assert "ares_user_id" not in at.session_state


def test_repeated_failures_lock_the_account(app_engine) -> None:
    from core.accounts import is_locked

    _make_user(app_engine, "jordan", "a long enough passphrase")
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    for _ in range(6):
        _login(at, "jordan", "wrong-password")
    assert is_locked(app_engine, "jordan")
    assert "locked" in _texts(at)
    _login(at, "jordan", "a long enough passphrase")
    assert "ares_user_id" not in at.session_state


def test_the_language_switch_changes_every_label(open_page) -> None:
    at = open_page("pages/home.py", lang="ko")
    assert "다음에 할 일" in _texts(at)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_renders_logged_in_without_errors(open_page, app_engine, page, lang) -> None:
    if page == "pages/practice.py":
        pytest.skip("covered by tests/pages/test_practice.py with the capture widget injected")
    user_id = None
    if page in COACH_PAGES:  # listed only for someone who coaches (Home.py)
        from core import accounts

        user_id = accounts.ensure_demo_users(app_engine)[1].id
    at = open_page(page, user_id=user_id, lang=lang)
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES)
def test_every_page_asks_logged_out_visitors_to_log_in(page) -> None:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert "log in" in _texts(at).lower()


def test_outside_demo_mode_a_placeholder_cookie_key_stops_the_app(monkeypatch) -> None:
    monkeypatch.setenv("ARES_DEMO_MODE", "false")
    monkeypatch.setenv("ARES_COOKIE_KEY", "changeme")
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    assert any("ARES_COOKIE_KEY" in e.value for e in at.error)


def test_outside_demo_mode_without_a_key_the_app_starts_with_a_generated_one(monkeypatch) -> None:
    monkeypatch.setenv("ARES_DEMO_MODE", "false")
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    assert "demo_login" not in [b.key for b in at.button]  # no demo outside demo mode
    assert len(at.tabs) == 1  # and registration is closed unless ARES_OPEN_REGISTRATION=true


def test_an_idle_session_is_logged_out_on_the_server(open_page, app_engine) -> None:
    from datetime import timedelta

    from sqlmodel import Session, select

    from core.db.models import AuthSession

    at = open_page("pages/home.py")
    assert at.session_state["ares_user_id"] is not None
    with Session(app_engine) as session:  # last used three hours ago (limit: 120 min)
        row = session.exec(select(AuthSession)).one()
        row.last_seen_at = row.last_seen_at - timedelta(hours=3)
        row.created_at = row.created_at - timedelta(hours=3)
        session.add(row)
        session.commit()
    at.run()
    assert "ares_user_id" not in at.session_state
    assert any("inactivity" in w.value for w in at.warning)
    with Session(app_engine) as session:
        assert session.exec(select(AuthSession)).one().revoke_reason == "idle"


def test_an_open_tab_of_a_deleted_account_never_becomes_the_next_sign_up(open_page, app_engine) -> None:
    """Issue 16 item 2: the tab holds a session bound to the account, not a reusable user id."""
    from core.accounts import create_account
    from core.config import get_settings
    from core.export import delete_account

    first = create_account(app_engine, username="first", password="a long enough passphrase", role="candidate")
    at = open_page("pages/home.py", user_id=first.id)
    assert at.session_state["ares_user_id"] == first.id
    delete_account(app_engine, get_settings(), user_id=first.id or 0)
    second = create_account(app_engine, username="second", password="another long passphrase", role="candidate")
    assert second.id != first.id
    at.run()
    assert "ares_user_id" not in at.session_state  # logged out, not turned into "second"
    assert [t.label for t in at.text_input][:2] == ["Username", "Password"]


def test_changing_the_password_in_settings_applies_the_policy_and_ends_other_logins(open_page, app_engine) -> None:
    from core import sessions
    from core.accounts import create_account
    from core.config import get_settings

    user = create_account(app_engine, username="jordan", password="a long enough passphrase", role="candidate")
    elsewhere = sessions.create_session(app_engine, get_settings(), user)  # another device
    at = open_page("pages/settings.py", user_id=user.id)

    def change(new: str) -> None:
        at.text_input(key="pw_current").input("a long enough passphrase")
        at.text_input(key="pw_new").input(new)
        at.text_input(key="pw_repeat").input(new)
        next(b for b in at.button if b.label == "Change password").click().run()

    change("Password1!")  # composition rules met, still too short
    assert any("at least 12 characters" in e.value for e in at.error)
    change("새벽의 조용한 강가에서 만나요")
    assert any("Password changed" in s.value for s in at.success), [e.value for e in at.error]
    at.run()
    assert at.session_state["ares_user_id"] == user.id  # this browser continues with a fresh session
    assert not sessions.resolve_session(app_engine, get_settings(), elsewhere).ok  # the other device is out


def test_the_registration_form_applies_the_password_policy(app_engine) -> None:
    from core.accounts import authenticate
    from core.config import get_settings

    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60).run()  # demo mode: registration open

    def register(username: str, password: str) -> None:
        at.text_input(key="register_username").input(username)
        at.text_input(key="register_password").input(password)
        at.text_input(key="register_repeat").input(password)
        next(b for b in at.button if b.label == "Create account").click().run()

    register("minji", "Password1!")
    assert any("at least 12 characters" in e.value for e in at.error)
    register("minji", "password1234")
    assert any("most common passwords" in e.value for e in at.error)
    register("minji", "조용한 새벽 강가의 산책")  # Korean passphrase, no digits or capitals
    assert any("Account created" in s.value for s in at.success), [e.value for e in at.error]
    assert authenticate(app_engine, get_settings(), "minji", "조용한 새벽 강가의 산책").outcome == "ok"
