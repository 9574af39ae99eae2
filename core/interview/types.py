"""The interviewer's value types: what a plan and a follow-up decision look like.

Everything here is frozen and JSON-able (`to_dict()`), so the practice service can store
a draft in `Question` rows and a decision in `Analysis.payload` without translation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol, get_args, runtime_checkable

from core.rag.types import Retriever
from core.resume.claims import Claim

Persona = Literal["lead", "executive"]
Stage = Literal[1, 2, 3]
InterviewFormat = Literal["standard", "timed", "drill"]

PERSONAS: tuple[Persona, ...] = ("lead", "executive")
STAGES: tuple[int, ...] = (1, 2, 3)
FORMATS: tuple[InterviewFormat, ...] = ("standard", "timed", "drill")

# AI역량검사-style timed format (inAIR/JOBDA, see FEEDBACK_EVIDENCE.md "Korean AI-interview
# formats"): 30 s to prepare, then 50 s to answer each question. The Practice page counts
# these down; the interviewer only records them in the plan.
TIMED_PREP_SECONDS = 30
TIMED_ANSWER_SECONDS = 50

# Follow-ups per main question. Depth 0 is the main question itself; with the default
# of 1 the interviewer asks at most one follow-up before moving on.
DEFAULT_MAX_FOLLOWUP_DEPTH = 1
MAX_FOLLOWUP_DEPTH_LIMIT = 3  # a hard ceiling whatever the session asks for

# Where a question came from (mirrors `Question.origin` in the data model).
Origin = Literal["bank", "resume", "company", "job", "followup", "llm"]

# What a follow-up digs into; "move_on" and "depth_limit" are decisions not to ask.
FollowUpKind = Literal[
    "off_topic",
    "contradiction",
    "ownership",
    "result",
    "number_context",
    "specifics",
    "action",
    "too_short",
    "impact",
    "move_on",
    "depth_limit",
]
FOLLOW_UP_KINDS: tuple[str, ...] = get_args(FollowUpKind)


@dataclass(frozen=True)
class QuestionDraft:
    """One question the interviewer wants to ask.

    `competency` is a key from `core.interview.competencies` in the session's framework
    (NCS keys for Korean sessions, NACE keys for English ones); `ncs` is always the NCS
    key, so reports can compare sessions across languages. `sources` say why the
    question was asked: [{"kind": "company|resume|job", "source", "page", "section",
    "text"}]; bank questions have none. `strong_answer` describes what a strong answer
    shows (shown after the answer, never before).
    """

    text: str
    stage: int
    persona: str
    competency: str
    sources: tuple[dict[str, Any], ...] = ()
    origin: str = "bank"
    reason: str = ""
    strong_answer: str = ""
    bank_id: str = ""
    ncs: str = ""
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sources"] = [dict(s) for s in self.sources]
        return data


@dataclass(frozen=True)
class FollowUpDecision:
    """Whether to ask a follow-up, and if so what; a decision to move on says why.

    `kind` is one of `FOLLOW_UP_KINDS`; `notice` is a one-sentence user notice when the
    decision was made by the offline interviewer because the LLM failed ("" otherwise).
    """

    ask: bool
    text: str
    reason: str
    kind: str
    notice: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class InterviewContext:
    """Everything the interviewer knows about one session.

    Text fields (resume, job posting, retrieved passages) are untrusted user uploads:
    they are quoted as data and never followed as instructions.
    `resume_claims` are the resume analyser's claims (`core.resume.Claim`);
    when empty the interviewer pulls light claims from `resume_text` itself.
    `seed` makes planning deterministic; `avoid_bank_ids` are bank questions already
    asked in earlier sessions (skipped while others remain).
    """

    company: str = ""
    role: str = ""
    persona: str = "lead"
    language: str = "en"
    format: str = "standard"
    stages: tuple[int, ...] = STAGES
    questions_per_stage: int = 2
    resume_text: str = ""
    resume_claims: tuple[Claim, ...] = ()
    job_text: str = ""
    retriever: Retriever | None = field(default=None, compare=False, repr=False)
    seed: int = 0
    max_followup_depth: int = DEFAULT_MAX_FOLLOWUP_DEPTH
    avoid_bank_ids: frozenset[str] = frozenset()

    @property
    def lang(self) -> str:
        return "ko" if self.language.lower().startswith("ko") else "en"

    @property
    def timed(self) -> bool:
        return self.format == "timed"


@runtime_checkable
class Interviewer(Protocol):
    """What the practice service calls. Implementations never raise on bad input text."""

    def plan(self, context: InterviewContext) -> list[QuestionDraft]:
        """The main questions for every stage in `context.stages`, in asking order."""
        ...

    def follow_up(
        self, context: InterviewContext, question: QuestionDraft, answer_text: str, depth: int
    ) -> FollowUpDecision:
        """Decide after an answer. `depth` is the depth of `question` (0 = main question)."""
        ...

    def take_notices(self) -> list[str]:
        """User notices (i18n, one sentence each) raised since the last call, then cleared."""
        ...
