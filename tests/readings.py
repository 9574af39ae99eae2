"""AnswerReading values for tests: built from the reader's labelled corpus (`data/reader/*.jsonl`)
or from a few lines of (role, actor, text), so features that consume the reading are tested
on the labels themselves, independent of the reader's accuracy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from core.interview.reading import AnswerReading, NumberReading, SentenceReading

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "data" / "reader"


def corpus_records() -> Iterator[dict[str, Any]]:
    """Every labelled answer in the reader's corpus (both languages, both splits)."""
    for path in sorted(CORPUS_DIR.glob("answers_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def reading_from_record(record: dict[str, Any]) -> tuple[AnswerReading, str]:
    """The labelled reading of one corpus answer, and the answer text it indexes."""
    sentences = []
    answer = ""
    for index, raw in enumerate(record["sentences"]):
        text = raw["text"]
        start = len(answer) + (1 if answer else 0)
        answer = f"{answer} {text}" if answer else text
        numbers = []
        for number in raw.get("numbers") or []:
            at = text.find(number["text"])
            at = max(at, 0)
            numbers.append(NumberReading(text=number["text"], char_start=start + at,
                                         char_end=start + at + len(number["text"]),
                                         has_context=bool(number["has_context"])))
        sentences.append(SentenceReading(index=index, text=text, char_start=start, char_end=start + len(text),
                                         role=raw["role"], role_confidence=1.0, actor=raw["actor"],
                                         concrete=bool(raw["concrete"]), numbers=tuple(numbers)))
    reading = AnswerReading(language=record["lang"], question=record["question"],
                            question_type=record["question_type"], answers_question=record["answers_question"],
                            relevance=None, sentences=tuple(sentences), competency=record.get("competency"),
                            word_count=len(answer.split()))
    return reading, answer


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s?%?")


def make_reading(question: str, lines: Sequence[tuple[str, str, str]], *, lang: str = "en",
                 question_type: str = "behavioural") -> tuple[AnswerReading, str]:
    """A reading from (role, actor, text) lines; digits become numbers with context unless
    the line's text ends with " (no context)" — which is removed."""
    records = []
    for role, actor, text in lines:
        loose = text.endswith(" (no context)")
        text = text.removesuffix(" (no context)")
        numbers = [{"text": m.group(0).strip(), "has_context": not loose} for m in _NUMBER.finditer(text)]
        records.append({"text": text, "role": role, "actor": actor, "concrete": bool(numbers), "numbers": numbers})
    return reading_from_record({"lang": lang, "question": question, "question_type": question_type,
                                "answers_question": True, "sentences": records})
