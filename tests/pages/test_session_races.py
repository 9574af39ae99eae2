"""A session that ends in the middle of a script run (issue 18: the sessions browser test).

Streamlit's fast reruns start a new run of a browser session while the previous run is still
finishing, and both share the session state. In the browser test, "Log out" finished in one
run while the next run had already drawn the logged-in sidebar: the dashboard then said
"Please log in" under that sidebar, and no login form came. These tests end the session at
exactly that point (between the app shell's check and the page's) and after a Log out click.
"""

from __future__ import annotations

from core import sessions
from core.config import get_settings
from tests.login import TOKEN_KEY


def test_a_session_ending_between_the_shell_and_the_page_gives_the_login_page(open_page, app_engine,
                                                                               monkeypatch) -> None:
    at = open_page("pages/home.py")
    token = at.session_state[TOKEN_KEY]
    resolve = sessions.resolve_session
    calls: list[str] = []

    def ended_after_the_shell(engine, settings, value, **kwargs):
        calls.append(value)
        if len(calls) == 2:  # the page's check: the other run's logout has just finished
            sessions.revoke_session(engine, settings, token, reason="logout")
        return resolve(engine, settings, value, **kwargs)

    monkeypatch.setattr(sessions, "resolve_session", ended_after_the_shell)
    at.run()
    assert len(calls) >= 2
    assert not at.exception
    assert [t.label for t in at.text_input][:2] == ["Username", "Password"]
    assert not [i.value for i in at.info if "log in" in str(i.value).lower()]
    assert "ares_user_id" not in at.session_state


def test_log_out_ends_the_session_in_the_click_run(open_page, app_engine) -> None:
    at = open_page("pages/home.py")
    token = at.session_state[TOKEN_KEY]
    at.button(key="ares_logout").click().run()
    assert [t.label for t in at.text_input][:2] == ["Username", "Password"]
    assert sessions.resolve_session(app_engine, get_settings(), token).user is None
    assert "ares_user_id" not in at.session_state
