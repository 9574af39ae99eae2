"""The device-check step: is the face centred, at a good distance, and lit well enough?"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.i18n import t

# Face centre further than this from the frame centre (fraction of width/height) = off-centre.
CENTRE_TOLERANCE_X = 0.18  # heuristic: keeps the face inside the middle ~third of the picture
CENTRE_TOLERANCE_Y = 0.22  # heuristic; eyes a bit above the centre is normal framing
# Face width as a fraction of the frame width (a head-and-shoulders webcam shot: ~0.15–0.35).
FACE_WIDTH_MIN = 0.12  # heuristic: smaller = too far (landmarks get noisy)
FACE_WIDTH_MAX = 0.45  # heuristic: larger = too close (shoulders leave the frame)
DARK_LEVEL = 60.0  # mean 8-bit luma below this: too dark for reliable landmarks (heuristic)
BRIGHT_LEVEL = 220.0  # mean 8-bit luma above this: washed out (heuristic)


@dataclass(frozen=True)
class FramingAdvice:
    """`message_keys` are i18n keys (core/i18n/catalog/vision.json); empty issues = all good."""

    ok: bool
    issues: tuple[str, ...]
    message_keys: tuple[str, ...]

    def messages(self, lang: str = "en") -> list[str]:
        return [t(key, lang) for key in self.message_keys]


def _get(signals: Any, name: str) -> Any:
    if isinstance(signals, Mapping):
        return signals.get(name)
    return getattr(signals, name, None)


def assess_framing(signals: Any) -> FramingAdvice:
    """Framing advice from one frame's signals (FrameSignals or its to_dict() dict)."""
    issues: list[str] = []
    brightness = _get(signals, "brightness")
    if brightness is not None and float(brightness) < DARK_LEVEL:
        issues.append("too_dark")
    elif brightness is not None and float(brightness) > BRIGHT_LEVEL:
        issues.append("too_bright")
    box = _get(signals, "face_box")
    if not _get(signals, "face_visible") or box is None:
        issues.append("no_face")
    else:
        x0, y0, x1, y1 = (float(v) for v in box)
        cx, cy, width = (x0 + x1) / 2.0, (y0 + y1) / 2.0, x1 - x0
        if width > FACE_WIDTH_MAX:
            issues.append("too_close")
        elif width < FACE_WIDTH_MIN:
            issues.append("too_far")
        if cx < 0.5 - CENTRE_TOLERANCE_X:
            issues.append("off_left")  # the picture as the camera sends it (not mirrored)
        elif cx > 0.5 + CENTRE_TOLERANCE_X:
            issues.append("off_right")
        if cy < 0.5 - CENTRE_TOLERANCE_Y:
            issues.append("too_high")
        elif cy > 0.5 + CENTRE_TOLERANCE_Y:
            issues.append("too_low")
    keys = tuple(f"vision.framing.{issue}" for issue in issues) or ("vision.framing.ok",)
    return FramingAdvice(ok=not issues, issues=tuple(issues), message_keys=keys)
