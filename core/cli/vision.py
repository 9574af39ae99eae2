"""`python -m core analyze-video FILE`: the camera analysis the live room runs, on a recording."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli import UserError, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze-video",
        help="face, gaze, head pose, posture and smile timeline of a recording",
        description="Decode FILE with PyAV (WebM, MP4, MKV, FLV...) and run the live room's FrameAnalyzer on "
                    "every frame. Shares are fractions 0..1; null = not measurable.",
    )
    parser.add_argument("file", help="a video file with a video track")
    parser.add_argument("--calibrate-first-s", type=float, default=0.0, metavar="S",
                        help="treat the first S seconds as 'looking at the camera' and judge gaze against them")
    parser.add_argument("--json", action="store_true", help="print the summary and the per-frame timeline as JSON")
    parser.set_defaults(handler=run)


def probe_video(path: Path) -> None:
    """Fail fast, before any model loads: the file must open and have a decodable video track."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise UserError(f"{path.name} has no video track")
            if container.streams.video[0].codec_context is None:
                raise UserError(f"{path.name}: unknown video codec")
    except UserError:
        raise
    except Exception as exc:  # PyAV raises many error types for bad input
        raise UserError(f"cannot open {path.name} as a video: {exc}") from exc


def run(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.i18n import t
    from core.vision.models import ModelUnavailableError
    from core.vision.video import VideoError, analyze_video

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if args.calibrate_first_s < 0:
        raise UserError("--calibrate-first-s must be 0 or more")
    probe_video(path)
    try:
        result = analyze_video(path, get_settings(), calibrate_first_s=args.calibrate_first_s)
    except VideoError as exc:
        raise UserError(str(exc)) from exc
    except ModelUnavailableError as exc:
        raise UserError(f"the face/pose model is not available: {exc}") from exc
    payload = result.to_dict()
    if args.json:
        print_json(payload)
        return 0

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value * 100:.0f}%"

    lines = [f"frames: {payload['frames']} ({payload['processing_fps']} frames/s analysed)",
             f"face visible: {pct(payload['face_visible_share'])}",
             f"camera gaze: {pct(payload['camera_gaze_share'])}",
             f"smile: {pct(payload['smile_share'])}",
             f"posture ok: {pct(payload['posture_ok_share'])}"]
    if payload["reason_key"]:
        lines.append(t(payload["reason_key"], "en"))
    lines += [f"{t('vision.event.' + e['kind'], 'en')}: {e['start_s']:.1f}-{e['end_s']:.1f} s"
              for e in payload["events"]]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
