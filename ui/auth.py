"""Login, registration, logout and password change with streamlit-authenticator,
users stored in the database (not a YAML file).

The authenticator works on a credentials dict; we build it from the database on every
run and write back what its widgets changed (new users, password hashes, failed-attempt
counters). Lockout after `ARES_MAX_LOGIN_ATTEMPTS` failures lasts `ARES_LOCKOUT_MINUTES`.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st
import streamlit_authenticator as stauth
from sqlmodel import Session

from core import accounts
from core.db import crud
from core.db.models import User
from ui.context import LANG_KEY, USER_ID_KEY, app_settings, db_engine, lang, tr
from ui.safe import trs

_AUTH_KEY = "ares_authenticator"
_LAST_SEEN_KEY = "ares_last_seen"
_EXPIRED_KEY = "ares_session_expired"
# Runs left in which to (re)write the login cookie. The cookie is written by a browser
# component; the rerun that follows a login can unmount it before it runs, so we render the
# write again on the next quiet runs (a reload, or another instance, then stays logged in).
_COOKIE_PENDING_KEY = "ares_cookie_pending"
_COOKIE_WRITES = 2


def _authenticator(refresh: bool = True) -> tuple[stauth.Authenticate, dict[str, Any]]:
    """One authenticator per browser session (its cookie component may be created only
    once per run). `refresh` reloads the users from the database — needed by the login,
    registration and password forms, not by the logout button every page run shows."""
    settings = app_settings()
    authenticator = st.session_state.get(_AUTH_KEY)
    if authenticator is not None and not refresh:
        return authenticator, authenticator.authentication_controller.authentication_model.credentials
    credentials = accounts.credentials_dict(db_engine(), settings)
    if authenticator is None:
        authenticator = stauth.Authenticate(
            credentials,
            cookie_name=settings.cookie_name,
            cookie_key=settings.cookie_key.get_secret_value(),
            cookie_expiry_days=settings.cookie_expiry_days,
            auto_hash=False,
        )
        st.session_state[_AUTH_KEY] = authenticator
    else:
        authenticator.authentication_controller.authentication_model.credentials = credentials
    return authenticator, credentials


def _sync_logged_in_user() -> User | None:
    username = st.session_state.get("username")
    if not st.session_state.get("authentication_status") or not username:
        st.session_state.pop(USER_ID_KEY, None)
        return None
    with Session(db_engine()) as session:
        user = crud.get_user_by_username(session, username=username)
    if user is None:
        st.session_state.pop(USER_ID_KEY, None)
        return None
    if st.session_state.get(USER_ID_KEY) != user.id:
        st.session_state[USER_ID_KEY] = user.id
        st.session_state[LANG_KEY] = user.language
        st.session_state[_COOKIE_PENDING_KEY] = _COOKIE_WRITES
    return user


def login_user_directly(username: str) -> None:
    """Mark `username` as logged in for this browser session (demo button, tests)."""
    st.session_state["authentication_status"] = True
    st.session_state["username"] = username
    st.session_state["name"] = username


def _write_pending_cookie() -> None:
    """Render the cookie write on the runs after a login (see _COOKIE_PENDING_KEY)."""
    pending = int(st.session_state.get(_COOKIE_PENDING_KEY) or 0)
    authenticator = st.session_state.get(_AUTH_KEY)
    if pending <= 0 or authenticator is None:
        return
    st.session_state[_COOKIE_PENDING_KEY] = pending - 1
    try:
        authenticator.cookie_controller.set_cookie()
    except Exception:  # noqa: BLE001 - no cookie means only: log in again after a reload
        st.session_state[_COOKIE_PENDING_KEY] = 0


def _expired_by_idleness() -> bool:
    """True (and the session is logged out) when the last activity is too long ago."""
    now = time.time()
    last = st.session_state.get(_LAST_SEEN_KEY)
    st.session_state[_LAST_SEEN_KEY] = now
    if last is None or now - float(last) <= app_settings().session_idle_minutes * 60:
        return False
    for key in (USER_ID_KEY, "authentication_status", "username", "name"):
        st.session_state.pop(key, None)
    authenticator = st.session_state.get(_AUTH_KEY)
    if authenticator is not None:
        try:
            authenticator.cookie_controller.delete_cookie()
        except Exception:  # noqa: BLE001 - no cookie (or no browser) is fine: the session is gone anyway
            pass
    st.session_state[_EXPIRED_KEY] = True
    return True


def current_user() -> User | None:
    """The logged-in user, or None. Does not render anything."""
    if _expired_by_idleness():
        return None
    if st.session_state.get(USER_ID_KEY) is not None:
        with Session(db_engine()) as session:
            user = crud.get_user(session, user_id=int(st.session_state[USER_ID_KEY]))
        if user is not None:
            if not st.session_state.get("authentication_status"):
                login_user_directly(user.username)  # keep the authenticator's view in step
            _write_pending_cookie()
            return user
        st.session_state.pop(USER_ID_KEY, None)
    return _sync_logged_in_user()


def require_user() -> User:
    """The logged-in user; otherwise a short message and the page stops."""
    user = current_user()
    if user is None:
        st.info(tr("auth.login_required"))
        st.stop()
    return user  # type: ignore[return-value]


def render_login_page() -> User | None:
    """Login and registration forms (and a one-click demo login in demo mode)."""
    settings = app_settings()
    authenticator, credentials = _authenticator()
    if st.session_state.pop(_EXPIRED_KEY, False):
        st.warning(tr("auth.session_expired"))
    login_tab, register_tab = st.tabs([tr("auth.login"), tr("auth.register")])
    with login_tab:
        if settings.demo_mode:
            st.caption(tr("auth.demo_hint", username=accounts.DEMO_USERNAME, password=accounts.DEMO_PASSWORD))
            # on_click runs before the next script run, so Home already sees the user then.
            st.button(tr("auth.demo_button"), key="demo_login", type="primary",
                      on_click=lambda: (login_user_directly(accounts.DEMO_USERNAME), _sync_logged_in_user()))
        try:
            authenticator.login(
                location="main",
                max_login_attempts=settings.max_login_attempts,
                fields={"Form name": tr("auth.login"), "Username": tr("auth.username"),
                        "Password": tr("auth.password"), "Login": tr("auth.login_button")},
                key="ares_login",
            )
        except stauth.LoginError as exc:
            if "attempts" in str(exc):
                st.error(tr("auth.locked", minutes=settings.lockout_minutes))
            else:
                st.error(tr("auth.login_failed"))
        accounts.record_login_attempts(db_engine(), settings, credentials)
        if st.session_state.get("authentication_status") is False:
            st.error(tr("auth.login_failed"))
    with register_tab:
        role = st.radio(tr("auth.role"), accounts.ROLES, format_func=lambda r: tr(f"auth.role_{r}"),
                        horizontal=True, key="register_role")
        try:
            _email, username, _name = authenticator.register_user(
                location="main", captcha=False, roles=[role], password_hint=False,
                fields={"Form name": tr("auth.register"), "First name": tr("auth.first_name"),
                        "Last name": tr("auth.last_name"), "Email": tr("auth.email"),
                        "Username": tr("auth.username"), "Password": tr("auth.password"),
                        "Repeat password": tr("auth.repeat_password"), "Register": tr("auth.register_button")},
                key="ares_register",
            )
            if username:
                accounts.register_from_credentials(db_engine(), credentials, username, role, lang())
                st.success(tr("auth.registered"))
        except stauth.RegisterError as exc:
            st.error(trs("auth.register_failed", reason=str(exc)))
    return _sync_logged_in_user()


def render_logout(location: str = "sidebar") -> None:
    authenticator, _ = _authenticator(refresh=False)
    authenticator.logout(tr("auth.logout"), location=location, key="ares_logout")  # type: ignore[arg-type]
    if not st.session_state.get("authentication_status"):
        st.session_state.pop(USER_ID_KEY, None)


def render_change_password(user: User) -> None:
    authenticator, credentials = _authenticator()
    try:
        changed = authenticator.reset_password(
            user.username, location="main",
            fields={"Form name": tr("auth.change_password"), "Current password": tr("auth.current_password"),
                    "New password": tr("auth.new_password"), "Repeat password": tr("auth.repeat_password"),
                    "Reset": tr("auth.change_password_button")},
            key="ares_change_password",
        )
        if changed:
            accounts.save_password_hash(db_engine(), user.username, credentials["usernames"][user.username]["password"])
            st.success(tr("auth.password_changed"))
    except (stauth.ResetError, stauth.CredentialsError) as exc:
        st.error(trs("auth.password_change_failed", reason=str(exc)))
