"""Widgets and session state of the Practice page (the live interview room).

The page stays a thin script: it asks this module for the flow state, renders one step,
and hands answers to the practice service. This module owns two `st.session_state` keys:
`practice_flow` (a small `PracticeFlow`: step, ids, last summary) and `practice_live_room`
(the `LiveRoom` the WebRTC callbacks feed). Nothing heavy is stored in session state:
audio lives on disk, results in the database.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components
from sqlmodel import Session

from core.capture.recorder import repair_wav
from core.config import Settings
from core.db import crud
from core.live.hints import HintPolicy
from core.live.room import LiveRoom, RoomSnapshot
from core.live.summary import answer_summary, head_pose_baseline, question_dict, read_field
from ui import safe
from ui.context import app_settings, db_engine, lang, tr
from ui.safe import inert

logger = logging.getLogger(__name__)

FLOW_KEY = "practice_flow"
ROOM_KEY = "practice_live_room"
HINTS_KEY = "practice_hint_policy"
TRANSCRIBER_KEY = "practice_live_transcriber"
# s to wait after Stop for the live transcript's tail. Waiting beats falling back: the
# fallback transcribes the whole file again. Measured on 2 busy cores (browser + WebRTC on the
# same machine): ~30 s for an 11 s answer when nothing was pre-warmed, a few s warmed.
TRANSCRIBE_WAIT_S = 90.0

TIMED_PREP_S = 30  # AI역량검사 format (FEEDBACK_EVIDENCE.md); core.interview has the same constants
TIMED_ANSWER_S = 50
CALIBRATION_S = 3.0  # s looking at the camera to set the gaze baseline
POLL_INTERVAL_S = 0.3  # s between live updates: small payloads at ~3 Hz, never an image per frame
MAX_LOOP_S = 20 * 60  # s: the live loop always ends (the next rerun starts a new one)
STALL_S = 5.0  # s without audio frames while recording = the connection dropped
LEVEL_OK_DBFS = -45.0  # dBFS: a speaking voice at a normal distance reads above this
LEVEL_CLIP_DBFS = -3.0  # dBFS: peaks near full scale distort
DARK_LEVEL = 60.0  # mean 8-bit pixel level below which the face is usually too dark to track
MIN_RECOVERED_S = 1.0  # s: a shorter interrupted recording is not worth analysing

try:  # the interviewer's timed-format constants, when that feature has landed
    from core.interview.types import TIMED_ANSWER_SECONDS, TIMED_PREP_SECONDS

    TIMED_PREP_S, TIMED_ANSWER_S = TIMED_PREP_SECONDS, TIMED_ANSWER_SECONDS
except ImportError:  # pragma: no cover - only before core.interview exists
    pass


@dataclass
class PracticeFlow:
    """Where this browser session is in the interview (small, JSON-able values only)."""

    step: str = "setup"  # setup | device | calibrate | interview | finished
    session_id: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    question: dict[str, Any] | None = None
    attempt_id: int | None = None
    phase: str = "prep"  # prep | answering | review | recovered
    phase_started: float = 0.0  # time.monotonic() when the phase began
    live: bool = True  # False: camera/microphone unavailable, answering by other means
    summary: dict[str, Any] | None = None
    spoken_question_id: int | None = None
    notice: str = ""
    report: dict[str, Any] | None = None

    @property
    def prep_started_ms(self) -> int:
        """When the current phase began, as browser time (ms since the epoch)."""
        return int((time.time() - (time.monotonic() - self.phase_started)) * 1000)


def flow() -> PracticeFlow:
    if not isinstance(st.session_state.get(FLOW_KEY), PracticeFlow):
        st.session_state[FLOW_KEY] = PracticeFlow()
    return st.session_state[FLOW_KEY]


def reset_flow() -> None:
    room = st.session_state.pop(ROOM_KEY, None)
    if isinstance(room, LiveRoom):
        room.close()
    st.session_state.pop(HINTS_KEY, None)
    st.session_state[FLOW_KEY] = PracticeFlow()


# ----------------------------------------------------------------------------- collaborators
def _analyzer_factory(settings: Settings) -> Any:
    """A factory for the per-session vision analyzer, or None when vision is unavailable.

    Called lazily on the first video frame (aiortc's thread); MediaPipe landmarkers are
    not thread-safe, so every browser session gets its own analyzer, closed on stream end.
    """
    try:
        import core.vision as vision
    except ImportError:
        return None
    build = getattr(vision, "build_live_analyzer", None) or getattr(vision, "LiveAnalyzer", None)
    if build is None:
        return None

    def make() -> Any:
        try:
            params = inspect.signature(build).parameters
        except (TypeError, ValueError):
            params = {}  # type: ignore[assignment]
        return build(settings=settings) if "settings" in params else build()

    return make


def room() -> LiveRoom:
    """This browser session's live room (created on first use, closed by reset_flow)."""
    current = st.session_state.get(ROOM_KEY)
    if not isinstance(current, LiveRoom):
        current = LiveRoom(analyzer_factory=_analyzer_factory(app_settings()))
        st.session_state[ROOM_KEY] = current
    return current


def hint_policy(speech_language: str, enabled: bool) -> HintPolicy:
    """Cues are written in the UI language; the pace threshold follows the answer's language."""
    policy = st.session_state.get(HINTS_KEY)
    ui_language = lang()
    if (not isinstance(policy, HintPolicy) or policy.language != ui_language
            or policy.speech_language != speech_language):
        policy = HintPolicy(language=ui_language, speech_language=speech_language, enabled=enabled,
                            clock=time.monotonic)
        st.session_state[HINTS_KEY] = policy
    policy.enabled = enabled
    return policy


@st.cache_resource(show_spinner=False)
def _service() -> Any:
    from core.practice.service import PracticeService

    return PracticeService(engine=db_engine(), settings=app_settings())


def service() -> Any:
    """The practice service shared with `python -m core run-session` (tests patch this)."""
    return _service()


def media_path(relative: str) -> Path:
    return app_settings().media_dir / relative


@st.cache_resource(show_spinner=False)
def _warm_up(language: str, _service: Any, _settings: Settings) -> threading.Thread:
    """Load the STT model, librosa's kernels, the interviewer and the company library once per
    process, in the background.

    Started at the device check, so the first question and the first answer's feedback do
    not pay ~10-20 s of model loading and JIT compilation.
    """

    def run() -> None:
        try:
            import numpy as np

            from core.speech import get_stt
            from core.speech.acoustics import warm_up

            stt = get_stt(_settings, language)  # no st.* on this thread: settings passed in
            warm_up()
            stt.transcribe(np.zeros(16_000, dtype=np.float32), language)
            warm_service = getattr(_service, "warm_up", None)
            if callable(warm_service):
                warm_service()
        except Exception:  # the answer path loads what it needs itself, just later
            logger.exception("warm-up failed")

    thread = threading.Thread(target=run, name=f"practice-warm-up-{language}", daemon=True)
    thread.start()
    return thread


def prewarm(language: str) -> None:
    _warm_up(language, service(), app_settings())


def _live_transcriber(language: str) -> Any:
    """A ChunkedTranscriber fed during the answer, so the summary is ready seconds after Stop.

    None when speech-to-text is unavailable: the service then transcribes the file.
    """
    try:
        from core.speech import ChunkedTranscriber, get_stt

        return ChunkedTranscriber(get_stt(app_settings(), language), language)
    except Exception:  # the recording is the answer of record; STT can run later
        logger.exception("live transcription unavailable; the recording will be transcribed after Stop")
        return None


def _finish_transcript(transcriber: Any) -> Any:
    """The live transcript (a core.speech Transcript), or None to let the service transcribe."""
    if transcriber is None:
        return None
    try:
        started = time.monotonic()
        transcript = transcriber.finish(timeout_s=TRANSCRIBE_WAIT_S)
        logger.info("live transcript finished %.1f s after Stop (%d chunks during the answer)",
                    time.monotonic() - started, transcriber.chunks_submitted)
        return transcript
    except Exception:  # fall back to transcribing the saved file
        logger.exception("live transcript failed; transcribing the recording instead")
        transcriber.close()
        return None


# ----------------------------------------------------------------------------- widgets
def setup_form(user_id: int, default_language: str) -> dict[str, Any] | None:
    """The set-up step; returns the session options when the user starts."""
    with Session(db_engine()) as session:
        companies = [c.name for c in crud.list_companies(session, viewer_id=user_id)]
        # The candidate's own material grounds the questions (claims, requirements); newest first.
        resumes = {d.id: d.title for d in crud.list_documents(session, viewer_id=user_id, kind="resume")}
        postings = {d.id: d.title for d in crud.list_documents(session, viewer_id=user_id, kind="job_posting")}
    with st.form("practice_setup"):
        company = st.selectbox(tr("practice.setup.company"), options=["", *companies],
                               format_func=lambda n: n or tr("practice.setup.no_company"))
        other = st.text_input(tr("practice.setup.company_other"))
        role = st.text_input(tr("practice.setup.role"))
        persona = st.radio(tr("practice.setup.persona"), ["lead", "executive"], horizontal=True,
                           format_func=lambda p: tr(f"persona.{p}"))
        stages = st.multiselect(tr("practice.setup.stages"), [1, 2, 3], default=[1, 2, 3],
                                format_func=lambda s: tr(f"stage.{s}"))
        per_stage = st.slider(tr("practice.setup.per_stage"), min_value=1, max_value=5, value=2)
        depth = st.slider(tr("practice.setup.followup_depth"), min_value=0, max_value=3, value=1,
                          help=tr("practice.setup.followup_depth_help"))
        resume_id = st.selectbox(tr("practice.setup.resume"), [None, *resumes],
                                 index=1 if resumes else 0,
                                 format_func=lambda i: tr("practice.setup.none") if i is None else resumes[i])
        job_id = st.selectbox(tr("practice.setup.job_posting"), [None, *postings],
                              index=1 if postings else 0,
                              format_func=lambda i: tr("practice.setup.none") if i is None else postings[i])
        language = st.radio(tr("practice.setup.language"), ["en", "ko"], horizontal=True,
                            index=0 if default_language == "en" else 1,
                            format_func=lambda code: {"en": "English", "ko": "한국어"}[code])
        fmt = st.radio(tr("practice.setup.format"), ["standard", "timed", "drill"],
                       format_func=lambda f: tr(f"format.{f}"))
        read_aloud = st.checkbox(tr("practice.setup.read_aloud"), value=True)
        record_video = st.checkbox(tr("practice.setup.record_video"), value=False,
                                   help=tr("practice.setup.record_video_help"))
        hints = st.checkbox(tr("practice.setup.hints"), value=True, help=tr("practice.setup.hints_help"))
        submitted = st.form_submit_button(tr("practice.setup.start"), type="primary")
    if not submitted:
        return None
    if not stages:
        st.warning(tr("practice.setup.need_stage"))
        return None
    from core.db.limits import TooLong, require_fits
    from core.db.models import Company, InterviewSession

    try:  # the same limits the database has, checked here so the form keeps what was typed
        require_fits(Company, "name", other or company or "")
        require_fits(InterviewSession, "role", role)
    except TooLong as exc:
        st.error(tr(exc.message_key, limit=exc.limit, length=exc.length))
        return None
    chosen_stages = sorted(stages)[:1] if fmt == "drill" else sorted(stages)  # a drill is one stage
    return {"company": (other or company or "").strip(), "role": role.strip(), "persona": persona,
            "stages": chosen_stages, "language": language, "format": fmt, "questions_per_stage": per_stage,
            "max_followup_depth": depth, "resume_document_id": resume_id, "job_document_id": job_id,
            "options": {"read_aloud": read_aloud, "record_video": record_video, "hints": hints}}


def read_aloud_html(text: str, language: str) -> str:
    """The speechSynthesis snippet for `text` (ko-KR / en-US voice).

    The text goes in as a JSON string literal, and "<" is escaped as \\u003c, so no
    question text can close the script tag or become markup.
    """
    payload = json.dumps({"text": text, "lang": "ko-KR" if language == "ko" else "en-US"})
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        "<script>(function(){const q=" + payload + ";"
        "const s=window.parent.speechSynthesis||window.speechSynthesis;if(!s)return;"
        "s.cancel();const u=new SpeechSynthesisUtterance(q.text);u.lang=q.lang;"
        "const v=s.getVoices().find(x=>x.lang&&x.lang.startsWith(q.lang.slice(0,2)));if(v)u.voice=v;"
        "s.speak(u);})();</script>"
    )


def read_aloud(text: str, language: str) -> None:
    """Speak the question in the browser (nothing leaves the browser)."""
    components.html(read_aloud_html(text, language), height=0)


def thinking_clock(label: str, started_ms: int) -> None:
    """A thinking-time counter that ticks in the browser (no reruns needed while thinking)."""
    payload = json.dumps({"label": label, "t0": started_ms}).replace("<", "\\u003c")
    components.html(
        "<div id='c' style='font-family:sans-serif;font-size:0.9rem;color:#555'></div><script>"
        "const q=" + payload + ";const el=document.getElementById('c');"
        "function tick(){el.textContent=q.label.replace('{s}',Math.max(0,Math.floor((Date.now()-q.t0)/1000)));}"
        "tick();setInterval(tick,1000);</script>",
        height=28,
    )


def render_question(question: dict[str, Any]) -> None:
    label = tr("practice.followup_label") if question.get("depth") else tr("practice.question_label",
                                                                         n=int(question.get("position", 0)) + 1)
    st.caption(label)
    st.markdown(f"### {inert(question['text'])}")
    sources = question.get("sources") or []
    if sources:
        with st.expander(tr("practice.sources", n=len(sources)), expanded=False):
            for src in sources:
                where = " · ".join(str(src[k]) for k in ("source", "page", "section") if src.get(k))
                st.caption(inert(where))
                if src.get("text"):
                    safe.text(str(src["text"])[:400])


def render_summary(summary: dict[str, Any]) -> None:
    st.subheader(tr("practice.summary.title"))
    if summary.get("status") == "failed":
        st.warning(tr("practice.summary.failed"))
    transcript = summary.get("transcript") or ""
    st.markdown(f"**{tr('practice.summary.transcript')}**")
    if transcript:
        safe.text(transcript)
    else:
        st.write(tr("practice.summary.no_transcript"))
    observations = summary.get("observations") or []
    if observations:
        st.markdown(f"**{tr('practice.summary.observations')}**")
        for obs in observations:
            grade = tr(f"grade.{obs['grade']}") if obs.get("grade") else tr("grade.not_measured")
            st.markdown(f"- **{grade}** — {inert(obs.get('text', ''))}")
    vision = summary.get("vision") or {}
    gaze, posture = vision.get("camera_gaze_share"), vision.get("posture_ok_share")
    if vision.get("frames"):
        st.markdown(f"**{tr('practice.summary.timeline')}**")
        st.caption(tr("practice.summary.vision_shares",
                      gaze="—" if gaze is None else f"{gaze:.0%}",
                      posture="—" if posture is None else f"{posture:.0%}"))
        rows = summary.get("timeline") or []
        if rows:
            st.line_chart(
                {"t_s": [r["t_s"] for r in rows],
                 tr("practice.summary.gaze_series"): [_as01(r.get("gaze_on_camera")) for r in rows],
                 tr("practice.summary.posture_series"): [_as01(r.get("posture_ok")) for r in rows]},
                x="t_s", height=160,
            )
    else:
        st.caption(tr("practice.summary.no_vision"))


def _as01(value: Any) -> float | None:
    return None if value is None else float(bool(value))


def level_bar(level: float | None) -> tuple[float, str]:
    """Meter position 0..1 and a short verdict for the device check."""
    if level is None:
        return 0.0, tr("practice.device.mic_waiting")
    position = min(1.0, max(0.0, (level + 60.0) / 60.0))
    if level >= LEVEL_CLIP_DBFS:
        return position, tr("practice.device.mic_too_loud")
    if level >= LEVEL_OK_DBFS:
        return position, tr("practice.device.mic_ok")
    return position, tr("practice.device.mic_quiet")


def framing_advice(snapshot: RoomSnapshot) -> str:
    """Face centred, distance and light, from the latest vision sample (or the framing helper)."""
    latest = snapshot.latest_vision
    if snapshot.video_frames == 0:
        return tr("practice.device.camera_waiting")
    if snapshot.brightness is not None and snapshot.brightness < DARK_LEVEL:
        return tr("practice.device.too_dark")
    if latest is None:
        return tr("practice.device.framing_unavailable")
    try:
        from core.vision import assess_framing

        advice = assess_framing(latest)
        keys = getattr(advice, "message_keys", None) or (advice if isinstance(advice, list) else None)
        if keys:
            return " · ".join(tr(k) for k in keys)
    except Exception:  # noqa: BLE001 - framing help is optional; fall back to the basics below
        pass
    if not latest.get("face_visible"):
        return tr("practice.device.no_face")
    return tr("practice.device.framing_ok")


def fallback_answer(key: str) -> dict[str, Any] | None:
    """Answer without the live stream: record in the browser, upload a file, or type."""
    mode = st.radio(tr("practice.fallback.how"), ["audio", "upload", "text"], horizontal=True, key=f"{key}_mode",
                    format_func=lambda m: tr(f"practice.fallback.{m}"))
    if mode == "audio":
        audio = st.audio_input(tr("practice.fallback.audio"), key=f"{key}_audio")
        if audio is not None and st.button(tr("practice.submit"), key=f"{key}_send_audio", type="primary"):
            return {"mode": "audio", "data": audio.getvalue(), "suffix": ".wav"}
    elif mode == "upload":
        upload = st.file_uploader(tr("practice.fallback.upload"), key=f"{key}_file",
                                  type=["wav", "mp3", "m4a", "ogg", "webm", "mp4", "mov"])
        if upload is not None and st.button(tr("practice.submit"), key=f"{key}_send_file", type="primary"):
            limit = app_settings().max_upload_mb * 1024 * 1024
            data = upload.getvalue()
            if len(data) > limit:
                st.error(tr("practice.fallback.too_large", mb=app_settings().max_upload_mb))
                return None
            return {"mode": "upload", "data": data, "suffix": Path(upload.name).suffix.lower() or ".bin"}
    else:
        text = st.text_area(tr("practice.fallback.text"), key=f"{key}_text", height=160)
        if st.button(tr("practice.submit"), key=f"{key}_send_text", type="primary"):
            if not text.strip():
                st.warning(tr("practice.fallback.empty"))
                return None
            return {"mode": "text", "text": text.strip()}
    return None


def timer_text(phase: str, elapsed: float, timed: bool) -> str:
    if phase == "prep":
        if timed:
            return tr("practice.timer.prep_left", s=max(0, int(TIMED_PREP_S - elapsed)))
        return tr("practice.timer.prep", s=int(elapsed))
    if timed:
        return tr("practice.timer.answer_left", s=max(0, int(TIMED_ANSWER_S - elapsed)))
    return tr("practice.timer.answer", s=int(elapsed))


# ----------------------------------------------------------------------------- actions
def _guarded(action: Callable[..., None]) -> Callable[..., None]:
    """Page actions never crash the page: the reason is shown, saved answers stay saved."""

    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> None:
        flow().notice = ""  # an earlier problem is no longer news once the user acts again
        try:
            action(*args, **kwargs)
        except crud.AccessDenied:
            flow().notice = tr("common.not_allowed")
        except Exception as exc:  # shown to the user, logged for the operator
            key = getattr(exc, "key", "")
            message = tr(key) if key and tr(key) != key else tr("common.error_generic")
            logger.exception("practice action %s failed", action.__name__)
            flow().notice = message

    return run


@_guarded
def start_session(user_id: int, setup: dict[str, Any]) -> None:
    current = flow()
    current.session_id = int(service().start_session(user_id, **setup))
    current.options = dict(setup.get("options", {}), language=setup["language"], format=setup["format"])
    current.step = "device"


@_guarded
def next_question(user_id: int) -> None:
    """Load the next question (a follow-up or the next main one); none left -> finish."""
    current = flow()
    question = question_dict(service().next_question(user_id, current.session_id))
    current.summary = None
    current.attempt_id = None
    if question is None:
        finish(user_id)
        return
    current.question = question
    current.phase = "prep"
    current.phase_started = time.monotonic()


def enter_interview(user_id: int) -> None:
    """Devices checked: show the current question (kept after a resume) or load the first."""
    current = flow()
    current.step = "interview"
    if current.question is None:
        next_question(user_id)
    else:
        current.phase_started = time.monotonic()


@_guarded
def begin_live_answer(user_id: int) -> None:
    current = flow()
    if current.question is None:
        return
    attempt = service().begin_attempt(user_id, current.question["id"], "live")
    current.attempt_id = int(attempt.id)
    audio = media_path(attempt.audio_path)
    video = audio.with_suffix(".webm") if current.options.get("record_video") else None
    transcriber = _live_transcriber(current.options.get("language", "en"))
    st.session_state[TRANSCRIBER_KEY] = transcriber
    room().start_answer(audio, listener=transcriber.feed if transcriber is not None else None, video_path=video)
    hint_policy(current.options.get("language", "en"), bool(current.options.get("hints", True))).restart()
    current.phase = "answering"
    current.phase_started = time.monotonic()


@_guarded
def finish_live_answer(user_id: int) -> None:
    """Stop recording, analyse once, show the summary (the WAV is complete on disk first)."""
    current = flow()
    capture = room().stop_answer()
    if current.attempt_id is None:
        return
    audio = str(capture.recording.path) if capture.recording is not None else None
    with st.spinner(tr("practice.analyzing")):
        transcript = _finish_transcript(st.session_state.pop(TRANSCRIBER_KEY, None))
        result = service().submit_answer(user_id, current.attempt_id, audio_path=audio,
                                         vision_timeline=capture.vision_timeline, transcript=transcript)
    if capture.video_path is not None:
        with Session(db_engine()) as session:
            crud.update_attempt(session, owner_id=user_id, attempt_id=current.attempt_id,
                                video_path=str(capture.video_path.relative_to(app_settings().media_dir)))
    current.summary = answer_summary(result, capture.vision_timeline)
    current.phase = "review"
    if capture.recording is not None and capture.recording.write_error:
        # The disk filled up mid-answer: the recording stops there, the transcript is complete.
        current.notice = tr("practice.recording_cut", s=int(capture.recording.duration_s),
                            reason=tr(f"practice.write_error.{capture.recording.write_error}"))


@_guarded
def submit_fallback(user_id: int, answer: dict[str, Any]) -> None:
    """An answer recorded in the browser, uploaded, or typed: same service, same analysis."""
    current = flow()
    if current.question is None:
        return
    attempt = service().begin_attempt(user_id, current.question["id"], answer["mode"])
    current.attempt_id = int(attempt.id)
    with st.spinner(tr("practice.analyzing")):
        if answer["mode"] == "text":
            result = service().submit_answer(user_id, current.attempt_id, text=answer["text"])
        else:
            target = media_path(attempt.audio_path or f"attempt-{attempt.id}{answer['suffix']}")
            if answer["suffix"] != ".wav":
                target = target.with_suffix(answer["suffix"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(answer["data"])
            result = service().submit_answer(user_id, current.attempt_id, audio_path=str(target))
    current.summary = answer_summary(result, [])
    current.phase = "review"


@_guarded
def finish(user_id: int) -> None:
    current = flow()
    if room().recording and current.attempt_id is not None:
        finish_live_answer(user_id)  # an answer in progress is kept and analysed, never dropped
    if current.session_id is not None:
        current.report = service().finish_session(user_id, current.session_id) or {}
    current.step = "finished"


def active_sessions(user_id: int) -> list[Any]:
    with Session(db_engine()) as session:
        sessions = crud.list_sessions(session, viewer_id=user_id)
    return [s for s in sessions if s.status == "active" and s.user_id == user_id]


@_guarded
def resume(user_id: int, session_id: int) -> None:
    """Continue a session after a reload: recordings cut off mid-write are repaired first."""
    current = flow()
    state = service().resume(user_id, session_id)
    with Session(db_engine()) as session:
        row = crud.get_session(session, viewer_id=user_id, session_id=session_id)
    current.session_id = session_id
    current.options = dict(row.options or {}, language=row.language, format=row.format)
    question = read_field(state, "current", "question", default=None) if state is not None else None
    current.question = question_dict(question)
    current.step = "device"
    current.phase = "prep"
    current.phase_started = time.monotonic()
    open_attempt = read_field(state, "open_attempt", default=None) if state is not None else None
    if open_attempt is not None and getattr(open_attempt, "audio_path", ""):
        # The page was reloaded mid-answer: the WAV on disk is complete up to the cut.
        info = repair_wav(media_path(open_attempt.audio_path))
        if info is not None and info.duration_s >= MIN_RECOVERED_S:
            current.attempt_id = int(open_attempt.id)
            current.phase = "recovered"
            current.notice = tr("practice.recovered", s=int(info.duration_s))
    if current.question is None:
        next_question(user_id)


@_guarded
def submit_recovered(user_id: int) -> None:
    """Analyse the answer recovered from an interrupted recording."""
    current = flow()
    if current.attempt_id is None:
        return
    with st.spinner(tr("practice.analyzing")):
        result = service().submit_answer(user_id, current.attempt_id)
    current.summary = answer_summary(result, [])
    current.notice = ""
    current.phase = "review"


def begin_calibration() -> None:
    """The analyzer starts collecting every analysed frame for the baseline (if it can)."""
    begin = getattr(room().analyzer, "begin_calibration", None)
    if callable(begin):
        begin()


def calibrate(snapshots: list[RoomSnapshot]) -> dict[str, Any]:
    """The camera-gaze baseline from ~3 s of looking at the camera.

    Prefers the analyzer's own calibration (all frames it analysed in those seconds, applied
    to later frames); else `GazeCalibration.from_frames` on the polled frames; the median
    head pose is kept either way. `calibrated` is False when too few frames showed a face.
    """
    frames = [s.latest_vision for s in snapshots if s.latest_vision and s.latest_vision.get("face_visible")]
    baseline = head_pose_baseline(frames)
    analyzer = room().analyzer
    calibration: Any = None
    try:
        end = getattr(analyzer, "end_calibration", None)
        if callable(end):
            calibration = end()
        else:
            from core.vision import GazeCalibration

            calibration = GazeCalibration.from_frames(frames)
            setter = getattr(analyzer, "set_calibration", None)
            if callable(setter):
                setter(calibration)
    except Exception:  # too few face frames or no vision: keep the median baseline
        logger.info("gaze calibration not applied", exc_info=True)
    if calibration is not None and hasattr(calibration, "to_dict"):
        baseline = dict(baseline, **calibration.to_dict())
    baseline["calibrated"] = bool(baseline.get("calibrated", False))
    return baseline


def save_calibration(user_id: int, baseline: dict[str, Any]) -> None:
    current = flow()
    current.options["calibration"] = baseline
    if current.session_id is None:
        return
    with Session(db_engine()) as session:
        row = crud.get_session(session, viewer_id=user_id, session_id=current.session_id)
        crud.update_session(session, owner_id=user_id, session_id=current.session_id,
                            options=dict(row.options or {}, calibration=baseline))


# ----------------------------------------------------------------------------- the live loop
@dataclass
class LivePlaceholders:
    status: Any
    level: Any
    hint: Any
    timer: Any


def needs_live_loop() -> bool:
    """Whether this step has anything live to show (meters, running timers, hints).

    Streamlit removes elements of an earlier step only when a script run completes, and a
    run with the live loop never completes (the next click interrupts it). So the loop
    runs only where it is needed — the device check, answering, and the timed countdown —
    and every other step's run completes and clears the screen.
    """
    current = flow()
    if current.step == "device":
        return True
    if current.step != "interview":
        return False
    return current.phase == "answering" or (current.phase == "prep" and current.options.get("format") == "timed")


def run_live_loop(user_id: int, is_playing: Any, ph: LivePlaceholders) -> None:
    """Update the meters, timers and the sparse hint a few times a second while streaming.

    Runs at the END of the script: a click on any button reruns the script, which stops
    this loop at its next Streamlit call. Bounded by the stream state and `MAX_LOOP_S`.
    """
    current = flow()
    live_room = room()
    timed = current.options.get("format") == "timed"
    policy = hint_policy(current.options.get("language", "en"), bool(current.options.get("hints", True)))
    deadline = time.monotonic() + MAX_LOOP_S
    last_audio, last_audio_change = -1, time.monotonic()
    while is_playing() and time.monotonic() < deadline:
        snap = live_room.poll()
        now = time.monotonic()
        if snap.audio_frames != last_audio:
            last_audio, last_audio_change = snap.audio_frames, now
        if current.step == "device":
            position, verdict = level_bar(snap.level_dbfs)
            ph.level.progress(position, text=f"{tr('practice.device.mic')}: {verdict}")
            ph.status.caption(framing_advice(snap))
        elif current.step == "interview" and current.phase in ("prep", "answering"):
            elapsed = now - current.phase_started
            ph.timer.markdown(f"**{timer_text(current.phase, elapsed, timed)}**")
            if current.phase == "prep" and timed and elapsed >= TIMED_PREP_S:
                begin_live_answer(user_id)
                st.rerun()
            if current.phase == "answering":
                if timed and elapsed >= TIMED_ANSWER_S:
                    finish_live_answer(user_id)
                    st.rerun()
                hint = policy.update(snap.signals) or policy.visible_hint()
                if hint is not None:
                    ph.hint.info(hint.text)
                else:
                    ph.hint.empty()
                if now - last_audio_change > STALL_S:
                    ph.status.warning(tr("practice.stalled"))
                else:
                    ph.status.caption(tr("practice.recording", s=int(snap.answer_elapsed_s)))
        time.sleep(POLL_INTERVAL_S)
