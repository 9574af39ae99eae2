import json
import re
from datetime import date

from core.resume import analyze_resume
from core.resume.gaps import candidate_years, match_requirements

TODAY = date(2026, 11, 22)  # fixes "Present" in date ranges


def _analyse(resume, jd=None, letter=None, lang="en"):
    return analyze_resume(resume, job_text=jd, cover_letter_text=letter, lang=lang, today=TODAY)


def test_gaps_match_the_posting(resume_en, jd_en):
    result = _analyse(resume_en, jd_en)
    gaps = {g["requirement"]: g for g in result.gaps}
    assert {g["requirement"] for g in result.gaps if g["priority"] == "must"} == {
        "Kubernetes in production.", "Observability: Prometheus, Grafana or OpenTelemetry."}
    assert gaps["Kubernetes in production."]["missing"] == ["Kubernetes"]
    assert {"ROS 2 or other robotics middleware.", "C++.", "gRPC and Protocol Buffers."} <= set(gaps)
    met = {m["requirement"] for m in result.matches}
    # synonyms and implications: Kafka is evidence of event streaming; dbt of data modelling
    assert "Experience with distributed systems and event streaming (Kafka or similar)." in met
    assert "PostgreSQL and data modelling for high-write workloads." in met
    assert "5+ years of professional software engineering experience." in met
    assert "Infrastructure as code with Terraform." in met
    kafka = next(m for m in result.matches if "Kafka" in m["requirement"])
    assert any("Kafka" in e["text"] for e in kafka["evidence"])


def test_korean_posting_matches_korean_resume_and_synonyms(resume_ko, jd_ko, letter_ko):
    result = _analyse(resume_ko, jd_ko, letter_ko, lang="ko")
    assert {g["requirement"] for g in result.gaps if g["status"] == "missing"} == {
        "Kubernetes 운영 경험", "데이터 거버넌스 및 메타데이터 관리 경험"}
    assert "데이터 파이프라인 구축 및 운영 경력 3년 이상" in {m["requirement"] for m in result.matches}


def test_bilingual_synonyms_count_as_evidence():
    matches = match_requirements([("Kubernetes in production", "must"), ("Kafka 기반 실시간 스트리밍", "nice")],
                                 {"resume": "- 쿠버네티스 클러스터 운영\n- Built Kafka consumers for streaming"},
                                 years=None)
    assert [m.status for m in matches] == ["met", "met"]


def test_a_different_product_with_the_same_skill_is_partial_evidence():
    # Kinesis is not Kafka (issue 17): the streaming skill is there, the product is not
    matches = match_requirements([("Kafka 기반 실시간 스트리밍", "nice")],
                                 {"resume": "- Built Kinesis consumers for streaming"}, years=None)
    assert [m.status for m in matches] == ["partial"]


def test_years_come_from_dated_entries_without_internships(resume_en):
    from core.resume.parse import parse_resume

    years = candidate_years(parse_resume(resume_en)["experience"], today=TODAY)
    assert years is not None and 5.0 <= years <= 5.5
    short = match_requirements([("8+ years of Go", "must")], {"resume": "Go developer"}, years=years)[0]
    assert short.status == "partial" and short.years_required == 8


def test_at_least_eight_expected_questions_specific_to_the_candidate(resume_en, jd_en):
    result = _analyse(resume_en, jd_en)
    questions = result.expected_questions
    assert len(questions) >= 8
    for q in questions:
        assert q["question"] and q["why"] and "STAR" in q["answer_guide"]
    quoting = [q for q in questions if q["claim"] and q["claim"][:30] in q["question"]]
    assert len(quoting) >= 5
    joined = " ".join(q["question"] for q in questions)
    for claim in ("45%", "from 9 to 3", "Led a team of 3 engineers", "Kafka", "Kubernetes in production",
                  "Northwind Robotics plc", "Fleetwise Logistics"):
        assert claim in joined
    metric = next(q for q in questions if q["category"] == "metric")
    assert "Fleetwise Logistics" in metric["star"]["situation"]  # STAR drawn from the candidate's own entry
    assert metric["claim"].rstrip(".") in metric["answer_guide"]
    gap = next(q for q in questions if q["category"] == "gap")
    assert gap["prepare"]  # what to prepare where the material is thin
    assert "Docker" in gap["star"]["situation"]  # the bridge to Kubernetes the candidate already has
    change = next(q for q in questions if q["claim"].startswith("Cut p99 API latency"))
    assert "820 ms → 450 ms" in change["star"]["result"]


def test_korean_guidance_for_a_korean_candidate(resume_ko, jd_ko, letter_ko):
    result = _analyse(resume_ko, jd_ko, letter_ko, lang="ko")
    assert result.language == "ko" and len(result.expected_questions) >= 8
    assert all(re.search(r"[가-힣]", q["why"]) for q in result.expected_questions)
    joined = " ".join(q["question"] for q in result.expected_questions)
    assert "30건에서 5건으로" in joined and "한빛모빌리티 주식회사" in joined
    assert "자기소개서 4번 문항" in joined  # the generic answer gets a "for example?" question


def test_cover_letter_notes_per_question(resume_en, letter_ko):
    notes = _analyse(resume_en, letter=letter_ko).cover_letter_notes
    assert [n["index"] for n in notes] == [1, 2, 3, 4]
    problem_solving, aspiration = notes[1], notes[3]
    assert problem_solving["specificity"] == "good"
    assert "70%" in problem_solving["numbers"] and problem_solving["star"]["result"]
    assert aspiration["specificity"] == "needs_improvement"
    assert "열정" in aspiration["generic_phrases"] and "최선을 다하" in aspiration["generic_phrases"]
    assert aspiration["numbers"] == [] and aspiration["limit"] == 500
    assert any("열정" in note for note in aspiration["notes"])


def test_over_the_limit_is_reported():
    from core.resume.cover_letter import review_cover_letter

    letter = "## 1. 성공 경험을 기술해 주십시오. (50자)\n" + "저는 팀을 이끌어 매출을 20% 올렸습니다. " * 5
    note = review_cover_letter(letter, lang="en")[0]
    assert note.limit == 50 and note.chars > 50
    assert any("over" in n for n in note.notes)


def test_analysis_is_json_and_claims_follow_the_contract(resume_en, jd_en, letter_ko):
    data = _analyse(resume_en, jd_en, letter_ko).to_dict()
    json.dumps(data, ensure_ascii=False)
    for key in ("claims", "gaps", "expected_questions", "cover_letter_notes"):
        assert key in data
    for claim in data["claims"]:
        assert {"text", "kind", "value", "source"} <= set(claim)
        assert {"document", "section", "line"} <= set(claim["source"])


def test_cover_letter_only_analysis_works(letter_ko):
    result = analyze_resume("", cover_letter_text=letter_ko, lang="ko")
    assert len(result.expected_questions) >= 8 and len(result.cover_letter_notes) == 4


def test_user_corrections_win_over_the_parser(resume_en):
    corrected = {"experience": [{"role": "Staff Engineer", "organization": "Acme", "start": "2020-01",
                                 "end": "present", "bullets": [], "line": 13}]}
    result = analyze_resume(resume_en, resume_structured=corrected, today=TODAY)
    assert "Staff Engineer at Acme" in result.expected_questions[0]["question"]


def test_odd_inputs_never_crash_and_still_give_eight_questions():
    import random
    import string

    random.seed(7)
    junk = "".join(random.choice(string.printable + "가나다%$£€₩원명건") for _ in range(20_000))
    for text in ("", "   ", "1", "#", "- ", "## Experience\n### \n- ", "<script>alert(1)</script>", junk):
        result = analyze_resume(text, job_text=text or None, cover_letter_text=text or None)
        json.dumps(result.to_dict())
        assert len(result.expected_questions) >= 8


def test_an_english_letter_without_questions_is_one_item_with_its_stock_phrases():
    from core.resume.cover_letter import review_cover_letter

    letter = ("Dear Hiring Manager,\n\nI am a passionate and hard-working engineer and a true team player.\n\n"
              "When ingestion started dropping events at peak, I measured the consumer lag, moved the service "
              "to Kafka and cut lost events from 2% to 0.1%.\n")
    [note] = review_cover_letter(letter, lang="en")
    assert note.question == "" and note.limit is None
    assert note.generic_phrases == ["passionate", "hard-working", "team player"]
    assert note.numbers == ["from 2% to 0.1%"] and note.star["action"] and note.star["result"]
    assert note.specificity == "average"  # substance is there, the stock phrases cost it "good"


def test_plans_are_not_quoted_as_achievements_and_dates_follow_the_language(resume_ko, letter_ko, jd_ko):
    result = _analyse(resume_ko, jd_ko, letter_ko, lang="ko")
    quoted = [q["claim"] for q in result.expected_questions if q["claim"]]
    assert not any("싶습니다" in c or "겠습니다" in c for c in quoted)  # "절반으로 줄여 … 돕고 싶습니다" is a plan
    overview = result.expected_questions[0]
    assert "(2022-03 – 현재)" in overview["star"]["situation"]
    duty = next(q for q in result.expected_questions if q["category"] == "responsibility")
    assert "Kafka로 차량 위치 데이터를 실시간 수집" in duty["star"]["action"]  # the claim closest to the duty
