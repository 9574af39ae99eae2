"""Rule-based follow-up decisions, keyed on what the answer says or lacks.

`decide_follow_up(context, question, answer_text, depth)` looks at the answer's signals
(`core.interview.signals`) and the resume claims, and either asks one follow-up aimed at
the first gap it finds, or moves on and says why. The order of the checks is the order an
interviewer would care about them:

1. too short to judge            -> ask for a real example          (kind "too_short")
2. off-topic                     -> bring the candidate back         ("off_topic")
3. a number contradicting the resume -> ask which is right           ("contradiction")
4. "we" with (almost) no "I"     -> ask what the candidate did       ("ownership")
5. generic / vague               -> ask for one specific moment      ("specifics")
6. behavioural question, no action -> ask for the steps              ("action")
7. behavioural question, no result -> ask for the outcome            ("result")
8. a number without context      -> ask for baseline and period      ("number_context")
9. executive, a result with no measure -> ask what it was worth      ("impact")
otherwise move on ("move_on"); at the depth limit always move on ("depth_limit").

Follow-up wording is persona-specific (templates.json); reasons are i18n messages that
quote the evidence (counts, the number, the resume claim).
"""

from __future__ import annotations

import re
from typing import Any

from core.i18n import t
from core.interview.bank import fill_template
from core.interview.competencies import ncs_for
from core.interview.material import light_claims, snippet
from core.interview.persona import normalize_persona
from core.interview.signals import AnswerSignals, analyze_answer, content_terms
from core.interview.types import (
    DEFAULT_MAX_FOLLOWUP_DEPTH,
    MAX_FOLLOWUP_DEPTH_LIMIT,
    FollowUpDecision,
    InterviewContext,
    QuestionDraft,
)

# A resume figure and an answer figure for the same thing "contradict" when they differ by
# more than this share of the larger one (rounding "about 40%" vs "38%" is not a contradiction).
CONTRADICTION_RELATIVE_GAP = 0.2

_BEHAVIOURAL = re.compile(
    r"tell me about (?:a|an|one|something|feedback)\b|describe a (?:time|situation)|give (?:me )?an example|"
    r"walk me through (?:a|an|how)|have you ever|"
    r"a time (?:you|when)|what (?:is|was) the hardest|proudest|your resume|you wrote|"
    r"경험|사례|했던|적이 있|이력서|쓰셨|적으셨",
    re.IGNORECASE,
)

_UNIT_ALIASES = {
    "%": "%",
    "percent": "%",
    "퍼센트": "%",
    "pct": "%",
    "x": "x",
    "배": "x",
    "times": "x",
    "명": "people",
    "인": "people",
    "people": "people",
    "persons": "people",
    "members": "people",
    "engineers": "people",
    "developers": "people",
    "designers": "people",
    "staff": "people",
    "employees": "people",
    "users": "users",
    "customers": "customers",
    "clients": "customers",
    "고객": "customers",
    "원": "krw",
    "만원": "krw",
    "억": "krw",
    "억원": "krw",
    "달러": "usd",
    "$": "usd",
    "days": "days",
    "일": "days",
    "weeks": "weeks",
    "주": "weeks",
    "months": "months",
    "개월": "months",
    "hours": "hours",
    "시간": "hours",
    "ms": "ms",
    "seconds": "s",
    "초": "s",
    "minutes": "min",
    "분": "min",
}
_QUANTITY = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(%|퍼센트|percent|배|명|인|억원|억|만원|원|개월|시간|[A-Za-z]+|[가-힣]+)?"
)


def _quantities(text: str) -> list[tuple[float, str, int, int]]:
    """(value, normalised unit, start, end) for each number with a recognised unit."""
    out: list[tuple[float, str, int, int]] = []
    for m in _QUANTITY.finditer(text):
        unit_raw = (m.group(2) or "").lower()
        unit = _UNIT_ALIASES.get(unit_raw)
        if unit is None:
            # "a team of 8 engineers": the unit can be one word further ("8 senior engineers")
            tail = text[m.end() : m.end() + 20].split()
            unit = next((_UNIT_ALIASES[w.lower()] for w in tail[:1] if w.lower() in _UNIT_ALIASES), None)
        if unit is None:
            continue
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        if 1900 <= value <= 2100 and not unit_raw:
            continue
        out.append((value, unit, m.start(), m.end()))
    return out


def _sentence_around(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    hi_candidates = [p for p in (text.find(".", end), text.find("\n", end)) if p >= 0]
    hi = min(hi_candidates) if hi_candidates else len(text)
    return text[lo:hi]


def find_contradiction(answer_text: str, claims: list[dict[str, Any]]) -> tuple[str, str] | None:
    """(claim text, what the answer said) when the answer gives a different figure, in the
    same unit, for something a resume claim quantifies; None otherwise."""
    answer_quantities = _quantities(answer_text)
    if not answer_quantities:
        return None
    for claim in claims:
        claim_text = str(claim.get("text", ""))
        claim_terms = {term for term in content_terms(claim_text) if not term.startswith("#")}
        for c_value, c_unit, _, _ in _quantities(claim_text + " " + str(claim.get("value") or "")):
            for a_value, a_unit, a_start, a_end in answer_quantities:
                if a_unit != c_unit:
                    continue
                gap = abs(a_value - c_value) / max(abs(a_value), abs(c_value), 1e-9)
                if gap <= CONTRADICTION_RELATIVE_GAP:
                    continue
                sentence = _sentence_around(answer_text, a_start, a_end)
                answer_terms = {term for term in content_terms(sentence) if not term.startswith("#")}
                if claim_terms & answer_terms:
                    return claim_text, answer_text[a_start:a_end].strip()
    return None


# Questions about people and values: a qualitative result is a complete answer there,
# so the executive does not ask what it was "worth to the business".
PEOPLE_NCS = frozenset({"interpersonal", "communication", "work_ethics", "self_development"})


def _question_ncs(question: QuestionDraft) -> str:
    if question.ncs:
        return question.ncs
    try:
        return ncs_for(question.competency)
    except KeyError:
        return ""


def is_behavioural(question_text: str) -> bool:
    """Past-experience questions ("Tell me about a time...", "~했던 경험") expect a STAR story."""
    return bool(_BEHAVIOURAL.search(question_text))


def _covered(signals: AnswerSignals, lang: str) -> str:
    parts = [t(f"interview.star.{p}", lang) for p, ok in signals.star_present.items() if ok]
    if not parts:
        return "—"
    if lang == "ko" or len(parts) == 1:
        return ", ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _ask(kind: str, persona: str, lang: str, reason: str, **values: str) -> FollowUpDecision:
    text = fill_template(f"followup.{kind}.{persona}", lang, **values)
    return FollowUpDecision(ask=True, text=text, reason=reason, kind=kind)


def move_on(kind: str, reason: str, lang: str) -> FollowUpDecision:
    """A decision not to ask, stated as such."""
    return FollowUpDecision(ask=False, text=t("interview.followup.move_on_text", lang), reason=reason, kind=kind)


def max_depth(context: InterviewContext) -> int:
    depth = context.max_followup_depth if context.max_followup_depth >= 0 else DEFAULT_MAX_FOLLOWUP_DEPTH
    return min(depth, MAX_FOLLOWUP_DEPTH_LIMIT)


def context_claims(context: InterviewContext) -> list[dict[str, Any]]:
    return list(context.resume_claims) or light_claims(context.resume_text)


def decide_follow_up(
    context: InterviewContext,
    question: QuestionDraft,
    answer_text: str,
    depth: int,
    signals: AnswerSignals | None = None,
) -> FollowUpDecision:
    """The offline interviewer's follow-up decision (see the module docstring)."""
    lang = context.lang
    persona = normalize_persona(question.persona or context.persona)
    limit = max_depth(context)
    if depth >= limit:
        return move_on("depth_limit", t("interview.followup.reason.depth_limit", lang, limit=limit), lang)

    # A follow-up ("What did you personally do?") has too few content words to measure
    # relevance against, so off-topic is judged only on main questions.
    is_main = question.origin != "followup"
    signals = signals or analyze_answer(answer_text, question.text if is_main else "", lang)

    if signals.length_band == "too_short":
        return _ask(
            "too_short", persona, lang, t("interview.followup.reason.too_short", lang, words=signals.word_count)
        )
    if is_main and signals.off_topic:
        return _ask("off_topic", persona, lang, t("interview.followup.reason.off_topic", lang), question=question.text)
    contradiction = find_contradiction(answer_text, context_claims(context))
    if contradiction:
        claim, said = contradiction
        claim = snippet(claim, 120).rstrip(".")
        return _ask(
            "contradiction",
            persona,
            lang,
            t("interview.followup.reason.contradiction", lang, said=said, claim=claim),
            claim=claim,
            said=said,
        )
    if signals.we_without_i:
        return _ask(
            "ownership",
            persona,
            lang,
            t("interview.followup.reason.ownership", lang, we=signals.we_count, i=signals.i_count),
        )
    if signals.is_vague or (len(signals.hedges) >= 3 and signals.specifics == 0):
        return _ask(
            "specifics",
            persona,
            lang,
            t(
                "interview.followup.reason.specifics",
                lang,
                vague=len(signals.vague) + len(signals.hedges),
                specifics=signals.specifics,
            ),
        )
    behavioural = is_behavioural(question.text) if is_main else True
    present = signals.star_present
    if behavioural and not present["action"]:
        return _ask("action", persona, lang, t("interview.followup.reason.action", lang))
    if behavioural and not present["result"]:
        return _ask("result", persona, lang, t("interview.followup.reason.result", lang))
    loose = signals.numbers_without_context
    if loose:
        number = loose[0].text
        return _ask(
            "number_context",
            persona,
            lang,
            t("interview.followup.reason.number_context", lang, number=number),
            number=number,
        )
    if persona == "executive" and behavioural and present["result"] and not signals.numbers \
            and _question_ncs(question) not in PEOPLE_NCS:
        return _ask("impact", persona, lang, t("interview.followup.reason.impact", lang))
    return move_on(
        "move_on",
        t("interview.followup.reason.move_on", lang, covered=_covered(signals, lang), specifics=signals.specifics),
        lang,
    )
