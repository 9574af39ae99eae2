"""`python -m core analyze-audio FILE`: the speech analysis the app runs after each answer."""

from __future__ import annotations

import argparse
import logging
import sys

from core.cli import UserError, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze-audio",
        help="transcribe a recording and measure pace, pauses, fillers, voice and word habits",
        description="Decode FILE (WAV, MP3, M4A, WebM, MP4...; detected by content), transcribe it offline "
                    "with faster-whisper and print the delivery measures with grades.",
    )
    parser.add_argument("file", help="the recording (audio or video with an audio track)")
    parser.add_argument("--lang", choices=["en", "ko", "auto"], default=None,
                        help="spoken language (default: STT_LANGUAGE, 'auto' detects en/ko)")
    parser.add_argument("--question", default=None, help="the question that was answered (stored with the result)")
    parser.add_argument("--target-s", type=float, default=None,
                        help="timed format: answer time in seconds (default: standard 60-120 s)")
    parser.add_argument("--ui-lang", choices=["en", "ko"], default=None,
                        help="language of the explanations (default: the answer's language)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON (the stored shape)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.i18n import t
    from core.media import AudioError, decode_audio
    from core.speech import ModelUnavailable, analyze_speech

    logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # one INFO line per segment otherwise
    settings = get_settings()
    language = args.lang or settings.stt_language
    # messages in the session's language: --ui-lang, else the spoken language when given
    ui_lang = args.ui_lang or (language if language in ("en", "ko") else "en")
    try:
        decoded = decode_audio(args.file)
    except AudioError as exc:
        raise UserError(f"{args.file}: {t(exc.message_key, ui_lang, **exc.values)}") from exc
    try:
        result = analyze_speech(decoded.samples, language=language, question=args.question, target_s=args.target_s)
    except ModelUnavailable as exc:
        raise UserError(f"{t(ModelUnavailable.message_key, ui_lang)} ({exc})") from exc
    if args.ui_lang is None and language not in ("en", "ko"):
        ui_lang = result.language  # 'auto': explain in the language that was spoken
    payload = result.to_dict(ui_lang)
    payload["input_channels"] = decoded.channels.to_dict()
    for notice in payload["notices"]:
        sys.stderr.write(f"warning: {notice['text']}\n")
    if args.json:
        print_json(payload)
        return 0
    lines = [f"transcript: {payload['transcript']}"]
    for name, grade in payload["grades"].items():
        lines.append(f"{name:16} {grade['grade'] or 'n/a':18} {grade['explanation']}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
