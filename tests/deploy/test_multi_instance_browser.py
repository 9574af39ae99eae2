"""In a real browser: a candidate whose login was made on one instance is still logged in
when the next page load lands on another instance (what a load balancer does without
stickiness for new page loads), because both share PostgreSQL, where the login session and
the generated signing key live (no ARES_COOKIE_KEY set); an instance on the same database
with another key (ARES_COOKIE_KEY) does not accept the cookie.

Headless Debian Chromium on loopback only (no camera here, so no network namespace).
Skips without Chromium or playwright; with REQUIRE_E2E=1 (CI) it fails instead.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from tests.deploy.services import Instance, base_env, fresh_pg_database, streamlit_app

pytestmark = pytest.mark.e2e

USERNAME, PASSWORD = "mi_browser", "mi-browser-password-123"
STEP_TIMEOUT_MS = 60_000
SEED = textwrap.dedent("""
    import json, sys
    from sqlmodel import Session
    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine
    from core.db.models import UserCreate

    engine = get_engine(get_settings().sqlalchemy_url)
    with Session(engine) as session:
        user = crud.create_user(session, user_in=UserCreate(username=sys.argv[1], password=sys.argv[2], name="Mi"))
    print(json.dumps({"id": user.id}))
""")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _require_browser() -> None:
    reason = None
    if _chromium() is None:
        reason = "Chromium not installed (apt-get install chromium)"
    elif importlib.util.find_spec("playwright") is None:
        reason = "the playwright package is not installed (uv sync --extra test)"
    if reason:
        if os.environ.get("REQUIRE_E2E") == "1":
            pytest.fail(f"REQUIRE_E2E=1 but the browser test cannot run: {reason}")
        pytest.skip(reason)


def _signed_in(page) -> None:
    page.get_by_text("Signed in as Mi").first.wait_for(timeout=STEP_TIMEOUT_MS)


def _session_cookie(context) -> dict:
    """The session cookie once the browser holds it (written by a component, not instantly)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [c for c in context.cookies() if c["name"] == "ares_auth"]
        if found:
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f"no ares_auth cookie after a form login: {context.cookies()}")


def test_a_login_cookie_from_one_instance_is_accepted_by_another_with_the_same_key(tmp_path: Path) -> None:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with fresh_pg_database("ares_mib") as database_url:
        def instance(name: str, **extra: str) -> Instance:
            data_dir = tmp_path / f"instance-{name}"
            return Instance(name, data_dir, base_env(ARES_DATA_DIR=str(data_dir), DATABASE_URL=database_url,
                                                     ARES_DEMO_MODE="false", ARES_ICE_SERVERS="[]", **extra))

        a, b, other = instance("a"), instance("b"), instance("other", ARES_COOKIE_KEY=secrets.token_urlsafe(48))
        a.python(SEED, USERNAME, PASSWORD)
        with streamlit_app(a.env, tmp_path / "a.log") as port_a, streamlit_app(b.env, tmp_path / "b.log") as port_b, \
                streamlit_app(other.env, tmp_path / "other.log") as port_other, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=_chromium(), headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                               "--disable-background-networking", "--disable-component-update",
                                               "--disable-sync"])
            try:
                page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
                page.set_default_timeout(STEP_TIMEOUT_MS)
                try:
                    # log in on instance A (cookies are per host, not per port: one browser, one cookie)
                    page.goto(f"http://localhost:{port_a}/")
                    page.get_by_label("Username").first.fill(USERNAME)
                    page.get_by_label("Password").first.fill(PASSWORD)
                    page.get_by_role("button", name="Log in").first.click()
                    _signed_in(page)

                    # the browser's session cookie (cookies are per host, not per port) signs it
                    # in on instance B without the form
                    _session_cookie(page.context)
                    page.goto(f"http://localhost:{port_b}/")
                    _signed_in(page)
                    page.goto(f"http://localhost:{port_a}/")
                    _signed_in(page)

                    # an instance with another cookie key does not accept the cookie
                    page.goto(f"http://localhost:{port_other}/")
                    page.get_by_label("Username").first.wait_for()
                    assert page.get_by_text("Signed in as Mi").count() == 0
                except Exception:
                    page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
                    raise
            finally:
                browser.close()
