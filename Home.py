"""Entry point: `streamlit run Home.py`.

Builds the navigation (st.navigation) and the sidebar (language, account). Logged-out
visitors see only the login page. Every page is a thin script under `pages/`.

The first draw (issue 18): Streamlit's first run in a process lists the `pages/` files
under their raw file names ("login", "practice", ...) until this script calls
`st.navigation`. So Streamlit's own sidebar navigation is off (`client.showSidebarNavigation
= false` in .streamlit/config.toml, which hides that list) and the sidebar draws our links
with translated titles (`ui.shell.render_navigation`); the page runs next, and the slow
start-up work (migrations, model warm-up, retention, demo data) runs after the page is on
screen (`ui.shell.run_startup_tasks`).
"""

from __future__ import annotations

import time

# Before the imports: in a new process they are most of the first page (logged once, ui.shell).
run_started = time.perf_counter()

from pathlib import Path  # noqa: E402

import streamlit as st  # noqa: E402

from ui.context import app_settings, tr  # noqa: E402
from ui.shell import check_settings, render_navigation, render_sidebar, run_startup_tasks  # noqa: E402

# An emoji, not a ":material/…" icon: Streamlit draws a material page icon from an SVG it fetches
# from a font host, an outside request from an app that runs offline (new-user finding, s25).
st.set_page_config(page_title="ARES Interview Coach", page_icon="🎙️", layout="wide")

settings_error = check_settings()
if settings_error:
    st.error(settings_error)
    st.stop()

from ui.auth import current_user, sync_login_cookie  # noqa: E402  (after the check: settings are valid)

user = current_user()
ROOT = Path(__file__).resolve().parent
# url_path values must differ from the file names: Streamlit also registers every file in
# pages/ as a "v1" page, and a rerun whose page id matches one of those would run that file
# alone, skipping this script (and with it the login check and the sidebar).

if user is None:
    pages = [st.Page("pages/login.py", title=tr("auth.login"), icon=":material/login:", default=True,
                     url_path="welcome")]
else:
    entries = [
        ("pages/home.py", "nav.home", ":material/home:", "dashboard"),
        ("pages/practice.py", "nav.practice", ":material/record_voice_over:", "interview"),
        ("pages/reports.py", "nav.reports", ":material/assessment:", "report"),
        ("pages/progress.py", "nav.progress", ":material/trending_up:", "trends"),
        ("pages/profile.py", "nav.profile", ":material/badge:", "me"),
        ("pages/companies.py", "nav.companies", ":material/apartment:", "library"),
        ("pages/coach.py", "nav.coach", ":material/groups:", "coaching"),
        ("pages/assignments.py", "nav.assignments", ":material/assignment:", "assigned-work"),
        ("pages/cohort.py", "nav.cohort", ":material/monitoring:", "candidates"),
        ("pages/review.py", "nav.review", ":material/rate_review:", "answer-review"),
        ("pages/settings.py", "nav.settings", ":material/settings:", "preferences"),
    ]
    from core.report.coach import coaches_anyone
    from ui.context import db_engine

    # Assignments and Cohort are a coach's tools: a candidate who coaches nobody does not get
    # two empty pages (Coaching, where a link starts, and Answer review stay for everyone).
    coach_only = set() if coaches_anyone(db_engine(), user) else {"assigned-work", "candidates"}
    pages = [
        st.Page(path, title=tr(key), icon=icon, url_path=slug, default=(slug == "dashboard"))
        for path, key, icon, slug in entries
        if (ROOT / path).exists() and slug not in coach_only
    ]
# position="hidden": the config turns Streamlit's sidebar list off anyway (see above).
page = st.navigation(pages, position="hidden")
render_navigation(pages)
render_sidebar(user, app_settings())
with st.sidebar:  # the same place on every page, so the cookie component stays mounted
    sync_login_cookie()
try:
    page.run()
finally:  # also after st.stop()/st.rerun() in the page: the tasks run once per process
    run_startup_tasks(run_started)
