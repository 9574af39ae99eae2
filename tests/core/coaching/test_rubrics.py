"""Rubrics: measured goals scored from stored analyses with evidence; the rest by the coach;
the rubric score sits beside the AI score."""

from __future__ import annotations

import pytest
from coaching_answers import STRONG, WEAK
from sqlmodel import Session

from core.coaching.assignments import AssignmentSpec, create_assignment, start_assignment
from core.coaching.errors import WorkspaceError
from core.coaching.rubrics import Goal, create_rubric, mark_goal, measure_answer, score_goals, score_session
from core.db import crud
from core.feedback.types import AnswerAnalysis
from core.report.build import load_report

GOALS = [Goal(id="", text="States a measured result", measure="result_measured", weight=2.0),
         Goal(id="", text="At most 3 fillers a minute", measure="max_fillers_per_min", threshold=3.0),
         Goal(id="", text="Warm opening", kind="rated", weight=1.0)]


def _speech(fillers_per_min, answer_s):
    return {"filler_per_min": fillers_per_min, "answer_s": answer_s, "duration_s": answer_s,
            "grades": {"pace": {"grade": "good", "value": 140, "unit": "wpm"}}}


def _stored(payload):
    """An analysis as the rubric reads it: the stored payload through the report's typed loader."""
    return AnswerAnalysis.from_dict(payload)


def test_measured_goals_give_evidence_per_answer():
    fast = Goal(id="t", text="Under 90 s", measure="max_duration_s", threshold=90)
    assert measure_answer(fast, _stored({"speech": _speech(1.0, 74.0)}), 1, "Q").met is True
    long = measure_answer(fast, _stored({"speech": _speech(1.0, 120.4)}), 2, "Q")
    assert long.met is False and long.detail == "120 s"
    assert measure_answer(fast, _stored({"speech": None}), 3, "Q").met is None  # a typed answer has no duration
    result = Goal(id="r", text="Result", measure="result_measured")
    payload = {"feedback": [{"key": "result.measured", "quote": "from 2 days to 3 hours", "start_s": 12.5}]}
    evidence = measure_answer(result, _stored(payload), 4, "Q")
    assert evidence.met is True and evidence.detail == "from 2 days to 3 hours" and evidence.start_s == 12.5


def test_the_score_weights_goals_and_leaves_pending_ones_out_instead_of_guessing():
    goals = [Goal(id="a", text="A", measure="max_fillers_per_min", threshold=3.0, weight=3.0),
             Goal(id="b", text="B", kind="rated", weight=1.0)]
    answers = [(1, "Q1", _stored({"speech": _speech(2.0, 60)})), (2, "Q2", _stored({"speech": _speech(5.0, 60)}))]
    score, results, pending = score_goals(goals, answers, {})
    assert score == 50.0 and pending == 1 and results[1].source == "pending"
    score, _results, pending = score_goals(goals, answers, {"b": 1.0})
    assert score == pytest.approx(100 * (3 * 0.5 + 1 * 1.0) / 4) and pending == 0


def test_a_rubric_on_an_assignment_scores_the_session_beside_the_ai_score(
        db_engine, people, service_for, answer_all):
    coach, alice, bob = people(db_engine)
    rubric_id = create_rubric(db_engine, coach_id=coach, name="Release stories", goals=GOALS)
    assignment_id = create_assignment(db_engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(
        role="Engineer", mode="exam", questions=("Tell me about a release you sped up.", "And a time it went wrong?"),
        rubric_id=rubric_id))
    service = service_for(db_engine)
    session_id = start_assignment(db_engine, service, candidate_id=alice, assignment_id=assignment_id)
    with Session(db_engine) as db:  # the assignment's format is the session's practice|exam mode
        assert crud.get_session(db, viewer_id=alice, session_id=session_id).mode == "exam"
    answer_all(service, alice, session_id, [STRONG, WEAK])
    result = score_session(db_engine, viewer_id=coach, session_id=session_id, rubric_id=rubric_id)
    measured = result.goals[0]
    assert measured.source == "auto" and measured.value == 0.5
    assert [e.met for e in measured.evidence] == [True, False] and "3 hours" in measured.evidence[0].detail
    assert result.goals[1].value is None  # typed answers: fillers not measurable, not a fake 0
    assert result.pending == 1 and result.score == 50.0
    warm = result.goals[2].goal.id
    mark_goal(db_engine, coach_id=coach, session_id=session_id, rubric_id=rubric_id, goal_id=warm, mark=5)
    after = score_session(db_engine, viewer_id=alice, session_id=session_id, rubric_id=rubric_id)
    assert after.pending == 0 and after.score == pytest.approx(100 * (2 * 0.5 + 1 * 1.0) / 3, abs=0.1)
    report = load_report(db_engine, viewer_id=alice, session_id=session_id)
    assert report.overall.value != after.score  # the AI score is untouched by the rubric
    with pytest.raises(crud.AccessDenied):
        score_session(db_engine, viewer_id=bob, session_id=session_id, rubric_id=rubric_id)
    with pytest.raises(crud.AccessDenied):  # the candidate cannot mark their own rubric
        mark_goal(db_engine, coach_id=alice, session_id=session_id, rubric_id=rubric_id, goal_id=warm, mark=5)
    with pytest.raises(WorkspaceError):  # measured goals are not marked by hand
        mark_goal(db_engine, coach_id=coach, session_id=session_id, rubric_id=rubric_id,
                  goal_id=measured.goal.id, mark=1)


@pytest.mark.parametrize(("goals", "key"), [
    ([], "coaching.error.no_goals"),
    ([Goal(id="", text="x", measure="max_duration_s")], "coaching.error.goal_threshold"),
    ([Goal(id="", text="x", measure="mood")], "coaching.error.goal_measure"),
    ([Goal(id="", text="x", weight=0)], "coaching.error.goal_weight"),
    ([Goal(id="", text="  ")], "coaching.error.goal_text"),
])
def test_bad_goals_name_what_to_fix(db_engine, people, goals, key):
    coach, _alice, _bob = people(db_engine)
    with pytest.raises(WorkspaceError) as err:
        create_rubric(db_engine, coach_id=coach, name="R", goals=goals)
    assert err.value.key == key
