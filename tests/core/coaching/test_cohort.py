"""Cohort: recency-weighted levels with their thresholds, delivery measures, recurring
weaknesses and the next drill — and only what each candidate shares."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from coaching_answers import STRONG, WEAK

from core.coaching.assignments import AssignmentSpec, create_assignment, start_assignment
from core.coaching.cohort import LEVELS, build_cohort, cohort_csv, level_for, recency_weighted
from core.coaching.weaknesses import recurring_weaknesses, suggest_drill
from core.db import crud
from core.report.progress import AnswerRecord, load_answers

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def test_levels_use_the_report_bands_plus_excellent():
    assert [name for name, _low in LEVELS] == ["excellent", "proficient", "developing", "needs_work"]
    assert [level_for(s) for s in (85, 84.9, 75, 74.9, 50, 49.9, None)] == [
        "excellent", "proficient", "proficient", "developing", "developing", "needs_work", None]


def test_recent_answers_weigh_more_than_old_ones():
    old, new = NOW - timedelta(days=28), NOW
    # weights 0.25 and 1: (0.25 * 40 + 1 * 80) / 1.25
    assert recency_weighted([(old, 40.0), (new, 80.0)], NOW) == 72.0
    assert recency_weighted([], NOW) is None


def _record(attempt_id, session_id, question, items):
    return AnswerRecord(attempt_id=attempt_id, session_id=session_id, question_id=attempt_id, question=question,
                        bank_id="", competency="", stage=1, started_at=NOW.isoformat(),
                        payload={"feedback": items, "score": 50})


def test_weaknesses_recur_over_recent_sessions_and_the_drill_retakes_those_questions():
    missing = {"key": "result.missing", "grade": "needs_improvement", "quote": "and it went fine", "start_s": 30.0}
    fillers = {"key": "delivery.fillers", "grade": "average"}
    pace_good = {"key": "delivery.pace", "grade": "good"}
    answers = [_record(1, 1, "Old Q", [missing, missing]),  # outside a 2-session window
               _record(2, 2, "Q about a launch", [missing, fillers, pace_good]),
               _record(3, 3, "Q about a conflict", [missing, fillers]),
               _record(4, 3, "Q about a failure", [{"key": "hedges.many", "grade": "average"}])]
    found = recurring_weaknesses(answers, recent_sessions=2)
    assert [w.id for w in found] == ["result_missing", "fillers"]  # hedges once: not recurring; pace was good
    assert found[0].answers == 2 and found[0].sessions == 2 and found[0].examples[0].start_s == 30.0
    drill = suggest_drill(found)
    assert drill.targets == ("result_missing", "fillers")
    assert drill.questions == ("Q about a conflict", "Q about a launch")
    assert suggest_drill([]) is None


def test_the_cohort_reads_only_shared_sessions_and_filters_by_assignment(
        any_engine, people, service_for, answer_all):
    coach, alice, bob = people(any_engine)
    service = service_for(any_engine)
    private = service.start_session(alice, company="Acme", role="Engineer", stages=[1], questions_per_stage=2,
                                    max_followup_depth=0)
    answer_all(service, alice, private, [STRONG])
    answer_all(service, bob, service.start_session(bob, role="x", stages=[1], questions_per_stage=1,
                                                   max_followup_depth=0), [WEAK])
    assignment_id = create_assignment(any_engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(
        role="Engineer", mode="exam", questions=("Tell me about a launch.", "A conflict?", "A failure?")))
    assigned = start_assignment(any_engine, service, candidate_id=alice, assignment_id=assignment_id)
    answer_all(service, alice, assigned, [WEAK])
    cohort = build_cohort(any_engine, coach_id=coach)
    assert [c.username for c in cohort.candidates] == ["alice"]  # bob never accepted
    row = cohort.candidates[0]
    assert row.sessions == 1 and row.answers == 3  # the private session stays private
    assert row.overall.level == level_for(row.overall.score) and row.overall.score is not None
    assert {w.id for w in row.weaknesses} >= {"result_missing"}
    assert row.drill is not None and set(row.drill.questions) <= {"Tell me about a launch.", "A conflict?",
                                                                   "A failure?"}
    filtered = build_cohort(any_engine, coach_id=coach, assignment_id=assignment_id)
    assert filtered.candidates[0].assignment_state == "finished"
    data = filtered.to_dict()
    assert data["levels"][0] == {"level": "excellent", "min_score": 85.0}
    assert set(data["candidates"][0]) >= {"sessions", "competency_levels", "delivery_measures",
                                          "recurring_weaknesses"}
    rows = list(csv.DictReader(io.StringIO(cohort_csv(filtered))))
    assert rows[0]["candidate"] == "alice" and "result_missing" in rows[0]["recurring_weaknesses"]
    with pytest.raises(crud.AccessDenied):  # someone else's assignment
        build_cohort(any_engine, coach_id=bob, assignment_id=assignment_id)
    # The candidate on Progress sees their own weaknesses over all their sessions.
    own = recurring_weaknesses(load_answers(any_engine, viewer_id=alice))
    assert own and own[0].answers >= 2
