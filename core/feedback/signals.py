"""Answer signals with their positions, taken from the answer reader's reading.

The reader (`core.interview.reader.read_answer`) is the one judgement of what an answer
says: the interviewer's follow-up and the feedback read the same `AnswerReading`. This
module turns a reading into what the feedback rules and the report need: the sentences of
each STAR part (as spans, so every feedback item points at its sentence), numbers with and
without context, who acted, hedges and vague phrases (`core.language.lexicon`), named tools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.interview.reading import AnswerReading, SentenceReading
from core.language import Sentence
from core.language.lexicon import (
    PERSON_HONORIFICS_KO,
    PERSON_ROLE_NOUNS_EN,
    PERSON_TITLES_EN,
    PERSON_VERBS_EN,
    PLACE_NAMES,
    PLACE_NOUNS_EN,
    PLACE_NOUNS_KO,
    hedges_in,
    vague_in,
)
from core.resume.vocab import GENERIC_TERMS, find_terms

STAR_PARTS = ("situation", "task", "action", "result")

# Below this many words an answer cannot show a full STAR story; 30 s of speech at the
# 100–165 wpm range (FEEDBACK_EVIDENCE.md, Microsoft Speaker Coach) is 50–80 words.
SHORT_ANSWER_WORDS = {"en": 25, "ko": 15}  # Korean eojeol carry particles: ~1.6 English words each
LONG_ANSWER_WORDS = {"en": 350, "ko": 220}  # ~2.5 min of speech: past what one answer needs

# Tools and methods mentioned by name count as concrete detail: a term of the skills vocabulary
# (`core.resume.vocab`: "Power BI", "파이썬", "SQL"), or a capitalised name or acronym in the
# sentence ("Jira", "Statuspage") that is not a place (`_is_place`).
# Latin-letter boundaries, not \b: a Korean particle attaches directly ("Jira로", "SQL을").
_NAME = r"[A-Z][a-zA-Z0-9+#.]*[a-zA-Z0-9+#]"
_TOOL_RE = re.compile(rf"(?<![A-Za-z0-9/])(SQL|API|A/B|KPI|OKR|CI/CD|Excel|{_NAME}(?:\s{_NAME})?)(?![A-Za-z0-9/])")
_TOOL_STOP = {"I", "The", "We", "My", "Our", "When", "Then", "So", "And", "But", "As", "In", "At", "It", "This",
              "That", "After", "Before", "First", "Finally", "Also", "During", "Because", "If", "Last", "One"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AnswerSignals:
    """What an answer contains, with where it says it (all from one `AnswerReading`)."""

    language: str
    sentences: list[Sentence]
    star: dict[str, list[Span]]  # part -> sentences playing it
    quantities: list[Span]
    result_quantified: bool  # a number appears in a result sentence
    i_count: int  # sentences whose actor is the speaker
    we_count: int  # sentences whose actor is the team
    we_spans: list[Span]
    hedges: list[Span]
    tools: list[str]
    words: int
    source: str = "reader"  # which judgement decided (kept in stored payloads)
    specifics: int | None = None  # concrete sentences
    relevance: float | None = None  # encoder similarity of answer and question; None = no question
    off_topic: bool | None = None  # the reader: the answer does not answer the question asked
    length_band: str = ""  # too_short | ok | long
    vague: list[Span] = field(default_factory=list)
    numbers_without_context: list[Span] = field(default_factory=list)
    reading: AnswerReading | None = None

    @property
    def star_present(self) -> list[str]:
        return [part for part in STAR_PARTS if self.star.get(part)]

    @property
    def star_missing(self) -> list[str]:
        return [part for part in STAR_PARTS if not self.star.get(part)]

    def to_dict(self) -> dict[str, Any]:
        return {"star_present": self.star_present, "star_missing": self.star_missing,
                "result_quantified": self.result_quantified, "quantities": len(self.quantities),
                "i_count": self.i_count, "we_count": self.we_count, "hedges": len(self.hedges),
                "tools": self.tools, "words": self.words, "source": self.source, "specifics": self.specifics,
                "relevance": self.relevance, "off_topic": self.off_topic, "length_band": self.length_band,
                "vague": len(self.vague), "numbers_without_context": len(self.numbers_without_context),
                "question_type": self.reading.question_type if self.reading else None,
                "reflection": bool(self.reading and self.reading.sentences_with_role("reflection"))}


_NEXT_WORD = re.compile(r"\s*([A-Za-z]+|[가-힣]+)")


_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z-]*)\W*$")


def _is_person(name: str, before: str, after: str) -> bool:
    """A name that is a person, not a tool (`core.language.lexicon` PERSON_*): a title ("Mr",
    "Dr" — the title itself and the name after it), a role noun or an addressing verb right
    before it ("my manager Sarah", "asked Tom"), "from" + a team or a Korean honorific right
    after it ("Minji from design", "Sarah 님", "Park 팀장님"), or a reporting verb right after
    it ("Sarah approved")."""
    if name.split()[0].casefold().rstrip(".") in PERSON_TITLES_EN:
        return True
    prev = _PREV_WORD.search(before)
    if prev is not None and prev.group(1).casefold() in PERSON_ROLE_NOUNS_EN | PERSON_TITLES_EN:
        return True
    rest = after.lstrip(" .")
    if rest.startswith(PERSON_HONORIFICS_KO):
        return True
    nxt = _NEXT_WORD.match(after)
    return nxt is not None and nxt.group(1).casefold() in PERSON_VERBS_EN | {"from"}


def _is_place(name: str, after: str) -> bool:
    """A name that is a place, not a tool: a listed place (`core.language.lexicon.PLACE_NAMES`,
    "Daegu", "New York") or a name followed by a place noun ("Busan office", "Daegu 지점에서")."""
    if name.casefold() in PLACE_NAMES or any(w.casefold() in PLACE_NAMES for w in name.split()):
        return True
    nxt = _NEXT_WORD.match(after)
    if nxt is None:
        return False
    word = nxt.group(1)
    return word.casefold() in PLACE_NOUNS_EN or word.startswith(PLACE_NOUNS_KO)


def named_tools(sentences: Iterable[Sentence]) -> list[str]:
    """The tools and methods named in `sentences`, in order of first mention, at most 10:
    vocabulary terms (not the broad ones such as "Leadership") and capitalised names or
    acronyms that are not sentence openers and not places ("in Daegu", "the Busan office")."""
    found: list[tuple[int, int, str]] = []  # (sentence, offset, name)
    for n, sentence in enumerate(sentences):
        text = sentence.text
        for term in find_terms(text):
            if term not in GENERIC_TERMS:
                found.append((n, max(text.casefold().find(term.casefold()), 0), term))
        for match in _TOOL_RE.finditer(text):
            name = match.group(1)
            if " " in name and name.split()[0] in _TOOL_STOP:  # "Our Jira" -> "Jira"
                name = name.split(" ", 1)[1]
            at_start = text[: match.start()].strip() == ""
            if name in _TOOL_STOP or (at_start and name.istitle() and " " not in name):
                continue
            if _is_place(name, text[match.end():]) or _is_person(name, text[: match.start()], text[match.end():]):
                continue
            found.append((n, match.start(), name))
    tools: list[str] = []
    seen: set[str] = set()
    for _, _, name in sorted(found, key=lambda f: (f[0], f[1])):
        key = name.casefold()
        if key not in seen and not any(key in t.casefold().split() for t in tools):
            seen.add(key)
            tools.append(name)
    return tools[:10]


def _span(sentence: SentenceReading) -> Span:
    return Span(sentence.char_start, sentence.char_end, sentence.text)


def length_band(words: int, lang: str) -> str:
    """"too_short" | "ok" | "long" for an answer of `words` words in `lang`."""
    lang = "ko" if lang == "ko" else "en"
    if words < SHORT_ANSWER_WORDS[lang]:
        return "too_short"
    return "long" if words > LONG_ANSWER_WORDS[lang] else "ok"


def signals_from_reading(reading: AnswerReading, text: str) -> AnswerSignals:
    """The feedback's view of `reading` (the answer `text` it was read from)."""
    lang = reading.language
    sentences = [Sentence(s.text, s.char_start, s.char_end) for s in reading.sentences]
    star = {part: [_span(s) for s in reading.sentences if s.role == part] for part in STAR_PARTS}
    quantities = [Span(n.char_start, n.char_end, n.text) for s in reading.sentences for n in s.numbers]
    loose = [Span(n.char_start, n.char_end, n.text) for s in reading.sentences if s.role == "result"
             for n in s.numbers if not n.has_context]
    result_quantified = any(s.numbers for s in reading.sentences if s.role == "result")
    mine = [s for s in reading.sentences if s.actor == "i"]
    ours = [s for s in reading.sentences if s.actor == "we"]
    return AnswerSignals(
        language=lang, sentences=sentences, star=star, quantities=quantities,
        result_quantified=result_quantified, i_count=len(mine), we_count=len(ours),
        we_spans=[_span(s) for s in ours],
        hedges=[Span(a, b, t) for a, b, t in hedges_in(text, lang)],
        tools=named_tools(sentences), words=reading.word_count, source="reader",
        specifics=sum(1 for s in reading.sentences if s.concrete),
        relevance=reading.relevance, off_topic=(not reading.answers_question) if reading.question else None,
        length_band=length_band(reading.word_count, lang),
        vague=[Span(a, b, t) for a, b, t in vague_in(text, lang)],
        numbers_without_context=loose, reading=reading,
    )


def extract_signals(text: str, lang: str = "en", question: str = "", *,
                    reading: AnswerReading | None = None) -> AnswerSignals:
    """Signals of an answer with spans; reads the answer with the answer reader unless
    `reading` (of this same text) is given."""
    from core.interview.reader import read_answer

    lang = "ko" if lang == "ko" else "en"
    reading = reading or read_answer(question or "", text or "", lang=lang)
    return signals_from_reading(reading, text or "")
