"""Planning: different inputs give visibly different, relevant, deterministic interviews."""

from __future__ import annotations

import re
from dataclasses import replace

from core.interview import InterviewContext, OfflineInterviewer
from core.interview.competencies import NACE, NCS
from core.rag.types import Passage
from core.resume.claims import Claim

HANGUL = re.compile(r"[\uac00-\ud7a3]")

LIBRARY = {
    "Acme": [
        Passage("In 2025 Acme plans to enter the Japanese market through a joint venture with a local retailer, "
                "targeting 500 stores by 2027.", "Acme 2025 Annual Report", 12, "Strategy", 0.9),
        Passage("Our core values are customer obsession, integrity and speed. Every employee owns outcomes.",
                "Acme Careers", None, "Values", 0.8),
    ],
    "Hanbit": [
        Passage("한빛전자는 2024년 매출 3조 2천억 원을 기록했으며, 전장용 반도체 사업 비중을 30%까지 확대할 계획이다.",
                "한빛전자 2024 사업보고서", 7, "사업의 개요", 0.9),
        Passage("한빛전자의 인재상은 도전, 협력, 정직입니다. 우리는 고객의 문제를 끝까지 해결합니다.",
                "한빛전자 채용 안내", None, "인재상", 0.8),
    ],
}

RESUME = ("Jane Doe, data analyst\n"
          "- Reduced monthly reporting time by 40% by automating Excel reports with Python.\n"
          "- Led a team of 4 analysts to build a churn dashboard in Tableau.\n")
JOB = "Requirements:\n- 3+ years of experience with SQL and Python\n- Ability to explain insights to stakeholders\n"


class LibraryStub:
    def __init__(self, library: dict[str, list[Passage]] | None = None) -> None:
        self.library = LIBRARY if library is None else library
        self.queries: list[tuple[str, str, int]] = []

    def search(self, company: str, query: str, k: int = 5) -> list[Passage]:
        self.queries.append((company, query, k))
        return list(self.library.get(company, []))[:k]


def ctx(**kw: object) -> InterviewContext:
    base = InterviewContext(company="Acme", role="Data analyst", persona="lead", language="en",
                            questions_per_stage=2, retriever=LibraryStub())
    return replace(base, **kw)  # type: ignore[arg-type]


def texts(plan: list) -> list[str]:
    return [d.text for d in plan]


def test_plan_covers_each_stage_with_the_requested_number_of_questions() -> None:
    plan = OfflineInterviewer().plan(ctx(questions_per_stage=3))
    assert [d.stage for d in plan] == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert all(d.text and d.strong_answer and d.reason for d in plan)


def test_personas_ask_different_questions() -> None:
    lead = OfflineInterviewer().plan(ctx(persona="lead", questions_per_stage=3))
    executive = OfflineInterviewer().plan(ctx(persona="executive", questions_per_stage=3))
    assert {d.persona for d in lead} == {"lead"} and {d.persona for d in executive} == {"executive"}
    assert len(set(texts(lead)) & set(texts(executive))) <= 2


def test_stage_selection_changes_the_questions() -> None:
    one = OfflineInterviewer().plan(ctx(stages=(1,)))
    two = OfflineInterviewer().plan(ctx(stages=(2,)))
    assert {d.stage for d in one} == {1} and {d.stage for d in two} == {2}
    assert not set(texts(one)) & set(texts(two))


def test_company_documents_ground_questions_with_citations() -> None:
    plan = OfflineInterviewer().plan(ctx(stages=(2,)))
    grounded = [d for d in plan if d.origin == "company"]
    assert grounded, texts(plan)
    q = grounded[0]
    assert "Japanese market through a joint venture" in q.text
    assert q.sources[0]["source"] == "Acme 2025 Annual Report" and q.sources[0]["page"] == 12
    assert "joint venture" in q.sources[0]["text"]
    assert "Acme 2025 Annual Report" in q.reason and "p. 12" in q.reason


def test_different_companies_give_different_interviews() -> None:
    acme = OfflineInterviewer().plan(ctx(language="ko"))
    hanbit = OfflineInterviewer().plan(ctx(company="Hanbit", language="ko"))
    assert set(texts(acme)) != set(texts(hanbit))
    assert any("전장용 반도체" in t or "인재상" in t for t in texts(hanbit))
    assert not any("전장용" in t for t in texts(acme))


def test_resume_claims_become_questions_and_change_the_plan() -> None:
    without = OfflineInterviewer().plan(ctx(stages=(1,)))
    with_resume = OfflineInterviewer().plan(ctx(stages=(1,), resume_text=RESUME))
    resume_qs = [d for d in with_resume if d.origin == "resume"]
    assert resume_qs and not [d for d in without if d.origin == "resume"]
    assert "40%" in resume_qs[0].text or "team of 4" in resume_qs[0].text
    assert resume_qs[0].sources[0]["kind"] == "resume"


def test_analyser_claims_are_preferred_to_raw_text() -> None:
    claims = (Claim("Cut cloud costs by 25% by rightsizing Kubernetes clusters", "percent", "25%",
                    {"document": "resume", "section": "experience", "line": 3}),)
    plan = OfflineInterviewer().plan(ctx(stages=(1,), resume_text=RESUME, resume_claims=claims))
    resume_qs = [d for d in plan if d.origin == "resume"]
    assert "Kubernetes" in resume_qs[0].text
    assert resume_qs[0].sources[0]["source"] == "resume" and resume_qs[0].sources[0]["section"] == "experience"


def test_job_requirements_become_questions() -> None:
    plan = OfflineInterviewer().plan(ctx(company="", stages=(1,), questions_per_stage=2, job_text=JOB))
    job_qs = [d for d in plan if d.origin == "job"]
    assert job_qs and ("SQL and Python" in job_qs[0].text or "stakeholders" in job_qs[0].text)


def test_plans_are_deterministic_per_seed_and_vary_across_seeds() -> None:
    interviewer = OfflineInterviewer()
    first = interviewer.plan(ctx(seed=7, questions_per_stage=3))
    assert texts(first) == texts(interviewer.plan(ctx(seed=7, questions_per_stage=3)))
    others = {tuple(texts(interviewer.plan(ctx(seed=s, questions_per_stage=3)))) for s in range(8)}
    assert len(others) >= 4


def test_no_question_repeats_within_a_session() -> None:
    plan = OfflineInterviewer().plan(ctx(questions_per_stage=6, resume_text=RESUME, job_text=JOB))
    assert len(texts(plan)) == len(set(texts(plan)))
    assert len([d.bank_id for d in plan]) == len({d.bank_id for d in plan})


def test_questions_asked_in_earlier_sessions_are_avoided() -> None:
    first = OfflineInterviewer().plan(ctx(company="", questions_per_stage=3))
    asked = frozenset(d.bank_id for d in first)
    second = OfflineInterviewer().plan(ctx(company="", questions_per_stage=3, avoid_bank_ids=asked))
    assert not asked & {d.bank_id for d in second}


def test_timed_format_opens_with_a_basic_question_and_drill_plans_one_stage() -> None:
    timed = OfflineInterviewer().plan(ctx(format="timed", resume_text=RESUME))
    assert timed[0].bank_id in {"s1-open-01", "s1-open-02"}
    drill = OfflineInterviewer().plan(ctx(format="drill", stages=(3,), questions_per_stage=4))
    assert {d.stage for d in drill} == {3} and len(drill) == 4


def test_languages_and_competency_frameworks() -> None:
    ko = OfflineInterviewer().plan(ctx(language="ko", company="Hanbit", resume_text=RESUME))
    en = OfflineInterviewer().plan(ctx(language="en"))
    assert all(HANGUL.search(d.text) for d in ko)
    assert all(d.competency in NCS and d.ncs in NCS for d in ko)
    assert all(d.competency in NACE and d.ncs in NCS for d in en)
    assert all(not HANGUL.search(d.text) for d in en if d.origin == "bank")


def test_a_company_without_documents_plans_anyway_and_says_so() -> None:
    interviewer = OfflineInterviewer()
    plan = interviewer.plan(ctx(company="Nobody Inc", retriever=LibraryStub({})))
    assert len(plan) == 6 and all(d.origin == "bank" for d in plan)
    assert any("No documents" in n for n in interviewer.take_notices())
    assert interviewer.take_notices() == []


def test_a_broken_retriever_does_not_stop_planning() -> None:
    class Broken:
        def search(self, company: str, query: str, k: int = 5) -> list[Passage]:
            raise RuntimeError("index corrupt")

    assert len(OfflineInterviewer().plan(ctx(retriever=Broken()))) == 6


def test_persona_and_stage_shape_the_retrieval_query() -> None:
    stub = LibraryStub()
    OfflineInterviewer().plan(ctx(persona="executive", retriever=stub))
    queries = [q for _, q, _ in stub.queries]
    assert any("joint venture" in q for q in queries)  # stage 2, executive: market entry
    assert any("인재상" in q for q in queries)  # stage 3, executive: values


def test_the_role_steers_which_competencies_come_first() -> None:
    engineer = OfflineInterviewer().plan(ctx(company="", role="Software engineer", stages=(1,), questions_per_stage=1))
    sales = OfflineInterviewer().plan(ctx(company="", role="Account manager, customer negotiation", stages=(1,),
                                          questions_per_stage=1))
    assert engineer[0].ncs == "technology"
    assert sales[0].ncs == "communication"


def test_timed_questions_quote_material_briefly() -> None:
    long_claim = ("- Increased retention of enterprise customers by 12% over four quarters by redesigning the "
                  "onboarding programme, the quarterly business reviews and the renewal playbook across regions\n")
    timed = OfflineInterviewer().plan(ctx(company="", format="timed", stages=(1,), questions_per_stage=2,
                                          resume_text=long_claim))
    standard = OfflineInterviewer().plan(ctx(company="", stages=(1,), questions_per_stage=2, resume_text=long_claim))
    t_resume = next(d for d in timed if d.origin == "resume")
    s_resume = next(d for d in standard if d.origin == "resume")
    assert len(t_resume.text) < len(s_resume.text) and "…" in t_resume.text
