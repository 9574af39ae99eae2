"""ui/live: ICE configuration from settings, translated buttons, the one streamlit-webrtc module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.config import Settings
from core.i18n import t
from ui import live

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),  # unset: streamlit-webrtc picks TURN from its own env providers
        ("", None),
        ("[]", {"iceServers": []}),  # tests / LAN: host candidates only
        ('[{"urls": "turn:turn.example.org:3478", "username": "u", "credential": "c"}]',
         {"iceServers": [{"urls": "turn:turn.example.org:3478", "username": "u", "credential": "c"}]}),
        ("not json", None),
        ('{"urls": "stun:x"}', None),  # must be a list
    ],
)
def test_rtc_configuration_from_settings(value, expected, monkeypatch):
    if value is None:
        monkeypatch.delenv("ARES_ICE_SERVERS", raising=False)
    else:
        monkeypatch.setenv("ARES_ICE_SERVERS", value)
    assert live.rtc_configuration(Settings()) == expected


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_webrtc_buttons_are_translated(lang):
    labels = live.translations(lambda key, **kw: t(key, lang, **kw))
    assert set(labels) >= {"start", "stop", "select_device", "device_access_denied"}
    assert all(text and not text.startswith("practice.") for text in labels.values())
    assert labels["start"] == ("START" if lang == "en" else "시작")


def test_capture_constraints_and_video_attributes():
    video = live.MEDIA_CONSTRAINTS["video"]
    assert video["width"]["ideal"] == 640 and video["height"]["ideal"] == 480
    assert 15 <= video["frameRate"]["ideal"] <= video["frameRate"]["max"] <= 30
    assert live.VIDEO_HTML_ATTRS["playsInline"] and live.VIDEO_HTML_ATTRS["muted"]
    # The room measures volume, pauses and fillers: the browser must not process the voice.
    assert live.MEDIA_CONSTRAINTS["audio"] == {"echoCancellation": False, "noiseSuppression": False,
                                               "autoGainControl": False}


def test_only_ui_live_imports_streamlit_webrtc():
    users = [p.relative_to(ROOT).as_posix() for folder in ("core", "ui", "pages") for p in (ROOT / folder).rglob("*.py")
             if re.search(r"^\s*(from|import)\s+streamlit_webrtc", p.read_text(encoding="utf-8"), re.M)]
    assert users == ["ui/live.py"]
