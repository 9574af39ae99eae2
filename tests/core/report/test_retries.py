"""Progress: how many tries a question type usually takes to reach a good answer."""

from __future__ import annotations

from report_answers import STRONG, WEAK

from core.report.retries import tries_by_question_type


def test_tries_count_attempts_of_the_same_question_until_good(db_engine, new_user, interview):
    alice = new_user(db_engine)
    for answer in (WEAK, WEAK, STRONG):  # the same first question in three sessions
        interview(db_engine, alice, [answer])
    tries = tries_by_question_type(db_engine, viewer_id=alice)
    assert len(tries) == 1
    row = tries[0]
    assert row.question_type in ("behavioural", "situational", "motivation", "self_description", "technical")
    assert (row.questions, row.reached, row.median_tries, row.never) == (1, 1, 3.0, 0)


def test_another_users_tries_are_not_readable(db_engine, new_user, interview):
    import pytest

    from core.db import crud

    alice, bob = new_user(db_engine, "alice"), new_user(db_engine, "bob")
    interview(db_engine, alice, [STRONG])
    with pytest.raises(crud.AccessDenied):
        tries_by_question_type(db_engine, viewer_id=bob, owner_id=alice)
