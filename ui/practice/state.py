"""The Practice page's session state: one frozen `PracticeState` and the live room.

Owns five `st.session_state` keys: the flow state (`core.practice.flow.PracticeState`,
replaced — never mutated — by the transitions), the `LiveRoom` the WebRTC callbacks feed,
the hint policy, the live transcriber of the answer in progress and the stopwatch of the
step being drawn (`Stopwatch`: a Stop's phases, logged once the page is drawn). Nothing heavy is kept:
audio lives on disk, results in the database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec

import streamlit as st

from core.live.hints import HintPolicy
from core.live.room import LiveRoom
from core.practice.flow import PracticeState
from core.practice.stopwatch import Stopwatch
from core.speech.streaming import ChunkedTranscriber
from ui.context import app_settings, lang
from ui.practice import services

STATE_KEY = "practice_state"
ROOM_KEY = "practice_live_room"
HINTS_KEY = "practice_hint_policy"
TRANSCRIBER_KEY = "practice_live_transcriber"
STOPWATCH_KEY = "practice_stopwatch"

logger = logging.getLogger(__name__)

P = ParamSpec("P")


def get() -> PracticeState:
    current = st.session_state.get(STATE_KEY)
    if not isinstance(current, PracticeState):
        current = PracticeState()
        st.session_state[STATE_KEY] = current
    return current


def put(state: PracticeState) -> PracticeState:
    st.session_state[STATE_KEY] = state
    return state


def apply(transition: Callable[Concatenate[PracticeState, P], PracticeState], *args: P.args,
          **kwargs: P.kwargs) -> PracticeState:
    """Replace the state with `transition(state, ...)`."""
    return put(transition(get(), *args, **kwargs))


def reset() -> None:
    live_room = st.session_state.pop(ROOM_KEY, None)
    if isinstance(live_room, LiveRoom):
        live_room.close()
    st.session_state.pop(HINTS_KEY, None)
    drop_transcriber()
    st.session_state[STATE_KEY] = PracticeState()


def room() -> LiveRoom:
    """This browser session's live room (created on first use, closed by `reset`)."""
    current = st.session_state.get(ROOM_KEY)
    if not isinstance(current, LiveRoom):
        current = LiveRoom(analyzer_factory=services.analyzer_factory(app_settings()))
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


def keep_transcriber(transcriber: ChunkedTranscriber | None) -> None:
    st.session_state[TRANSCRIBER_KEY] = transcriber


def take_transcriber() -> ChunkedTranscriber | None:
    value = st.session_state.pop(TRANSCRIBER_KEY, None)
    return value if isinstance(value, ChunkedTranscriber) else None


def drop_transcriber() -> None:
    transcriber = take_transcriber()
    if transcriber is not None:
        transcriber.close()


def start_stopwatch(step: str) -> Stopwatch:
    """Time a step the user waits for; `log_stopwatch` ends it when the page is drawn."""
    watch = Stopwatch(step)
    st.session_state[STOPWATCH_KEY] = watch
    return watch


def stopwatch() -> Stopwatch | None:
    value = st.session_state.get(STOPWATCH_KEY)
    return value if isinstance(value, Stopwatch) else None


def lap(phase: str) -> None:
    """Lap the running stopwatch (no-op without one): the page marks where its time goes."""
    watch = stopwatch()
    if watch is not None:
        watch.lap(phase)


def log_stopwatch(phase: str = "page_drawn") -> None:
    """End the running stopwatch with `phase` and log its phases (INFO); no-op without one."""
    watch = st.session_state.pop(STOPWATCH_KEY, None)
    if isinstance(watch, Stopwatch):
        watch.lap(phase)
        logger.info("%s", watch.describe())
