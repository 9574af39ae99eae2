"""The app shell around every page: start-up checks, demo data, the sidebar.

Home.py draws the page first and does the slow start-up work after it (issue 18, cold
start): `check_settings` (fast) before the navigation, `run_startup_tasks` (migrations,
model warm-up, retention, demo data; each once per process) after `page.run()`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import streamlit as st
from pydantic import ValidationError
from streamlit.navigation.page import StreamlitPage

from core.config import Settings, setting_word
from core.i18n import LANGUAGES
from ui.context import LANG_KEY, app_settings, db_engine, lang, tr
from ui.safe import trs

if TYPE_CHECKING:  # the database layer loads after the first page is drawn (ui.context)
    from core.db.models import User

log = logging.getLogger(__name__)
_first_run_logged = threading.Event()  # the first run's timings are logged once per process
# Seconds the first run of a process leaves the CPU to the browser before its start-up tasks.
# Chromium is still drawing the page it was just sent, and on the 2-core machine the imports
# and migrations below took CPU from it. A/B of a cold start (server start, open the page,
# wait for the login form; load 7, four alternating runs each; mean from opening the page to
# the form): tasks right after the page 1.30 s and 1.14 s, no tasks at all 1.01 s, this
# grace 1.02 s; the server's CPU until the form was drawn 0.57-1.08 s, with the grace 0.43 s.
# The browser drew within about 0.5 s of the script's page there: 1 s leaves a margin.
FIRST_PAGE_GRACE_S = 1.0


@st.cache_resource(show_spinner=False)
def _load_demo_once() -> str:
    """Demo data on first start (idempotent; once per process)."""
    from core.demo import load_demo_data

    return load_demo_data(db_engine(), app_settings(), force=False).summary()


@st.cache_resource(show_spinner=False)
def _configure_logging_once() -> bool:
    from core.logs import configure_logging

    configure_logging()
    return True


@st.cache_resource(show_spinner=False, ttl=6 * 3600)
def _purge_media_periodically() -> int:
    """Apply the retention policy at start and then at most every six hours."""
    from core.privacy import purge_expired_media

    return purge_expired_media(db_engine(), app_settings()).files


@st.cache_resource(show_spinner=False, ttl=3600)
def _purge_accounts_periodically() -> int:
    """Throw-away demo accounts past their time, and login rows past their lifetime: at
    start and then at most hourly per process."""
    from core.accounts import purge_expired_guests
    from core.sessions import purge_old_sessions

    purge_old_sessions(db_engine(), app_settings())
    return purge_expired_guests(db_engine(), app_settings())


def check_settings() -> str | None:
    """Validate the settings and set up logging; returns an error to show instead of the app.
    Fast (no database, no models): it runs before the first page is drawn."""
    try:
        app_settings()
    except ValidationError as exc:
        st.cache_resource.clear()
        reasons = "; ".join(str(e.get("msg", "")) for e in exc.errors())
        return f"Configuration error: {reasons}"
    _configure_logging_once()
    return None


def run_startup_tasks(run_started: float | None = None) -> None:
    """Migrate the database, start the model warm-up, apply retention, load demo data.

    Called by Home.py after the page has run, so a visitor's first page is on screen before
    any of it (on a fresh data directory the migrations alone take seconds). Each task runs
    once per process (cached); on later runs this costs microseconds. A page that needs the
    database before this point gets it from `db_engine()`, which migrates on first use.

    `run_started` (`time.perf_counter()` at the top of Home.py): the first run in the process
    logs, at INFO, how long its page took and each start-up task after it, in seconds (the
    server-side half of the cold start; scripts/bench_browser.py measures the browser's)."""
    now = time.perf_counter()
    seconds = {"page": now - (run_started if run_started is not None else now)}
    last = [now]

    def mark(step: str) -> None:
        last.append(time.perf_counter())
        seconds[step] = last[-1] - last[-2]

    if not _first_run_logged.is_set():
        # Anything that needs the database sooner (a login, a returning cookie) opens it itself.
        time.sleep(FIRST_PAGE_GRACE_S)
        mark("browser's turn")
    settings = app_settings()
    db_engine()
    mark("database")
    # The speech and vision models load in the background (a daemon thread), so the first
    # answer's feedback does not pay for them (core/practice/warmup.py). Imported here: the
    # warm-up module is cheap, but this keeps the first draw's imports to what it shows.
    from core.practice.warmup import start_warm_up

    start_warm_up(settings, settings.default_language)
    mark("warm-up start")
    try:
        _purge_media_periodically()
    except Exception:  # retention must never stop the app; it is retried later
        log.exception("media retention could not run")
    mark("retention")
    try:
        _purge_accounts_periodically()
    except Exception:  # same: retried on a later start or after the hour
        log.exception("expired demo accounts could not be removed")
    mark("account purge")
    if settings.demo_mode:
        try:
            with st.spinner(tr("shell.preparing_demo")):
                _load_demo_once()
        except Exception:
            log.exception("demo data could not be loaded")
        mark("demo data")
    if not _first_run_logged.is_set():
        _first_run_logged.set()
        log.info("first script run of this process (s): %s",
                 ", ".join(f"{step} {value:.2f}" for step, value in seconds.items()))


def render_navigation(pages: Sequence[StreamlitPage]) -> None:
    """The page links at the top of the sidebar, with their translated titles and icons
    (Home.py hides Streamlit's own list; see its docstring). One page (the login page):
    no links, as Streamlit's own navigation does."""
    if len(pages) < 2:
        return
    with st.sidebar:
        for page in pages:
            st.page_link(page)
        st.divider()


def render_sidebar(user: User | None, settings: Settings) -> None:
    with st.sidebar:
        current = lang()
        choice = st.segmented_control(
            tr("common.language"), options=list(LANGUAGES), default=current,
            format_func=lambda code: {"en": "English", "ko": "한국어"}[code], key="ares_lang_switch",
        )
        if choice and choice != current:
            st.session_state[LANG_KEY] = choice
            if user is not None:
                from sqlmodel import Session

                from core.db import crud

                with Session(db_engine()) as session:
                    crud.update_user(session, user_id=user.id or 0, language=choice)
            st.rerun()
        if user is not None:
            st.caption(trs("auth.signed_in_as", name=user.name or user.username, role=tr(f"auth.role_{user.role}")))
            from ui.auth import render_logout

            render_logout()
        if settings.demo_mode:
            st.caption(tr("shell.demo_mode"))
        st.caption(tr("shell.llm_mode", provider=setting_word(settings.resolved_llm_provider, lang())))


def page_link(path: str, label: str, icon: str | None = None) -> None:
    """`st.page_link` to a page file (relative to Home.py's folder, e.g. "pages/reports.py").

    When the page is not registered — a page script run on its own, as Streamlit's AppTest
    does and as a URL naming a `pages/` file does in a new process's first run — the label is
    shown as plain text instead of failing the whole page with StreamlitPageNotFoundError.
    """
    from streamlit.errors import StreamlitPageNotFoundError

    try:
        st.page_link(path, label=label, icon=icon)
    except StreamlitPageNotFoundError:
        st.caption(label)
