"""Decode any recording to the one format the speech analysis uses: float32, 16 kHz, mono.

PyAV (FFmpeg, bundled in its wheels) decodes WAV, MP3, M4A/AAC, WebM/Opus, OGG, FLAC and
the audio track of video files. The container is recognised from its **content**, never
from a file name or extension, so a WAV uploaded as `answer.mp3` decodes fine and a text
file called `answer.wav` is refused as undecodable.

Every failure is an `AudioError` with a stable `code` and an i18n `message_key`
(`core/i18n/catalog/speech.json`), so the UI and the CLI can show one clear line.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import av
import numpy as np

from core.media.conditioning import ChannelChoice, mix_channels

SAMPLE_RATE = 16_000  # Hz; what Whisper and every metric here expect
MAX_AUDIO_S = 20 * 60.0  # s; an interview answer is minutes long; this bounds memory (~77 MB float32)
SILENT_PEAK = 10 ** (-70 / 20)  # linear full scale (-70 dBFS); quieter than any microphone's noise floor

AudioSource = str | Path | bytes | bytearray | memoryview | BinaryIO

ERROR_CODES = ("not_found", "empty", "no_audio_track", "undecodable", "silent", "too_long")


class AudioError(Exception):
    """A recording that cannot be analysed; `code` is one of `ERROR_CODES`."""

    def __init__(self, code: str, detail: str = "", **values: object) -> None:
        self.code = code
        self.message_key = f"speech.audio_error.{code}"
        self.values = values
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass(frozen=True)
class AudioInfo:
    """What the container holds, as detected from the bytes."""

    container: str
    codec: str
    duration_s: float | None
    has_video: bool


def _open(source: AudioSource) -> av.container.InputContainer:
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise AudioError("not_found", str(path), path=str(path))
        if path.stat().st_size == 0:
            raise AudioError("empty", str(path))
        target: str | BinaryIO = str(path)
    elif isinstance(source, bytes | bytearray | memoryview):
        if len(source) == 0:
            raise AudioError("empty")
        target = io.BytesIO(bytes(source))
    else:
        data = source.read()
        if not data:
            raise AudioError("empty")
        target = io.BytesIO(data)
    try:
        return av.open(target, mode="r")
    except av.FFmpegError as exc:
        raise AudioError("undecodable", str(exc)) from exc


def probe_audio(source: AudioSource) -> AudioInfo:
    """Container, codec and duration of the first audio track (raises `AudioError`)."""
    with _open(source) as container:
        if not container.streams.audio:
            raise AudioError("no_audio_track", container.format.name)
        stream = container.streams.audio[0]
        duration = _duration_s(container, stream)
        return AudioInfo(
            container=container.format.name,
            codec=stream.codec_context.name,
            duration_s=duration,
            has_video=bool(container.streams.video),
        )


def _duration_s(container: av.container.InputContainer, stream: av.audio.stream.AudioStream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _planar(frame: av.AudioFrame) -> np.ndarray:
    """Packed float frame -> (samples, channels)."""
    channels = max(1, len(frame.layout.channels))
    return frame.to_ndarray().reshape(-1, channels)


@dataclass(frozen=True)
class DecodedAudio:
    """A decoded recording: 16 kHz mono samples and how its channels were combined."""

    samples: np.ndarray
    channels: ChannelChoice


def decode_audio(
    source: AudioSource,
    *,
    sample_rate: int = SAMPLE_RATE,
    max_duration_s: float = MAX_AUDIO_S,
    allow_silent: bool = False,
) -> DecodedAudio:
    """Decode `source` to float32 mono at `sample_rate`, combining the channels with
    `core.media.conditioning.mix_channels` (out-of-phase channels do not cancel; a dead
    channel does not halve the level). Raises `AudioError` like `load_audio`."""
    max_samples = int(max_duration_s * sample_rate)
    pieces: list[np.ndarray] = []
    total = 0
    with _open(source) as container:
        if not container.streams.audio:
            raise AudioError("no_audio_track", container.format.name)
        stream = container.streams.audio[0]
        declared = _duration_s(container, stream)
        if declared is not None and declared > max_duration_s + 1.0:
            raise AudioError("too_long", f"{declared:.0f} s", limit_min=round(max_duration_s / 60))
        # Resample but keep the channels, then combine them ourselves: FFmpeg's default
        # stereo->mono matrix sums at -3 dB (identical channels come out 41 % louder and clip)
        # and cancels channels that are out of phase.
        resampler = av.AudioResampler(format="flt", rate=sample_rate)
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = _planar(out)
                    pieces.append(chunk)
                    total += chunk.shape[0]
                if total > max_samples + sample_rate:
                    raise AudioError("too_long", f"> {max_duration_s:.0f} s", limit_min=round(max_duration_s / 60))
            for out in resampler.resample(None):
                pieces.append(_planar(out))
        except av.FFmpegError as exc:
            # A stream whose codec FFmpeg cannot decode, or corrupt packets.
            if not pieces:
                raise AudioError("undecodable", str(exc)) from exc
    width = max((p.shape[1] for p in pieces), default=1)
    pieces = [p if p.shape[1] == width else np.repeat(p[:, :1], width, axis=1) for p in pieces]  # layout change
    frames = np.concatenate(pieces).astype(np.float32, copy=False) if pieces else np.zeros((0, 1), np.float32)
    if frames.shape[0] == 0:
        raise AudioError("empty", "no samples decoded")
    if frames.shape[0] > max_samples:
        raise AudioError("too_long", f"{frames.shape[0] / sample_rate:.0f} s", limit_min=round(max_duration_s / 60))
    audio, choice = mix_channels(frames)
    if not allow_silent and float(np.max(np.abs(audio))) < SILENT_PEAK:
        raise AudioError("silent", f"peak below {SILENT_PEAK:.1e}")
    return DecodedAudio(audio.astype(np.float32, copy=False), choice)


def load_audio(
    source: AudioSource,
    *,
    sample_rate: int = SAMPLE_RATE,
    max_duration_s: float = MAX_AUDIO_S,
    allow_silent: bool = False,
) -> np.ndarray:
    """Decode `source` (path, bytes or binary file object) to float32 mono at `sample_rate`.

    Raises `AudioError` with code `not_found`, `empty`, `no_audio_track`, `undecodable`,
    `silent` (unless `allow_silent`) or `too_long` (over `max_duration_s`).
    """
    return decode_audio(source, sample_rate=sample_rate, max_duration_s=max_duration_s,
                        allow_silent=allow_silent).samples
