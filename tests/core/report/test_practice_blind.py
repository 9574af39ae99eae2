"""The report's "three things to practise next" with blind-hiring flags: each flag stays an
observation about one sentence (with its legal explanation, on the answer), and the practise
list gets at most one short item for all of them."""

from __future__ import annotations

from dataclasses import replace

from core.feedback.analyze import AnswerInput, analyze_answer
from core.feedback.blind import blind_items
from core.feedback.text import TimeMap
from core.i18n import t
from core.interview.blind import ProtectedDetail
from core.report.build import PRACTICE_NEXT, _strengths_weaknesses
from core.report.types import AnswerReport

ANSWER = ("I grew up in Daegu and studied at Kyungpook National University. We worked on it together "
          "and things got better.")


def _report(lang: str, *, others: bool = True) -> tuple[AnswerReport, list[str]]:
    analysis = analyze_answer(AnswerInput(answer_text=ANSWER, question_text="Tell me about yourself.",
                                          language=lang, blind_check=False))
    details = [ProtectedDetail(sentence="I grew up in Daegu", category="birthplace", char_start=0, char_end=18,
                               probability=0.9),
               ProtectedDetail(sentence="studied at Kyungpook National University", category="school",
                               char_start=23, char_end=63, probability=0.9)]
    flags = blind_items(details, lang, TimeMap(ANSWER, None))
    # the flags first, so that they would rank at the top of the weaknesses
    answer = AnswerReport(attempt_id=1, question_id=1, question="Tell me about yourself.",
                          analysis=replace(analysis, feedback=(*flags, *(analysis.feedback if others else ()))))
    return answer, [f.next_step for f in flags]


def test_two_flags_give_one_short_practice_item_and_stay_weaknesses() -> None:
    for lang in ("en", "ko"):
        answer, explanations = _report(lang, others=False)
        _strengths, weaknesses, practice = _strengths_weaknesses([answer], lang)
        assert sum(1 for w in weaknesses if "Daegu" in w or "Kyungpook" in w) == 2  # both observations stay
        assert practice == [t("report.practice.blind", lang)]  # one short item, not two explanations
        assert len(practice[0]) < 140 and not any(e in practice for e in explanations)


def test_flags_never_push_a_legal_explanation_into_the_list() -> None:
    for lang in ("en", "ko"):
        answer, explanations = _report(lang)
        _strengths, _weaknesses, practice = _strengths_weaknesses([answer], lang)
        assert len(practice) == PRACTICE_NEXT
        assert practice.count(t("report.practice.blind", lang)) <= 1
        assert not any(t(f"blind.why.{c}", lang) in p for p in practice for c in ("school", "birthplace"))
        assert not any(e in practice for e in explanations)


def test_the_explanation_stays_on_the_flag() -> None:
    _answer, explanations = _report("en")
    assert all(e.startswith("Why it matters") for e in explanations)
