"""Time-stamped comments: pinned by the coach, shown at the moment and in the transcript,
answered by the candidate; never visible outside the link and the shared sessions."""

from __future__ import annotations

import pytest
from coaching_answers import STRONG
from sqlmodel import Session

from core.coaching.assignments import AssignmentSpec, create_assignment, start_assignment
from core.coaching.comments import CommentView, list_threads, pin_comment, place_in_transcript, reply
from core.coaching.errors import WorkspaceError
from core.db import crud
from core.db.models import utcnow
from core.feedback.types import TimedWord


def _assigned_answer(engine, people, service_for, answer_all):
    coach, alice, bob = people(engine)
    assignment_id = create_assignment(engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(
        role="Engineer", mode="exam", questions=("Tell me about a release.",)))
    service = service_for(engine)
    session_id = start_assignment(engine, service, candidate_id=alice, assignment_id=assignment_id)
    attempt_id = answer_all(service, alice, session_id, [STRONG])[0]
    return coach, alice, bob, attempt_id


def test_a_pinned_comment_is_seen_and_answered_by_the_candidate(any_engine, people, service_for, answer_all):
    coach, alice, bob, attempt_id = _assigned_answer(any_engine, people, service_for, answer_all)
    later = pin_comment(any_engine, coach_id=coach, attempt_id=attempt_id, at_s=12.0, text="Say the number first.")
    first = pin_comment(any_engine, coach_id=coach, attempt_id=attempt_id, at_s=2.5, text="Good opening.")
    reply(any_engine, user_id=alice, comment_id=later, text="Will do!")
    threads = list_threads(any_engine, viewer_id=alice, attempt_id=attempt_id)
    assert [t.id for t in threads] == [first, later]  # in the order of their moments
    assert threads[1].replies[0].text == "Will do!" and threads[1].replies[0].by_coach is False
    assert threads[0].by_coach and threads[0].author == "coachy"
    assert [t.id for t in list_threads(any_engine, viewer_id=coach, attempt_id=attempt_id)] == [first, later]
    with pytest.raises(crud.AccessDenied):
        list_threads(any_engine, viewer_id=bob, attempt_id=attempt_id)
    with pytest.raises(crud.AccessDenied):
        reply(any_engine, user_id=bob, comment_id=later, text="sneaky")
    with pytest.raises(crud.AccessDenied):
        pin_comment(any_engine, coach_id=bob, attempt_id=attempt_id, at_s=1.0, text="sneaky")


def test_a_comment_needs_text_and_a_moment_inside_the_recording(db_engine, people, service_for, answer_all):
    coach, alice, _bob, attempt_id = _assigned_answer(db_engine, people, service_for, answer_all)
    with pytest.raises(WorkspaceError) as err:
        pin_comment(db_engine, coach_id=coach, attempt_id=attempt_id, at_s=3.0, text="   ")
    assert err.value.key == "coaching.error.empty_comment"
    with pytest.raises(WorkspaceError) as err:
        pin_comment(db_engine, coach_id=coach, attempt_id=attempt_id, at_s=-1, text="x")
    assert err.value.key == "coaching.error.moment"
    with pytest.raises(WorkspaceError):  # the candidate replies, does not pin on their own answer
        pin_comment(db_engine, coach_id=alice, attempt_id=attempt_id, at_s=1.0, text="note to self")


def test_after_the_link_ends_the_coach_no_longer_reads_the_thread(db_engine, people, service_for, answer_all):
    coach, alice, _bob, attempt_id = _assigned_answer(db_engine, people, service_for, answer_all)
    pin_comment(db_engine, coach_id=coach, attempt_id=attempt_id, at_s=1.0, text="x")
    with Session(db_engine) as db:
        link = next(iter(crud.list_links(db, user_id=alice)))
        crud.end_link(db, user_id=alice, link_id=link.id)
    with pytest.raises(crud.AccessDenied):
        list_threads(db_engine, viewer_id=coach, attempt_id=attempt_id)
    assert len(list_threads(db_engine, viewer_id=alice, attempt_id=attempt_id)) == 1  # hers to keep


def _comment(cid, at_s):
    return CommentView(id=cid, attempt_id=1, author="c", by_coach=True, at_s=at_s, text="t", created_at=utcnow())


def test_comments_land_before_the_word_spoken_at_their_moment():
    words = [TimedWord(word=w, start_s=s, end_s=s + 0.3) for w, s in
             (("I", 0.0), ("cut", 0.5), ("costs", 1.0), ("by", 1.5), ("forty", 2.0), ("percent", 2.5))]
    pieces = place_in_transcript("I cut costs by forty percent", words, [_comment(7, 0.9), _comment(8, 9.0)])
    assert [(p.text, p.comment_ids) for p in pieces] == [("I cut", ()), ("costs by forty percent", (7,)),
                                                         ("", (8,))]
    assert place_in_transcript("typed", [], [_comment(1, 2.0)])[-1].comment_ids == (1,)
