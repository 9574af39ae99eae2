"""Assignments: created for linked candidates only, started in one call, states derived."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from coaching_answers import STRONG
from sqlmodel import Session

from core.coaching.assignments import (
    AssignmentSpec,
    assigned_to,
    create_assignment,
    get_assignment,
    list_assignments,
    start_assignment,
    visible_measures_for_session,
)
from core.coaching.errors import WorkspaceError
from core.db import crud

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_an_assignment_goes_only_to_candidates_who_accepted_the_coach(any_engine, people):
    coach, alice, bob = people(any_engine)
    with pytest.raises(WorkspaceError) as err:
        create_assignment(any_engine, coach_id=coach, candidate_ids=[alice, bob], spec=AssignmentSpec(role="PM"))
    assert err.value.key == "coaching.error.not_linked" and "bob" in err.value.detail
    assignment_id = create_assignment(any_engine, coach_id=coach, candidate_ids=[alice],
                                      spec=AssignmentSpec(role="PM", company="Acme", mode="exam"))
    view = get_assignment(any_engine, viewer_id=coach, assignment_id=assignment_id)
    assert [m.username for m in view.members] == ["alice"] and view.mode == "exam"
    with pytest.raises(crud.AccessDenied):
        get_assignment(any_engine, viewer_id=bob, assignment_id=assignment_id)


@pytest.mark.parametrize(("spec", "key"), [
    (AssignmentSpec(role=" "), "coaching.error.role"),
    (AssignmentSpec(role="PM", mode="quiz"), "coaching.error.mode"),
    (AssignmentSpec(role="PM", question_count=0), "coaching.error.question_count"),
    (AssignmentSpec(role="PM", question_count=11), "coaching.error.question_count"),
    (AssignmentSpec(role="PM", visible_measures=("mood",)), "coaching.error.measure"),
    (AssignmentSpec(role="PM", stages=(7,)), "coaching.error.stages"),
])
def test_a_bad_assignment_names_what_to_fix(db_engine, people, spec, key):
    coach, alice, _bob = people(db_engine)
    with pytest.raises(WorkspaceError) as err:
        create_assignment(db_engine, coach_id=coach, candidate_ids=[alice], spec=spec)
    assert err.value.key == key


def test_states_move_from_not_started_to_started_to_finished_and_late_after_the_due_date(
        db_engine, people, service_for, answer_all):
    coach, alice, _bob = people(db_engine)
    due = NOW + timedelta(days=2)
    assignment_id = create_assignment(db_engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(
        role="Engineer", questions=("Tell me about a release you sped up.", "What did you learn?"), due_at=due))
    assert list_assignments(db_engine, coach_id=coach, now=NOW)[0].members[0].state == "not_started"
    assert list_assignments(db_engine, coach_id=coach, now=due + timedelta(hours=1))[0].members[0].state == "late"
    service = service_for(db_engine)
    session_id = start_assignment(db_engine, service, candidate_id=alice, assignment_id=assignment_id)
    assert start_assignment(db_engine, service, candidate_id=alice, assignment_id=assignment_id) == session_id
    assert list_assignments(db_engine, coach_id=coach, now=NOW)[0].members[0].state == "started"
    first = service.next_question(alice, session_id)
    assert first.text == "Tell me about a release you sped up." and first.origin == "coach"
    answer_all(service, alice, session_id, [STRONG])
    state = list_assignments(db_engine, coach_id=coach, now=due + timedelta(days=5))[0].members[0]
    assert state.state == "finished" and state.session_id == session_id


def test_the_coach_sees_the_assignment_session_but_not_the_candidates_own_practice(
        any_engine, people, service_for, answer_all):
    coach, alice, _bob = people(any_engine)
    service = service_for(any_engine)
    own = service.start_session(alice, company="Private Co", role="Engineer", stages=[1], questions_per_stage=1,
                                max_followup_depth=0)
    answer_all(service, alice, own, [STRONG])
    assignment_id = create_assignment(any_engine, coach_id=coach, candidate_ids=[alice],
                                      spec=AssignmentSpec(role="Engineer", question_count=1, stages=(1,)))
    assigned = start_assignment(any_engine, service, candidate_id=alice, assignment_id=assignment_id)
    with Session(any_engine) as db:
        assert [s.id for s in crud.list_sessions(db, viewer_id=coach, owner_id=alice)] == [assigned]
        with pytest.raises(crud.AccessDenied):
            crud.get_session(db, viewer_id=coach, session_id=own)
        crud.set_share_scope(db, candidate_id=alice, coach_id=coach, scope="all")
        assert {s.id for s in crud.list_sessions(db, viewer_id=coach, owner_id=alice)} == {own, assigned}


def test_the_candidate_sees_assigned_to_me_and_the_hidden_measures(db_engine, people, service_for):
    coach, alice, bob = people(db_engine)
    assignment_id = create_assignment(db_engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(
        role="Engineer", question_count=2, visible_measures=("fillers", "pace")))
    mine = assigned_to(db_engine, candidate_id=alice)
    assert [a.id for a in mine] == [assignment_id] and mine[0].coach == "coachy"
    assert assigned_to(db_engine, candidate_id=bob) == []
    session_id = start_assignment(db_engine, service_for(db_engine), candidate_id=alice, assignment_id=assignment_id)
    assert visible_measures_for_session(db_engine, viewer_id=alice, session_id=session_id) == ("fillers", "pace")
    with pytest.raises(crud.AccessDenied):
        start_assignment(db_engine, service_for(db_engine), candidate_id=bob, assignment_id=assignment_id)


def test_ending_the_link_withdraws_the_assignment(db_engine, people):
    coach, alice, _bob = people(db_engine)
    create_assignment(db_engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(role="Engineer"))
    with Session(db_engine) as db:
        link = next(iter(crud.list_links(db, user_id=alice)))
        crud.end_link(db, user_id=alice, link_id=link.id)
    assert assigned_to(db_engine, candidate_id=alice) == []
