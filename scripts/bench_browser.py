"""Browser benchmark of the live practice room (issue 18): what a candidate waits for.

    uv run python -m core bench --only browser        # the usual way (runs this script)
    uv run python scripts/bench_browser.py --json     # directly; --answers 20 25 30 35 40

Real Debian Chromium with a fake camera (a real face, Y4M) and a fake microphone (an
espeak-ng answer with known words, looping), the app started with `streamlit run`, both
inside a private network namespace — the same set-up and the same page steps as the
browser test, whose helpers this script imports (`tests/e2e/test_live_practice.py`).

Measured, per answer (20–60 s each, at least five):
* Stop → summary: from the click on *Stop answer* to "Your answer at a glance" and the
  *Next question* button being on screen;
* Next → question: from the click on *Next question* to the next question's *Start answer*
  button being on screen.
Also the cold start — server process start → login form drawn, for the app on a fresh data
directory and on a restart, next to a bare one-line Streamlit page started the same way in
the same run — and the word error rate (WER) of each answer's stored live transcript
against the words the fake microphone spoke, next to a whole-file transcription of the
saved recording with the same speech model.

Goals (issue 18, 2-core machine with browser, server and vision sharing it): Stop → summary
p95 ≤ 2.0 s, Next → question p95 ≤ 1.0 s, cold start ≤ 1.5 × the bare page.
Prints one JSON object (last line) with --json. A benchmark, not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import test_live_practice as e2e  # noqa: E402 - the browser test's helpers, reused
from tests.e2e.media import write_answer_wav  # noqa: E402
from tests.media import write_face_y4m  # noqa: E402

IN_NETNS_ENV = "ARES_BENCH_IN_NETNS"
RUN_TIMEOUT_S = 3_600  # the whole run inside the namespace (five answers of up to 60 s plus analyses)
# ~24 s at 150 words/min, no digits or number words (Whisper may write either form).
SPOKEN_TEXT = (
    "Last year I led the move of our payment service to a new database. "
    "I planned the migration with the operations team, wrote the rollback steps, and tested every "
    "script on a copy of the data. We switched over on a quiet weekend night, and customers did not "
    "notice anything. After the move, pages loaded much faster and complaints about slow checkout "
    "dropped sharply."
)
ANSWER_SECONDS = (20, 25, 30, 35, 40)
QUICK_ANSWER_SECONDS = (20, 20, 20, 20, 20)
GOAL_STOP_TO_SUMMARY_P95_S = 2.0
GOAL_NEXT_TO_QUESTION_P95_S = 1.0
GOAL_COLD_START_RATIO = 1.5
# Generous waits: a busy machine makes steps slow, and the benchmark measures rather than judges.
STEP_TIMEOUT_MS = 180_000
COLD_START_TIMEOUT_MS = 180_000  # a first start on a busy machine; the number is what we measure
FAILURE_DIR = Path(tempfile.gettempdir()) / "ares-bench-browser"  # screenshot and server logs of the last run
BARE_PAGE = 'import streamlit as st\n\nst.write("bare page ready")\n'


# ----------------------------------------------------------------------------- word error rate
def words(text: str) -> list[str]:
    """Lower-case words without punctuation (apostrophes kept: "didn't")."""
    return re.findall(r"[a-z']+", text.lower().replace("’", "'"))


def windowed_wer(hypothesis: list[str], spoken: list[str]) -> tuple[float | None, int]:
    """WER of `hypothesis` against the best-matching stretch of `spoken` (looped).

    The fake microphone loops its file, and an answer starts anywhere in the loop, so the
    reference is the contiguous run of the looped words that aligns best (edit distance with
    free start and end in the reference). Returns (errors / reference words, reference words).
    """
    if not hypothesis:
        return None, 0
    reference = spoken * (len(hypothesis) // max(1, len(spoken)) + 3)
    n, m = len(hypothesis), len(reference)
    # cost[j], start[j]: best alignment of hypothesis[:i] ending at reference[:j]
    cost, start = [0] * (m + 1), list(range(m + 1))
    for i in range(1, n + 1):
        new_cost, new_start = [i] + [0] * m, [0] + [0] * m
        for j in range(1, m + 1):
            options = (
                (cost[j - 1] + (hypothesis[i - 1] != reference[j - 1]), start[j - 1]),  # match / substitute
                (cost[j] + 1, start[j]),  # extra hypothesis word (insertion)
                (new_cost[j - 1] + 1, new_start[j - 1]),  # missed reference word (deletion)
            )
            new_cost[j], new_start[j] = min(options)
        new_start[0] = 0
        cost, start = new_cost, new_start
    end = min(range(m + 1), key=lambda j: (cost[j], -(j - start[j])))
    length = max(1, end - start[end])
    return round(cost[end] / length, 3), length


# ----------------------------------------------------------------------------- measurements
def _p95(values: list[float]) -> float | None:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else None


def _median(values: list[float]) -> float | None:
    ordered, n = sorted(values), len(values)
    if not n:
        return None
    return ordered[n // 2] if n % 2 else round((ordered[n // 2 - 1] + ordered[n // 2]) / 2, 2)


RAW_PAGE_NAMES = {path.stem.lower() for path in (ROOT / "pages").glob("*.py")}  # "login", "practice", ...: file names
DRAW_POLL_S = 0.05  # how often the page is looked at while it draws (the timing's resolution)


def _drawn(page: Any, script: str | None) -> dict[str, Any]:
    """Wait until the page is drawn: the login form (the app) or the bare page's text.

    For the app, also what the sidebar's navigation showed meanwhile: Streamlit's first run
    in a process lists the `pages/` files by their raw names until Home.py calls
    `st.navigation` (a new user saw "login", "practice", ... for seconds). Returns
    {"raw_nav_seen": bool, "raw_nav_names": [...], "raw_nav_shown_for_s": s or None} for the
    app (shown_for: first to last poll that saw them, ± DRAW_POLL_S), {} for the bare page."""
    if script is not None:
        page.get_by_text("bare page ready").wait_for(timeout=COLD_START_TIMEOUT_MS)
        return {}
    form = page.get_by_label("Username").first  # the login form's first field
    nav = page.locator("[data-testid='stSidebarNav'] a")
    raw: set[str] = set()
    opened = time.monotonic()
    first_raw = last_raw = None
    deadline = opened + COLD_START_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if form.count() and form.is_visible():
            span = None if first_raw is None else round((last_raw or first_raw) - first_raw + DRAW_POLL_S, 2)
            return {"raw_nav_seen": bool(raw), "raw_nav_names": sorted(raw), "raw_nav_shown_for_s": span}
        try:
            names = {text.strip().lower() for text in nav.all_inner_texts()} & RAW_PAGE_NAMES
        except Exception:  # noqa: BLE001 - the page is being replaced while drawing; look again
            names = set()
        if names:
            raw |= names
            last_raw = time.monotonic()
            first_raw = first_raw or last_raw
        time.sleep(DRAW_POLL_S)
    raise TimeoutError(f"the login form was not drawn within {COLD_START_TIMEOUT_MS / 1000:.0f} s")


def _log(message: str) -> None:
    sys.stderr.write(f"[bench_browser {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def _cold_start(browser: Any, tmp: Path, name: str, data_dir: Path, script: str | None) -> dict[str, Any]:
    """Server process start → health endpoint up → page drawn in a new tab."""
    port, log_path = e2e._free_port(), tmp / f"{name}.log"
    started = time.monotonic()
    server = e2e._start_server(data_dir, port, log_path, script=script)
    try:
        e2e._wait_healthy(port, server, log_path)
        healthy = time.monotonic()
        page = e2e._new_page(browser)
        page.set_default_timeout(e2e.STEP_TIMEOUT_MS)
        page.goto(f"http://localhost:{port}/")
        seen = _drawn(page, script)
        shown = time.monotonic()
        page.context.close()
    finally:
        e2e._stop_server(server)
    return {"server_ready_s": round(healthy - started, 2), "drawn_s": round(shown - started, 2), **seen}


QUESTION_POLL_S = 0.05  # how often the two "ready" buttons are looked for (the timing's resolution)


def _camera_start(page: Any) -> Any:
    """The camera component's START button (inside its iframe)."""
    return page.frame_locator("iframe[title*='webrtc']").first.get_by_role("button", name="START")


def _wait_question_ready(page: Any, timeout_s: float = STEP_TIMEOUT_MS / 1000) -> str:
    """Wait until the question can be answered: "start" (its Start answer button) or
    "camera" (the camera's START, when the stream stopped). Polled every QUESTION_POLL_S:
    Playwright cannot combine a locator inside the camera's iframe with one outside it.
    Raises TimeoutError when neither shows within `timeout_s`."""
    start, camera = page.get_by_role("button", name="Start answer"), _camera_start(page)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if start.count() and start.first.is_visible():
            return "start"
        if camera.count() and camera.first.is_visible():
            return "camera"
        time.sleep(QUESTION_POLL_S)
    raise TimeoutError(f"neither Start answer nor the camera's START within {timeout_s:.0f} s")


def _ensure_streaming(page: Any) -> int:
    """Press the camera's START again if the stream stopped (as a candidate would); 1 if pressed.

    On a heavily loaded machine the WebRTC connection sometimes drops between two pages of
    the flow; the benchmark counts that instead of failing on it.
    """
    if _wait_question_ready(page) == "camera":
        _log("the camera stream had stopped: pressing START again")
        _camera_start(page).first.click()
        return 1
    return 0


SUMMARY_TIMEOUT_MS = 900_000  # Stop -> summary bound: a starved machine took 240+ s (15:34 run); a stuck run ends


def _wait_for_summary(page: Any) -> None:
    """The per-answer summary is on screen with its Next question button. Not the browser
    test's wait: that one's 240 s bound is a test's, and a benchmark measures a slow answer."""
    page.get_by_text("Your answer at a glance").wait_for(timeout=SUMMARY_TIMEOUT_MS)
    page.get_by_role("button", name="Next question").wait_for(timeout=SUMMARY_TIMEOUT_MS)


STREAM_STOPPED = "The camera stream stopped during your answer"


def _record_or_drop(page: Any, seconds: int) -> bool:
    """Record until the badge shows `seconds`, or until the page says the stream stopped
    (then the answer is stopped early, as the page asks). True when the stream dropped."""
    page.wait_for_function(
        """([n, stopped]) => { const text = document.body.innerText;
             const m = text.match(/● Recording (\\d+) s/);
             return text.includes(stopped) || (m !== null && Number(m[1]) >= n); }""",
        arg=[seconds, STREAM_STOPPED], timeout=seconds * 1000 + STEP_TIMEOUT_MS, polling=250)
    dropped = page.get_by_text(STREAM_STOPPED).count() > 0
    if dropped:
        _log("the camera stream stopped mid-answer: stopping the answer early")
    return dropped


def _interview(page: Any, port: int, seconds: tuple[int, ...]) -> list[dict[str, Any]]:
    """Answer len(seconds) questions live; the two waits of each answer, in seconds."""
    e2e._log_in(page, port)
    _log("logged in")
    e2e._set_up_devices(page)
    _log("device check passed (the fake microphone reached the meter)")
    e2e._start_interview(page)
    _log("calibrated: the interview starts")
    start_button = page.get_by_role("button", name="Start answer")
    answers = []
    restarts = 0
    for k, length in enumerate(seconds):
        restarts += _ensure_streaming(page)
        start_button.wait_for()
        start_button.click()
        dropped = _record_or_drop(page, length)
        page.get_by_role("button", name="Stop answer").click()
        stopped, stopped_at = time.monotonic(), time.time()
        _wait_for_summary(page)
        summary = time.monotonic()
        page.get_by_role("button", name="Next question").click()
        clicked = time.monotonic()
        next_s: float | None = None
        try:  # the next question is up: its Start answer button, or the camera's START if the stream stopped
            _wait_question_ready(page)
            next_s = round(time.monotonic() - clicked, 2)
        except TimeoutError:
            if k < len(seconds) - 1:
                raise
            # after the last measured answer the interview may simply be over
        answers.append({"answer_s": length, "stop_to_summary_s": round(summary - stopped, 2),
                        "next_to_question_s": next_s, "stream_restarts_before": restarts,
                        "stream_dropped_mid_answer": dropped,
                        # wall clock of the click (UTC), to match the server log's "stop->summary" line
                        "stop_clicked_utc": time.strftime("%H:%M:%S", time.gmtime(stopped_at))
                        + f".{int(stopped_at % 1 * 1000):03d}"})
        restarts = 0
        _log(f"answer {k + 1}: {answers[-1]}")
    return answers


def _word_error_rates(data_dir: Path, username: str) -> list[dict[str, Any]]:
    """Per live answer: WER of the stored (live) transcript and of a whole-file transcription."""
    from sqlmodel import Session, select

    from core.config import get_settings
    from core.db.engine import get_engine
    from core.db.models import Analysis, Attempt, User
    from core.media.audio import load_audio
    from core.speech import get_stt
    from core.storage import get_media_store

    os.environ["ARES_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    settings = get_settings()
    spoken = words(SPOKEN_TEXT)
    stt = get_stt(settings, "en")
    store = get_media_store(settings)
    rows = []
    with Session(get_engine(settings.sqlalchemy_url)) as db:
        user = db.exec(select(User).where(User.username == username)).one()
        attempts = db.exec(select(Attempt).where(Attempt.user_id == user.id, Attempt.mode == "live")
                           .order_by(Attempt.id)).all()  # type: ignore[arg-type]
        for attempt in attempts:
            live = words(attempt.transcript or "")
            whole: list[str] = []
            if attempt.audio_path and store.exists(attempt.audio_path):
                whole = words(stt.transcribe(load_audio(store.local_path(attempt.audio_path)), "en").text)
            stored = db.exec(select(Analysis).where(Analysis.attempt_id == attempt.id)).first()
            timings = dict((stored.payload or {}).get("timings") or {}) if stored is not None else {}
            live_wer, live_ref = windowed_wer(live, spoken)
            whole_wer, whole_ref = windowed_wer(whole, spoken)
            rows.append({"attempt_id": attempt.id, "live_words": len(live), "live_wer": live_wer,
                         "whole_file_words": len(whole), "whole_file_wer": whole_wer,
                         "reference_words": max(live_ref, whole_ref),
                         # the server's own analysis time after Stop (speech measures, vision, total)
                         "server_analysis_s": timings.get("total_s"), "server_speech_s": timings.get("speech_s")})
    return rows


def run_inside(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    e2e._setup_network()
    FAILURE_DIR.mkdir(parents=True, exist_ok=True)
    seconds = QUICK_ANSWER_SECONDS if args.quick else tuple(args.answers)
    with tempfile.TemporaryDirectory(prefix="ares-bench-browser-") as name:
        tmp = Path(name)
        face = write_face_y4m(tmp / "face.y4m")
        speech = write_answer_wav(tmp / "answer.wav", text=SPOKEN_TEXT)
        bare_script = tmp / "bare.py"
        bare_script.write_text(BARE_PAGE, encoding="utf-8")
        data_dir = tmp / "data"
        with sync_playwright() as pw:
            browser = e2e._launch_browser(pw, face, speech)
            try:
                cold = {}
                for name, data, script in (("bare_page_1", "bare-data", str(bare_script)),
                                           ("app_fresh_data_dir", "fresh-data", None),
                                           ("bare_page_2", "bare-data", str(bare_script))):
                    cold[name] = _cold_start(browser, tmp, name, tmp / data, script)
                    _log(f"cold start {name}: {cold[name]}")
                os.environ["ARES_DATA_DIR"] = str(data_dir)
                e2e._seed_user(data_dir)  # migrates: the next start is a restart on existing data
                port, log_path = e2e._free_port(), tmp / "app.log"
                started = time.monotonic()
                server = e2e._start_server(data_dir, port, log_path)
                try:
                    e2e._wait_healthy(port, server, log_path)
                    healthy = time.monotonic()
                    page = e2e._new_page(browser)
                    page.set_default_timeout(STEP_TIMEOUT_MS)
                    page.goto(f"http://localhost:{port}/")
                    seen = _drawn(page, None)
                    cold["app_restart"] = {"server_ready_s": round(healthy - started, 2),
                                           "drawn_s": round(time.monotonic() - started, 2), **seen}
                    _log(f"cold start app_restart: {cold['app_restart']}")
                    try:
                        answers = [] if args.cold_only else _interview(page, port, seconds)
                    except Exception:
                        page.screenshot(path=str(FAILURE_DIR / "failure.png"), full_page=True)
                        raise
                finally:
                    e2e._stop_server(server)
            finally:
                browser.close()
                for log_file in tmp.glob("*.log"):  # server logs, for a failed or slow run
                    shutil.copy(log_file, FAILURE_DIR / log_file.name)
        wer = []
        if answers:
            _log("transcribing the saved recordings for the word error rates")
            wer = _word_error_rates(data_dir, e2e.USERNAME)
    return _summarise(cold, answers, wer)


def _summarise(cold: dict[str, Any], answers: list[dict[str, Any]], wer: list[dict[str, Any]]) -> dict[str, Any]:
    stops = [a["stop_to_summary_s"] for a in answers]
    drops = sum(int(a["stream_dropped_mid_answer"]) + a["stream_restarts_before"] for a in answers)
    nexts = [a["next_to_question_s"] for a in answers if a["next_to_question_s"] is not None]
    bare = _median([cold["bare_page_1"]["drawn_s"], cold["bare_page_2"]["drawn_s"]]) or 0.0
    live = [r["live_wer"] for r in wer if r["live_wer"] is not None]
    whole = [r["whole_file_wer"] for r in wer if r["whole_file_wer"] is not None]
    result: dict[str, Any] = {
        "answers": answers,
        "stream_drops": drops,
        "stop_to_summary_p95_s": _p95(stops), "stop_to_summary_median_s": _median(stops),
        "next_to_question_p95_s": _p95(nexts), "next_to_question_median_s": _median(nexts),
        "cold_start": cold,
        "cold_start_bare_s": bare,
        "cold_start_app_restart_ratio": round(cold["app_restart"]["drawn_s"] / bare, 2) if bare else None,
        "cold_start_app_fresh_ratio": round(cold["app_fresh_data_dir"]["drawn_s"] / bare, 2) if bare else None,
        "wer": wer,
        "wer_live_mean": round(sum(live) / len(live), 3) if live else None,
        "wer_whole_file_mean": round(sum(whole) / len(whole), 3) if whole else None,
    }
    result["goals_met"] = {
        "stop_to_summary_p95": result["stop_to_summary_p95_s"] is not None
        and result["stop_to_summary_p95_s"] <= GOAL_STOP_TO_SUMMARY_P95_S,
        "next_to_question_p95": result["next_to_question_p95_s"] is not None
        and result["next_to_question_p95_s"] <= GOAL_NEXT_TO_QUESTION_P95_S,
        "cold_start": result["cold_start_app_restart_ratio"] is not None
        and result["cold_start_app_restart_ratio"] <= GOAL_COLD_START_RATIO,
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="five 20-second answers")
    parser.add_argument("--cold-only", action="store_true", help="only the cold starts (no interview)")
    parser.add_argument("--answers", type=int, nargs="+", default=list(ANSWER_SECONDS),
                        help="answer lengths in seconds (20–60 each, at least five)")
    args = parser.parse_args(argv)
    if os.environ.get(IN_NETNS_ENV) != "1":
        reason = e2e._missing()
        if reason:
            sys.stderr.write(f"browser benchmark cannot run here: {reason}\n")
            return 2
        proc = subprocess.run([*e2e._unshare(), sys.executable, __file__, *(argv or sys.argv[1:])], cwd=ROOT,
                              env=dict(os.environ, **{IN_NETNS_ENV: "1"}), timeout=RUN_TIMEOUT_S, check=False)
        return proc.returncode
    result = run_inside(args)
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        for key, value in result.items():
            if not isinstance(value, list | dict):
                sys.stdout.write(f"{key:32} {value}\n")
        sys.stdout.write(json.dumps(result["answers"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
