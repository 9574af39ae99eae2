"""Shared builders of test media with known ground truth.

Speech: espeak-ng (+ sox) says known words; silences of exact length are inserted with
numpy, so pause times, word counts and speaking spans are known exactly. Encoders write
the same audio as MP3 / M4A / WebM / MP4 (with or without an audio track) through PyAV.
Add new builders (faces, video) by appending; keep the functions general.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import numpy as np

SPEECH_RATE = 16_000  # Hz


def have_speech_tools() -> bool:
    """espeak-ng and sox are installed (apt-get install espeak-ng sox)."""
    return bool(shutil.which("espeak-ng") and shutil.which("sox"))


@lru_cache(maxsize=256)
def _espeak(text: str, voice: str, wpm: int, sample_rate: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(raw), text], check=True,
                       capture_output=True)
        subprocess.run(["sox", str(raw), "-r", str(sample_rate), "-c", "1", "-b", "16", str(out)], check=True,
                       capture_output=True)
        data = out.read_bytes()
    # Canonical 44-byte header from sox; parse the data chunk to be safe.
    index = data.find(b"data")
    pcm = np.frombuffer(data[index + 8:], dtype="<i2")
    return (pcm.astype(np.float32) / 32768.0).copy()


def espeak_speech(text: str, *, voice: str = "en-us", wpm: int = 150, sample_rate: int = SPEECH_RATE,
                  trim: bool = True) -> np.ndarray:
    """`text` spoken by espeak-ng as float32 mono; `trim` cuts espeak's own leading and
    trailing silence so inserted silences are the only pauses at the edges."""
    audio = _espeak(text, voice, wpm, sample_rate).copy()
    return trim_silence(audio) if trim else audio


def trim_silence(audio: np.ndarray, threshold: float = 1e-3) -> np.ndarray:
    """Drop leading/trailing samples quieter than `threshold` (linear full scale)."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return audio[loud[0]:loud[-1] + 1] if loud.size else audio[:0]


def silence(seconds: float, sample_rate: int = SPEECH_RATE) -> np.ndarray:
    return np.zeros(round(seconds * sample_rate), np.float32)


def harmonic_tone(f0: np.ndarray | float, seconds: float, level: float = 0.2,
                  sample_rate: int = SPEECH_RATE) -> np.ndarray:
    """Five harmonics (1/k amplitudes) following `f0` (Hz, scalar or one value per sample):
    a voice-like signal with a known pitch track, for pitch tests."""
    n = int(seconds * sample_rate)
    freq = np.broadcast_to(np.asarray(f0, dtype=float), (n,))
    phase = 2 * np.pi * np.cumsum(freq) / sample_rate
    wave = sum(np.sin(k * phase) / k for k in range(1, 6))
    return (level * wave / np.max(np.abs(wave))).astype(np.float32)


def voiced_hum(seconds: float, *, f0: float = 120.0, sample_rate: int = SPEECH_RATE, level: float = 0.1,
               formants: tuple[float, ...] = (500.0, 1500.0)) -> np.ndarray:
    """A held "uhhh"-like vowel: harmonics of `f0` shaped by two formants, 20 ms fades."""
    t = np.arange(round(seconds * sample_rate)) / sample_rate
    wave = np.zeros_like(t)
    for k in range(1, int(4000 // f0)):
        freq = k * f0
        gain = sum(1.0 / (1.0 + ((freq - f) / 150.0) ** 2) for f in formants) + 0.05
        wave += gain * np.sin(2 * np.pi * freq * t) / k
    wave *= level / max(np.max(np.abs(wave)), 1e-9)
    fade = min(int(0.02 * sample_rate), t.size // 2)
    if fade:
        ramp = np.linspace(0, 1, fade)
        wave[:fade] *= ramp
        wave[-fade:] *= ramp[::-1]
    return wave.astype(np.float32)


@dataclass
class SpokenPart:
    """One element of a built answer and where it landed."""

    kind: str  # "speech" | "silence" | "audio"
    text: str
    start_s: float
    end_s: float


@dataclass
class SpeechClip:
    """Audio with its ground truth."""

    audio: np.ndarray
    sample_rate: int
    parts: list[SpokenPart] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.audio.size / self.sample_rate

    @property
    def speech(self) -> list[SpokenPart]:
        return [p for p in self.parts if p.kind == "speech"]

    @property
    def silences(self) -> list[SpokenPart]:
        return [p for p in self.parts if p.kind == "silence"]

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.speech)

    @property
    def speech_span_s(self) -> float:
        """First spoken sample -> last spoken sample."""
        spoken = [p for p in self.parts if p.kind in ("speech", "audio")]
        return spoken[-1].end_s - spoken[0].start_s if spoken else 0.0


def build_speech(parts: list[str | float | tuple[str, np.ndarray]], *, voice: str = "en-us", wpm: int = 150,
                 sample_rate: int = SPEECH_RATE) -> SpeechClip:
    """Concatenate spoken text (str), exact silences (float seconds) and ready-made audio
    (("label", samples), e.g. a `voiced_hum`) and record where each part starts and ends."""
    pieces: list[np.ndarray] = []
    truth: list[SpokenPart] = []
    cursor = 0
    for part in parts:
        if isinstance(part, str):
            audio, kind, label = espeak_speech(part, voice=voice, wpm=wpm, sample_rate=sample_rate), "speech", part
        elif isinstance(part, tuple):
            label, audio = part
            kind = "audio"
        else:
            audio, kind, label = silence(float(part), sample_rate), "silence", ""
        truth.append(SpokenPart(kind, label, cursor / sample_rate, (cursor + audio.size) / sample_rate))
        pieces.append(audio.astype(np.float32))
        cursor += audio.size
    return SpeechClip(np.concatenate(pieces) if pieces else np.zeros(0, np.float32), sample_rate, truth)


def write_wav(path: Path, audio: np.ndarray, sample_rate: int = SPEECH_RATE, channels: int = 1) -> Path:
    """16-bit PCM WAV (mono, or the mono signal copied to `channels`)."""
    import wave

    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    if channels > 1:
        pcm = np.repeat(pcm[:, None], channels, axis=1).reshape(-1)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return path


def encode_audio(path: Path, audio: np.ndarray, *, container: str, codec: str, sample_rate: int = SPEECH_RATE,
                 rate_out: int | None = None, with_video: bool = False) -> Path:
    """Write `audio` with PyAV: e.g. ("mp3", "mp3"), ("mp4", "aac") for M4A, ("webm", "libopus"),
    ("mp4", "aac", with_video=True) for a video file with an audio track."""
    import av

    rate = rate_out or (48_000 if codec == "libopus" else sample_rate)
    with av.open(str(path), mode="w", format=container) as out:
        video = None
        if with_video:
            video = out.add_stream("mpeg4" if container == "mp4" else "libvpx", rate=10)
            video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        resampler = av.AudioResampler(format=stream.format.name if stream.format else "fltp", layout="mono",
                                      rate=rate)
        block = 1024
        samples = audio.astype(np.float32)
        for start in range(0, samples.size, block):
            frame = av.AudioFrame.from_ndarray(samples[None, start:start + block], format="flt", layout="mono")
            frame.sample_rate = sample_rate
            frame.pts = start
            frame.time_base = Fraction(1, sample_rate)
            for resampled in resampler.resample(frame):
                for packet in stream.encode(resampled):
                    out.mux(packet)
        for resampled in resampler.resample(None):
            for packet in stream.encode(resampled):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
        if video is not None:
            for index in range(int(samples.size / sample_rate * 10)):
                image = av.VideoFrame.from_ndarray(np.full((48, 64, 3), index % 255, np.uint8), format="rgb24")
                for packet in video.encode(image):
                    out.mux(packet)
            for packet in video.encode(None):
                out.mux(packet)
    return path


def encode_video_only(path: Path, seconds: float = 1.0) -> Path:
    """An MP4 with a video track and no audio track."""
    import av

    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        for index in range(int(seconds * 10)):
            image = av.VideoFrame.from_ndarray(np.full((48, 64, 3), index * 20 % 255, np.uint8), format="rgb24")
            for packet in video.encode(image):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
    return path


# ----------------------------------------------------------------------------- faces (vision)
# A real photographed face: skimage.data.astronaut() (smiling, looking at the camera). The
# head-and-shoulders crop is pasted on a plain 640×480 background, so truth is known per
# frame: "face" (centred, upright), "tilt" (the whole picture rotated by TILT_DEG
# counter-clockwise: head roll and shoulder line both tilt), "away" / "empty" (no face).
FACE_W, FACE_H = 640, 480
FACE_BACKGROUND = (200, 200, 205)  # plain light-grey wall
TILT_DEG = 30.0


@lru_cache(maxsize=1)
def _astronaut_crop() -> np.ndarray:
    from skimage import data

    return data.astronaut()[0:420, 10:380].copy()  # head and shoulders, 370×420


def empty_room_frame(level: tuple[int, int, int] = FACE_BACKGROUND) -> np.ndarray:
    """A 640×480 frame of the plain background (nobody in view)."""
    return np.full((FACE_H, FACE_W, 3), level, np.uint8)


@lru_cache(maxsize=32)
def face_frame(dx: int = 0, dy: int = 0, angle_deg: float = 0.0, gain: float = 1.0) -> np.ndarray:
    """The astronaut pasted on the background, shifted by (dx, dy) px, rotated by angle_deg
    (counter-clockwise on screen) and darkened by `gain` (< 1 = a dim room). Cached: treat
    the result as read-only."""
    import cv2

    frame = empty_room_frame()
    crop = _astronaut_crop()
    h, w = crop.shape[:2]
    x0, y0 = (FACE_W - w) // 2 + dx, 60 + dy
    xs, ys = max(0, x0), max(0, y0)
    xe, ye = min(FACE_W, x0 + w), min(FACE_H, y0 + h)
    if xe > xs and ye > ys:
        frame[ys:ye, xs:xe] = crop[ys - y0:ye - y0, xs - x0:xe - x0]
    if angle_deg:
        matrix = cv2.getRotationMatrix2D((FACE_W / 2, FACE_H / 2), angle_deg, 1.0)
        frame = cv2.warpAffine(frame, matrix, (FACE_W, FACE_H), borderValue=FACE_BACKGROUND)
    if gain != 1.0:
        frame = np.clip(frame.astype(np.float32) * gain, 0, 255).astype(np.uint8)
    frame.setflags(write=False)
    return frame


def face_clip(kinds: list[str]) -> list[np.ndarray]:
    """Frames for a list of kinds: "face", "tilt", "away" (the face shifted out of frame),
    "empty" (an empty room), "left" (the face off-centre to the left), "dark"."""
    builders = {
        "face": lambda: face_frame(),
        "tilt": lambda: face_frame(angle_deg=TILT_DEG),
        "away": lambda: face_frame(dx=FACE_W),
        "empty": lambda: empty_room_frame(),
        "left": lambda: face_frame(dx=-200),
        "dark": lambda: face_frame(gain=0.2),
    }
    return [builders[kind]() for kind in kinds]


def write_face_video(path: Path, frames: list[np.ndarray], fps: int = 15, codec: str = "mpeg4") -> Path:
    """Encode RGB frames as a video file (container from the suffix) with PyAV."""
    import av

    with av.open(str(path), mode="w") as out:
        stream = out.add_stream(codec, rate=fps)
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt = "yuv420p"
        stream.bit_rate = 2_000_000
        for frame in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="rgb24")):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def write_face_y4m(path: Path, seconds: float = 2.0, fps: int = 15, frames: list[np.ndarray] | None = None) -> Path:
    """A Y4M file of the astronaut face for Chromium's fake camera
    (`--use-file-for-fake-video-capture=...`): YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg,
    then "FRAME\\n" + I420 bytes per frame. Chromium loops the file."""
    import cv2

    frames = frames or [face_frame()] * max(1, int(seconds * fps))
    height, width = frames[0].shape[:2]
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for frame in frames:
            out.write(b"FRAME\n")
            out.write(cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_RGB2YUV_I420).tobytes())
    return path
