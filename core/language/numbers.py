"""Numbers in answer text, with their unit and whether they carry context.

A number "has context" when the listener can tell what it measures against: a baseline or
comparison ("from 12 to 4", "대비", "than"), a period ("in two weeks", "첫 달", "3개월 만에"),
a second number in the same sentence, or a counted unit that says what was counted
("4 feature flags", "20명", "0건" after "오류 건수"). A bare percentage or multiple ("40 %",
"3배") has none. Outcome figures (percentages, ratios, money, or numbers in a sentence
that states a result) are the ones a listener needs context for; "I interviewed 5 users"
is not an outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters either side of a number searched for a context cue (within its sentence).
NUMBER_CONTEXT_WINDOW = 60

# English units kept with the number: ratios, money and time ("40 %", "3x", "two weeks",
# "15-minute"); counted nouns ("1,200 customers") are context, not part of the number.
_UNIT_EN = (r"%|percent(?:age points?)?|pp\b|x\b|times\b|k\b|m\b|bn\b|ms\b|(?:million|billion)\b|"
            r"-?(?:hours?|days?|weeks?|months?|years?|quarters?|minutes?|seconds?|milliseconds?|hour|day|week|month|"
            r"year|minute|second|page)\b|points?\b")
# Longer units first ("개월" before "개", "%p" before "%"); a magnitude keeps its counter
# ("12만 건", "3천 명", "1조 원") and Latin units written against the digits stay with them
# ("300ms", "100km", "20MB") — the corpus convention in data/reader/README.md.
_UNIT_KO = (r"%p|%|퍼센트|(?:억|만|천|조)(?:\s?(?:원|명|건|회|개|곳|번))?|여\s?(?:명|개|건|곳|번|회)|ms|km|MB|GB|kg|"
            r"배|명|원|건|개월|개|곳|회|번|시간|분|초|일|주일|주|달|년|점|포인트|위|등|차례|가지|쪽|인분")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CURRENCY = r"[$£€₩]"
NUMBER_RE = re.compile(
    rf"(?<![\w.]){_CURRENCY}?\s?{_DIGITS}[\s-]?(?:{_UNIT_KO}|{_UNIT_EN})?",
    re.IGNORECASE,
)
# Spelled quantities: English number words before a noun, Korean native counts.
_SPELLED_RE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|"
    r"a hundred|a thousand|a dozen|half|twice|double|triple|doubled|tripled|halved)\b(?:[\s-]"
    r"(?:weeks?|weekends?|days?|months?|years?|hours?|minutes?|seconds?|times|percent|week|day|month|year|hour|"
    r"minute)\b)?|"
    # Korean native counts two and up ("두 명", "열다섯 개", "네 동"); "한" (one) and ordinals
    # ("네 번째") are not numbers in the corpus convention.
    r"(?<![가-힣])(?:(?:열|스물|서른)\s?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무)"
    r"\s?(?:명|개|번|가지|달|곳|건|배|주|시간|차례|팀|분|줄|군데|동|대|장|권)(?![가-힣]*째)|"
    r"이틀|사흘|나흘|닷새|엿새|석 달",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}(?:년)?$")

_CONTEXT_EN = re.compile(
    r"\b(?:from|to|compared (?:to|with)|than|versus|vs\.?|baseline|per|out of|of (?:the|our|all)|over (?:the )?"
    r"(?:next |last |following |first )?\w+ (?:weeks?|months?|years?|quarters?|days?)|within|in (?:one|two|three|"
    r"four|six|\d+|a|the first|the next) (?:weeks?|months?|years?|quarters?|days?|sprints?)|year[- ]over[- ]year|"
    r"month[- ]over[- ]month|previous(?:ly)?|before|after|last (?:year|quarter|month|week)|a (?:week|month|day|year|"
    r"quarter)|each (?:week|month|day|year)|every (?:week|month|day|year)|average|down|up|early|late|ahead|"
    r"first (?:week|month|quarter)|by (?:the )?(?:end|launch|deadline))\b",
    re.IGNORECASE,
)
_CONTEXT_KO = re.compile(
    r"에서 \S*\d|\d\S*에서|대비|보다|기존|전년|이전|(?:개월|주|일|년|분기|달) ?(?:동안|만에|간|내|전|후|뒤|이내)|"
    r"당(?![가-힣])|중(?:에서)? ?\d|평균|매(?:주|월|일|년|달)|에 걸쳐|목표|전체|(?:주|월|일|연)간|"
    r"첫 ?(?:달|주|해|분기)|"
    r"전에|후에|뒤에|만에|앞당|마감|줄(?:었|여|이)|늘(?:었|려|리)|까지|부터|에서"
)
# Ratios need a baseline or comparison (or a period) to mean something.
_BASELINE_EN = re.compile(
    r"\b(?:from|to|compared (?:to|with)|than|versus|vs\.?|baseline|previous(?:ly)?|before|year[- ]over[- ]year|"
    r"month[- ]over[- ]month|last (?:year|quarter|month|week)|of (?:the|our|all)|out of|in (?:one|two|three|four|six|"
    r"\d+|a|the first|the next) (?:weeks?|months?|years?|quarters?|days?|sprints?)|within|over (?:the )?(?:next |last "
    r"|following |first )?\w+ (?:weeks?|months?|years?|quarters?|days?)|first (?:week|month|quarter))\b",
    re.IGNORECASE,
)
_BASELINE_KO = re.compile(r"에서 \S*\d|\d\S*에서|대비|보다|기존|전년|이전|"
                          r"(?:개월|주|일|년|분기|달) ?(?:동안|만에|간|내)|"
                          r"첫 ?(?:달|주|해|분기)|중(?:에서)? ?\d|전체|평균")
# Units that name what was counted: the number tells its own story ("20명", "4 engineers").
_COUNTED_UNIT_KO = re.compile(r"명|건|개|곳|회|번|가지|차례|원|억|만|천")
_COUNTED_UNIT_EN = re.compile(r"users?|people|customers?|clients?|engineers?|members?|tickets?|bugs?|errors?|"
                              r"orders?|[a-z]{3,}s$", re.IGNORECASE)
# Bare ratios that need a baseline whatever else the sentence says.
_RATIO_UNIT = re.compile(r"%|퍼센트|percent|배$|x$|times$|pp$|points?$|포인트", re.IGNORECASE)
_OUTCOME_UNIT = re.compile(r"%|퍼센트|percent|배|x$|원|억|만|천|[$£€₩]|k$|m$|bn$|points?$|포인트", re.IGNORECASE)


@dataclass(frozen=True)
class NumberSpan:
    """A number found in text. `unit` is what follows the digits ("%", "명", "weeks")."""

    text: str
    start: int
    end: int
    unit: str
    has_context: bool
    is_ratio: bool  # a percentage or multiple: means nothing without a baseline
    is_money: bool
    cue: str = ""  # what gave it context ("from", "대비", "pair", "unit"), "" when none


def parse_number(raw: str) -> float | None:
    """The numeric value of a digit string ("1,200" -> 1200.0); None when not a number."""
    digits = re.search(_DIGITS, raw)
    if not digits:
        return None
    try:
        return float(digits.group(0).replace(",", ""))
    except ValueError:
        return None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, start) + 1, text.rfind("\n", 0, start) + 1, 0)
    for mark in ("? ", "! ", "다. ", "요. "):
        pos = text.rfind(mark, 0, start)
        if pos >= 0:
            lo = max(lo, pos + len(mark) - 1)
    hi_candidates = [p for p in (text.find(". ", end), text.find("\n", end), text.find("? ", end)) if p >= 0]
    return lo, (min(hi_candidates) if hi_candidates else len(text))


def find_numbers(text: str, lang: str = "en") -> list[NumberSpan]:
    """Numbers in `text` (years like 2019 excluded), each with its unit and context flag."""
    text = text or ""
    found: list[tuple[int, int]] = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group(0).strip()
        if raw and not _YEAR.match(raw) and any(c.isdigit() for c in raw):
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            found.append((m.start() + lead, m.start() + lead + len(raw)))
    for m in _SPELLED_RE.finditer(text):
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in found):
            found.append((m.start(), m.end()))
    found.sort()
    context_rx = _CONTEXT_KO if lang == "ko" else _CONTEXT_EN
    out: list[NumberSpan] = []
    for start, end in found:
        raw = text[start:end]
        unit = re.sub(r"^[$£€₩]?\s?[\d,.\s]*", "", raw).strip()
        s_lo, s_hi = _sentence_bounds(text, start, end)
        lo, hi = max(s_lo, start - NUMBER_CONTEXT_WINDOW), min(s_hi, end + NUMBER_CONTEXT_WINDOW)
        window = text[lo:start] + " " + text[end:hi]
        paired = any((s, e) != (start, end) and lo <= s < hi for s, e in found)
        is_ratio = bool(_RATIO_UNIT.search(unit)) if unit else False
        is_money = bool(re.search(r"[$£€₩]|원|달러|dollars?|pounds?", raw + text[end:end + 6], re.IGNORECASE))
        cue_match = (_BASELINE_KO if lang == "ko" else _BASELINE_EN).search(window) if is_ratio \
            else context_rx.search(window)
        # a non-ratio number followed by a noun says what was counted ("four feature flags",
        # "1,200 customers", "0건"): that is its context.
        after = text[end:end + 20]
        counted = not is_ratio and (bool(unit) or bool(re.match(r"[ -]?[A-Za-z가-힣]{2,}", after)))
        cue = cue_match.group(0) if cue_match else ("pair" if paired else ("unit" if counted else ""))
        out.append(NumberSpan(raw, start, end, unit, bool(cue), is_ratio, is_money, cue))
    return out


def is_outcome_unit(unit: str) -> bool:
    """A unit that states an outcome figure (percentage, ratio, money, points)."""
    return bool(_OUTCOME_UNIT.search(unit or ""))
