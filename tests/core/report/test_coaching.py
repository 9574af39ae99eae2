"""Coaching: access only after acceptance, comments and score overrides shown beside the AI score."""

from __future__ import annotations

import pytest
from report_answers import STRONG, WEAK
from sqlmodel import Session, select

from core.db import crud
from core.db.models import Attempt
from core.report.build import load_report
from core.report.coach import CoachingError, accept, coach_overview, comment_on_answer, end, invite_by_username


def _first_attempt(engine, user_id):
    with Session(engine) as db:
        return db.exec(select(Attempt).where(Attempt.user_id == user_id)).first().id


def _share_all(engine, candidate, coach):
    """The candidate's privacy choice: every session, not only the coach's assignments."""
    with Session(engine) as db:
        crud.set_share_scope(db, candidate_id=candidate, coach_id=coach, scope="all")


def test_coach_sees_nothing_until_the_candidate_accepts(any_engine, new_user, interview):
    alice, coach = new_user(any_engine, "alice"), new_user(any_engine, "coach", "coach")
    session_id = interview(any_engine, alice, [STRONG, WEAK])
    link = invite_by_username(any_engine, inviter_id=coach, username="alice", as_coach=True)
    assert link.status == "invited"
    assert coach_overview(any_engine, coach_id=coach) == []
    with pytest.raises(crud.AccessDenied):
        load_report(any_engine, viewer_id=coach, session_id=session_id)
    with pytest.raises(crud.AccessDenied):
        comment_on_answer(any_engine, coach_id=coach, attempt_id=_first_attempt(any_engine, alice), text="hi")
    accept(any_engine, user_id=alice, link_id=link.id)
    assert coach_overview(any_engine, coach_id=coach)[0].sessions == ()  # default: assignment sessions only
    _share_all(any_engine, alice, coach)
    overview = coach_overview(any_engine, coach_id=coach)
    assert overview[0].username == "alice" and overview[0].sessions[0].id == session_id
    assert load_report(any_engine, viewer_id=coach, session_id=session_id).session_id == session_id


def test_a_candidates_request_waits_for_the_coach_and_revoking_removes_access(db_engine, new_user, interview):
    alice, coach = new_user(db_engine, "alice"), new_user(db_engine, "coach", "coach")
    session_id = interview(db_engine, alice, [STRONG])
    link = invite_by_username(db_engine, inviter_id=alice, username="coach", as_coach=False)
    assert link.status == "invited"  # the coach has not agreed to coach alice yet
    with pytest.raises(crud.AccessDenied):
        load_report(db_engine, viewer_id=coach, session_id=session_id)
    accept(db_engine, user_id=coach, link_id=link.id)
    _share_all(db_engine, alice, coach)
    assert load_report(db_engine, viewer_id=coach, session_id=session_id)
    end(db_engine, user_id=alice, link_id=link.id)
    with pytest.raises(crud.AccessDenied):
        load_report(db_engine, viewer_id=coach, session_id=session_id)


def test_coach_override_is_shown_beside_the_ai_score_and_used_in_aggregates(db_engine, new_user, interview):
    alice, coach = new_user(db_engine, "alice"), new_user(db_engine, "coach", "coach")
    session_id = interview(db_engine, alice, [WEAK])
    link = invite_by_username(db_engine, inviter_id=alice, username="coach", as_coach=False)
    accept(db_engine, user_id=coach, link_id=link.id)
    _share_all(db_engine, alice, coach)
    attempt_id = _first_attempt(db_engine, alice)
    comment_on_answer(db_engine, coach_id=coach, attempt_id=attempt_id, text="Better than it looks", score_override=70)
    report = load_report(db_engine, viewer_id=alice, session_id=session_id)
    answer = report.answers[0]
    assert answer.coach_score == 70 and answer.ai_score != 70 and answer.score == 70
    assert answer.comments[0].text == "Better than it looks"
    assert report.overall.value == 70 and "coach" in report.overall.explanation


def test_invalid_coaching_actions_have_message_keys(db_engine, new_user):
    alice = new_user(db_engine, "alice")
    with pytest.raises(CoachingError) as err:
        invite_by_username(db_engine, inviter_id=alice, username="nobody", as_coach=False)
    assert err.value.key == "coach.error.no_user"
    with pytest.raises(CoachingError) as err:
        comment_on_answer(db_engine, coach_id=alice, attempt_id=1, text="x", score_override=150)
    assert err.value.key == "coach.error.score_range"
