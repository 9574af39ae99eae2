"""Progress: trends over sessions, retake diffs, the story bank."""

from __future__ import annotations

import pytest
from report_answers import STRONG, WEAK

from core.db import crud
from core.interview.competencies import allowed_competencies
from core.report.progress import retake_diffs, session_trends, story_bank


def test_retake_of_the_same_question_shows_what_changed(db_engine, new_user, interview):
    user = new_user(db_engine)
    interview(db_engine, user, [WEAK])
    interview(db_engine, user, [STRONG])
    retakes = retake_diffs(db_engine, viewer_id=user)
    assert len(retakes) == 1 and retakes[0].attempts == 2
    diff = retakes[0].diff
    content = next(c for c in diff.changes if c.name == "content_score")
    assert content.delta is not None and content.delta > 0 and content.better is True
    assert "result" in diff.star_added or "action" in diff.star_added
    assert diff.before_transcript == WEAK and diff.after_transcript == STRONG
    assert diff.before_attempt_id is not None and diff.after_attempt_id is not None


def test_trends_have_one_point_per_session_and_none_for_unmeasured(db_engine, new_user, interview):
    user = new_user(db_engine)
    interview(db_engine, user, [WEAK, WEAK])
    interview(db_engine, user, [STRONG, STRONG])
    trends = session_trends(db_engine, viewer_id=user)
    points = trends.sessions
    assert len(points) == 2
    assert points[1].measures["score"] > points[0].measures["score"]
    assert points[0].measures["speech_rate_wpm"] is None  # typed answers: not measured, not 0


def test_story_bank_groups_the_same_story_and_lists_uncovered_competencies(db_engine, new_user, interview):
    user = new_user(db_engine)
    interview(db_engine, user, [STRONG, "I mentor two junior developers every week on code review and testing.",
                                STRONG.replace("two days", "three days")])
    bank = story_bank(db_engine, viewer_id=user, language="en")
    told = {s.times_told for s in bank.stories}
    assert 2 in told and len(bank.stories) == 2
    assert bank.stories[0].times_told == 2  # most told first
    covered = {c for story in bank.stories for c in story.competencies}
    assert set(bank.uncovered_competencies) == set(allowed_competencies("en")) - covered


def test_progress_of_another_user_is_refused_without_an_accepted_link(db_engine, new_user, interview):
    alice, coach = new_user(db_engine, "alice"), new_user(db_engine, "coach", "coach")
    interview(db_engine, alice, [STRONG])
    with pytest.raises(crud.AccessDenied):
        session_trends(db_engine, viewer_id=coach, owner_id=alice)
