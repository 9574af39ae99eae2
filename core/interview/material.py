"""Material for grounded questions: company facts, resume claims and job requirements.

All of it comes from uploads, so all of it is untrusted. The offline interviewer only ever
*quotes* short snippets of it inside fixed templates; it never acts on what the text says.
On top of that, a passage, claim or requirement that reads like an instruction to an AI or
an interviewer ("ignore previous instructions...", "이전 지시를 무시하고...") is dropped
whole — a document that tries to steer the interviewer is not a trustworthy source of facts,
and dropping it means an injected document cannot change the plan at all.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.interview.competencies import guess_ncs
from core.rag.types import Passage, Retriever
from core.resume.claims import Claim

MAX_SNIPPET_CHARS = 160  # a quoted fact longer than this is cut at a word boundary
MIN_FACT_CHARS = 20
MAX_FACT_SENTENCE_CHARS = 400
MIN_FACT_SCORE = 1.0  # below this a sentence is too weak an anchor (see _fact_score)

# Phrases that address an AI or an interviewer, not a reader of a business document. Kept
# narrow on purpose: "operating system: Linux" or "we act as the distributor" are facts.
_INSTRUCTION = re.compile(
    r"ignore (?:all |any |the )?(?:previous|prior|above|earlier|preceding|your)\b|"
    r"disregard (?:all |any |the )?(?:previous|prior|above|your|instructions|rules)|"
    r"(?:new|hidden|secret) instructions?|system prompt|"
    r"you are now (?:an?|the|in|my) (?:ai|assistant|interviewer|chatbot|model|developer|different|new)|"
    r"from now on,? (?:you|ask|only)|act as (?:an?|the|my) (?:ai|assistant|interviewer|chatbot|language model)|"
    r"as an ai\b|only ask (?:about|questions)|ask only about|"
    r"do not follow (?:the |your |any )?(?:previous |prior |above |system |original )?(?:instructions|rules|prompt)|"
    r"override (?:the |your )(?:instructions|rules|system|prompt)|"
    r"jailbreak|<\|[a-z_]+\|>|(?:^|\n)\s*(?:system|assistant|developer)\s*:|<<<|>>>|"
    r"이전\s*(?:의\s*)?(?:모든\s*)?(?:지시|명령|지침)|(?:지시|명령|지침|규칙|프롬프트)(?:사항)?\s*(?:을|를)?\s*(?:모두\s*)?무시|"
    r"시스템\s*프롬프트|지금부터\s*(?:너|당신|면접관)|(?:만|만을)\s*질문(?:하|해)|역할을\s*바꿔|너는\s*이제",
    re.IGNORECASE,
)


def looks_like_instruction(text: str) -> bool:
    """True when `text` addresses the AI/interviewer with instructions (prompt injection)."""
    return bool(_INSTRUCTION.search(text))


@dataclass(frozen=True)
class Material:
    """One quotable piece of the candidate's or the company's own material."""

    kind: str  # "company" | "resume" | "job"
    text: str  # the snippet quoted in the question
    ncs: str
    has_number: bool
    source: dict[str, Any] = field(default_factory=dict)  # {"kind","source","page","section","text"}
    is_metric: bool = False  # a measured result (%, money, time, from-to), not just a count


    @property
    def key(self) -> str:
        return f"{self.kind}:{hashlib.sha1(self.text.encode('utf-8')).hexdigest()[:10]}"


# --------------------------------------------------------------------------- helpers
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|(?<=다\.)|\n+")
_NUMBER = re.compile(r"\d")
_METRIC = re.compile(
    r"\d\s*(?:%|percent|퍼센트|배|x\b|원|억|만\s*원|달러|\$|k\b|hours?|days?|weeks?|시간|일\b|분\b)|\$\s?\d|"
    r"from \S*\d\S* to \S*\d|\d\S*에서 \S*\d\S*(?:로|으로)",
    re.IGNORECASE,
)
_BUSINESS_CUES = re.compile(
    r"enter|launch|acquir|invest|expan|joint venture|partnership|target|plan|grow|open|build|transition|strateg|"
    r"revenue|sales|market|customer|value|vision|mission|talent|culture|"
    r"진출|출시|인수|투자|확대|합작|설립|목표|전환|계획|성장|매출|시장|고객|가치|비전|미션|인재상|문화|전략|추진|도입",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" -•*·○▪●◦\t")


def snippet(text: str, limit: int = MAX_SNIPPET_CHARS) -> str:
    """`text` cut at a word boundary to at most `limit` characters (with an ellipsis)."""
    text = _clean(text).replace("“", '"').replace("”", '"')
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def split_sentences(text: str) -> list[str]:
    return [s for s in (_clean(part) for part in _SENTENCE_SPLIT.split(text or "")) if s]


# What makes a sentence a good anchor for each stage: case questions (stage 2) need an
# initiative — a plan, a launch, a market entry; fit questions (stage 3) need values,
# culture or how people work. Benefits lists ("25 days of leave") are not culture.
_STAGE_CUES: dict[int, re.Pattern[str]] = {
    2: re.compile(
        r"\bplan|aim|enter|launch|expan|target|will\b|strateg|invest|joint venture|partnership|acquir|pilot|roll.?out|"
        r"계획|목표|진출|출시|추진|확대|예정|전략|투자|합작|인수|시범|도입",
        re.IGNORECASE,
    ),
    3: re.compile(
        r"value|culture|mission|vision|we believe|principle|talent|people who|how we work|ownership|respect|integrity|"
        r"\bwe (?:test|write|share|disagree|expect|call|own|value|encourage|celebrate)\b|own the outcome|"
        r"인재상|핵심\s*가치|가치|문화|비전|미션|원칙|일하는 방식|존중|도전|협력|정직|현장",
        re.IGNORECASE,
    ),
}
# Benefits and the hiring process itself make poor interview anchors ("the company says it
# runs a values interview — what do you think?"), whatever stage.
_POOR_ANCHOR = re.compile(
    r"annual leave|holiday|salary|pension|bonus|insurance|per person|share (?:award|plan)|learning budget|"
    r"hiring process|recruit|interview|휴가|연봉|복지|보험|상여|면접|채용 절차|전형",
    re.IGNORECASE,
)
_RISK = re.compile(r"\brisk|competition|exposed|리스크|위험|노출", re.IGNORECASE)


def _fact_score(sentence: str, stage: int = 1) -> float:
    score = 0.0
    if _NUMBER.search(sentence) and stage != 3:
        score += 2.0
    score += min(len(_BUSINESS_CUES.findall(sentence)), 3) * 1.0
    cue = _STAGE_CUES.get(stage)
    if cue is not None and cue.search(sentence):
        score += 3.0
    elif stage == 3:
        score -= 3.0  # a fit question needs values or culture to anchor on, not a market figure
    if _POOR_ANCHOR.search(sentence):
        score -= 3.0
    if stage == 3 and _RISK.search(sentence):
        score -= 2.0  # risks suit a case question, not a values one
    if len(sentence) < MIN_FACT_CHARS or len(sentence) > MAX_FACT_SENTENCE_CHARS:
        score -= 5.0
    return score


def best_fact(passage_text: str, stage: int = 1) -> tuple[str, float] | None:
    """The most fact-like sentence of a passage for a stage, with its score; None if none."""
    candidates = [(s, _fact_score(s, stage)) for s in split_sentences(passage_text)]
    candidates = [(s, sc) for s, sc in candidates if sc > MIN_FACT_SCORE]
    if not candidates:
        return None
    # highest score; ties keep document order
    return max(candidates, key=lambda item: item[1])


# --------------------------------------------------------------------------- company
# Retrieval queries per stage and persona, in both languages (the company library embeds
# multilingually, and Korean companies publish Korean reports).
COMPANY_QUERIES: dict[tuple[int, str], str] = {
    (1, "lead"): "core business products technology projects operations 주요 사업 제품 기술 프로젝트",
    (1, "executive"): "business performance results growth strategy 경영 실적 성장 전략",
    (2, "lead"): "new project launch system process problem improvement 신규 프로젝트 출시 시스템 개선 과제",
    (2, "executive"): "new market entry expansion investment joint venture risk 신규 시장 진출 투자 합작 리스크",
    (3, "lead"): "culture values teamwork way of working people 조직 문화 핵심 가치 협업 일하는 방식",
    (3, "executive"): "vision mission core values talent ESG 비전 미션 핵심 가치 인재상",
}


def company_facts(
    retriever: Retriever | None, company: str, stage: int, persona: str, *, role: str = "", k: int = 10
) -> list[Material]:
    """Quotable facts from the company's documents for one stage (never raises)."""
    if retriever is None or not company.strip():
        return []
    query = COMPANY_QUERIES.get((stage, persona), COMPANY_QUERIES[(1, "lead")])
    if role:
        query = f"{role} {query}"
    try:
        passages: list[Passage] = list(retriever.search(company, query, k))
    except Exception:  # noqa: BLE001 - a broken library must not stop the interview
        return []
    facts: list[Material] = []
    scored: list[tuple[float, int]] = []
    seen: set[str] = set()
    default = {1: "problem_solving", 2: "problem_solving", 3: "organisational_understanding"}[stage]
    for passage in passages:
        if looks_like_instruction(passage.text) or looks_like_instruction(passage.source):
            continue
        best = best_fact(passage.text, stage)
        if best is None or best[0] in seen:
            continue
        sentence, score = best
        seen.add(sentence)
        scored.append((score, len(scored)))
        facts.append(
            Material(
                kind="company",
                text=snippet(sentence),
                ncs=guess_ncs(sentence, default),
                has_number=bool(_NUMBER.search(sentence)),
                source={
                    "kind": "company",
                    "source": passage.source,
                    "page": passage.page,
                    "section": passage.section,
                    "text": snippet(passage.text, 400),
                },
            )
        )
    # best anchors first; retrieval order breaks ties
    order = sorted(range(len(facts)), key=lambda n: (-scored[n][0], scored[n][1]))
    return [facts[n] for n in order]


# --------------------------------------------------------------------------- resume
_ACHIEVEMENT = re.compile(
    r"\b(?:led|built|launched|increased|reduced|improved|designed|developed|managed|created|delivered|grew|cut|saved|"
    r"won|automated|implemented|organi[sz]ed|founded|migrated|negotiated)\b|"
    r"개발|개선|달성|주도|담당|구축|설계|운영|증가|감소|절감|단축|수상|기획|도입|출시|리드|관리",
    re.IGNORECASE,
)


def light_claims(resume_text: str) -> list[Claim]:
    """Claims pulled from raw resume text when no analysis is available: lines and
    sentences with a number or an achievement verb (kind "metric" or "achievement")."""
    claims: list[Claim] = []
    for line in re.split(r"\n+", resume_text or ""):
        for sentence in split_sentences(line):
            if not (15 <= len(sentence) <= 220) or looks_like_instruction(sentence):
                continue
            number = re.search(r"\d[\d,.]*\s?(?:%|배|명|원|억|만|건|개|x|k|users|people|customers)?", sentence)
            if number or _ACHIEVEMENT.search(sentence):
                kind = "metric" if number else "achievement"
                claims.append(Claim(text=sentence, kind=kind, value=number.group(0).strip() if number else "",
                                    source={"document": "resume"}))
    return claims


def resume_materials(claims: Sequence[Claim], resume_text: str) -> list[Material]:
    """Quotable resume claims (the analyser's claims, else light claims from the text)."""
    pool = list(claims) or light_claims(resume_text)
    out: list[Material] = []
    seen: set[str] = set()
    for claim in pool:
        text = _clean(claim.text)
        if len(text) < 8 or text in seen or looks_like_instruction(text):
            continue
        seen.add(text)
        value = claim.value
        has_number = bool(_NUMBER.search(value) or _NUMBER.search(text))
        document = str(claim.source.get("document") or "resume")
        section = str(claim.source.get("section") or "")
        out.append(
            Material(
                kind="resume",
                text=snippet(text),
                ncs=guess_ncs(text, "problem_solving"),
                has_number=has_number,
                is_metric=bool(_METRIC.search(text) or _METRIC.search(value)),
                source={
                    "kind": "resume",
                    "source": document,
                    "page": None,
                    "section": section or claim.kind,
                    "text": text,
                },
            )
        )
    return out


# --------------------------------------------------------------------------- job posting
_REQ_HEADER = re.compile(
    r"requirement|qualification|what you.?ll need|must.have|nice to have|preferred|skills|about you|responsibilit|"
    r"자격\s*요건|지원\s*자격|우대\s*사항|필수|담당\s*업무|주요\s*업무|업무\s*내용|이런 분",
    re.IGNORECASE,
)
_REQ_CUE = re.compile(
    r"experience|knowledge|abilit|able to|proficien|familiar|skill|understanding|degree|track record|years|"
    r"경험|능력|역량|가능(?:자|한)|우대|이상|이해|활용|보유|숙련",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-•*·○▪●◦]|\d+[.)]|[a-z][.)])\s*")


_TENURE = re.compile(
    r"(?:at least\s*)?\b\d+\s*\+?\s*(?:or more\s*)?years?(?:'|’)?\s*(?:of\s*)?(?:professional\s*)?"
    r"(?:experience\s*(?:in|with)?\s*)?|"
    r"(?:경력|경험)?\s*\d+\s*년\s*이상(?:의)?",
    re.IGNORECASE,
)


def strip_tenure(requirement: str) -> str:
    """"5+ years of experience with SQL" -> "SQL"; "경력 3년 이상" -> "": tenure is not a skill to ask about."""
    text = _clean(_TENURE.sub(" ", requirement)).strip(" ,.;:")
    return re.sub(r"\s+experience$", "", text, flags=re.IGNORECASE)


def job_requirements(job_text: str) -> list[str]:
    """Requirement lines of a job posting (bullets under a requirements header, or lines
    that read like requirements)."""
    reqs: list[str] = []
    in_section = False
    for raw in (job_text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        is_bullet = bool(_BULLET.match(line))
        text = _clean(_BULLET.sub("", line))
        if not is_bullet and _REQ_HEADER.search(text) and len(text) < 60:
            in_section = True
            continue
        if looks_like_instruction(text) or not (6 <= len(text) <= 200):
            continue
        if (in_section and is_bullet) or _REQ_CUE.search(text):
            text = strip_tenure(text) if _TENURE.search(text) else text.rstrip(".")
            if len(text) >= 6 and text not in reqs:
                reqs.append(text)
    return reqs


def job_materials(job_text: str) -> list[Material]:
    return [
        Material(
            kind="job",
            text=snippet(req, 120),
            ncs=guess_ncs(req, "problem_solving"),
            has_number=bool(_NUMBER.search(req)),
            source={"kind": "job", "source": "job posting", "page": None, "section": "", "text": req},
        )
        for req in job_requirements(job_text)
    ]
