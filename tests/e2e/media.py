"""The fake microphone file for Chromium (TESTING.md "Test media you can make"): an
espeak-ng spoken answer with known words, 48 kHz mono WAV, followed by a second of
silence (Chromium loops the file). The fake camera clip (the astronaut's head and
shoulders, Y4M) comes from the shared builders in `tests/media.py`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ANSWER_TEXT = (
    "In my last role I led a team of four engineers to rebuild the billing system. "
    "We cut monthly failures by half within three months."
)
ANSWER_KEYWORDS = ("team", "billing", "engineers")  # what the transcript must contain


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
