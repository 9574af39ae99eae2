"""Feedback rules on scripted answers: results, I vs we, STAR, fact-check, resume consistency."""

from __future__ import annotations

from core.feedback import AnswerInput, analyze_answer
from core.feedback.content import analyze_content
from core.feedback.factcheck import check_company_facts, check_resume_consistency, judge_statement
from core.feedback.text import TimeMap
from core.feedback.types import AnswerAnalysis, Evidence, SpeechPart
from core.rag.types import Passage
from core.resume.claims import Claim

QUESTION = "Tell me about a time you improved a slow process at work."
WITH_RESULT = ("At my previous job our release process took two days. My task was to shorten it. I automated the "
               "tests with GitHub Actions and split the deploy into stages. As a result, releases went from 2 days "
               "to 3 hours.")
WITHOUT_RESULT = ("At my previous job our release process took two days. My task was to shorten it. I automated the "
                  "tests with GitHub Actions and split the deploy into stages. Everyone liked the new process.")


def _keys(items):
    return [i.key for i in items]


def test_answer_with_a_measured_result_scores_above_the_same_answer_without_one():
    measured = analyze_content(WITH_RESULT, QUESTION)
    unmeasured = analyze_content(WITHOUT_RESULT, QUESTION)
    assert measured.score.value > unmeasured.score.value
    assert "result.measured" in _keys(measured.items)
    missing = [i for i in unmeasured.items if i.key in ("result.missing", "result.unmeasured")]
    assert missing and "result" in missing[0].text.lower()
    assert "result" in unmeasured.score.explanation.lower()


def test_team_actions_without_i_are_flagged_at_the_team_sentence():
    answer = ("We noticed the builds were slow. We rewrote the cache and we moved the tests to a bigger machine. "
              "In the end build time fell from 20 to 10 minutes within a month.")
    result = analyze_content(answer, QUESTION)
    item = next(i for i in result.items if i.key == "ownership.team")
    assert item.grade == "needs_improvement"
    # the evidence is the whole sentence the item is about, quoted in the item's text
    quoted = answer[item.evidence.char_start:item.evidence.char_end]
    # a "we" clause ("We rewrote the cache" or "and we moved the tests ...": the splitter cuts
    # clauses joined by "and" with a subject of their own)
    assert quoted.lower().removeprefix("and ").startswith("we ")
    assert quoted in {s.text for s in result.reading.sentences}
    assert result.score.components["ownership"] == 0


def test_star_missing_parts_are_named():
    result = analyze_content("I fixed it.", QUESTION)
    item = next(i for i in result.items if i.key == "star.missing")
    assert "situation" in item.text and item.grade == "needs_improvement"


def test_korean_answer_is_graded_in_korean():
    answer = ("당시 저는 물류팀에서 근무했습니다. 제 역할은 배송 지연을 줄이는 것이었습니다. "
              "제가 배차 시스템을 개선했고 그 결과 지연 건수가 30% 감소했습니다.")
    result = analyze_content(answer, "업무 프로세스를 개선한 경험을 말씀해 주세요.", "ko")
    assert "result.measured" in _keys(result.items)
    assert "내용" in result.score.explanation


def test_feedback_items_carry_seconds_from_word_timings():
    words = [{"word": w, "start_s": i * 0.5, "end_s": i * 0.5 + 0.4} for i, w in enumerate(WITH_RESULT.split())]
    speech = SpeechPart.from_dict({"transcript": WITH_RESULT, "words": words, "grades": {}})
    analysis = analyze_answer(AnswerInput(WITH_RESULT, QUESTION, speech=speech))
    measured = next(f for f in analysis.feedback if f.key == "result.measured")
    assert measured.evidence.start_s is not None and measured.evidence.end_s >= measured.evidence.start_s
    assert measured.evidence.quote.startswith("As a result")


def test_timemap_without_words_is_not_measurable_not_zero():
    assert TimeMap("some text", None).span(0, 4) == (None, None)


class _Retriever:
    def __init__(self, passages):
        self.passages = passages

    def search(self, company, query, k=5):
        return self.passages[:k]


PASSAGE = Passage(text="Acme was founded in 2015 and now employs 1,200 people in 14 countries.",
                  source="Acme annual report 2024", page=3, section="Overview", score=0.9, company="Acme")


def test_fact_check_supports_matching_numbers_and_flags_a_contradiction_with_the_passage():
    assert judge_statement("Acme was founded in 2015.", [PASSAGE], "Acme")[0] == "supported"
    verdict, passage = judge_statement("I know Acme was founded in 2009 and employs people worldwide.", [PASSAGE],
                                       "Acme")
    assert verdict == "contradicted" and passage is not None and passage.source == "Acme annual report 2024"


def test_fact_check_marks_statements_with_nothing_in_the_library_as_unsupported():
    checks = check_company_facts("Your company just opened an office on the Moon.", "Acme", _Retriever([]))
    assert [c.verdict for c in checks] == ["unsupported"]


def test_only_sentences_about_the_company_are_checked():
    retriever = _Retriever([PASSAGE])
    checks = check_company_facts("I like hiking. Acme employs 1,200 people. I led 3 projects.", "Acme", retriever)
    assert [c.statement for c in checks] == ["Acme employs 1,200 people."]
    assert checks[0].verdict == "supported"


def test_contradicted_company_fact_appears_in_feedback_and_costs_points():
    answer = WITH_RESULT + " I want to join Acme because it was founded in 2009."
    plain = analyze_answer(AnswerInput(answer, QUESTION, company="Acme"))
    checked = analyze_answer(AnswerInput(answer, QUESTION, company="Acme"), retriever=_Retriever([PASSAGE]))
    item = next(f for f in checked.feedback if f.key == "fact.contradicted")
    assert item.evidence.passage is not None and item.evidence.passage.text.startswith("Acme was founded")
    assert checked.score < plain.score


def test_evidence_passages_survive_the_stored_payload_typed():
    answer = WITH_RESULT + " I want to join Acme because it was founded in 2009."
    checked = analyze_answer(AnswerInput(answer, QUESTION, company="Acme"), retriever=_Retriever([PASSAGE]))
    stored = AnswerAnalysis.from_dict(checked.to_dict())
    item = next(f for f in stored.feedback if f.key == "fact.contradicted")
    assert item.evidence.passage == PASSAGE
    assert stored.content.fact_checks[0].passage == PASSAGE


def test_a_passage_stored_in_the_older_resume_shape_reads_back_with_defaults():
    evidence = Evidence.from_dict({"start_s": 1.0, "passage": {"source": "resume", "text": "Cut costs by 30%"}})
    assert evidence.passage == Passage(text="Cut costs by 30%", source="resume", page=None, section="", score=0.0)
    assert Evidence.from_dict({"passage": None}).passage is None
    older = Evidence.from_dict({"passage": {"source": {"document": "cv.pdf", "section": "Work", "line": 4},
                                            "text": "Cut costs by 30%"}})
    assert older.passage is not None and (older.passage.source, older.passage.section) == ("cv.pdf", "Work")


def test_resume_consistency_flags_a_different_number_for_the_same_claim():
    claims = [Claim("Reduced release time by 60% with GitHub Actions automation", "achievement", "60%",
                    {"document": "resume", "line": 1})]
    items = check_resume_consistency("With GitHub Actions automation I reduced release time by 90%.", claims, "en",
                                     TimeMap("", None))
    assert [i.key for i in items] == ["consistency.mismatch"]
    same = check_resume_consistency("With GitHub Actions automation I reduced release time by 60%.", claims, "en",
                                    TimeMap("", None))
    assert [i.key for i in same] == ["consistency.match"]


def test_company_named_without_its_legal_suffix_is_still_checked():
    passage = Passage(text="At the end of 2025 Northwind employed 4,150 people, of whom 1,120 work in engineering.",
                      source="Annual Report 2025", page=7, section="Our People", score=0.8)
    checks = check_company_facts("I know Northwind employed 6,000 people at the end of 2025.",
                                 "Northwind Robotics plc", _Retriever([passage]))
    assert [c.verdict for c in checks] == ["contradicted"]


def test_korean_company_facts_are_checked_against_korean_passages():
    passage = Passage(text="한빛모빌리티 주식회사는 2014년 4월 설립된 전기 이륜차 기업이다. 임직원 수는 1,284명이다.",
                      source="2025 사업보고서", page=1, section="회사의 개요", score=0.9)
    retriever = _Retriever([passage])
    company = "한빛모빌리티 주식회사"
    assert check_company_facts("한빛모빌리티는 2014년에 설립되었습니다.", company, retriever)[0].verdict == "supported"
    assert check_company_facts("귀사의 임직원 수는 3,000명입니다.", company, retriever)[0].verdict == "contradicted"
