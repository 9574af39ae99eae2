"""What the Practice page's buttons do: call the practice service, then move the flow state.

Every action is a button callback (`on_click`): Streamlit runs it before the script, so
the run that follows draws the new step at once — one script run per click, no
`st.rerun()` round trip. Actions never crash the page: a failure becomes a notice on the
state, and saved answers stay saved.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from typing import ParamSpec

import streamlit as st

from core.coaching.assignments import visible_measures_for_session
from core.coaching.visibility import hide_in_summary
from core.db import crud
from core.live.device import calibration_baseline
from core.live.room import RoomSnapshot
from core.live.summary import AnswerSummary, answer_summary
from core.practice import flow
from core.practice.service import AnswerResult
from core.vision.gaze import GazeCalibration
from ui.context import tr
from ui.practice import services, state
from ui.practice.setup import SessionSetup, choices_from_options
from ui.practice.widgets import FallbackAnswer

logger = logging.getLogger(__name__)
P = ParamSpec("P")


def guarded(action: Callable[P, None]) -> Callable[P, None]:
    """Show the reason of a failed action instead of an exception."""

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        state.apply(flow.with_notice, "")  # an earlier problem is no longer news once the user acts again
        try:
            action(*args, **kwargs)
        except crud.AccessDenied:
            state.apply(flow.with_notice, tr("common.not_allowed"))
        except Exception as exc:  # shown to the user, logged for the operator
            key = str(getattr(exc, "key", ""))
            message = tr(key) if key and tr(key) != key else tr("common.error_generic")
            logger.exception("practice action %s failed", action.__name__)
            state.apply(flow.with_notice, message)

    return run


def _session_id() -> int:
    session_id = state.get().session_id
    if session_id is None:
        raise RuntimeError("no practice session")
    return session_id


def _summary(result: AnswerResult, user_id: int, timeline: Sequence[dict[str, object]] = ()) -> AnswerSummary:
    """The after-answer summary, without what a coach's assignment hides from the candidate
    (made here once, so the text, the chart and the stored state all lack it)."""
    summary = answer_summary(attempt_id=result.attempt_id, status=result.status, transcript=result.transcript,
                             analysis=result.analysis, follow_up=result.follow_up.text if result.follow_up else "",
                             timeline=timeline, error=result.error)
    visible = visible_measures_for_session(services.service().engine, viewer_id=user_id, session_id=_session_id())
    return hide_in_summary(summary, visible)


# ----------------------------------------------------------------------------- set-up and devices
@guarded
def start_session(user_id: int, setup: SessionSetup) -> None:
    session_id = services.service().start_session(user_id, **setup.start_kwargs())
    state.put(flow.start(session_id, setup.choices))


@guarded
def resume(user_id: int, session_id: int) -> None:
    """Continue a session after a reload: a recording cut off mid-answer is repaired first."""
    service = services.service()
    found = service.resume(user_id, session_id)
    if found is None:
        return
    recovered_id, notice = None, ""
    if found.open_attempt is not None and found.open_attempt.id is not None:
        info = service.recover_recording(user_id, found.open_attempt.id)
        if info is not None:
            recovered_id, notice = found.open_attempt.id, tr("practice.recovered", s=int(info.duration_s))
    choices = choices_from_options(dict(found.options), found.language, found.format, found.mode)
    state.apply(flow.resumed, session_id, choices, flow.question_view(found.current), time.monotonic(),
                recovered_attempt_id=recovered_id, notice=notice)


def go_offline(user_id: int) -> None:
    """No camera or microphone: answers are typed, uploaded or recorded in the browser. From
    the device check (or the calibration) straight to the question, so a user without a
    camera is never asked to press START or to look at a camera."""
    notice = tr("practice.fallback.notice")
    current = state.apply(flow.go_offline, notice)
    if current.step in ("device", "calibrate"):
        enter_interview(user_id)  # loading the question clears notices (guarded)
        if not state.get().notice:  # a problem loading the question is the more urgent news
            state.apply(flow.with_notice, notice)


def devices_ready(user_id: int) -> None:
    current = state.apply(flow.devices_ready)
    if current.step == "interview":
        enter_interview(user_id)


def enter_interview(user_id: int) -> None:
    """Devices checked: show the current question (kept after a resume, on the clock it had
    since it first appeared) or load the first."""
    current = state.get()
    shown_s_ago, restarted = 0.0, False
    if current.question is not None and current.phase == "prep":
        try:
            clock = services.service().show_question(user_id, current.question.id)
            shown_s_ago, restarted = clock.elapsed_s, clock.restarted
        except Exception:  # the question still shows; its clock starts now, and the page says so
            logger.exception("reading when question %s first appeared failed", current.question.id)
            restarted = True
    current = state.apply(flow.enter_interview, time.monotonic(), shown_s_ago=shown_s_ago,
                          clock_restarted=restarted)
    if current.question is None:
        next_question(user_id)


def calibrated(user_id: int, snapshots: Sequence[RoomSnapshot]) -> None:
    """Store the gaze baseline from ~3 s of looking at the camera, then enter the interview."""
    calibration: GazeCalibration | None = None
    analyzer = state.room().analyzer
    if analyzer is not None:
        try:
            calibration = analyzer.end_calibration()
        except Exception:  # too few face frames or no vision: keep the median head pose only
            logger.info("gaze calibration not applied", exc_info=True)
    frames = [s.latest_vision for s in snapshots if s.latest_vision is not None]
    baseline = calibration_baseline(frames, calibration)
    guarded(_save_calibration)(user_id, baseline)
    enter_interview(user_id)
    if not baseline["calibrated"]:
        state.apply(flow.with_notice, tr("practice.calibrate.failed"))


def _save_calibration(user_id: int, baseline: dict[str, object]) -> None:
    services.service().save_calibration(user_id, _session_id(), baseline)


# ----------------------------------------------------------------------------- questions and answers
@guarded
def next_question(user_id: int) -> None:
    """Load the next question (a follow-up or the next main one); none left -> finish."""
    state.apply(flow.loading_question)  # cleared by show_question / finished; kept if this fails
    question = services.service().next_question(user_id, _session_id())
    if question is None:
        finish(user_id)
        return
    state.apply(flow.show_question, flow.question_view(question), time.monotonic())


def save_draft(user_id: int, text: str) -> None:
    """Keep the answer typed so far with the question (a reload shows it again). Not
    `guarded`: saving runs as the user types and must not clear a notice; a failure leaves
    the text in the box and is logged."""
    current = state.get()
    if current.question is None:
        return
    try:
        services.service().save_draft(user_id, current.question.id, text)
    except Exception:
        logger.exception("saving the draft of question %s failed", current.question.id)
    state.apply(flow.drafted, text)


@guarded
def begin_live_answer(user_id: int) -> None:
    current = state.get()
    if current.question is None:
        return
    started = services.service().start_recording(user_id, current.question.id,
                                                 with_video=current.choices.record_video)
    transcriber = services.live_transcriber(current.choices.language)
    state.keep_transcriber(transcriber)
    state.room().start_answer(started.audio_path, listener=transcriber.feed if transcriber is not None else None,
                              video_path=started.video_path)
    state.hint_policy(current.choices.language, current.choices.live_hints).restart()
    state.apply(flow.begin_answer, started.attempt_id, time.monotonic())


@guarded
def finish_live_answer(user_id: int, move_on: bool = True) -> None:
    """Stop recording (the WAV is complete on disk first), analyse once, show the summary
    (an exam moves on to the next question unless `move_on` is false: the interview ends)."""
    # Each phase is lapped; the page logs the line once the summary is drawn (state.log_stopwatch).
    watch = state.start_stopwatch("stop->summary")
    # Said at once, whichever way the answer ends (Stop, the timed format, Finish): the toast
    # is sent while this runs, where the faded page would still say "Recording" for 1-5 s.
    st.toast(tr("practice.analyzing"), icon="⏳")
    current = state.get()
    room = state.room()
    room.watch(False)  # the camera analysis rests while the answer is analysed and reviewed
    capture = room.stop_answer()
    watch.lap("stop_recording")
    if current.attempt_id is None:
        return
    transcriber = state.take_transcriber()
    transcript = services.finish_transcript(transcriber)
    watch.lap("live_transcript")
    if transcriber is not None and transcriber.tail_report is not None:
        watch.note(transcriber.tail_report.describe())
    result = services.service().submit_answer(user_id, current.attempt_id, vision_timeline=capture.vision_timeline,
                                              transcript=transcript, video=capture.video_path is not None)
    watch.lap("analysis")
    if result.analysis is not None:
        timings = result.analysis.timings
        watch.note(f"analysis: speech {timings.speech_s} s, vision {timings.vision_s} s, total {timings.total_s} s, "
                   f"live transcript {'reused' if transcript is not None else 'none'}")
    notice = ""
    if capture.recording is not None and capture.recording.write_error:
        # The disk filled up mid-answer: the recording stops there, the transcript is complete.
        notice = tr("practice.recording_cut", s=int(capture.recording.duration_s),
                    reason=tr(f"practice.write_error.{capture.recording.write_error}"))
    _after_answer(user_id, result, capture.vision_timeline, notice, move_on=move_on)
    watch.lap("summary_state")


@guarded
def submit_fallback(user_id: int, answer: FallbackAnswer) -> None:
    """An answer recorded in the browser, uploaded, or typed: same service, same analysis."""
    current = state.get()
    if current.question is None:
        return
    service = services.service()
    attempt = service.begin_attempt(user_id, current.question.id, answer.mode)
    if answer.mode == "text":
        result = service.submit_answer(user_id, attempt.id or 0, text=answer.text)
    else:
        result = service.submit_answer(user_id, attempt.id or 0, audio_bytes=answer.data, audio_suffix=answer.suffix)
    _after_answer(user_id, result)


@guarded
def submit_recovered(user_id: int) -> None:
    """Analyse the answer recovered from an interrupted recording."""
    current = state.get()
    if current.attempt_id is None:
        return
    result = services.service().submit_answer(user_id, current.attempt_id)
    _after_answer(user_id, result)


def _after_answer(user_id: int, result: AnswerResult, timeline: Sequence[dict[str, object]] = (),
                  notice: str = "", *, move_on: bool = True) -> None:
    """The answer is saved and analysed. Practice: its summary (compared with the attempt
    before, after *Answer again*). Exam: no feedback now — on to the next question."""
    current = state.get()
    diff = None
    if current.compare_with is not None and result.status == "analyzed" and not current.choices.exam:
        try:
            # (what a coach's assignment hides is left out by the service)
            diff = services.service().compare_attempts(user_id, current.compare_with, result.attempt_id)
        except Exception:  # the new answer's summary still shows; only the comparison is missing
            logger.exception("comparing attempts %s and %s failed", current.compare_with, result.attempt_id)
    moved = state.apply(flow.answered, _summary(result, user_id, timeline), notice, diff)
    if moved.phase == "saved" and move_on:
        next_question(user_id)
        if not state.get().notice:  # a problem loading the next question is the more urgent news
            state.apply(flow.with_notice, notice or tr("practice_modes.exam.saved"))


def answer_again() -> None:
    """The same question again: a new attempt, compared with the one just reviewed."""
    state.apply(flow.answer_again, time.monotonic())


@guarded
def finish(user_id: int) -> None:
    current = state.get()
    if state.room().recording and current.attempt_id is not None:
        finish_live_answer(user_id, move_on=False)  # an answer in progress is kept and analysed, never dropped
    if current.session_id is not None:
        services.service().finish_session(user_id, current.session_id)
    state.apply(flow.finished)


def new_session() -> None:
    state.reset()
