"""Scores you can contest: what cost points, tied to the sentence; "I disagree" goes to a
linked coach's queue (answer and override shown with the reason) or stays on the report."""

from __future__ import annotations

import pytest
from report_answers import STRONG, WEAK
from sqlmodel import Session, select

from core.config import get_settings
from core.db import crud
from core.db.models import Attempt
from core.export import delete_account, delete_session
from core.feedback.types import AnswerScores, FeedbackItem
from core.report.build import load_report
from core.report.coach import CoachingError, accept, invite_by_username
from core.report.contest import coach_queue, disagree, point_losses, reply_to_dispute


def _link(engine, candidate_id, coach_name, scope="all"):
    """The candidate asks the coach, the coach accepts (both sides consent); the candidate
    shares `scope` of their sessions with them."""
    link = invite_by_username(engine, inviter_id=candidate_id, username=coach_name, as_coach=False)
    with Session(engine) as db:
        coach_id = crud.get_user_by_username(db, username=coach_name).id
    accepted = accept(engine, user_id=coach_id, link_id=link.id)
    with Session(engine) as db:
        crud.set_share_scope(db, candidate_id=candidate_id, coach_id=coach_id, scope=scope)
    return accepted


def _attempt(engine, user_id):
    with Session(engine) as db:
        return db.exec(select(Attempt).where(Attempt.user_id == user_id)).first().id


def test_losses_explain_the_gap_to_100_and_point_at_the_sentence(db_engine, new_user, interview):
    alice = new_user(db_engine)
    session_id = interview(db_engine, alice, [WEAK])
    answer = load_report(db_engine, viewer_id=alice, session_id=session_id).answers[0]
    losses = answer.losses
    assert losses, "a weak answer loses points"
    # Typed answers: only content is measured, so the losses add up to 100 minus the score.
    assert sum(loss.points for loss in losses) == pytest.approx(100 - answer.ai_score, abs=1.0)
    assert list(losses) == sorted(losses, key=lambda loss: -loss.points)
    assert all(loss.text.startswith("−") for loss in losses)
    quoted = [loss for loss in losses if loss.quote]
    assert quoted and all(loss.quote in answer.transcript for loss in quoted)


def test_delivery_and_camera_losses_use_each_parts_weight() -> None:
    scores = AnswerScores.from_dict(
        {"content": {"value": 100, "components": {"star": 40, "result": 15, "specificity": 15, "relevance": 15,
                                                   "ownership": 10, "length": 5}},
         "delivery": {"value": 65}, "camera": {"value": 30}})
    feedback = [FeedbackItem.from_dict(item) for item in (
        {"kind": "delivery", "key": "delivery.filler_rate", "grade": "average", "text": "Fillers 9/min",
         "evidence": {"start_s": 12.0, "quote": "um"}},
        {"kind": "camera", "key": "camera.camera_gaze_share", "grade": "needs_improvement",
         "text": "Gaze 20 %", "evidence": {"start_s": 3.0}})]
    losses = point_losses(scores, feedback, "en")
    by = {loss.component: loss for loss in losses}
    assert by["delivery.filler_rate"].points == pytest.approx(35 * 0.25, abs=0.1)
    assert by["camera.camera_gaze_share"].points == pytest.approx(70 * 0.15, abs=0.1)
    assert by["delivery.filler_rate"].start_s == 12.0 and "Fillers 9/min" in by["delivery.filler_rate"].text
    assert "content" not in {loss.part for loss in losses}


def test_disagreement_without_a_coach_stays_on_the_report(db_engine, new_user, interview):
    alice = new_user(db_engine)
    session_id = interview(db_engine, alice, [WEAK])
    view = disagree(db_engine, user_id=alice, attempt_id=_attempt(db_engine, alice), reason="I did give a result")
    assert view.status == "open" and not view.has_coach
    answer = load_report(db_engine, viewer_id=alice, session_id=session_id).answers[0]
    assert answer.disputes[0].reason == "I did give a result"
    assert answer.disputes[0].has_coach is False


def test_disagreement_goes_to_the_linked_coach_whose_reply_and_override_show(any_engine, new_user, interview):
    alice, coach = new_user(any_engine, "alice"), new_user(any_engine, "coach", "coach")
    other_coach = new_user(any_engine, "bob", "coach")
    session_id = interview(any_engine, alice, [WEAK])
    _link(any_engine, alice, "coach")
    attempt_id = _attempt(any_engine, alice)
    disagree(any_engine, user_id=alice, attempt_id=attempt_id, reason="The numbers were in my second sentence")
    queue = coach_queue(any_engine, coach_id=coach)
    assert [q.reason for q in queue] == ["The numbers were in my second sentence"]
    assert queue[0].candidate == "alice" and queue[0].transcript == WEAK
    assert coach_queue(any_engine, coach_id=other_coach) == []
    with pytest.raises(crud.AccessDenied):
        reply_to_dispute(any_engine, coach_id=other_coach, dispute_id=queue[0].dispute_id, reply="no")
    reply_to_dispute(any_engine, coach_id=coach, dispute_id=queue[0].dispute_id, reply="Fair: raised",
                     score_override=72)
    assert coach_queue(any_engine, coach_id=coach) == []
    answer = load_report(any_engine, viewer_id=alice, session_id=session_id).answers[0]
    dispute = answer.disputes[0]
    assert dispute.status == "answered" and dispute.reply == "Fair: raised"
    assert dispute.score_override == 72 and answer.score == 72 and answer.coach_score == 72
    # The coach sees the same disagreement on the candidate's report.
    coach_view = load_report(any_engine, viewer_id=coach, session_id=session_id).answers[0]
    assert coach_view.disputes[0].reason == "The numbers were in my second sentence"


def test_a_coach_who_may_not_see_the_session_never_gets_the_dispute(db_engine, new_user, interview):
    alice, coach = new_user(db_engine, "alice"), new_user(db_engine, "coach", "coach")
    session_id = interview(db_engine, alice, [WEAK])
    _link(db_engine, alice, "coach", scope="assignments")  # this session is not the coach's work
    view = disagree(db_engine, user_id=alice, attempt_id=_attempt(db_engine, alice), reason="too low")
    assert view.has_coach is False
    assert coach_queue(db_engine, coach_id=coach) == []
    with pytest.raises(crud.AccessDenied):
        reply_to_dispute(db_engine, coach_id=coach, dispute_id=view.id, reply="peek")
    answer = load_report(db_engine, viewer_id=alice, session_id=session_id).answers[0]
    assert answer.disputes[0].has_coach is False


def test_only_the_owner_can_disagree_and_a_reason_is_required(db_engine, new_user, interview):
    alice, mallory = new_user(db_engine, "alice"), new_user(db_engine, "mallory")
    interview(db_engine, alice, [STRONG])
    attempt_id = _attempt(db_engine, alice)
    with pytest.raises(crud.AccessDenied):
        disagree(db_engine, user_id=mallory, attempt_id=attempt_id, reason="mine")
    with pytest.raises(CoachingError) as err:
        disagree(db_engine, user_id=alice, attempt_id=attempt_id, reason="   ")
    assert err.value.key == "contest.error.empty"


def test_deleting_sessions_and_accounts_takes_disputes_along(db_engine, new_user, interview):
    alice, coach = new_user(db_engine, "alice"), new_user(db_engine, "coach", "coach")
    session_id = interview(db_engine, alice, [WEAK])
    _link(db_engine, alice, "coach")
    dispute = disagree(db_engine, user_id=alice, attempt_id=_attempt(db_engine, alice), reason="why")
    reply_to_dispute(db_engine, coach_id=coach, dispute_id=dispute.id, reply="because")
    delete_account(db_engine, get_settings(), user_id=coach)  # the coach's reply goes, the dispute reopens
    answer = load_report(db_engine, viewer_id=alice, session_id=session_id).answers[0]
    assert answer.disputes[0].status == "open" and answer.disputes[0].reply == ""
    delete_session(db_engine, get_settings(), user_id=alice, session_id=session_id)
    with Session(db_engine) as db:
        assert crud.list_disputes(db, viewer_id=alice, attempt_ids=[dispute.attempt_id]) == []
