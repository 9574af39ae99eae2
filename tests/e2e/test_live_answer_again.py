"""Practice and exam mode in the live room, in a real browser (issue 15).

- Practice: answer a question live, see the summary, *Answer again* live, and see both
  attempts side by side; both live attempts of the one question are stored and analysed.
- Exam: answer live, Stop, and the next question is on screen with no summary and no
  second take; the answer is stored and analysed for the report.

The browser, the server, the private network namespace and the fake camera/microphone are
those of `tests/e2e/test_live_practice.py` (its helpers are reused, not copied); this file
only re-runs itself inside the namespace and drives the second take.
Run it: `uv run pytest -m e2e tests/e2e/test_live_answer_again.py -v`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e import test_live_practice as live

pytestmark = pytest.mark.e2e


def test_answer_again_in_the_live_room_shows_both_attempts(tmp_path: Path, data_dir: Path) -> None:
    _in_private_network(tmp_path, data_dir, "test_answer_again_in_the_live_room_shows_both_attempts", "practice")


def test_live_exam_moves_on_without_a_summary(tmp_path: Path, data_dir: Path) -> None:
    _in_private_network(tmp_path, data_dir, "test_live_exam_moves_on_without_a_summary", "exam")


def _in_private_network(tmp_path: Path, data_dir: Path, test_name: str, mode: str) -> None:
    reason = live._missing()
    if reason:
        live._skip_or_fail(reason)
    if os.environ.get(live.IN_NETNS_ENV) != "1":
        live._rerun_inside_private_network(tmp_path, f"{Path(__file__)}::{test_name}",
                                           live.OUTER_TIMEOUT_S * 2)  # two live answers
        return
    live._setup_network()
    _run(tmp_path, data_dir, mode)



def _run(tmp_path: Path, data_dir: Path, mode: str) -> None:
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
                    (_drive_exam if mode == "exam" else _drive)(page, port)
                except Exception:
                    page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
                    raise
            finally:
                browser.close()
    except Exception as exc:
        raise AssertionError(f"{exc}\n--- server log ---\n{log_path.read_text(errors='replace')[-4000:]}") from exc
    finally:
        live._stop_server(server)
    _check_database(user_id, mode)


def _answer_live(page, *, summary: bool = True) -> None:
    page.get_by_role("button", name="Start answer").click()
    page.get_by_role("button", name="Stop answer").wait_for()  # the recording runs before its badge is read
    live._record_for(page, live.ANSWER_SECONDS)
    page.get_by_role("button", name="Stop answer").click()
    if summary:
        live._wait_for_summary(page)


def _drive_exam(page, port: int) -> None:
    live._log_in(page, port)
    page.get_by_label("Role you are applying for").fill("Backend engineer")
    page.get_by_text("Read questions aloud").click()  # no speech synthesis in headless Chromium
    page.get_by_text("Exam", exact=True).click()  # the mode radio
    page.get_by_role("button", name="Set up devices").click()
    page.get_by_text("Check your camera and microphone").wait_for()
    page.frame_locator("iframe[title*='webrtc']").first.get_by_role("button", name="START").click()
    page.get_by_text("good level").wait_for()
    live._start_interview(page)
    page.get_by_text("Exam mode: one take per question").wait_for()
    first = page.locator("h3").first.inner_text()  # the question (st.markdown "### ...")
    _answer_live(page, summary=False)
    page.get_by_text("Answer saved").wait_for(timeout=live.ANALYSIS_TIMEOUT_MS)
    # Straight on to the next question (a main one or a follow-up), no summary in between. The
    # question heading changes; the page body may still quote the first question (an off-topic
    # follow-up says "my question was: ...").
    page.wait_for_function("q => { const h = document.querySelector('h3'); return h !== null && h.innerText !== q; }",
                           arg=first, polling=250)
    page.get_by_role("button", name="Start answer").wait_for()
    body = page.inner_text("body")
    for absent in ("Your answer at a glance", "Answer again", "Key observations", "A better answer"):
        assert absent not in body, f"{absent!r} shown in an exam:\n{body[:3000]}"


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


def _check_database(user_id: int, mode: str) -> None:
    from sqlmodel import Session

    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine

    get_settings.cache_clear()
    engine = get_engine(get_settings().sqlalchemy_url)
    with Session(engine) as session:
        (row,) = crud.list_sessions(session, viewer_id=user_id)
        assert row.mode == mode
        attempts = [a for a in crud.list_attempts(session, viewer_id=user_id, session_id=row.id or 0)
                    if a.mode == "live"]
    takes = 1 if mode == "exam" else 2
    assert [a.status for a in attempts] == ["analyzed"] * takes, [(a.status, a.error) for a in attempts]
    assert len({a.question_id for a in attempts}) == 1
