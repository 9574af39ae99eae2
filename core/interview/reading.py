"""The shapes of the answer reader's judgement: what one answer says, sentence by sentence.

This module is the contract between the answer reader (`core.interview.reader`, which
fills these) and everything that uses its judgement: the follow-up decision, the content
feedback items and score (`core.feedback`), the outline and retry diff, the report and the
`read-answer` CLI. Nobody else reads answer text for meaning: they read an `AnswerReading`.

Character offsets (`char_start`, `char_end`) index the answer text exactly as given to the
reader, so the report can highlight a sentence and `core.feedback.text.TimeMap` can turn
it into seconds of the recording.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

# STAR role of one sentence; "reflection" = what the speaker learned / would do again,
# "other" = greetings, restarts, filler-only or unrelated sentences.
StarRole = Literal["situation", "task", "action", "result", "reflection", "other"]
STAR_ROLES: tuple[str, ...] = get_args(StarRole)

# Who does what the sentence says: the speaker ("i"; a Korean dropped subject counts as the
# speaker's when the verb is first-person in meaning), the team ("we"), other people, nobody.
Actor = Literal["i", "we", "others", "none"]
ACTORS: tuple[str, ...] = get_args(Actor)

# What the question asks for; decides what "answering it" means.
QuestionType = Literal["behavioural", "situational", "motivation", "self_description", "technical"]
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)


@dataclass(frozen=True)
class NumberReading:
    """A number in a sentence, with or without what it was measured against."""

    text: str  # as written, with its unit ("40 %", "두 달", "0건")
    char_start: int
    char_end: int
    has_context: bool  # a baseline, a comparison, a period or a unit of what was counted


@dataclass(frozen=True)
class SentenceReading:
    """One sentence of the answer and what it does in the story."""

    index: int
    text: str
    char_start: int
    char_end: int
    role: StarRole
    role_confidence: float  # the classifier's probability of `role`, 0..1
    actor: Actor
    concrete: bool  # names a specific thing done, a tool, a number, a person or a time
    numbers: tuple[NumberReading, ...] = ()
    # The role head's probability of every role, in `STAR_ROLES` order (empty for readings
    # stored before it was recorded): the follow-up policy asks for a part only when no
    # sentence is reasonably likely to be it (`core.interview.followups`).
    role_probabilities: tuple[float, ...] = ()

    def role_probability(self, role: str) -> float:
        """P(role) from the role head; 1/0 from `role` when the probabilities were not kept."""
        if len(self.role_probabilities) == len(STAR_ROLES):
            return self.role_probabilities[STAR_ROLES.index(role)]
        return 1.0 if self.role == role else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AnswerReading:
    """The reader's judgement of one answer to one question.

    `answers_question` is decided by question type and meaning (a different story than
    asked, a strengths speech to a failure question, an achievement story to "why us"),
    never by word overlap alone; `relevance` is the encoder's question-answer similarity
    (None when the answer is empty). `competency` is a key of
    `core.interview.competencies` or None when the answer shows none.
    """

    language: str  # "en" | "ko"
    question: str
    question_type: QuestionType
    answers_question: bool
    relevance: float | None
    sentences: tuple[SentenceReading, ...]
    competency: str | None = None
    word_count: int = 0

    def roles_present(self) -> frozenset[str]:
        """The STAR roles at least one sentence plays."""
        return frozenset(s.role for s in self.sentences)

    def sentences_with_role(self, role: str) -> tuple[SentenceReading, ...]:
        return tuple(s for s in self.sentences if s.role == role)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
