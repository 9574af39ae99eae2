"""A better-answer outline built only from the candidate's own words.

The outline puts the candidate's own sentences into the STAR parts the answer reader found
(`core.interview.reading.AnswerReading`; no second reading of the text) and a bracketed
placeholder where a part is missing or thin, e.g. `[the result — what changed, and by how
much?]`. It never invents a fact. The rule, enforced by `new_facts` and tested over the
reader's corpus:

    every number, name, employer, product and date in the outline appears in the answer,
    the resume or the question, or sits inside a placeholder.

On the LLM path (`llm_outline`) the same rule checks the reply; a reply that adds a fact,
drops the placeholders' brackets or is malformed is replaced by the offline outline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from core.i18n import t
from core.interview.reading import AnswerReading, SentenceReading
from core.language.numbers import find_numbers

OutlinePartName = Literal["situation", "task", "action", "result", "reflection"]
OUTLINE_PARTS: tuple[OutlinePartName, ...] = ("situation", "task", "action", "result", "reflection")
STAR_CORE: tuple[OutlinePartName, ...] = ("situation", "task", "action", "result")
# Sentences kept per part: an outline is a skeleton to speak from, not the transcript again.
MAX_SENTENCES_PER_PART = {"situation": 2, "task": 1, "action": 4, "result": 2, "reflection": 1}
LLM_OUTLINE_TIMEOUT_S = 8.0

_PLACEHOLDER = re.compile(r"\[[^\[\]]*\]")


@dataclass(frozen=True)
class OutlineLine:
    """One line of the outline: the candidate's own sentence(s), or a placeholder prompt."""

    part: OutlinePartName
    text: str
    placeholder: bool
    char_start: int | None = None  # the sentence's span in the answer (None for placeholders)
    char_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_contract(self) -> dict[str, Any]:
        """The `read-answer --json` shape: {"part", "text", "placeholder"}."""
        return {"part": self.part, "text": self.text, "placeholder": self.placeholder}


@dataclass(frozen=True)
class Outline:
    lines: tuple[OutlineLine, ...]
    source: Literal["offline", "llm"] = "offline"
    notice: str = ""  # why an LLM outline was replaced ("", "new_fact", "malformed", "unavailable")

    def to_dict(self) -> dict[str, Any]:
        return {"lines": [line.to_dict() for line in self.lines], "source": self.source, "notice": self.notice}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Outline | None:
        """The outline back from its stored shape (`to_dict`); None for no outline or an
        unreadable one (a stored analysis is never trusted to have a shape)."""
        if not isinstance(data, Mapping):
            return None
        lines = []
        for line in data.get("lines") or ():
            if not isinstance(line, Mapping) or line.get("part") not in OUTLINE_PARTS:
                continue
            lines.append(OutlineLine(part=line["part"], text=str(line.get("text") or ""),
                                     placeholder=bool(line.get("placeholder")), char_start=line.get("char_start"),
                                     char_end=line.get("char_end")))
        if not lines:
            return None
        return cls(lines=tuple(lines), source="llm" if data.get("source") == "llm" else "offline",
                   notice=str(data.get("notice") or ""))

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def placeholder(key: str, lang: str, **values: object) -> str:
    """A bracketed prompt from the catalogue (`outline.ph.<key>`)."""
    return "[" + t(f"outline.ph.{key}", lang, **values) + "]"


# Words that join a clause to the one before it (or fill a pause) and make a quoted clause
# start mid-sentence ("and I made it faster..."). Longest first, so "and then" goes whole.
_LEADING_JOINERS_EN = ("and then", "and so", "so then", "and also", "and", "so", "but", "then", "also", "plus",
                       "um", "uh", "well", "okay", "ok")
_LEADING_JOINERS_KO = ("그러고 나서", "그 다음에", "그다음에", "그리고", "그래서", "그런데", "하지만", "그러나",
                       "그다음", "또한", "또")
_JOINER = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in _LEADING_JOINERS_EN) + r")\b[\s,]*"
    r"|^(?:" + "|".join(re.escape(w) for w in _LEADING_JOINERS_KO) + r")(?=[\s,])[\s,]*",
    re.IGNORECASE)


def clean_clause(text: str) -> str:
    """A quoted clause that starts cleanly: leading joiners and fillers (and/so/but/then,
    um/well; 그리고/그래서/하지만...) removed and the first letter capitalised, e.g.
    "and I made it faster." -> "I made it faster.". The words are otherwise the candidate's
    own; a clause that is nothing but joiners is returned stripped, unchanged."""
    cleaned = text.strip()
    while True:
        shorter = _JOINER.sub("", cleaned, count=1)
        if shorter == cleaned or not re.search(r"\w", shorter):
            break
        cleaned = shorter
    if cleaned[:1].islower():
        cleaned = cleaned[0].upper() + cleaned[1:]
    return cleaned


def _ours(sentence: SentenceReading) -> bool:
    return sentence.actor in ("i", "none")


def build_outline(reading: AnswerReading, leave_out: Iterable[int] = ()) -> Outline:
    """The offline outline: per STAR part the candidate's sentences with that role (in the
    order spoken), and placeholders for a missing part, a result without a measure, a number
    without what it was measured against, and actions the speaker never owned ("we" only).
    A reflection line appears only when the candidate gave one (it is not part of STAR).
    `leave_out`: start offsets (characters into the answer) of sentences the outline must not
    recommend, i.e. those the blind-hiring check flagged (a parent's job is no Situation).
    """
    lang = reading.language
    skip = frozenset(leave_out)
    lines: list[OutlineLine] = []
    for part in OUTLINE_PARTS:
        said = [s for s in reading.sentences_with_role(part)
                if s.char_start not in skip][:MAX_SENTENCES_PER_PART[part]]
        if not said:
            if part in STAR_CORE:
                lines.append(OutlineLine(part=part, text=placeholder(part, lang), placeholder=True))
            continue
        for sentence in said:
            lines.append(OutlineLine(part=part, text=clean_clause(sentence.text), placeholder=False,
                                     char_start=sentence.char_start, char_end=sentence.char_end))
            loose = [n for n in sentence.numbers if not n.has_context]
            if loose:
                lines.append(OutlineLine(part=part, text=placeholder("number_context", lang, number=loose[0].text),
                                         placeholder=True))
        if part == "action" and not any(_ours(s) for s in said):
            lines.append(OutlineLine(part=part, text=placeholder("own_action", lang), placeholder=True))
        if part == "result" and not any(s.numbers for s in said):
            lines.append(OutlineLine(part=part, text=placeholder("result_measure", lang), placeholder=True))
    return Outline(lines=tuple(lines))


# ----------------------------------------------------------------------------- the rule
_DIGITS = re.compile(r"\d+(?:[.,:/]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+#&.'-]*[A-Za-z0-9+#]|[A-Za-z]")
_EN_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion "
    "half double twice triple tripled doubled halved dozen quarter percent".split())
_EN_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday yesterday tomorrow".split()) - {"may", "march"}
# Native and Sino-Korean numerals directly before a counter ("두 달", "세 명", "삼십 퍼센트").
_KO_NUMBER = re.compile(
    r"(?<![가-힣])(?:(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|서른|마흔|쉰)(?:\s?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉))?"
    r"|[일이삼사오육칠팔구]?[십백천만억][일이삼사오육칠팔구십백천만]*)\s?"
    r"(?:명|개|달|개월|년|주|주일|일|번|배|시간|분|건|퍼센트|프로|차례|곳|팀|원|살|세)")
_HANGUL_WORD = re.compile(r"[가-힣]{2,}")
# Sentence-initial capitals and the pronoun are not names.
_EN_FUNCTION = frozenset("i a an the we my our it this that then so and but when after before during in on at "
                         "for with by as to of if because while since also first next finally".split())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").casefold()


def _compact(text: str) -> str:
    return re.sub(r"[\s,]", "", text or "").casefold()


def fact_tokens(text: str) -> set[str]:
    """The fact-bearing tokens of `text` (outside placeholders): numbers, number and date words,
    Latin-script names and products (capitalised, all-caps, or inside Korean text), Korean
    numerals with a counter. Lower-case English words and Korean words are not facts here;
    `new_facts(..., strict_korean=True)` adds a check of Korean words for the LLM path.
    """
    bare = _PLACEHOLDER.sub(" ", text or "")
    tokens: set[str] = {m.group(0).replace(",", "") for m in _DIGITS.finditer(bare)}
    hangul = bool(re.search(r"[가-힣]", bare))
    for match in _LATIN.finditer(bare):
        word = match.group(0).strip(".'-")
        lowered = word.casefold()
        if lowered in _EN_NUMBER_WORDS or lowered in _EN_DATE_WORDS:
            tokens.add(lowered)
        elif lowered in _EN_FUNCTION:
            continue
        elif hangul or word[:1].isupper() or any(ch.isupper() for ch in word[1:]) or any(ch.isdigit() for ch in word):
            tokens.add(lowered)
    tokens |= {re.sub(r"\s+", "", m.group(0)) for m in _KO_NUMBER.finditer(bare)}
    return tokens


def new_facts(text: str, sources: Iterable[str], *, strict_korean: bool = False) -> list[str]:
    """Facts in `text` (outside its bracketed placeholders) that none of `sources` contains.

    Empty list = the rule holds. A number is checked with its unit as well ("three years" is
    new when the sources say "three months"). `strict_korean` also requires every Korean word's first two
    syllables to occur in the sources (Korean names carry no capital letter; an LLM reply
    that brings in a word the candidate never used is refused rather than guessed about).
    """
    pool = _norm(" ".join(sources))
    pool_compact = pool.replace(" ", "").replace(",", "")
    missing = []
    for token in sorted(fact_tokens(text)):
        if token.isdigit() or _DIGITS.fullmatch(token):
            found = re.search(rf"(?<!\d){re.escape(token)}(?!\d)", pool.replace(",", "")) is not None
        elif re.search(r"[가-힣]", token):
            found = token in pool_compact
        else:
            found = re.search(rf"(?<![a-z]){re.escape(token)}(?![a-z])", pool) is not None
        if not found:
            missing.append(token)
    # A number with its unit is one fact: "three years" is new when the answer said "three
    # months" and "three" elsewhere (the tokens above would each be found). The one number
    # finder (`core.language.numbers`) reads both; a phrase said verbatim is always fine.
    bare_text = _PLACEHOLDER.sub(" ", text or "")
    lang = "ko" if re.search(r"[가-힣]", bare_text) else "en"
    said = {_compact(n.text) for source in sources for n in find_numbers(source, lang)}
    for number in find_numbers(bare_text, lang):
        phrase = _compact(number.text)
        if phrase not in said and phrase not in pool_compact and phrase not in {_compact(m) for m in missing}:
            missing.append(number.text.casefold())
    if strict_korean:
        bare = _PLACEHOLDER.sub(" ", text or "")
        for word in _HANGUL_WORD.findall(bare):
            if word[:2] not in pool_compact and word not in missing:
                missing.append(word)
    return missing


def outline_new_facts(outline: Outline, sources: Sequence[str], *, strict_korean: bool = False) -> list[str]:
    """`new_facts` over every non-placeholder line (placeholders may name anything)."""
    return new_facts("\n".join(line.text for line in outline.lines if not line.placeholder), sources,
                     strict_korean=strict_korean)


# ----------------------------------------------------------------------------- LLM path
class LLMOutlineLine(BaseModel):
    part: Literal["situation", "task", "action", "result", "reflection"]
    text: str = Field(max_length=600)
    placeholder: bool


class LLMOutline(BaseModel):
    lines: list[LLMOutlineLine] = Field(min_length=1, max_length=16)


_SYSTEM = {
    "en": "You turn a candidate's interview answer into a STAR outline (situation, task, action, result, optional "
          "reflection) using ONLY the candidate's own sentences, lightly trimmed. Where a part is missing or has no "
          "measure, write a placeholder: a short question in square brackets, e.g. \"[the result — what changed, and "
          "by how much?]\", with placeholder=true. Never add a number, name, employer, product or date the candidate "
          "did not say. Reply as JSON: {\"lines\": [{\"part\", \"text\", \"placeholder\"}]}.",
    "ko": "지원자의 면접 답변을 STAR 개요(상황, 과제, 행동, 결과, 선택적으로 배운 점)로 정리합니다. 지원자가 직접 말한 "
          "문장만 (조금 다듬어) 사용하세요. 빠졌거나 수치가 없는 부분에는 대괄호 안의 짧은 질문을 placeholder=true로 "
          "쓰세요. 예: \"[결과 — 무엇이 얼마나 달라졌나요?]\". 지원자가 말하지 않은 숫자, 이름, 회사, 제품, 날짜는 "
          "절대 추가하지 마세요. JSON으로 답하세요: {\"lines\": [{\"part\", \"text\", \"placeholder\"}]}.",
}


def check_llm_outline(reply: LLMOutline, sources: Sequence[str], lang: str) -> Outline | None:
    """The reply as an outline when it keeps the rule, else None.

    Placeholder lines must be bracketed; other lines may not contain a new fact (Korean
    words checked strictly, see `new_facts`).
    """
    lines = []
    for line in reply.lines:
        text = line.text.strip()
        if not text:
            return None
        if line.placeholder and not _PLACEHOLDER.fullmatch(text):
            return None
        lines.append(OutlineLine(part=line.part, text=text, placeholder=line.placeholder))
    outline = Outline(lines=tuple(lines), source="llm")
    if outline_new_facts(outline, sources, strict_korean=lang == "ko"):
        return None
    return outline


class Outliner(Protocol):
    """Makes the better-answer outline of one reading on the LLM path (`LLMOutliner`); the
    offline outline needs none (`build_outline`)."""

    def __call__(self, reading: AnswerReading, *, answer: str, resume: str = "") -> Outline: ...


@dataclass(frozen=True)
class LLMOutliner:
    """The `Outliner` backed by a `core.llm` provider: `llm_outline`, so every reply is held to
    the no-new-fact rule and replaced by the offline outline (with a notice) when it breaks it."""

    llm: Any
    timeout_s: float = LLM_OUTLINE_TIMEOUT_S

    def __call__(self, reading: AnswerReading, *, answer: str, resume: str = "") -> Outline:
        return llm_outline(self.llm, reading, answer=answer, resume=resume, timeout_s=self.timeout_s)


def llm_outline(llm: Any, reading: AnswerReading, *, answer: str, resume: str = "",
                timeout_s: float = LLM_OUTLINE_TIMEOUT_S) -> Outline:
    """The LLM's outline when it keeps the no-new-fact rule, else the offline one (with
    `notice` saying why: "new_fact", "malformed" or "unavailable")."""
    from core.llm import UNTRUSTED_DATA_RULE, LLMBadReply, LLMError, wrap_untrusted

    lang = reading.language
    offline = build_outline(reading)
    labels = "\n".join(f"{s.index}. [{s.role}] {s.text}" for s in reading.sentences)
    user = (f"Question: {reading.question}\nSentence roles found by the reader:\n{labels}\n\n"
            + wrap_untrusted("answer", answer))
    try:
        reply = llm.complete_json(_SYSTEM["ko" if lang == "ko" else "en"] + "\n" + UNTRUSTED_DATA_RULE, user,
                                  LLMOutline, timeout=timeout_s)
    except LLMBadReply:
        return Outline(lines=offline.lines, notice="malformed")
    except LLMError:
        return Outline(lines=offline.lines, notice="unavailable")
    checked = check_llm_outline(reply, [answer, resume, reading.question], lang)
    if checked is None:
        return Outline(lines=offline.lines, notice="new_fact")
    return checked
