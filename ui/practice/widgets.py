"""The Practice page's widgets: the question, the after-answer summary, the answer without a
live stream, the timers and the device-check meters (each renders; none decides)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core.live.device import camera_advice, mic_verdict
from core.live.room import RoomSnapshot
from core.live.summary import AnswerSummary
from core.practice.flow import PracticeState, QuestionView, browser_time_left, time_left
from core.practice.numbering import main_number, question_number
from core.report.charts import gaze_and_posture
from ui import safe
from ui.context import app_settings, lang, tr
from ui.practice import browser
from ui.safe import inert


def render_question(question: QuestionView) -> None:
    # The ordinal in the session (2, a follow-up 2a), not the stored ordering field (100, 101).
    number = question_number(question.position, question.depth)
    label = (tr("s22.practice.followup_label", n=number, main=main_number(question.position)) if question.depth
             else tr("practice.question_label", n=number))
    st.caption(label)
    st.markdown(f"### {inert(question.text)}")
    if question.sources:
        with st.expander(tr("practice.sources", n=len(question.sources)), expanded=False):
            for src in question.sources:
                where = " · ".join(str(src[k]) for k in ("source", "page", "section") if src.get(k))
                st.caption(inert(where))
                if src.get("text"):
                    safe.text(str(src["text"])[:400])


def render_summary(summary: AnswerSummary) -> DeltaGenerator | None:
    """The summary's text now; returns the place for the camera chart (under its heading),
    which the page fills last (`render_chart`), so the transcript and observations are on
    screen before the chart; None when the answer has no camera timeline."""
    st.subheader(tr("practice.summary.title"))
    if summary.status == "failed":
        st.warning(tr("practice.summary.failed"))
    st.markdown(f"**{tr('practice.summary.transcript')}**")
    if summary.transcript:
        safe.text(summary.transcript)
    else:
        st.write(tr("practice.summary.no_transcript"))
    if summary.observations:
        st.markdown(f"**{tr('practice.summary.observations')}**")
        for obs in summary.observations:
            st.markdown(f"- **{tr(f'grade.{obs.grade}')}** — {inert(obs.text)}")
    if not summary.frames:
        st.caption(tr("practice.summary.no_vision"))
        return None
    st.markdown(f"**{tr('practice.summary.timeline')}**")
    gaze, posture = summary.camera_gaze_share, summary.posture_ok_share
    st.caption(tr("practice.summary.vision_shares", gaze="—" if gaze is None else f"{gaze:.0%}",
                  posture="—" if posture is None else f"{posture:.0%}"))
    if not summary.timeline:
        return None
    chart_slot = st.empty()
    chart_slot.caption(tr("redesign.summary.chart_loading"))
    return chart_slot


def render_chart(summary: AnswerSummary, chart_slot: DeltaGenerator) -> None:
    """The gaze/posture chart of the answer (the slowest element to draw, so drawn last): the
    report's own figure (`core.report.charts.gaze_and_posture`: seconds on the x axis, both
    lines visible when both are 100 %)."""
    chart_slot.plotly_chart(gaze_and_posture(summary.timeline, lang()), key=f"summary_chart_{summary.attempt_id}")


@dataclass(frozen=True)
class FallbackAnswer:
    """An answer given without the live stream: recorded in the browser, uploaded or typed."""

    mode: str  # audio | upload | text
    data: bytes = b""
    suffix: str = ".wav"
    text: str = ""


def typed_answer_clock(state: PracticeState, rule_key: str = "typed.timer.rule",
                       done_key: str = "typed.timer.up") -> None:
    """The timed format's clock for an answer typed or recorded in the browser: thinking time,
    then answer time, counted from when the question first appeared (as in the live room; a
    reload keeps it, `flow.enter_interview`), and what happens at zero — the clock says time
    is up; nothing is sent by itself (the page cannot read a half-typed answer or an
    unfinished recording to send it). Already up when the page is drawn (back after the
    limit): the same words, with no clock. A session from before the first-shown time was
    stored restarts the clock, and the page says so."""
    deadlines = state.choices.deadlines
    if deadlines.answer_s is None:
        return
    prep_s = deadlines.prep_s or 0.0
    now = time.monotonic()
    st.caption(tr(rule_key, prep=int(prep_s), answer=int(deadlines.answer_s)))
    if state.clock_restarted:
        st.caption(tr("s22.practice.clock_restarted"))
    if browser_time_left(state, now) == 0.0:
        st.warning(tr(done_key))
        return
    started_ms = int((time.time() - state.elapsed(now)) * 1000)
    browser.countdown([(tr("practice.timer.prep_left", s="{s}"), prep_s),
                       (tr("practice.timer.answer_left", s="{s}"), deadlines.answer_s)],
                      tr(done_key), started_ms)


def _draft_changed(key: str, on_draft: Callable[[str], None]) -> None:
    on_draft(str(st.session_state.get(key, "")))


LAST_ANSWER_MODE_KEY = "practice_last_answer_mode"  # "audio" | "upload" | "text", this browser session


def fallback_answer(key: str, state: PracticeState | None = None,
                    on_draft: Callable[[str], None] | None = None) -> FallbackAnswer | None:
    """Answer without the live stream: record in the browser, upload a file, or type. With
    the state of a timed question, a typed answer gets the format's countdown. A question with
    a stored draft opens on typing, any other on the way the last one was answered
    (`LAST_ANSWER_MODE_KEY`), and the text box starts from the draft; `on_draft(text)`
    runs whenever its text reaches the server (Streamlit sends it when the box loses focus or
    on Ctrl+Enter, not per key); until then the browser keeps it for the tab
    (`browser.keep_draft`), so a reload puts it back."""
    mode_key = f"{key}_mode"
    if mode_key not in st.session_state and state is not None and state.question is not None \
            and state.question.draft:
        # Back after a reload with a typed draft stored: open where it is, not on "Record"
        # (set once, not as the radio's index: an index that followed the draft would move
        # the choice under the user when the box is emptied and sent).
        st.session_state[mode_key] = "text"
    elif mode_key not in st.session_state and LAST_ANSWER_MODE_KEY in st.session_state:
        # The next question opens on the way the user answered the last one, not on "Record"
        # (new-user finding, session 25: a typist was sent back to the microphone every time).
        st.session_state[mode_key] = st.session_state[LAST_ANSWER_MODE_KEY]
    mode = st.radio(tr("practice.fallback.how"), ["audio", "upload", "text"], horizontal=True, key=mode_key,
                    format_func=lambda m: tr(f"practice.fallback.{m}"))
    st.session_state[LAST_ANSWER_MODE_KEY] = mode
    if mode == "audio":
        if state is not None:  # the same clock as a typed answer (finding s22 #4)
            typed_answer_clock(state, "s22.practice.record_rule", "s22.practice.record_time_up")
        audio = st.audio_input(tr("practice.fallback.audio"), key=f"{key}_audio")
        if audio is not None and st.button(tr("practice.submit"), key=f"{key}_send_audio", type="primary"):
            return FallbackAnswer(mode="audio", data=audio.getvalue(), suffix=".wav")
    elif mode == "upload":
        if state is not None and state.choices.deadlines.answer_s is not None:  # a file has no live clock
            st.caption(tr("s22.practice.upload_rule", answer=int(state.choices.deadlines.answer_s)))
        upload = st.file_uploader(tr("practice.fallback.upload"), key=f"{key}_file",
                                  type=["wav", "mp3", "m4a", "ogg", "webm", "mp4", "mov"])
        if upload is not None and st.button(tr("practice.submit"), key=f"{key}_send_file", type="primary"):
            limit = app_settings().max_upload_mb * 1024 * 1024
            data = upload.getvalue()
            if len(data) > limit:
                st.error(tr("practice.fallback.too_large", mb=app_settings().max_upload_mb))
                return None
            return FallbackAnswer(mode="upload", data=data, suffix=Path(upload.name).suffix.lower() or ".bin")
    else:
        if state is not None:
            typed_answer_clock(state)
        text_key = f"{key}_text"
        if text_key not in st.session_state and state is not None and state.question is not None:
            st.session_state[text_key] = state.question.draft  # back after a reload: the draft is kept
        label = tr("practice.fallback.text")
        text = st.text_area(label, key=text_key, height=160,
                            on_change=None if on_draft is None else _draft_changed,
                            args=None if on_draft is None else (text_key, on_draft))
        if on_draft is not None and state is not None and state.question is not None:
            # What is typed but not yet sent by Streamlit (no blur yet) survives a reload in the tab.
            browser.keep_draft(state.question.id, label, tr("practice.submit"), text)
        if st.button(tr("practice.submit"), key=f"{key}_send_text", type="primary"):
            if not text.strip():
                st.warning(tr("practice.fallback.empty"))
                return None
            return FallbackAnswer(mode="text", text=text.strip())
    return None


def timer_text(state: PracticeState, now: float) -> str:
    left = time_left(state, now)
    if state.phase == "prep":
        return tr("practice.timer.prep", s=int(state.elapsed(now))) if left is None else \
            tr("practice.timer.prep_left", s=int(left))
    return tr("practice.timer.answer", s=int(state.elapsed(now))) if left is None else \
        tr("practice.timer.answer_left", s=int(left))


def show_devices(snapshot: RoomSnapshot, level: DeltaGenerator, camera: DeltaGenerator) -> None:
    """The microphone meter and what the camera check says now."""
    position, verdict = mic_verdict(snapshot.level_dbfs)
    verdict_key = {"waiting": "mic_waiting", "quiet": "mic_quiet", "ok": "mic_ok", "too_loud": "mic_too_loud"}[verdict]
    level.progress(position, text=f"{tr('practice.device.mic')}: {tr(f'practice.device.{verdict_key}')}")
    camera.caption(" · ".join(tr(key) for key in camera_advice(snapshot)))
