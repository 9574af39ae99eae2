"""Fake camera and microphone files for Chromium (TESTING.md "Test media you can make").

- Camera: a Y4M clip of a real photographed face (`skimage.data.astronaut()`) pasted on a
  plain 640x480 background, looking at the camera.
- Microphone: an espeak-ng spoken answer with known words, 48 kHz mono WAV, followed by a
  second of silence (Chromium loops the file).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np

ANSWER_TEXT = (
    "In my last role I led a team of four engineers to rebuild the billing system. "
    "We cut monthly failures by half within three months."
)
ANSWER_KEYWORDS = ("team", "billing", "engineers")  # what the transcript must contain


def face_frame(width: int = 640, height: int = 480, face_px: int = 360) -> np.ndarray:
    """RGB frame: the astronaut photo, scaled to `face_px`, centred on a grey background."""
    import cv2
    from skimage import data

    face = cv2.resize(data.astronaut(), (face_px, face_px), interpolation=cv2.INTER_AREA)
    frame = np.full((height, width, 3), 128, dtype=np.uint8)
    top, left = (height - face_px) // 2, (width - face_px) // 2
    frame[top : top + face_px, left : left + face_px] = face
    return frame


def write_y4m(path: Path, frames: list[np.ndarray], fps: int = 15) -> Path:
    """YUV4MPEG2 (I420) for `--use-file-for-fake-video-capture`."""
    import cv2

    height, width = frames[0].shape[:2]
    with open(path, "wb") as fh:
        fh.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for rgb in frames:
            fh.write(b"FRAME\n")
            fh.write(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420).tobytes())
    return path


def write_face_y4m(path: Path, seconds: float = 1.0, fps: int = 15) -> Path:
    frame = face_frame()
    return write_y4m(path, [frame] * max(1, int(seconds * fps)), fps)


def write_answer_wav(path: Path, text: str = ANSWER_TEXT, words_per_min: int = 150) -> Path:
    """espeak-ng speech, resampled by sox to 48 kHz mono 16-bit, plus 1 s of silence."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        raise RuntimeError("espeak-ng and sox are needed for the spoken answer (apt-get install espeak-ng sox)")
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(words_per_min), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "48000", "-c", "1", "-b", "16", str(path), "pad", "0.3", "1.0"],
                   check=True)
    raw.unlink(missing_ok=True)
    return path
