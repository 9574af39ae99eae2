"""The ONE module that touches streamlit-webrtc: the camera/microphone capture widget.

Callbacks run on aiortc's threads, so they only forward frames to the session's
`core.live.LiveRoom` (a plain object with its own lock, kept in `st.session_state`, never
in a module global) and return at once. Audio goes through a push sink
(`create_audio_sink_track`): every frame reaches the recorder, in order, none dropped.
Video goes through `video_frame_callback`, which may drop stale frames — fine for gaze.

`AppTest` cannot run `webrtc_streamer` (TECH_NOTES §7), so pages call
`capture_widget` through this module and tests patch it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from core.config import Settings
from core.live.room import LiveRoom

logger = logging.getLogger(__name__)
logging.getLogger("aioice").setLevel(logging.WARNING)  # aioice logs every candidate at INFO
logging.getLogger("aiortc").setLevel(logging.WARNING)

WEBRTC_KEY = "practice-live"
SINK_KEY = "practice-live-audio-sink"

# 640x480 is what the landmarkers were measured at (TESTING.md); 15-30 fps is plenty for
# gaze and keeps the 2-core budget. `ideal`/`max` only: a `min` makes some webcams (and
# Chromium's fake device) fail with OverconstrainedError.
# Audio: the unprocessed microphone. The room *measures* the voice — volume (dBFS), pauses
# (silence between words) and fillers (quiet "um"s) — and the browser's voice processing
# changes exactly those: automatic gain control levels the volume the user should hear
# about, noise suppression cuts quiet hesitations and pause edges, echo cancellation
# gates the signal. So all three are off; the question read aloud is stopped before the
# recording starts (ui/practice/browser.py), so no echo needs cancelling.
MEDIA_CONSTRAINTS: dict[str, Any] = {
    "video": {"width": {"ideal": 640}, "height": {"ideal": 480}, "frameRate": {"ideal": 20, "max": 30}},
    "audio": {"echoCancellation": False, "noiseSuppression": False, "autoGainControl": False},
}
# playsInline: iOS Safari otherwise opens the preview full screen; muted: no echo.
VIDEO_HTML_ATTRS: dict[str, Any] = {
    "autoPlay": True,
    "playsInline": True,
    "muted": True,
    "controls": False,
    "style": {"width": "100%", "borderRadius": "8px"},
}


@dataclass(frozen=True)
class CaptureState:
    """What the page needs to know about the capture widget on this run."""

    playing: bool
    signalling: bool = False
    available: bool = True  # False: streamlit-webrtc could not be used at all
    error: str = ""
    is_playing: Callable[[], bool] = field(default=lambda: False, compare=False, repr=False)


def rtc_configuration(settings: Settings) -> dict[str, Any] | None:
    """ICE servers from settings: a JSON list (empty = host candidates only, as in tests).

    Unset -> None, so streamlit-webrtc picks TURN from its own env providers (Twilio,
    Cloudflare, HF) or falls back to public STUN.
    """
    if settings.ice_servers_json is None or not settings.ice_servers_json.strip():
        return None
    try:
        servers = json.loads(settings.ice_servers_json)
    except json.JSONDecodeError:
        logger.error("ARES_ICE_SERVERS is not valid JSON; using streamlit-webrtc's defaults")
        return None
    if not isinstance(servers, list):
        logger.error("ARES_ICE_SERVERS must be a JSON list of RTCIceServer objects")
        return None
    return {"iceServers": servers}


def translations(tr: Callable[..., str]) -> dict[str, str]:
    keys = ("start", "stop", "select_device", "media_api_not_available", "device_ask_permission",
            "device_not_available", "device_access_denied")
    return {key: tr(f"practice.webrtc.{key}") for key in keys}


def capture_widget(room: LiveRoom, *, settings: Settings, tr: Callable[..., str]) -> CaptureState:
    """Render the camera preview with START/STOP and wire its frames into `room`."""
    try:
        from streamlit_webrtc import WebRtcMode, create_audio_sink_track, webrtc_streamer
    except Exception as exc:  # a broken av/aiortc install: fall back to the other answer modes
        logger.exception("streamlit-webrtc unavailable")
        return CaptureState(playing=False, available=False, error=str(exc))

    def on_video(frame: Any) -> Any:
        # aiortc worker thread: convert and forward, nothing else.
        room.on_video(frame.to_ndarray(format="rgb24"))
        return frame

    def on_audio(frame: Any) -> None:
        # aiortc event loop: s16 packed stereo 48 kHz from Opus; lossless path to the WAV.
        room.on_audio(frame.to_ndarray(), frame.sample_rate, len(frame.layout.channels),
                      planar=frame.format.is_planar, pts=frame.pts)

    sink = create_audio_sink_track(on_audio, key=SINK_KEY)

    def on_change() -> None:
        ctx = st.session_state.get(WEBRTC_KEY)
        if ctx is not None and not ctx.state.playing and not ctx.state.signalling:
            sink.stop()

    ctx = webrtc_streamer(
        key=WEBRTC_KEY,
        mode=WebRtcMode.SENDRECV,
        rtc_configuration=rtc_configuration(settings),
        media_stream_constraints=MEDIA_CONSTRAINTS,
        video_frame_callback=on_video,
        on_video_ended=room.on_ended,  # closes the landmarkers, flushes an open answer
        sink_audio_track=sink,
        sendback_audio=False,
        video_html_attrs=VIDEO_HTML_ATTRS,
        translations=translations(tr),  # type: ignore[arg-type]
        on_change=on_change,
    )
    # The live loop re-reads the state: STOP, a closed tab or a dropped peer end the loop.
    return CaptureState(playing=bool(ctx.state.playing), signalling=bool(ctx.state.signalling),
                        is_playing=lambda: bool(ctx.state.playing))
