"""Coach links need both sides' consent, and either side can end them (issue 16, item 5).

Before: a candidate could make anyone their coach in one step (the coach never agreed),
and a coach had no way to leave. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from doubles import add_user
from sqlmodel import Session

from core.db import crud
from core.db.models import InterviewSession


@pytest.fixture
def people(any_engine):
    with Session(any_engine) as db:
        ids = {name: add_user(db, name, role) for name, role in
               (("cand", "candidate"), ("coach", "coach"), ("other", "candidate"))}
        sid = crud.create_session(db, owner_id=ids["cand"], role="Analyst").id
    return any_engine, ids, sid


def _sees(db, viewer, sid) -> bool:
    """The link grants access (what the candidate then shares is their separate choice:
    everything here, so the session itself is readable exactly while the link holds)."""
    session = db.get(InterviewSession, sid)
    crud.set_share_scope(db, candidate_id=session.user_id, coach_id=viewer, scope="all")
    try:
        crud.get_session(db, viewer_id=viewer, session_id=sid)
        readable = True
    except crud.AccessDenied:
        readable = False
    assert readable == crud.can_view(db, viewer_id=viewer, owner_id=session.user_id)
    return readable


def test_a_candidates_request_grants_nothing_until_the_coach_accepts(people):
    engine, ids, sid = people
    with Session(engine) as db:
        link = crud.request_link(db, requester_id=ids["cand"], coach_id=ids["coach"], candidate_id=ids["cand"])
        assert link.status == "invited" and not _sees(db, ids["coach"], sid)
        assert crud.linked_candidates(db, coach_id=ids["coach"]) == []
        with pytest.raises(crud.AccessDenied):  # the requester cannot accept for the other side
            crud.accept_link(db, user_id=ids["cand"], link_id=link.id)
        crud.accept_link(db, user_id=ids["coach"], link_id=link.id)
        assert _sees(db, ids["coach"], sid) and crud.linked_candidates(db, coach_id=ids["coach"]) == [ids["cand"]]


def test_a_coachs_invitation_grants_nothing_until_the_candidate_accepts(people):
    engine, ids, sid = people
    with Session(engine) as db:
        link = crud.request_link(db, requester_id=ids["coach"], coach_id=ids["coach"], candidate_id=ids["cand"])
        with pytest.raises(crud.AccessDenied):
            crud.accept_link(db, user_id=ids["coach"], link_id=link.id)
        assert not _sees(db, ids["coach"], sid)
        crud.accept_link(db, user_id=ids["cand"], link_id=link.id)
        assert _sees(db, ids["coach"], sid)


def test_either_side_can_end_the_link_and_the_coach_can_leave(people):
    engine, ids, sid = people
    with Session(engine) as db:
        for ender in ("coach", "cand"):
            link = crud.request_link(db, requester_id=ids["cand"], coach_id=ids["coach"], candidate_id=ids["cand"])
            crud.accept_link(db, user_id=ids["coach"], link_id=link.id)
            assert _sees(db, ids["coach"], sid)
            crud.end_link(db, user_id=ids[ender], link_id=link.id)
            assert not _sees(db, ids["coach"], sid), ender
            # Re-asking after an ending needs the other side's consent again.
            again = crud.request_link(db, requester_id=ids["coach"], coach_id=ids["coach"], candidate_id=ids["cand"])
            assert again.status == "invited" and not _sees(db, ids["coach"], sid)
            crud.end_link(db, user_id=ids["coach"], link_id=again.id)  # withdrawn


def test_matching_requests_from_both_sides_complete_the_link(people):
    engine, ids, sid = people
    with Session(engine) as db:
        crud.request_link(db, requester_id=ids["coach"], coach_id=ids["coach"], candidate_id=ids["cand"])
        link = crud.request_link(db, requester_id=ids["cand"], coach_id=ids["coach"], candidate_id=ids["cand"])
        assert link.status == "accepted" and _sees(db, ids["coach"], sid)


def test_third_parties_can_neither_create_accept_nor_end_a_link(people):
    engine, ids, _sid = people
    with Session(engine) as db:
        with pytest.raises(crud.AccessDenied):
            crud.request_link(db, requester_id=ids["other"], coach_id=ids["coach"], candidate_id=ids["cand"])
        with pytest.raises(crud.AccessDenied):
            crud.request_link(db, requester_id=ids["cand"], coach_id=ids["cand"], candidate_id=ids["cand"])
        link = crud.request_link(db, requester_id=ids["coach"], coach_id=ids["coach"], candidate_id=ids["cand"])
        for action in (crud.accept_link, crud.end_link):
            with pytest.raises(crud.AccessDenied):
                action(db, user_id=ids["other"], link_id=link.id)
        assert crud.get_user(db, user_id=ids["other"]) is not None and link.status == "invited"
