"""Splitting documents into located lines, sections and dates (English and Korean).

Everything downstream (parsing, claims, gaps) works on `Line`s so that every result can
say where it came from: the section heading and the 1-based line number in the text the
user gave us.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

HANGUL = re.compile(r"[가-힣]")
BULLET = re.compile(r"^\s*(?:[-*•·▪◦○●■□▶►✓✔]|\d{1,2}[.)]\s|\(\d{1,2}\))\s*")
MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
BRACKET_HEADING = re.compile(r"^\s*[\[【<〈(]\s*([^\]】>〉)]{1,20})\s*[\]】>〉)]\s*$")

# Canonical section -> headings that name it (casefolded, without trailing colon).
SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "profile", "about", "about me", "objective", "professional summary",
                "요약", "소개", "프로필", "자기소개", "개요", "핵심 역량"),
    "experience": ("experience", "work experience", "professional experience", "employment",
                   "employment history", "work history", "career", "경력", "경력사항", "경력 사항",
                   "주요 경력", "업무 경험", "경력 기술서", "경력기술서"),
    "projects": ("projects", "selected projects", "key projects", "프로젝트", "주요 프로젝트", "프로젝트 경험"),
    "education": ("education", "학력", "학력사항", "학력 사항", "교육"),
    "skills": ("skills", "technical skills", "core skills", "technologies", "tech stack", "기술",
               "보유 기술", "기술 스택", "스킬", "보유기술", "기술스택"),
    "certifications": ("certifications", "certificates", "licenses", "licences", "자격증", "자격", "자격사항",
                       "자격 사항", "자격/면허"),
    "languages": ("languages", "language skills", "어학", "외국어", "어학 능력", "어학능력"),
    "awards": ("awards", "honours", "honors", "achievements", "수상", "수상 경력", "수상경력"),
    "activities": ("activities", "volunteering", "대외활동", "대외 활동", "활동"),
    "links": ("links", "online", "링크", "포트폴리오"),
    # job postings
    "jd_responsibilities": ("responsibilities", "what you will do", "what you'll do", "the role", "your role",
                            "duties", "주요 업무", "주요업무", "담당 업무", "담당업무", "업무 내용", "하는 일"),
    "jd_must": ("requirements", "required", "qualifications", "must have", "what we are looking for",
                "what we're looking for", "about you", "자격 요건", "자격요건", "필수 요건", "필수 사항",
                "지원 자격", "지원자격"),
    "jd_nice": ("nice to have", "preferred", "preferred qualifications", "bonus", "bonus points", "desirable",
                "우대 사항", "우대사항", "우대 요건", "우대요건"),
}
_HEADING_LOOKUP = {name: section for section, names in SECTION_NAMES.items() for name in names}

MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_TOKEN = (
    rf"(?:{_MONTH_RE}\s+\d{{4}}|\d{{4}}\s*[.\-/]\s*\d{{1,2}}(?:\s*[.\-/]\s*\d{{1,2}})?\.?"
    r"|\d{4}\s*년(?:\s*\d{1,2}\s*월)?|\d{1,2}/\d{4}|(?:19|20)\d{2})"
)
_PRESENT = r"(?:present|current|now|today|ongoing|현재|재직\s*중|재직중)"
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE_TOKEN})\s*(?:[-–—~]|to|until|부터)\s*(?P<end>{_DATE_TOKEN}|{_PRESENT})",
    re.IGNORECASE,
)
SINGLE_DATE = re.compile(rf"(?<![\d,.])(?:{_DATE_TOKEN})(?![\d%])", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One non-empty line of a document, with where it sits."""

    number: int  # 1-based line number in the original text
    text: str  # without bullet marker, stripped
    section: str  # canonical section ("header" before the first heading, "other" for unknown headings)
    heading: str  # the heading as written (for display)
    bullet: bool
    is_heading: bool
    level: int = 0  # markdown heading level (0 = not a markdown heading)
    column_header: bool = False  # a table's row of column labels ("근무기간 | 회사명 | 직위"), not content


def detect_language(text: str) -> str:
    """'ko' when Hangul makes up a meaningful share of the letters, else 'en'."""
    hangul = len(HANGUL.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "ko" if hangul and hangul >= 0.2 * (hangul + latin) else "en"


def section_of_heading(heading: str) -> str | None:
    """The canonical section a heading names, or None when it is not a known section."""
    key = re.sub(r"[:：]\s*$", "", heading.strip()).strip().casefold()
    key = re.sub(r"^[\d.\s■□▶●◆◇※]+", "", key).strip()
    return _HEADING_LOOKUP.get(key)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their section. Known section names are headings even when
    written without markdown (e.g. "EXPERIENCE", "[경력사항]", "Skills:")."""
    lines: list[Line] = []
    section, heading = "header", ""
    last_number = -1  # the last physical line consumed: only directly adjacent lines can be a wrap
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or set(stripped) <= set("-=_*—"):
            continue
        md = MD_HEADING.match(stripped)
        bracket = BRACKET_HEADING.match(stripped)
        candidate = md.group(2) if md else (bracket.group(1) if bracket else stripped)
        known = section_of_heading(candidate)
        if md or known is not None:
            level = len(md.group(1)) if md else 1
            if known is not None:
                section, heading = known, candidate
                lines.append(Line(number, candidate, section, heading, False, True, level))
                continue
            if level <= 2 and section not in {"experience", "projects", "education"}:
                # An unknown top-level heading: a document title or an unlisted section.
                section = "header" if not lines or all(x.section == "header" for x in lines) else "other"
                heading = candidate
            lines.append(Line(number, candidate, section, heading, False, True, level))
            continue
        bullet = bool(BULLET.match(raw)) and not re.match(r"^\s*\d{4}", raw)
        body = BULLET.sub("", raw, count=1).strip() if bullet else stripped
        previous = lines[-1] if lines else None
        if previous is not None and not bullet and last_number == number - 1 and _is_wrap(previous, body):
            # A PDF wraps long lines: the continuation belongs to the line above (and keeps its number).
            lines[-1] = Line(previous.number, f"{previous.text} {body}", previous.section, previous.heading,
                             previous.bullet, False, 0)
            last_number = number
            continue
        lines.append(Line(number, body, section, heading, bullet, False, 0))
        last_number = number
    return _mark_column_headers(lines)


CELL_SEPARATOR = re.compile(r"\s*\|\s*")  # how document extraction joins a table row's cells
_TABLE_RULE = re.compile(r"^[\s|:-]+$")  # a Markdown table's "|---|---|" line
LABEL_MAX_CHARS = 20  # a column label is a word or two ("근무기간", "Employment period"), never a sentence


def _cells(text: str) -> list[str]:
    return [c.strip() for c in CELL_SEPARATOR.split(text.strip().strip("|"))] if "|" in text else []


def _mark_column_headers(lines: list[Line]) -> list[Line]:
    """Mark the column-label rows of tables (Korean standard-form resumes: "근무기간 | 회사명 |
    직위 | 담당업무" above the career rows, "기간 | 학교명 | 전공" above the schools).

    Structural, no vocabulary: a row of at least two short cells with no digit at all, whose
    next row (past a Markdown "|---|" rule) has as many cells and carries a digit (a date, a
    count). Such a row names the columns; read as content it became a job titled "근무기간"
    at "회사명" and a degree "기간 | 학교명 | 전공".
    """
    content = [ln for ln in lines if not _TABLE_RULE.match(ln.text)]
    out = list(lines)
    position = {id(ln): i for i, ln in enumerate(lines)}
    for line, below in pairwise(content):
        cells, body = _cells(line.text), _cells(below.text)
        labels = [c for c in cells if c]
        if (line.is_heading or line.bullet or len(labels) < 2 or len(body) != len(cells)
                or any(len(c) > LABEL_MAX_CHARS or any(ch.isdigit() for ch in c) for c in labels)
                or not any(ch.isdigit() for ch in below.text)):
            continue
        out[position[id(line)]] = replace(line, column_header=True)
    return out


WRAP_MIN_CHARS = 60  # a line this long that stops mid-sentence was probably wrapped by the PDF layout
_SENTENCE_END = re.compile(r"[.!?。:;)\]]$|다$|음$|함$|됨$")


def _is_wrap(previous: Line, body: str) -> bool:
    """True when `body` continues `previous` (wrapped by a layout, not a new line of content)."""
    if previous.is_heading or DATE_RANGE.search(body) or section_of_heading(body) is not None:
        return False
    if body[:1].islower() and previous.bullet:
        return True
    return len(previous.text) >= WRAP_MIN_CHARS and not _SENTENCE_END.search(previous.text.rstrip())


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (English full stops and Korean sentence endings)."""
    parts = re.split(r"(?<=[.!?。])\s+|(?<=다\.)|(?<=니다)\s+(?=[가-힣A-Z])", text)
    return [p.strip() for p in parts if p and p.strip()]


def _parse_date(token: str) -> str:
    token = token.strip().lower().rstrip(".")
    if re.fullmatch(_PRESENT, token, re.IGNORECASE):
        return "present"
    m = re.match(rf"({_MONTH_RE})\s+(\d{{4}})", token)
    if m:
        return f"{m.group(2)}-{MONTHS[m.group(1)[:3]]:02d}"
    m = re.match(r"(\d{4})\s*[.\-/]\s*(\d{1,2})", token)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = re.match(r"(\d{4})\s*년(?:\s*(\d{1,2})\s*월)?", token)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}" if m.group(2) else m.group(1)
    m = re.match(r"(\d{1,2})/(\d{4})", token)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.match(r"(\d{4})", token)
    return m.group(1) if m else token


def find_date_range(text: str) -> tuple[str, str, tuple[int, int]] | None:
    """(start, end, span) of the first date range in `text`, normalised to "YYYY-MM"/"YYYY"/"present"."""
    m = DATE_RANGE.search(text)
    if not m:
        return None
    return _parse_date(m.group("start")), _parse_date(m.group("end")), m.span()


def strip_dates(text: str) -> str:
    """`text` with date ranges and calendar years blanked out, so "2019" is never a claim."""
    text = DATE_RANGE.sub(lambda m: " " * len(m.group(0)), text)
    return SINGLE_DATE.sub(lambda m: " " * len(m.group(0)), text)


def months_between(start: str, end: str, *, today: tuple[int, int]) -> int | None:
    """Whole months from `start` to `end` ("present" = `today`), or None when unparseable."""
    def parse(value: str, is_end: bool) -> tuple[int, int] | None:
        if value == "present":
            return today
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value)
        if not m:
            return None
        return int(m.group(1)), int(m.group(2) or (12 if is_end else 1))

    a, b = parse(start, False), parse(end, True)
    if a is None or b is None:
        return None
    months = (b[0] - a[0]) * 12 + (b[1] - a[1]) + 1
    return months if months > 0 else None
