"""Structure and specificity notes for each question (문항) of a cover letter.

What is measured is on the page: length against the stated limit, numbers, finished
actions, which STAR parts have a marker, and stock phrases that say nothing an
interviewer can check ("열정", "최선을 다하겠습니다", "passionate"). The grade is about
the text's specificity, never about the writer.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from core.i18n import t
from core.resume.claims import ACTION_EN, ACTION_KO, numeric_claims
from core.resume.parse import parse_cover_letter
from core.resume.text import split_sentences

GENERIC_KO = ("열정", "최선을 다하", "성실", "배우는 자세", "기여하는 인재", "원활하게 소통", "원활한 소통",
              "끝까지 해내", "도전 정신", "도전정신", "책임감", "누구보다", "주인의식", "글로벌 인재",
              "꼭 필요한 인재", "발전에 기여", "밑거름", "노력하겠습니다")
GENERIC_EN = ("passionate", "passion", "hard-working", "hardworking", "team player", "go-getter", "detail-oriented",
              "think outside the box", "110%", "do my best", "fast learner", "quick learner", "self-motivated",
              "results-driven", "dynamic", "synergy", "perfect fit", "dream job")
STAR_MARKERS: dict[str, re.Pattern[str]] = {
    "situation": re.compile(r"때|당시|상황|문제가|에서 .{0,20}(?:있었|했)|\bwhen\b|\bat the time\b|\bsituation\b|"
                            r"\bwhile\b|\bproblem\b", re.IGNORECASE),
    "task": re.compile(r"목표|맡|과제|역할|책임|해야|\bgoal\b|\btask\b|\bresponsib|\bneeded to\b|\bmy job\b|\baim\b",
                       re.IGNORECASE),
    "action": re.compile(r"(?:저는|제가|직접|주도).{0,60}(?:했|하였)|(?:제안|설계|도입|정리|측정|구현|분석)했|"
                         r"\bI\s+(?:\w+ed|built|led|wrote|made|ran|set up|took)\b", re.IGNORECASE),
    "result": re.compile(r"결과|줄었|줄였|늘었|늘렸|단축|증가|감소|달성|개선되|절감|\bresult|\breduced\b|\bincreased\b|"
                         r"\bcut\b|\bimproved\b|\bsaved\b|\bgrew\b|\bwon\b", re.IGNORECASE),
}
SHORT_SHARE = 0.5  # an answer using less than half of its stated limit leaves room for an example
GOOD, AVERAGE, NEEDS_IMPROVEMENT = "good", "average", "needs_improvement"


@dataclass(frozen=True)
class CoverLetterNote:
    index: int
    question: str
    line: int
    chars: int  # with spaces, as Korean 자 limits usually count
    limit: int | None
    numbers: list[str] = field(default_factory=list)
    actions: int = 0
    star: dict[str, bool] = field(default_factory=dict)
    generic_phrases: list[str] = field(default_factory=list)
    specificity: str = AVERAGE  # good | average | needs_improvement
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def review_cover_letter(text: str, *, lang: str = "en",
                        structured: dict[str, Any] | None = None) -> list[CoverLetterNote]:
    """One note per question of the letter (a letter without questions is one item)."""
    items = (structured or {}).get("items") or parse_cover_letter(text)["items"]
    notes: list[CoverLetterNote] = []
    for i, item in enumerate(items, start=1):
        answer = str(item.get("answer", ""))
        sentences = split_sentences(answer)
        numbers = [v for s in sentences for _, v, _ in numeric_claims(s)]
        actions = sum(1 for s in sentences if (ACTION_KO.search(s) and re.search(r"했|하였", s))
                      or (ACTION_EN.search(s) and re.search(r"\b(?:I|we)\b", s)))
        star = {part: bool(p.search(answer)) for part, p in STAR_MARKERS.items()}
        lowered = answer.casefold()
        generic: list[str] = []
        for phrase in sorted((*GENERIC_KO, *GENERIC_EN), key=len, reverse=True):
            if phrase.casefold() in lowered and not any(phrase.casefold() in g.casefold() for g in generic):
                generic.append(phrase)  # "passion" is not counted again inside "passionate"
        generic.sort(key=lambda g: lowered.find(g.casefold()))
        chars = len(answer.replace("\n", ""))
        limit = item.get("limit")
        if numbers and actions and len(generic) <= 1:
            grade = GOOD
        elif not numbers and (not actions or len(generic) >= 2):
            grade = NEEDS_IMPROVEMENT
        else:
            grade = AVERAGE
        msgs: list[str] = []
        if limit:
            if chars > limit:
                msgs.append(t("resume.cl.over_limit", lang, chars=chars, limit=limit, over=chars - limit))
            elif chars < SHORT_SHARE * limit:
                msgs.append(t("resume.cl.short", lang, chars=chars, limit=limit, share=round(100 * chars / limit)))
            else:
                msgs.append(t("resume.cl.length_ok", lang, chars=chars, limit=limit))
        else:
            msgs.append(t("resume.cl.length", lang, chars=chars))
        msgs.append(t("resume.cl.numbers", lang, values=", ".join(numbers)) if numbers
                    else t("resume.cl.no_numbers", lang))
        if not actions and not star["action"]:
            msgs.append(t("resume.cl.no_actions", lang))
        absent = [t(f"resume.star.{p}", lang) for p, ok in star.items() if not ok]
        msgs.append(t("resume.cl.star_missing", lang, parts=", ".join(absent)) if absent
                    else t("resume.cl.star_ok", lang))
        if generic:
            msgs.append(t("resume.cl.generic", lang, phrases=", ".join(f"“{g}”" for g in generic)))
        notes.append(CoverLetterNote(i, str(item.get("question", "")), int(item.get("line", 0)), chars, limit,
                                     numbers, actions, star, generic, grade, msgs))
    return notes
