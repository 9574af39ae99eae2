"""The loops that show live values while the stream plays: meters, timers, the sparse hint,
and the few seconds of gaze calibration.

Both run at the END of the script: a click on any button reruns the script, which stops a
loop at its next Streamlit call. They sleep between polls (small payloads at ~3 Hz, never
an image per frame) and are bounded by the stream state and `MAX_LOOP_S`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core.live.room import RoomSnapshot
from core.practice import flow
from ui.context import tr
from ui.practice import actions, state
from ui.practice.widgets import show_devices, timer_text

POLL_INTERVAL_S = 0.3  # s between live updates
MAX_LOOP_S = 20 * 60  # s: the live loop always ends (the next rerun starts a new one)
STALL_S = 5.0  # s without audio frames while recording = the connection dropped
CALIBRATION_POLL_S = 0.1  # s between samples while calibrating


@dataclass(frozen=True)
class LivePlaceholders:
    status: DeltaGenerator
    level: DeltaGenerator
    hint: DeltaGenerator
    timer: DeltaGenerator


def run_live_loop(user_id: int, is_playing: Callable[[], bool], ph: LivePlaceholders) -> None:
    """Update the meters, timers and hints while streaming; the timed format begins and stops
    the answer by itself when its deadlines pass (then the script reruns to draw the step)."""
    room = state.room()
    deadline = time.monotonic() + MAX_LOOP_S
    last_audio, last_audio_change = -1, time.monotonic()
    while is_playing() and time.monotonic() < deadline:
        current = state.get()
        snap = room.poll()
        now = time.monotonic()
        if snap.audio_frames != last_audio:
            last_audio, last_audio_change = snap.audio_frames, now
        if current.step == "device":
            show_devices(snap, ph.level, ph.status)
        elif current.step == "interview" and current.phase in ("prep", "answering"):
            ph.timer.markdown(f"**{timer_text(current, now)}**")
            due = flow.timed_action(current, now)
            if due == "begin_answer":
                actions.begin_live_answer(user_id)
                st.rerun()
            elif due == "stop_answer":
                actions.finish_live_answer(user_id)
                st.rerun()
            if current.phase == "answering":
                policy = state.hint_policy(current.choices.language, current.choices.live_hints)
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


def run_calibration(seconds: float | None = None) -> list[RoomSnapshot]:
    """Collect `seconds` (default `CALIBRATION_S`) of room snapshots while the analyzer
    gathers its calibration frames."""
    seconds = flow.CALIBRATION_S if seconds is None else seconds
    room = state.room()
    analyzer = room.analyzer
    if analyzer is not None:
        analyzer.begin_calibration()
    bar, snaps, began = st.progress(0.0), [], time.monotonic()
    while time.monotonic() - began < seconds:
        snaps.append(room.poll())
        bar.progress(min(1.0, (time.monotonic() - began) / seconds))
        time.sleep(CALIBRATION_POLL_S)
    return snaps
