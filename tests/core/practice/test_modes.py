"""Practice and exam mode: the flow's transitions, and the service's one-take rule and
attempt comparison ("Answer again"), with fakes on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from core.db import crud
from core.feedback.retry import AttemptDiff
from core.live.summary import AnswerSummary
from core.practice import PracticeError, flow
from core.practice.flow import Choices, QuestionView

Q1 = QuestionView(id=1, text="Tell me about a project.")
Q2 = QuestionView(id=2, text="Why us?")
WEAK = "We worked on it together as a team and it got better."
STRONG = ("Last year our checkout failed often. I was asked to fix it. I rewrote the retry logic and added alerts. "
          "As a result, failed payments fell by 40 percent in 3 months.")


def _answered(choices: Choices, attempt_id: int = 3, status: str = "analyzed") -> flow.PracticeState:
    state = flow.show_question(flow.enter_interview(flow.start(7, choices), now=0.0), Q1, now=0.0)
    state = flow.begin_answer(state, attempt_id=attempt_id, now=1.0)
    return flow.answered(state, AnswerSummary(attempt_id=attempt_id, status=status, transcript="I did it."))


# ----------------------------------------------------------------------------- flow
def test_practice_answer_shows_its_summary_and_offers_answer_again():
    state = _answered(Choices(mode="practice"))
    assert state.phase == "review" and state.summary is not None
    assert flow.can_answer_again(state)


def test_exam_answer_is_saved_without_a_summary_and_cannot_be_taken_again():
    state = _answered(Choices(mode="exam"))
    assert (state.phase, state.summary, state.diff) == ("saved", None, None)
    assert not flow.can_answer_again(state)
    assert flow.answer_again(state, now=9.0) == state  # one take: nothing changes
    assert flow.show_question(state, Q2, now=10.0).phase == "prep"


def test_exam_has_no_live_hints_even_when_hints_were_ticked():
    assert Choices(hints=True, mode="practice").live_hints
    assert not Choices(hints=True, mode="exam").live_hints
    assert not Choices(hints=False, mode="practice").live_hints


def test_exam_keeps_the_timed_deadlines():
    state = flow.show_question(flow.start(1, Choices(format="timed", mode="exam")), Q1, now=100.0)
    assert flow.timed_action(state, now=130.0) == "begin_answer"
    assert flow.needs_live_loop(state)


def test_answer_again_keeps_the_question_and_remembers_the_attempt_to_compare_with():
    state = flow.answer_again(_answered(Choices(), attempt_id=3), now=20.0)
    assert (state.phase, state.question, state.attempt_id, state.summary) == ("prep", Q1, None, None)
    assert state.compare_with == 3
    state = flow.begin_answer(state, attempt_id=4, now=21.0)
    diff = AttemptDiff(before_attempt_id=3, after_attempt_id=4, star_added=("result",), star_missing=(),
                       numbers_added=("40 percent",), changes=())
    state = flow.answered(state, AnswerSummary(attempt_id=4, status="analyzed", transcript="Better."), diff=diff)
    assert (state.phase, state.diff, state.compare_with) == ("review", diff, 3)
    third = flow.answer_again(state, now=30.0)  # a third take is compared with the second
    assert (third.compare_with, third.diff) == (4, None)
    moved_on = flow.show_question(state, Q2, now=40.0)
    assert (moved_on.compare_with, moved_on.diff) == (None, None)


def test_answer_again_after_a_failed_analysis_compares_with_the_last_analysed_attempt():
    state = flow.answer_again(_answered(Choices(), attempt_id=3), now=5.0)
    state = flow.answered(flow.begin_answer(state, 4, now=6.0),
                          AnswerSummary(attempt_id=4, status="failed", transcript=""))
    assert flow.answer_again(state, now=7.0).compare_with == 3


def test_a_recovered_recording_may_be_answered_afresh_in_an_exam_too():
    state = flow.resumed(flow.PracticeState(), 4, Choices(mode="exam"), Q1, now=5.0, recovered_attempt_id=9)
    state = flow.enter_interview(state, now=6.0)
    assert flow.can_answer_again(state)
    assert flow.answer_again(state, now=7.0).phase == "prep"


# ----------------------------------------------------------------------------- service
def _answer(service, user: int, question_id: int, text: str):
    attempt = service.begin_attempt(user, question_id, "text")
    return service.submit_answer(user, attempt.id or 0, text=text)


def test_exam_session_stores_its_mode_and_allows_one_take(any_engine, make_user, make_service):
    user = make_user(any_engine)
    service = make_service(any_engine)
    session_id = service.start_session(user, company="Acme", role="Engineer", mode="exam", max_followup_depth=0)
    question = service.next_question(user, session_id)
    assert question is not None
    _answer(service, user, question.id, WEAK)
    with pytest.raises(PracticeError) as err:
        service.begin_attempt(user, question.id, "text")
    assert err.value.key == "practice_modes.error.one_take"
    found = service.resume(user, session_id)
    assert found is not None and found.mode == "exam"
    with Session(any_engine) as db:
        assert crud.get_session(db, viewer_id=user, session_id=session_id).mode == "exam"


def test_practice_answer_again_is_compared_with_the_attempt_before(any_engine, make_user, make_service):
    user, other = make_user(any_engine), make_user(any_engine, "mallory")
    service = make_service(any_engine)
    session_id = service.start_session(user, company="Acme", role="Engineer", max_followup_depth=0)
    question = service.next_question(user, session_id)
    assert question is not None
    first = _answer(service, user, question.id, WEAK)
    second = _answer(service, user, question.id, STRONG)  # practice: a second take is allowed
    diff = service.compare_attempts(user, first.attempt_id, second.attempt_id)
    assert diff is not None
    assert (diff.before_attempt_id, diff.after_attempt_id) == (first.attempt_id, second.attempt_id)
    assert "result" in diff.star_added and diff.numbers_added
    key = diff.key_sentence  # a sentence of the new attempt that fills a STAR part the first one missed
    assert key is not None and key.reason.startswith("star:") and key.reason[5:] in diff.star_added
    assert key.text in STRONG and key.text not in WEAK
    assert {c.name for c in diff.changes} >= {"content_score", "words", "filler_per_min", "speech_rate_wpm",
                                              "long_pauses", "camera_gaze_share"}
    with pytest.raises(crud.AccessDenied):
        service.compare_attempts(other, first.attempt_id, second.attempt_id)


def test_an_unknown_mode_is_refused(any_engine, make_user, make_service):
    user = make_user(any_engine)
    with pytest.raises(PracticeError):
        make_service(any_engine).start_session(user, company="Acme", mode="quiz")
