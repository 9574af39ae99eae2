"""Competency frameworks: NCS for Korean sessions, NACE for English ones, and the map between.

Korean sessions use the ten NCS basic job competencies (NCS 직업기초능력, Korea's National
Competency Standards, ncs.go.kr), which Korean public and large companies map interview
questions to.

English sessions use the NACE Career Readiness Competencies (National Association of
Colleges and Employers, 2021 revision: naceweb.org/career-readiness/competencies). We chose
NACE because it is the most widely cited, publicly documented employer-defined competency
set for entry-level and early-career hiring in the US, it is defined by observable
behaviours (what the candidate did, which suits STAR answers), and its eight areas cover
the same ground as NCS at a similar granularity.

NACE has no separate numeracy, resource-management or organisational-understanding area;
the mapping below sends each NCS area to the NACE area whose published sample behaviours
contain it (numeracy is part of "critical thinking": "gather and analyse information";
resource management is part of "leadership": "organise, prioritise and delegate work";
understanding the organisation and work ethics are part of "professionalism"). Every NACE
key maps back to one primary NCS area, so reports can always show an NCS view.
"""

from __future__ import annotations

# NCS basic competencies, in the official order.
NCS: dict[str, dict[str, str]] = {
    "communication": {"ko": "의사소통능력", "en": "Communication"},
    "numeracy": {"ko": "수리능력", "en": "Numeracy"},
    "problem_solving": {"ko": "문제해결능력", "en": "Problem solving"},
    "self_development": {"ko": "자기개발능력", "en": "Self-development"},
    "resource_management": {"ko": "자원관리능력", "en": "Resource management"},
    "interpersonal": {"ko": "대인관계능력", "en": "Interpersonal skills"},
    "information": {"ko": "정보능력", "en": "Information literacy"},
    "technology": {"ko": "기술능력", "en": "Technical skills"},
    "organisational_understanding": {"ko": "조직이해능력", "en": "Understanding the organisation"},
    "work_ethics": {"ko": "직업윤리", "en": "Work ethics"},
}

# NACE Career Readiness Competencies (2021).
NACE: dict[str, dict[str, str]] = {
    "career_self_development": {"en": "Career & self-development", "ko": "경력 및 자기개발"},
    "communication": {"en": "Communication", "ko": "의사소통"},
    "critical_thinking": {"en": "Critical thinking", "ko": "비판적 사고"},
    "equity_inclusion": {"en": "Equity & inclusion", "ko": "형평성과 포용"},
    "leadership": {"en": "Leadership", "ko": "리더십"},
    "professionalism": {"en": "Professionalism", "ko": "직업의식"},
    "teamwork": {"en": "Teamwork", "ko": "팀워크"},
    "technology": {"en": "Technology", "ko": "기술 활용"},
}

# NCS area -> the NACE area that contains it (see the module docstring for why).
NCS_TO_NACE: dict[str, str] = {
    "communication": "communication",
    "numeracy": "critical_thinking",
    "problem_solving": "critical_thinking",
    "self_development": "career_self_development",
    "resource_management": "leadership",
    "interpersonal": "teamwork",
    "information": "technology",
    "technology": "technology",
    "organisational_understanding": "professionalism",
    "work_ethics": "professionalism",
}

# NACE area -> its primary NCS area.
NACE_TO_NCS: dict[str, str] = {
    "career_self_development": "self_development",
    "communication": "communication",
    "critical_thinking": "problem_solving",
    "equity_inclusion": "interpersonal",
    "leadership": "resource_management",
    "professionalism": "work_ethics",
    "teamwork": "interpersonal",
    "technology": "technology",
}


def framework_for(lang: str) -> str:
    """'ncs' for Korean sessions, 'nace' for English ones."""
    return "ncs" if lang == "ko" else "nace"


def competency_for(ncs_key: str, lang: str) -> str:
    """The session-language competency key for an NCS key (NCS itself for Korean)."""
    if ncs_key not in NCS:
        raise KeyError(f"unknown NCS competency {ncs_key!r}")
    return ncs_key if lang == "ko" else NCS_TO_NACE[ncs_key]


def ncs_for(key: str) -> str:
    """The NCS key for a competency key of either framework."""
    if key in NCS:
        return key
    if key in NACE:
        return NACE_TO_NCS[key]
    raise KeyError(f"unknown competency {key!r}")


def competency_label(key: str, lang: str) -> str:
    """Display name of a competency key of either framework ("문제해결능력", "Critical thinking")."""
    # "communication" and "technology" are keys of both frameworks: an English session
    # shows the NACE name, a Korean one the NCS name.
    table = (NACE.get(key) or NCS.get(key)) if lang != "ko" else (NCS.get(key) or NACE.get(key))
    if table is None:
        return key
    return table["ko" if lang == "ko" else "en"]


def allowed_competencies(lang: str) -> tuple[str, ...]:
    """The keys an interviewer may use in a session of this language."""
    return tuple(NCS) if lang == "ko" else tuple(NACE)


# Cues that suggest which NCS area a piece of text (a claim, a requirement, a company
# fact) is about; the first area with a hit wins, so the order puts specific areas first.
_TOPIC_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("work_ethics", ("ethic", "complian", "integrity", "esg", "safety", "윤리", "준법", "청렴", "안전", "투명")),
    ("information", ("data", "analytics", "dashboard", "sql", "database", "데이터", "정보", "분석 도구")),
    (
        "technology",
        (
            "software",
            "system",
            "python",
            "java",
            "cloud",
            "platform",
            "engineer",
            "ai",
            "semiconductor",
            "기술",
            "개발",
            "시스템",
            "설비",
            "공정",
            "반도체",
            "플랫폼",
            "소프트웨어",
        ),
    ),
    (
        "numeracy",
        (
            "revenue",
            "sales",
            "cost",
            "budget",
            "profit",
            "margin",
            "forecast",
            "매출",
            "비용",
            "예산",
            "영업이익",
            "수익",
            "원가",
        ),
    ),
    (
        "resource_management",
        ("schedule", "deadline", "resource", "allocat", "inventory", "일정", "자원", "재고", "인력", "배분"),
    ),
    (
        "interpersonal",
        (
            "team",
            "collaborat",
            "stakeholder",
            "conflict",
            "partner",
            "joint venture",
            "협업",
            "팀",
            "갈등",
            "협력",
            "파트너",
            "합작",
        ),
    ),
    ("communication", ("customer", "present", "communicat", "negotiat", "고객", "발표", "소통", "협상", "설득")),
    ("self_development", ("certif", "learn", "training", "course", "자격", "학습", "교육", "공부", "성장")),
    (
        "organisational_understanding",
        (
            "strategy",
            "market",
            "expan",
            "vision",
            "value",
            "mission",
            "global",
            "전략",
            "시장",
            "진출",
            "비전",
            "가치",
            "인재상",
            "글로벌",
            "사업",
        ),
    ),
    ("problem_solving", ("improv", "problem", "issue", "fix", "optimi", "개선", "문제", "해결", "최적화")),
)


def guess_ncs(text: str, default: str = "problem_solving") -> str:
    """The NCS area a piece of text is most plausibly about (keyword cues; `default` if none)."""
    lowered = text.lower()
    for key, cues in _TOPIC_CUES:
        for cue in cues:
            if cue == "ai":
                if any(tok == "ai" for tok in lowered.replace("/", " ").split()):
                    return key
                continue
            if cue in lowered:
                return key
    return default
