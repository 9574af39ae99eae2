"""*Answer again* in the live room, in a real browser (issue 15): answer a question live,
see the summary, answer the same question again live, and see both attempts side by side;
both live attempts of the one question are stored and analysed.

The browser, the server, the private network namespace and the fake camera/microphone are
those of `tests/e2e/test_live_practice.py` (its helpers are reused, not copied); this file
only re-runs itself inside the namespace and drives the second take.
Run it: `uv run pytest -m e2e tests/e2e/test_live_answer_again.py -v`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import test_live_practice as live

pytestmark = pytest.mark.e2e


def test_answer_again_in_the_live_room_shows_both_attempts(tmp_path: Path, data_dir: Path) -> None:
    reason = live._missing()
    if reason:
        live._skip_or_fail(reason)
    if os.environ.get(live.IN_NETNS_ENV) != "1":
        _rerun_inside_private_network(tmp_path)
        return
    live._setup_network()
    _run(tmp_path, data_dir)


def _rerun_inside_private_network(tmp_path: Path) -> None:
    """This file again under `unshare -n` (as `live._rerun_inside_private_network` does for its own)."""
    cmd = [*live._unshare(), sys.executable, "-m", "pytest", str(Path(__file__)), "-q", "-x", "-m", "e2e",
           "-p", "no:cacheprovider", "-o", "addopts=", "--basetemp", str(tmp_path / "inner")]
    env = dict(os.environ, **{live.IN_NETNS_ENV: "1"})
    try:
        proc = subprocess.run(cmd, cwd=live.ROOT, env=env, capture_output=True, text=True,
                              timeout=live.OUTER_TIMEOUT_S * 2)  # two live answers
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"browser test exceeded {live.OUTER_TIMEOUT_S * 2} s:\n{(exc.stdout or '')[-3000:]}")
    output = proc.stdout[-6000:] + proc.stderr[-3000:]
    if proc.returncode == 5 or (" skipped" in proc.stdout and " passed" not in proc.stdout):
        live._skip_or_fail(f"inner run skipped:\n{output}")
    assert proc.returncode == 0, f"browser test failed inside the namespace:\n{output}"


def _run(tmp_path: Path, data_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.media import write_answer_wav
    from tests.media import write_face_y4m

    face = write_face_y4m(tmp_path / "face.y4m")
    speech = write_answer_wav(tmp_path / "answer.wav")
    user_id = live._seed_user(data_dir)
    port = live._free_port()
    log_path = tmp_path / "server.log"
    server = live._start_server(data_dir, port, log_path)
    try:
        live._wait_healthy(port, server, log_path)
        with sync_playwright() as pw:
            browser = live._launch_browser(pw, face, speech)
            try:
                page = live._new_page(browser)
                page.set_default_timeout(live.STEP_TIMEOUT_MS)
                try:
                    _drive(page, port)
                except Exception:
                    page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
                    raise
            finally:
                browser.close()
    except Exception as exc:
        raise AssertionError(f"{exc}\n--- server log ---\n{log_path.read_text(errors='replace')[-4000:]}") from exc
    finally:
        live._stop_server(server)
    _check_database(user_id)


def _answer_live(page) -> None:
    page.get_by_role("button", name="Start answer").click()
    page.get_by_role("button", name="Stop answer").wait_for()  # the recording runs before its badge is read
    live._record_for(page, live.ANSWER_SECONDS)
    page.get_by_role("button", name="Stop answer").click()
    live._wait_for_summary(page)


def _drive(page, port: int) -> None:
    live._log_in(page, port)
    live._set_up_devices(page)  # the default mode is practice
    live._start_interview(page)
    _answer_live(page)
    page.get_by_role("button", name="Answer again").click()
    page.get_by_role("button", name="Start answer").wait_for()
    body = page.inner_text("body")
    assert "Your answer at a glance" not in body  # the same question, a fresh take
    _answer_live(page)
    page.get_by_text("Your two attempts side by side").wait_for()
    page.get_by_text("Content score (/100)").first.wait_for()  # the measures table is drawn after the texts
    body = page.inner_text("body")
    for label in ("Before", "This attempt", "Content score (/100)", "Fillers per minute", "Long pauses",
                  "Looking at the camera"):
        assert label in body, f"{label!r} missing from the side-by-side view:\n{body[:3000]}"


def _check_database(user_id: int) -> None:
    from sqlmodel import Session

    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine

    get_settings.cache_clear()
    engine = get_engine(get_settings().sqlalchemy_url)
    with Session(engine) as session:
        (row,) = crud.list_sessions(session, viewer_id=user_id)
        assert row.mode == "practice"
        attempts = [a for a in crud.list_attempts(session, viewer_id=user_id, session_id=row.id or 0)
                    if a.mode == "live"]
    assert [a.status for a in attempts] == ["analyzed", "analyzed"], [(a.status, a.error) for a in attempts]
    assert len({a.question_id for a in attempts}) == 1
