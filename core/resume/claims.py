"""The claim ledger: every concrete claim in the candidate's documents, with its source.

A claim is something an interviewer can ask the candidate to back up: a number (a
percentage, money, a duration, a count, a team size, a before/after change), a role, a
technology used, an achievement, or a credential. Each carries where it came from
(document, section, line) so the candidate can find it and the interviewer can quote it.
Rules only, English and Korean; dates and contact details are never claims.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from core.resume.parse import EMAIL, PHONE, URL, is_question_line, parse_resume
from core.resume.text import Line, split_lines, split_sentences, strip_dates
from core.resume.vocab import GENERIC_TERMS, find_terms

CLAIM_KINDS = ("change", "percentage", "money", "multiplier", "duration", "team_size", "count", "role",
               "technology", "achievement", "credential")
NUMERIC_KINDS = frozenset({"change", "percentage", "money", "multiplier", "duration", "team_size", "count"})

_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:\s?(?:k|K|m|M|bn|BN|B|million|billion|thousand)(?![A-Za-z])|\s?(?:조|억|천만|백만|만|천))?"
_TIME_EN = r"(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|ms|milliseconds?)"
_TIME_KO = r"(?:개월|시간|년|달|주|일|분|초)"
_MONEY = (
    rf"(?:[$£€₩]|USD\s?|GBP\s?|EUR\s?|KRW\s?){_NUM}{_SCALE}"
    rf"|{_NUM}\s?(?:조|억|천만|백만|만|천)?(?:\s?{_NUM}\s?(?:천만|백만|만|천))?\s?원"
)
_QUANTITY = (rf"(?:{_MONEY}|{_NUM}\s?(?:%|percent)|{_NUM}\s?(?:{_TIME_EN}(?![A-Za-z])|{_TIME_KO})"
             rf"|{_NUM}{_SCALE}(?:\s?(?:개|건|명|대|곳|회|가지))?)")

WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
_WORD_NUMBERS = "(?:" + "|".join(WORD_NUMBERS) + ")"
# Spelled-out changes: "fell by half", "doubled", "3배"-like words without digits.
FRACTIONS = {"half": 0.5, "halved": 0.5, "doubled": 2.0, "tripled": 3.0, "절반": 0.5, "두 배": 2.0, "세 배": 3.0}
_FRACTION = re.compile(r"\b(?:by\s+)?(?:half|halved|doubled|tripled)\b|절반|두\s?배|세\s?배", re.IGNORECASE)
# "Java 8 to 17", "Python 3.11", "v2": version numbers of a tool are not claims.
_VERSION_BEFORE = re.compile(r"(?:\b(?:v|version|ver\.?)\s?|[A-Za-z][A-Za-z+#.]*\s(?:\d+(?:\.\d+)*\s(?:to|->|→)\s)?)$",
                             re.IGNORECASE)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("change", re.compile(
        rf"(?:from\s+(?P<a>{_QUANTITY})(?:\s+[A-Za-z]+)?\s+(?:to|down to|up to)\s+(?P<b>{_QUANTITY})"
        rf"|(?P<c>{_QUANTITY})\s*에서\s*(?P<d>{_QUANTITY})\s*(?:으로|로))", re.IGNORECASE)),
    ("money", re.compile(rf"(?<![\w.,])(?:{_MONEY})", re.IGNORECASE)),
    ("percentage", re.compile(rf"(?<![\w.,]){_NUM}\s?(?:%p|%|percent(?:age points?)?|퍼센트|포인트)", re.IGNORECASE)),
    ("multiplier", re.compile(rf"(?<![\w.,]){_NUM}\s?(?:x|×|배)(?![A-Za-z])", re.IGNORECASE)),
    ("team_size", re.compile(
        r"(?:team\s+of|led|leading|managed|managing|mentored|mentoring|supervised|coached|hired)\s+"
        r"(?:a\s+team\s+of\s+)?(?P<people>(?P<n>\d{1,3}|" + _WORD_NUMBERS + r")\s+(?:[a-z-]+\s+)?"
        r"(?:engineers?|developers?|people|members?|analysts?|designers?|reports?|interns?|staff|juniors?|"
        r"graduates?|hires|students|contractors|scientists?))"
        r"|(?P<k>\d{1,3})\s?명(?:의)?\s?(?:팀원|팀|파트|조직|스쿼드|개발자|엔지니어|인원|후배|주니어|신입)",
        re.IGNORECASE)),
    ("duration", re.compile(
        rf"(?<![\w.,]){_NUM}\+?\s?(?:{_TIME_EN}(?![A-Za-z])|{_TIME_KO}(?:\s?차)?)", re.IGNORECASE)),
    ("count", re.compile(
        rf"(?<![\w.,$£€₩]){_NUM}{_SCALE}\+?(?:\s?(?:개|건|명|대|곳|회|종|가지))?")),
]
_EN_UNIT_STOP = frozenset({"to", "from", "and", "or", "by", "per", "in", "of", "a", "the", "with", "for", "on", "at",
                           "into", "than", "across", "over", "after", "before", "is", "was", "were", "within"})
_LEAD_CONTEXT = re.compile(r"이끌|리드|관리|팀장|멘토|\bled\b|lead|manag|mentor", re.IGNORECASE)
ACTION_EN = re.compile(
    r"\b(led|built|designed|launched|migrated|introduced|created|implemented|developed|owned|automated|"
    r"reduced|improved|shipped|founded|won|delivered|drove|optimi[sz]ed|mentored|rebuilt|scaled|wrote|"
    r"architected|established|negotiated|initiated|redesigned|cut|raised|increased|saved)\b",
    re.IGNORECASE,
)
ACTION_KO = re.compile(
    r"(구축|개발|주도|설계|도입|개선|달성|이끌|수상|출시|자동화|기여|제안|전환|해결|절감|단축|재구축|최적화|정리해)"
)
_SKIP_SECTIONS = frozenset({"header", "links", "jd_responsibilities", "jd_must", "jd_nice"})
MAX_TEXT = 240  # characters of the source line kept in a claim


@dataclass(frozen=True)
class Claim:
    """One concrete claim. `value` is the claim's core ("45%", "£18,000", "Kafka");
    `text` the sentence it appears in; `source` where that sentence is."""

    text: str
    kind: str
    value: str
    source: dict[str, Any] = field(default_factory=dict)  # {"document", "section", "line"}
    number: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """A stored claim (`to_dict`'s shape, as kept in `Document.structured["analysis"]`);
        a source given as a bare name becomes {"document": name}."""
        source = data.get("source")
        number = data.get("number")
        return cls(text=str(data.get("text") or ""), kind=str(data.get("kind") or ""),
                   value=str(data.get("value") or ""),
                   source=dict(source) if isinstance(source, dict) else {"document": str(source or "resume")},
                   number=float(number) if isinstance(number, int | float) else None)


def _to_number(value: str) -> float | None:
    m = re.search(_NUM, value)
    if not m:
        return None
    try:
        base = float(m.group(0).replace(",", ""))
    except ValueError:
        return None
    rest = value[m.end():].strip().lower()
    for unit, factor in (("조", 1e12), ("억", 1e8), ("천만", 1e7), ("백만", 1e6), ("만", 1e4), ("천", 1e3),
                         ("bn", 1e9), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3), ("k", 1e3),
                         ("m", 1e6), ("b", 1e9)):
        if rest.startswith(unit) and not (unit in {"m", "b"} and rest[:2] in {"ms", "mi", "mo", "by"}):
            return base * factor
    return base


def _clean_unit(value: str) -> str:
    """'8M to' -> '8M'; '120개를' -> '120개'."""
    parts = value.split()
    if len(parts) > 1 and parts[-1].casefold() in _EN_UNIT_STOP:
        parts = parts[:-1]
    return " ".join(parts).rstrip(".,;:+")


def _extend_unit(sentence: str, end: int, value: str) -> str:
    """Carry the unit words after a bare English quantity: "14" -> "14 legacy cron jobs"."""
    if re.search(r"[가-힣]", value):
        return value
    words: list[str] = []
    following = re.match(r"((?:\s+[A-Za-z][A-Za-z/-]*){0,4})", sentence[end:]).group(1).split()  # type: ignore[union-attr]
    for i, word in enumerate(following):
        if word.casefold() == "per" and i + 1 < len(following):
            words += [word, following[i + 1]]  # "per day", "per quarter" belong to the number
            break
        if word.casefold() in _EN_UNIT_STOP or len(words) >= 3:
            break
        words.append(word)
    return (value + " " + " ".join(words)).strip() if words else value


def numeric_claims(sentence: str) -> list[tuple[str, str, float | None]]:
    """(kind, value, number) for each number in `sentence`, most specific reading first,
    never two claims over the same characters."""
    masked = strip_dates(sentence)
    masked = EMAIL.sub(lambda m: " " * len(m.group(0)), masked)
    masked = URL.sub(lambda m: " " * len(m.group(0)), masked)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str, float | None]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(masked):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = _clean_unit(sentence[start:end].strip())
            if kind in {"change", "count"} and (value[-1:].isdigit() or value[-1:] in {"M", "K", "k", "B", "+"}):
                value = _extend_unit(sentence, end, value)
            if not re.search(r"\d", value) and kind != "team_size":
                continue
            real_kind, number = kind, _to_number(value)
            if kind == "change":
                second = m.group("b") or m.group("d") or ""
                number = _to_number(second)
                real_kind = "change"
            elif kind == "team_size":
                count = m.group("n") or m.group("k")
                number = float(WORD_NUMBERS.get(count.lower(), 0) or count) if count else None
                if m.group("people"):
                    value = m.group("people")  # "3 engineers", not the verb that led them
            elif kind == "count":
                if number is not None and number < 2 and not re.search(r"[A-Za-z가-힣]", value):
                    continue  # a lone "1" is rarely a claim
                if _is_version(masked[:start]):
                    continue
                if re.search(r"명", value) and _LEAD_CONTEXT.search(sentence):
                    real_kind = "team_size"
            taken.append((start, end))
            found.append((start, real_kind, value, number))
    for m in _FRACTION.finditer(masked):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            word = m.group(0).lower().removeprefix("by").strip()
            found.append((m.start(), "multiplier", m.group(0).strip(), FRACTIONS.get(re.sub(r"\s+", " ", word))))
    return [(k, v, n) for _, k, v, n in sorted(found)]


def _is_version(before: str) -> bool:
    """True when the number that follows `before` is a tool's version ("Java 8", "Python 3.11")."""
    m = _VERSION_BEFORE.search(before)
    if not m:
        return False
    if re.search(r"\b(?:v|version|ver\.?)\s?$", before, re.IGNORECASE):
        return True
    word = re.search(r"([A-Za-z][A-Za-z+#.]*)\s(?:\d+(?:\.\d+)*\s(?:to|->|→)\s)?$", before)
    return bool(word and word.group(1) in {"Java", "Python", "Go", "PHP", "Node", "Ruby", "Scala", "Kotlin", "Spring",
                                           "React", "Angular", "Vue", "Django", "Rails", "iOS", "Android", "Windows",
                                           "PostgreSQL", "MySQL", "Ubuntu", "Debian", "Spark", "Kafka", "Airflow",
                                           "Elasticsearch", "HTTP", "TLS", "IPv", "C++", "Swift", ".NET", "ES"})


def _source(document: str, line: Line, section: str | None = None) -> dict[str, Any]:
    label = section if section is not None else (line.heading or line.section)
    return {"document": document, "section": label[:60], "line": line.number}


def _units(lines: list[Line]) -> list[tuple[Line, str]]:
    """(line, sentence): long paragraphs split into sentences, each keeping its line."""
    out: list[tuple[Line, str]] = []
    for line in lines:
        if line.is_heading or line.column_header:  # a table's column labels are not content
            continue
        sentences = split_sentences(line.text) if len(line.text) > 160 else [line.text]
        out.extend((line, s) for s in sentences)
    return out


def extract_claims(text: str, *, document: str = "resume") -> list[Claim]:
    """The claim ledger of one document (`document` is "resume" or "cover_letter")."""
    lines = split_lines(text)
    claims: list[Claim] = []
    seen: set[tuple[str, str, int]] = set()

    def add(claim: Claim) -> None:
        key = (claim.kind, claim.value.casefold(), int(claim.source.get("line", 0)))
        if key not in seen:
            seen.add(key)
            claims.append(claim)

    section_labels: dict[int, str] = {}
    if document == "cover_letter":
        label, raw = "", text.splitlines()
        for line in lines:
            if (line.is_heading and line.level >= 2) or is_question_line(raw[line.number - 1]):
                label = raw[line.number - 1].strip().lstrip("#").strip()
            section_labels[line.number] = label
    else:
        for entry in parse_resume(text)["experience"]:
            when = f"{entry['start']} – {entry['end']}".strip(" –")
            text_ = " — ".join(p for p in (entry["role"], entry["organization"]) if p)
            if entry["role"]:
                where = next((ln for ln in lines if ln.number == entry["line"]), None)
                if where is not None:
                    add(Claim(f"{text_} ({when})" if when else text_, "role", entry["role"],
                              _source(document, where), None))

    content = [ln for ln in lines if ln.section not in _SKIP_SECTIONS or document == "cover_letter"]
    if document != "cover_letter":
        content = [ln for ln in content if not (ln.section == "header" or PHONE.fullmatch(ln.text.strip()))]
    tech_seen: set[str] = set()
    deferred_tech: list[tuple[Line, str]] = []
    for line, sentence in _units(content):
        section = section_labels.get(line.number) if document == "cover_letter" else None
        short = sentence if len(sentence) <= MAX_TEXT else sentence[: MAX_TEXT - 1] + "…"
        if line.section in {"certifications", "education", "languages"} and document != "cover_letter":
            value = re.sub(r"\(\s*\)", "", strip_dates(sentence)).strip(" ,-—–|")
            add(Claim(short, "credential", re.sub(r"\s{2,}", " ", value), _source(document, line)))
            continue
        numbers = numeric_claims(sentence) if line.section != "skills" else []
        for kind, value, number in numbers:
            add(Claim(short, kind, value, _source(document, line, section), number))
        if line.section == "skills":
            deferred_tech.append((line, short))
            continue
        for term in find_terms(sentence):
            if term not in GENERIC_TERMS and term not in tech_seen:
                tech_seen.add(term)
                add(Claim(short, "technology", term, _source(document, line, section)))
        if not numbers and (line.bullet or document == "cover_letter" or line.section in {"experience", "projects"}):
            action = ACTION_EN.search(sentence) or ACTION_KO.search(sentence)
            # In prose (cover letters) only finished actions count: "설계했습니다", not "기여하겠습니다".
            prose_ok = document != "cover_letter" or re.search(r"했|하였|었|였|됐|되었|\b(?:I|we)\s+\w+ed\b",
                                                                   sentence)
            if action and prose_ok and len(sentence) >= 20:
                add(Claim(short, "achievement", action.group(0), _source(document, line, section)))
    for line, short in deferred_tech:
        for term in find_terms(line.text):
            if term not in GENERIC_TERMS and term not in tech_seen:
                tech_seen.add(term)
                add(Claim(short, "technology", term, _source(document, line)))
    return claims
