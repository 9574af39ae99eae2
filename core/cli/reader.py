"""`python -m core read-answer`: what the answer reader reads in one answer, and the
follow-up decision it leads to (the same decision `python -m core followup --offline` makes).

    python -m core read-answer --question TEXT --answer-file FILE --lang en|ko \
        [--persona lead|executive] --json
    -> {"question_type", "answers_question", "relevance", "competency", "word_count",
        "sentences": [{"text", "role", "role_confidence", "actor", "concrete", "char_start", "char_end",
                       "numbers": [{"text", "has_context"}]}],
        "follow_up": {"ask", "kind", "text", "reason"},
        "outline": [{"part", "text", "placeholder"}],
        "protected_details": [{"sentence", "category"}]}

`outline` is the better-answer outline from the candidate's own words
(`core.feedback.outline`); `protected_details` the blind-hiring check
(`core.interview.blind`), both from the same reading.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.cli import UserError, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("read-answer", help="read one answer: STAR roles, actors, numbers, follow-up")
    parser.add_argument("--question", required=True, help="the question that was answered")
    parser.add_argument("--answer-file", type=Path, required=True,
                        help="text file with the answer (UTF-8, CP949, UTF-16)")
    parser.add_argument("--lang", choices=("en", "ko"), default="en", help="interview language")
    parser.add_argument("--persona", choices=("lead", "executive"), default="lead", help="interviewer persona")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_read_answer)


def read_answer_file(path: Path) -> str:
    """The answer text through the project's one decoder (as `followup` reads it); a clear
    UserError for a missing, unreadable or binary file."""
    from core.cli.interview import read_answer_text
    from core.language import looks_binary

    if not path.is_file():
        raise UserError(f"no such file: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if looks_binary(data):
        raise UserError(f"{path} is not a text file (it looks binary)")
    return read_answer_text(path)


def reading_payload(reading: Any, decision: Any) -> dict[str, Any]:
    """The CLI's JSON shape (module docstring) from an AnswerReading and a FollowUpDecision."""
    return {
        "question_type": reading.question_type,
        "answers_question": reading.answers_question,
        "relevance": reading.relevance,
        "competency": reading.competency,
        "word_count": reading.word_count,
        "language": reading.language,
        "sentences": [
            {"text": s.text, "role": s.role, "role_confidence": s.role_confidence, "actor": s.actor,
             "concrete": s.concrete, "char_start": s.char_start, "char_end": s.char_end,
             "numbers": [{"text": n.text, "has_context": n.has_context} for n in s.numbers]}
            for s in reading.sentences
        ],
        "follow_up": {"ask": decision.ask, "kind": decision.kind, "text": decision.text, "reason": decision.reason},
    }


def coaching_extras(reading: Any) -> dict[str, Any]:
    """The outline and the blind-hiring check of one reading, in the CLI's JSON shape."""
    from core.feedback.outline import build_outline
    from core.interview.blind import check_answer

    details = check_answer(reading)
    return {"outline": [line.to_contract() for line in build_outline(reading, [d.char_start for d in details]).lines],
            "protected_details": [{"sentence": d.sentence, "category": d.category} for d in details]}


def run_read_answer(args: argparse.Namespace) -> int:
    from core.interview import InterviewContext, QuestionDraft
    from core.interview.followups import decide_follow_up
    from core.interview.reader import read_answer

    question = args.question.strip()
    if not question:
        raise UserError("--question is empty")
    answer = read_answer_file(args.answer_file)
    reading = read_answer(question, answer, lang=args.lang, persona=args.persona)
    context = InterviewContext(persona=args.persona, language=args.lang)
    draft = QuestionDraft(text=question, stage=1, persona=args.persona, competency="", language=args.lang)
    decision = decide_follow_up(context, draft, answer, 0, reading=reading)
    payload = reading_payload(reading, decision)
    payload.update(coaching_extras(reading))
    if args.json:
        print_json(payload)
        return 0
    sys.stdout.write(f"question type: {reading.question_type}; answers the question: {reading.answers_question}\n")
    for s in reading.sentences:
        numbers = ", ".join(f"{n.text}{'' if n.has_context else ' (no context)'}" for n in s.numbers)
        sys.stdout.write(f"[{s.role:<10} {s.actor:<6}{' concrete' if s.concrete else '':9}] {s.text}"
                         f"{'  # ' + numbers if numbers else ''}\n")
    label = "ask" if decision.ask else "move on"
    sys.stdout.write(f"{label} ({decision.kind}): {decision.text}\nwhy: {decision.reason}\n")
    return 0
