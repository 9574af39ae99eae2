"""Time-stamped comments on a replayed answer in a real browser (issue 19, item 3).

Headless Debian Chromium drives `streamlit run Home.py` with two people:

1. the seed: a coach and a linked candidate (link accepted, everything shared); the
   candidate's answer is a spoken recording (espeak-ng WAV) submitted through the practice
   service, so the file is in the media store and whisper's word timings are stored;
2. the coach logs in, opens Answer review, picks the candidate, moves the moment slider, plays
   the recording (the `<audio>` element really plays from that moment), and pins a comment
   there;
3. the candidate logs in (another browser context), opens Answer review and sees the comment
   on the answer's timeline (the chart's marker), at that point of the transcript (the marker
   sits before the first word spoken at or after the moment), and in the thread; replies;
4. the coach reloads and sees the reply; the database holds the thread.

Runs in a private network namespace like `test_live_practice.py` (whose helpers it imports):
nothing leaves it. Skips without Chromium, playwright, espeak-ng/sox or a namespace; with
REQUIRE_E2E=1 (CI) it fails instead. Run it: `uv run pytest -m e2e tests/e2e/test_replay_comments.py -v`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_live_practice import (
    IN_NETNS_ENV,
    _chromium,
    _free_port,
    _missing,
    _rerun_inside_private_network,
    _setup_network,
    _skip_or_fail,
    _start_server,
    _stop_server,
    _wait_healthy,
)
from tests.e2e.test_sessions_browser import open_from_sidebar

pytestmark = pytest.mark.e2e

COACH, CANDIDATE, PASSWORD = "e2e_replay_coach", "e2e_replay_cand", "a quiet harbour at noon"
STEP_TIMEOUT_MS = 90_000  # one UI step on a loaded 2-core machine (a stuck step ends; speed is not tested)
PLAY_TIMEOUT_MS = 30_000  # the audio element reaches the moment and keeps playing
MOMENT_S = 4.0  # where the coach pins the comment (the spoken answer lasts ~9.7 s)
SLIDER_STEP_S = 0.5  # the review page's slider step
COMMENT = "Here the result comes too late: lead with the halved failures."
REPLY = "Understood, I will open with the result next time."


def test_a_pinned_comment_reaches_the_candidate_who_replies(tmp_path: Path, data_dir: Path) -> None:
    reason = _missing()
    if reason:
        _skip_or_fail(reason)
    if os.environ.get(IN_NETNS_ENV) != "1":
        _rerun_inside_private_network(tmp_path, str(Path(__file__)))
        return
    _setup_network()
    _run(tmp_path, data_dir)



# ----------------------------------------------------------------------------- inner: in the namespace
def _seed(tmp_path: Path) -> tuple[int, int, int, list[dict]]:
    """Coach + linked candidate + one analysed spoken answer; (coach, candidate, attempt, words)."""
    from sqlmodel import Session

    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine
    from core.db.models import UserCreate
    from core.practice import PracticeService
    from tests.doubles import FallbackInterviewer
    from tests.e2e.media import write_answer_wav

    get_settings.cache_clear()
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    with Session(engine) as db:
        coach = crud.create_user(db, user_in=UserCreate(username=COACH, password=PASSWORD, name="Coach",
                                                        role="coach")).id or 0
        cand = crud.create_user(db, user_in=UserCreate(username=CANDIDATE, password=PASSWORD, name="Candidate")).id or 0
        link = crud.request_link(db, requester_id=cand, coach_id=coach, candidate_id=cand)
        crud.accept_link(db, user_id=coach, link_id=link.id or 0)
        crud.set_share_scope(db, candidate_id=cand, coach_id=coach, scope="all")
    service = PracticeService(engine, settings, interviewer=FallbackInterviewer(), use_default_retriever=False)
    session_id = service.start_session(cand, company="Acme", role="Engineer", stages=[1], questions_per_stage=1,
                                       max_followup_depth=0)
    question = service.next_question(cand, session_id)
    attempt = service.begin_attempt(cand, question.id, "audio")
    wav = write_answer_wav(tmp_path / "answer.wav")
    result = service.submit_answer(cand, attempt.id or 0, audio_bytes=wav.read_bytes(), audio_suffix=".wav")
    assert result.status == "analyzed", result.error
    service.finish_session(cand, session_id)
    with Session(engine) as db:
        analysis = crud.get_analysis(db, viewer_id=cand, attempt_id=result.attempt_id)
        stored = crud.get_attempt(db, viewer_id=cand, attempt_id=result.attempt_id)
    assert analysis is not None and stored.audio_path and (settings.media_dir / stored.audio_path).exists()
    words = [w for w in (analysis.payload.get("speech") or {}).get("words") or [] if isinstance(w, dict)]
    assert any(float(w["start_s"]) >= MOMENT_S for w in words), words  # a word after the moment
    return coach, cand, result.attempt_id, words


def _run(tmp_path: Path, data_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    coach, cand, attempt_id, words = _seed(tmp_path)
    # The transcript marker goes before the first word spoken at or after the moment.
    word_at_moment = next(str(w["word"]).strip() for w in words if float(w["start_s"]) >= MOMENT_S)
    port = _free_port()
    log_path = tmp_path / "server.log"
    server = _start_server(data_dir, port, log_path)
    try:
        _wait_healthy(port, server, log_path)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=_chromium(), headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                      "--autoplay-policy=no-user-gesture-required"])
            pages = []
            try:
                coach_page = _open_review(browser, port, COACH, pages)
                _pick(coach_page, "Whose answers", CANDIDATE)
                _seek_and_play(coach_page)
                _pin(coach_page)

                cand_page = _open_review(browser, port, CANDIDATE, pages)
                _sees_comment(cand_page, word_at_moment)
                _reply(cand_page)

                coach_page.reload()
                open_from_sidebar(coach_page, "Answer review",
                                  coach_page.get_by_role("heading", name="Answer review").first,
                                  timeout_ms=STEP_TIMEOUT_MS)
                _pick(coach_page, "Whose answers", CANDIDATE)
                coach_page.get_by_text(REPLY).first.wait_for()
                coach_page.get_by_text(f"↳ {CANDIDATE}").first.wait_for()
            except Exception:
                for number, page in enumerate(pages):
                    page.screenshot(path=str(tmp_path / f"failure-{number}.png"), full_page=True)
                raise
            finally:
                browser.close()
    except Exception as exc:
        raise AssertionError(f"{exc}\n--- server log ---\n{log_path.read_text(errors='replace')[-4000:]}") from exc
    finally:
        _stop_server(server)
    _check_database(coach, cand, attempt_id)


def _open_review(browser, port: int, username: str, pages: list):
    """A fresh browser context (one person), logged in through the form, on Answer review."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    pages.append(page)
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(f"http://localhost:{port}/")
    page.get_by_label("Username").first.fill(username)
    page.get_by_label("Password").first.fill(PASSWORD)
    page.get_by_role("button", name="Log in").first.click()
    open_from_sidebar(page, "Answer review", page.get_by_role("heading", name="Answer review").first,
                      timeout_ms=STEP_TIMEOUT_MS)
    return page


def _pick(page, label: str, option: str) -> None:
    """Choose `option` in the Streamlit selectbox labelled `label`."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option).first.click()
    page.get_by_text("Transcript with comments").first.wait_for()  # the picked person's answer is open


def _seek_and_play(page) -> None:
    """Move the moment slider to MOMENT_S, then play: the recording starts there and advances."""
    thumb = page.locator("[data-testid='stSlider']").filter(has_text="Moment").get_by_role("slider").first
    thumb.focus()
    for _ in range(round(MOMENT_S / SLIDER_STEP_S)):
        thumb.press("ArrowRight")
    page.locator("[data-testid='stSlider']").filter(has_text=f"{MOMENT_S:.2f}").first.wait_for()
    # The pin form's moment follows the slider once the page ran with the new value.
    page.wait_for_function(
        """v => { const el = [...document.querySelectorAll("input[type='number']")]
                    .find(i => i.getAttribute('aria-label') === 'Pin at (seconds)');
                  return el !== undefined && Math.abs(Number(el.value) - v) < 1e-6; }""",
        arg=MOMENT_S, timeout=STEP_TIMEOUT_MS, polling=250)
    audio = page.locator("audio").first
    audio.wait_for(state="attached")
    audio.evaluate("a => { a.muted = true; return a.play(); }")
    # Playing from the moment: past it, still before its end, and not paused.
    page.wait_for_function(
        """m => { const a = document.querySelector('audio');
                  return a && !a.paused && a.currentTime >= m + 0.5; }""",
        arg=MOMENT_S, timeout=PLAY_TIMEOUT_MS, polling=100)
    start = audio.evaluate("a => a.played.length ? a.played.start(0) : -1")
    assert abs(start - MOMENT_S) < 1.0, f"the recording played from {start} s, not from the moment {MOMENT_S} s"
    audio.evaluate("a => a.pause()")


def _pin(page) -> None:
    page.get_by_label("Comment").first.fill(COMMENT)
    page.get_by_role("button", name="Pin comment").click()
    page.get_by_text(COMMENT).first.wait_for()
    page.get_by_text(f"{MOMENT_S:.1f} s · {COACH}").first.wait_for()


def _sees_comment(page, word_at_moment: str) -> None:
    # the thread, with its moment and author
    page.get_by_text(COMMENT).first.wait_for()
    page.get_by_text(f"{MOMENT_S:.1f} s · {COACH}").first.wait_for()
    # the answer's timeline: the chart's marker "#1" at the moment
    marker = page.locator(".js-plotly-plot").locator("text", has_text="#1").first
    marker.wait_for()
    x = page.evaluate("""() => { const plot = document.querySelector('.js-plotly-plot');
                                 return plot.data[0].x[0]; }""")
    assert abs(float(x) - MOMENT_S) < 1e-6, x
    # the transcript: "[#1]" stands right before the word spoken at the moment
    body = page.inner_text("body")
    head = body.split("Transcript with comments", 1)[1]
    after = head.split("[#1]", 1)[1].strip()
    first = after.split()[0].strip(".,!?").lower()
    assert first == word_at_moment.strip(".,!?").lower(), (after[:200], word_at_moment)


def _reply(page) -> None:
    page.get_by_label("Reply").first.fill(REPLY)
    page.get_by_role("button", name="Send reply").first.click()
    page.get_by_text(REPLY).first.wait_for()
    page.get_by_text(f"↳ {CANDIDATE}").first.wait_for()


def _check_database(coach: int, cand: int, attempt_id: int) -> None:
    from core.coaching.comments import list_threads
    from core.config import get_settings
    from core.db.engine import get_engine

    get_settings.cache_clear()
    engine = get_engine(get_settings().sqlalchemy_url)
    for viewer in (coach, cand):
        threads = list_threads(engine, viewer_id=viewer, attempt_id=attempt_id)
        assert len(threads) == 1, threads
        thread = threads[0]
        assert thread.at_s == MOMENT_S and thread.text == COMMENT and thread.by_coach
        assert [r.text for r in thread.replies] == [REPLY]
