"""Login, registration, logout, "log out everywhere" and password change in the browser.

Sessions are server-side (`core.sessions`): a login creates a session row and this tab
keeps its token in `st.session_state`; the browser keeps the same token in a cookie (written
by the `extra-streamlit-components` cookie manager, the component streamlit-authenticator
used) so a reload or a new tab stays logged in. Every run checks the token against the
database: a revoked, idle, expired or orphaned session logs the tab out at once, and a
copied cookie is worth nothing after logout. The rules themselves (lockout, password
policy, demo visitors) are in `core.accounts`.

`core.accounts` and `core.sessions` (and with them SQLAlchemy) are imported where they are
used, not at the top: a new visitor without a session token gets the login form drawn
before the database layer loads (issue 18, cold start; `ui.context`).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import streamlit as st

from core import passwords
from core.roles import ROLES
from ui.context import LANG_KEY, USER_ID_KEY, app_settings, db_engine, lang, tr

if TYPE_CHECKING:
    from core.accounts import AccountError
    from core.db.models import User

log = logging.getLogger(__name__)

TOKEN_KEY = "ares_auth_token"  # this tab's session token (the cookie holds the same)
_ENDED_KEY = "ares_session_ended"  # why the last session ended (message on the login page)
_REFUSED_KEY = "ares_cookie_refused"  # a cookie token already found invalid (not checked again)
_COOKIE_EXPIRES_KEY = "ares_cookie_expires"  # when this tab's session (and so its cookie) ends
_COOKIE_DELETES_KEY = "ares_cookie_deletes"  # runs left in which to render the cookie delete
_COOKIE_DELETE_RUNS = 2
_LOCK_KEY = "ares_auth_lock"  # this browser session's lock around its login state (below)
_LOCK_GUARD = threading.Lock()  # creates each session's lock once
_this_run = threading.local()  # user id the app shell saw in this script run (one run = one thread)


# ----------------------------------------------------------------------------- cookie
def _cookie_token() -> str | None:
    """The session token the browser sent with this page load (None under AppTest)."""
    try:
        value = st.context.cookies.get(app_settings().cookie_name)
    except Exception:  # noqa: BLE001 - no request context (AppTest, bare mode)
        return None
    return value if isinstance(value, str) and value else None  # (a mock object under AppTest)


def _queue_cookie_delete() -> None:
    st.session_state[_COOKIE_DELETES_KEY] = _COOKIE_DELETE_RUNS


def _cookie_component(**args: object) -> None:
    """Render the cookie manager component of `extra-streamlit-components` (the one
    streamlit-authenticator used) directly. Its `CookieManager` class also renders a
    "read all cookies" copy and injects CSS hiding every zero-height iframe on the page,
    which hides other components (the camera's) while they start; we need neither."""
    from extra_streamlit_components.CookieManager import _component_func

    _component_func(default=False, **args)


def sync_login_cookie() -> None:
    """Keep the browser's cookie in step with this tab's login. Call once per run, from the
    app shell (Home.py), in a place that is the same on every page (the sidebar).

    The cookie is written by a browser component: only once its iframe has mounted, and a
    rerun right after the login (the page switch) can remove it before that. So while
    logged in the write is rendered on every run (same key, same arguments: the iframe stays
    mounted and writes once; no extra reruns); after a logout or a refused cookie the
    delete is rendered for a few runs. The server never trusts the cookie alone:
    `current_user` checks its token against the session table."""
    name = app_settings().cookie_name
    token = st.session_state.get(TOKEN_KEY)
    deletes = int(st.session_state.get(_COOKIE_DELETES_KEY) or 0)
    if not token and deletes <= 0:
        return
    with st.container(key="ares_cookie_sync"):
        # Hide only our own zero-height component (style-only st.html takes no space).
        st.html("<style>.st-key-ares_cookie_sync {display: none;}</style>")
        try:
            if token:
                expires = st.session_state.get(_COOKIE_EXPIRES_KEY) or datetime.now(UTC) + timedelta(days=1)
                options = {"path": "/", "expires": expires.isoformat(), "sameSite": "strict"}
                _cookie_component(method="set", cookie=name, value=str(token), options=options,
                                  key="ares_cookie_set")
            else:
                st.session_state[_COOKIE_DELETES_KEY] = deletes - 1
                _cookie_component(method="delete", cookie=name, key="ares_cookie_delete")
        except Exception:  # no cookie means only: log in again after a reload
            log.warning("login cookie not written", exc_info=True)


# ----------------------------------------------------------------------------- session state
def _login_lock() -> threading.RLock:
    """This browser session's lock around reading and changing its login.

    With fast reruns (.streamlit/config.toml) a rerun request starts a new run of the session
    at once while the previous run goes on until its next `st.*` call; both share
    `st.session_state`. Without the lock a run could see the user logged in, then lose the
    token to a logout finishing in the other run, and draw a logged-in sidebar above the
    page's "please log in" (issue 18: the sessions browser test, second tab after Log out)."""
    with _LOCK_GUARD:
        lock = st.session_state.get(_LOCK_KEY)
        if lock is None:
            lock = st.session_state[_LOCK_KEY] = threading.RLock()
    return lock  # type: ignore[no-any-return]


def _forget_login() -> None:
    for key in (TOKEN_KEY, USER_ID_KEY):
        st.session_state.pop(key, None)


def _start_session(user: User) -> None:
    """Log this browser in as `user`: a new server-side session, its token in this tab and
    in the cookie."""
    from core import sessions

    settings = app_settings()
    try:
        agent = str(st.context.headers.get("User-Agent") or "")
    except Exception:  # noqa: BLE001 - no request context
        agent = ""
    token = sessions.create_session(db_engine(), settings, user, user_agent=agent)
    with _login_lock():
        st.session_state[TOKEN_KEY] = token
        st.session_state[USER_ID_KEY] = user.id
        st.session_state[LANG_KEY] = user.language
        st.session_state[_COOKIE_EXPIRES_KEY] = datetime.now(UTC) + timedelta(days=settings.cookie_expiry_days)
        st.session_state.pop(_ENDED_KEY, None)
        st.session_state.pop(_COOKIE_DELETES_KEY, None)


def current_user() -> User | None:
    """The logged-in user (checked against the session table on every run), or None.
    Renders nothing. Also notes the answer for this script run (see `require_user`)."""
    with _login_lock():
        user = _resolve_user()
    _this_run.user_id = None if user is None else user.id
    return user


def _resolve_user() -> User | None:
    settings = app_settings()
    token = st.session_state.get(TOKEN_KEY)
    from_cookie = False
    if not token:
        cookie = _cookie_token()
        if cookie and cookie != st.session_state.get(_REFUSED_KEY):
            token, from_cookie = cookie, True
    user: User | None = None
    if token:
        # The database (imported and migrated on first use) only when there is a token to
        # check: a new visitor's login page draws without waiting for it (issue 18, cold start).
        from core import sessions

        check = sessions.resolve_session(db_engine(), settings, str(token))
        if check.user is not None:
            user = check.user
            st.session_state[TOKEN_KEY] = token
            st.session_state[_COOKIE_EXPIRES_KEY] = check.expires_at
            if st.session_state.get(USER_ID_KEY) != user.id:
                st.session_state[USER_ID_KEY] = user.id
                if from_cookie:  # a reload or a new tab: the user's language
                    st.session_state[LANG_KEY] = user.language
        else:
            _forget_login()
            if from_cookie:
                st.session_state[_REFUSED_KEY] = token
            _queue_cookie_delete()
            if not from_cookie or check.reason in ("idle", "expired"):
                st.session_state[_ENDED_KEY] = check.reason
    else:
        st.session_state.pop(USER_ID_KEY, None)
    return user


def require_user() -> User:
    """The logged-in user; otherwise a short message and the page stops.

    When the app shell saw a user earlier in this run and the session has ended since (a
    logout finishing in a parallel run of this session, an expiry on the boundary), the
    sidebar already drawn is a logged-in one: the run starts again instead, and Home.py then
    shows the login page."""
    shell_saw = getattr(_this_run, "user_id", None)
    user = current_user()
    if user is None:
        if shell_saw is not None:
            st.rerun()
        st.info(tr("auth.login_required"))
        st.stop()
    return user  # type: ignore[return-value]


def _account_error(exc: AccountError) -> str:
    return tr(f"auth.error.{exc.code}", **exc.values)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- login page
_DEMO_REFUSED_KEY = "ares_demo_refused"  # why the demo button made no account (shown once)


def _client_address() -> str:
    """The visitor's network address, for the demo account limits (best effort, not identity).

    Streamlit's connection address when it has one; behind a proxy on the same host (address
    None, i.e. localhost) the last X-Forwarded-For entry, the one that proxy added. A client
    that varies it escapes only the per-client limit, never ARES_DEMO_GUEST_LIMIT_TOTAL.
    """
    try:
        address = st.context.ip_address
        if isinstance(address, str) and address:  # (a mock object under AppTest)
            return address
        forwarded = [hop.strip() for hop in str(st.context.headers.get("X-Forwarded-For") or "").split(",")]
    except Exception:  # noqa: BLE001 - no request context (AppTest, bare mode)
        return ""
    return next((hop for hop in reversed(forwarded) if hop), "")


def _start_demo_visit() -> None:
    """The demo button: a fresh throw-away candidate account for this visitor, unless this
    client (or everyone) started too many in the window (`core.accounts._claim_guest_slot`)."""
    from core import accounts

    try:
        guest = accounts.create_demo_guest(db_engine(), app_settings(), client=_client_address(), language=lang())
    except accounts.AccountError as exc:
        st.session_state[_DEMO_REFUSED_KEY] = _account_error(exc)
        return
    _start_session(guest)


def render_login_page() -> User | None:
    """Login form, registration (when open) and, in demo mode, the demo visitor button.
    Returns the user once logged in (the caller reruns into the app)."""
    settings = app_settings()
    ended = st.session_state.pop(_ENDED_KEY, None)
    if ended in ("idle", "expired"):
        st.warning(tr("auth.session_expired"))
    elif ended:
        st.warning(tr("auth.session_ended"))
    labels = [tr("auth.login")] + ([tr("auth.register")] if settings.registration_open else [])
    tabs = st.tabs(labels)
    with tabs[0]:
        if settings.demo_mode:
            st.caption(tr("auth.demo_guest_hint", hours=f"{settings.demo_guest_hours:g}"))
            # on_click runs before the next script run, so Home already sees the user then.
            st.button(tr("auth.demo_button"), key="demo_login", type="primary", on_click=_start_demo_visit)
            refused = st.session_state.pop(_DEMO_REFUSED_KEY, None)
            if refused:
                st.warning(refused)
        with st.form("ares_login"):
            st.subheader(tr("auth.login"))
            username = st.text_input(tr("auth.username"), key="login_username", max_chars=64)
            password = st.text_input(tr("auth.password"), type="password", key="login_password",
                                     max_chars=1024)
            submitted = st.form_submit_button(tr("auth.login_button"))
        if submitted:
            from core import accounts

            result = accounts.authenticate(db_engine(), settings, username, password)
            if result.user is not None:
                _start_session(result.user)
                return result.user
            if result.outcome == "locked":
                st.error(tr("auth.locked", minutes=settings.lockout_minutes))
            else:
                st.error(tr("auth.login_failed"))
    if settings.registration_open:
        with tabs[1]:
            _render_registration()
    return None  # the demo button logs in through on_click, before this run: Home saw it already


def _render_registration() -> None:
    st.caption(tr("auth.password_rules", min=passwords.MIN_LENGTH, max=passwords.MAX_LENGTH))
    with st.form("ares_register", clear_on_submit=False):
        role = st.radio(tr("auth.role"), ROLES, format_func=lambda r: tr(f"auth.role_{r}"),
                        horizontal=True, key="register_role")
        username = st.text_input(tr("auth.username"), key="register_username", max_chars=64)
        name = st.text_input(tr("auth.display_name"), key="register_name", max_chars=128)
        email = st.text_input(tr("auth.email"), key="register_email", max_chars=254)
        password = st.text_input(tr("auth.password"), type="password", key="register_password", max_chars=1024)
        repeat = st.text_input(tr("auth.repeat_password"), type="password", key="register_repeat", max_chars=1024)
        submitted = st.form_submit_button(tr("auth.register_button"))
    if submitted:
        from core import accounts

        try:
            accounts.create_account(db_engine(), username=username, password=password, repeat=repeat,
                                    role=str(role), name=name, email=email, language=lang())
        except accounts.AccountError as exc:
            st.error(_account_error(exc))
        else:
            st.success(tr("auth.registered"))


# ----------------------------------------------------------------------------- logged in
def logout() -> None:
    """End this browser's session (server-side) and drop its cookie."""
    from core import sessions

    with _login_lock():
        token = st.session_state.get(TOKEN_KEY)
        if token:
            sessions.revoke_session(db_engine(), app_settings(), str(token), reason="logout")
        _forget_login()
        _queue_cookie_delete()


def _logout_everywhere(user_id: int) -> None:
    from core import sessions

    with _login_lock():
        sessions.revoke_all_sessions(db_engine(), user_id, reason="everywhere")
        _forget_login()
        _queue_cookie_delete()


def render_logout(location: str = "sidebar") -> None:
    """The Log out button. A callback (`on_click`): it runs first in the click's run, before
    any `st.*` call where a newer rerun could stop that run, so the click is never lost and
    Home.py already sees the logged-out state in the same run."""
    container = st.sidebar if location == "sidebar" else st
    container.button(tr("auth.logout"), key="ares_logout", on_click=logout)


def render_session_controls(user: User) -> None:
    """Settings: how many logins are open, and "log out everywhere"."""
    from core import sessions

    live = sessions.count_live_sessions(db_engine(), user.id or 0)
    st.caption(tr("auth.sessions_open", n=live))
    # A callback for the reason given in render_logout.
    st.button(tr("auth.logout_everywhere"), key="ares_logout_everywhere", on_click=_logout_everywhere,
              args=(user.id or 0,))


def render_change_password(user: User) -> None:
    """Current password, new password twice; on success every other login of the user ends
    and this browser continues with a fresh session."""
    with st.form("ares_change_password", clear_on_submit=True):
        st.subheader(tr("auth.change_password"))
        st.caption(tr("auth.password_rules", min=passwords.MIN_LENGTH, max=passwords.MAX_LENGTH))
        current = st.text_input(tr("auth.current_password"), type="password", key="pw_current", max_chars=1024)
        new = st.text_input(tr("auth.new_password"), type="password", key="pw_new", max_chars=1024)
        repeat = st.text_input(tr("auth.repeat_password"), type="password", key="pw_repeat", max_chars=1024)
        submitted = st.form_submit_button(tr("auth.change_password_button"))
    if submitted:
        from core import accounts

        try:
            accounts.change_password(db_engine(), user_id=user.id or 0, current=current, new=new, repeat=repeat)
        except accounts.AccountError as exc:
            st.error(_account_error(exc))
        else:
            _start_session(user)
            st.success(tr("auth.password_changed"))
