"""Answer the same question again, and see what changed: two attempts side by side.

`diff_attempts(before, after)` compares two analyses (`AnswerAnalysis`, as stored) of the same
question: STAR parts added or still missing (from each attempt's outline, i.e.
the answer reader's sentence roles), numbers added (`core.language.numbers`, the one number
finder), length, fillers per minute, pace, long pauses, camera gaze and the content score —
and the sentence that made the difference (a new sentence filling a missing STAR part, else
one bringing a new number), so the page can highlight it. `pick_attempts` marks the best and
the last attempt and which one counts (the last unless the candidate picked another).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from core.feedback.types import AnswerAnalysis
from core.language.numbers import NumberSpan, find_numbers
from core.language.tokens import count_words

STAR_CORE = ("situation", "task", "action", "result")
# Measures compared, with the direction that is better (+1 higher, -1 lower, 0 neither).
MEASURES: tuple[tuple[str, str, int], ...] = (
    ("content_score", "/100", +1),
    ("words", "words", 0),
    ("filler_per_min", "/min", -1),
    ("speech_rate_wpm", "wpm", 0),
    ("long_pauses", "count", -1),
    ("camera_gaze_share", "%", +1),
)


@dataclass(frozen=True)
class MeasureChange:
    name: str
    unit: str
    before: float | None
    after: float | None
    delta: float | None
    better: bool | None  # None: not comparable, or a measure with no better direction (length, pace)


@dataclass(frozen=True)
class KeySentence:
    """The sentence of the new attempt that made the difference, and why."""

    text: str
    char_start: int | None
    char_end: int | None
    reason: str  # "star:<part>" | "number:<text>"


@dataclass(frozen=True)
class AttemptDiff:
    before_attempt_id: int | None
    after_attempt_id: int | None
    star_added: tuple[str, ...]
    star_missing: tuple[str, ...]  # still missing after the new attempt
    numbers_added: tuple[str, ...]
    changes: tuple[MeasureChange, ...]
    key_sentence: KeySentence | None = None
    before_transcript: str = ""
    after_transcript: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttemptDiff:
        """The diff back from its stored / report shape (`to_dict`)."""
        key = data.get("key_sentence")
        return cls(before_attempt_id=data.get("before_attempt_id"), after_attempt_id=data.get("after_attempt_id"),
                   star_added=tuple(data.get("star_added") or ()), star_missing=tuple(data.get("star_missing") or ()),
                   numbers_added=tuple(data.get("numbers_added") or ()),
                   changes=tuple(MeasureChange(**c) for c in data.get("changes") or ()),
                   key_sentence=KeySentence(**key) if isinstance(key, dict) else None,
                   before_transcript=str(data.get("before_transcript") or ""),
                   after_transcript=str(data.get("after_transcript") or ""))


def star_parts(analysis: AnswerAnalysis) -> set[str]:
    """STAR parts the candidate said in this attempt (non-placeholder outline lines)."""
    lines = analysis.outline.lines if analysis.outline is not None else ()
    return {line.part for line in lines if not line.placeholder and line.part in STAR_CORE}


def _measure(analysis: AnswerAnalysis, name: str) -> float | None:
    """One of MEASURES for one attempt (None: not measured, e.g. no recording or no camera)."""
    speech, vision = analysis.speech, analysis.vision
    value: float | int | None = None
    if name == "content_score":
        value = analysis.scores.content.value
    elif name == "words":
        value = count_words(analysis.transcript)
    elif name == "filler_per_min" and speech is not None:
        value = speech.filler_per_min
        if value is None and speech.duration_s:
            value = speech.filler_count / speech.duration_s * 60.0
    elif name == "speech_rate_wpm" and speech is not None:
        value = speech.speech_rate_wpm
    elif name == "long_pauses" and speech is not None:
        value = len(speech.long_pauses)
    elif name == "camera_gaze_share" and vision is not None and vision.camera_gaze_share is not None:
        value = vision.camera_gaze_share * 100.0
    return None if value is None else round(float(value), 2)


def _numbers(analysis: AnswerAnalysis) -> list[NumberSpan]:
    return find_numbers(analysis.transcript, analysis.language or "en")


def diff_attempts(before: AnswerAnalysis, after: AnswerAnalysis) -> AttemptDiff:
    """What changed from `before` to `after` (two analyses of one question, each with its
    `attempt_id`). The one comparison of two attempts: the report's attempts, the Practice
    page after *Answer again*, Progress's retakes and the CLI's `--retry` all use it."""
    parts_before, parts_after = star_parts(before), star_parts(after)
    added = tuple(p for p in STAR_CORE if p in parts_after and p not in parts_before)
    # No outline (not stored, or hidden by a coach's assignment): nothing is known to be missing.
    missing = tuple(p for p in STAR_CORE if p not in parts_after) if after.outline is not None else ()
    old_numbers = {n.text.replace(" ", "") for n in _numbers(before)}
    new_numbers = [n for n in _numbers(after) if n.text.replace(" ", "") not in old_numbers]
    changes = []
    for name, unit, direction in MEASURES:
        old, new = _measure(before, name), _measure(after, name)
        delta = None if old is None or new is None else round(new - old, 2)
        better = None if delta is None or direction == 0 or delta == 0 else (delta > 0) == (direction > 0)
        changes.append(MeasureChange(name=name, unit=unit, before=old, after=new, delta=delta, better=better))
    key: KeySentence | None = None
    lines = after.outline.lines if after.outline is not None else ()
    for part in added:
        line = next((x for x in lines if x.part == part and not x.placeholder), None)
        if line is not None:
            key = KeySentence(text=line.text, char_start=line.char_start, char_end=line.char_end,
                              reason=f"star:{part}")
            break
    transcript = after.transcript
    if key is None and new_numbers:
        number = new_numbers[0]
        start, end = _sentence_around(transcript, number.start, number.end)
        key = KeySentence(text=transcript[start:end].strip(), char_start=start, char_end=end,
                          reason=f"number:{number.text}")
    return AttemptDiff(before_attempt_id=before.attempt_id, after_attempt_id=after.attempt_id,
                       star_added=added, star_missing=missing, numbers_added=tuple(n.text for n in new_numbers),
                       changes=tuple(changes), key_sentence=key,
                       before_transcript=before.transcript, after_transcript=transcript)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    from core.language.sentences import split_sentences

    for sentence in split_sentences(text):
        if sentence.start <= start < sentence.end:
            return sentence.start, sentence.end
    return start, end


@dataclass(frozen=True)
class AttemptMark:
    attempt_id: int
    score: float | None
    best: bool
    last: bool
    counts: bool  # the attempt the session score uses


def pick_attempts(attempts: Sequence[tuple[int, float | None]], chosen: int | None = None) -> list[AttemptMark]:
    """Marks for the attempts of one question, oldest first: the best (highest score), the
    last, and the one that counts — `chosen` when it is one of them, else the last."""
    if not attempts:
        return []
    scored = [(aid, s) for aid, s in attempts if s is not None]
    best_id = max(scored, key=lambda pair: (pair[1], pair[0]))[0] if scored else None
    last_id = attempts[-1][0]
    counting = chosen if chosen in {aid for aid, _ in attempts} else last_id
    return [AttemptMark(attempt_id=aid, score=s, best=aid == best_id, last=aid == last_id, counts=aid == counting)
            for aid, s in attempts]


@dataclass(frozen=True)
class TypeTries:
    """How many tries questions of one type took to reach a good answer."""

    question_type: str
    questions: int  # questions of this type answered
    reached: int  # ... whose answer reached "good" at some try
    median_tries: float | None  # median try at which they did (None: none did yet)
    never: int  # ... that never did


def tries_until_good(histories: Sequence[tuple[str, Sequence[float | None]]], good: float) -> list[TypeTries]:
    """Per question type (sorted by name): how many tries a question usually takes to reach
    `good` (the median over questions that reached it) and how many questions never did.

    `histories` = (question_type, scores of one question's attempts in order)."""
    by_type: dict[str, list[int]] = {}
    never: dict[str, int] = {}
    for qtype, scores in histories:
        reached = next((i + 1 for i, s in enumerate(scores) if s is not None and s >= good), None)
        if reached is None:
            never[qtype] = never.get(qtype, 0) + 1
        else:
            by_type.setdefault(qtype, []).append(reached)
    out = []
    for qtype in sorted(set(by_type) | set(never)):
        tries = sorted(by_type.get(qtype, []))
        out.append(TypeTries(question_type=qtype, questions=len(tries) + never.get(qtype, 0), reached=len(tries),
                             median_tries=float(statistics.median(tries)) if tries else None,
                             never=never.get(qtype, 0)))
    return out
