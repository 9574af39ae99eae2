"""The data layer on SQLite and PostgreSQL: owner scoping and the coach access rule."""

import pytest
from doubles import link_coach
from sqlmodel import Session

from core.db import crud
from core.db.models import ProfileItem, Question, UserCreate
from core.passwords import verify_password


def _user(session, name, role="candidate"):
    return crud.create_user(session, user_in=UserCreate(username=name, role=role, password="password-123"))


def test_passwords_are_stored_as_bcrypt_hashes(any_engine) -> None:
    with Session(any_engine) as session:
        user = _user(session, "alice")
        # bcrypt over a SHA-256 pre-hash (core.passwords: bcrypt reads only 72 bytes)
        assert user.password_hash.startswith("bcrypt-sha256$$2")
        assert "password-123" not in user.password_hash
        assert verify_password("password-123", user.password_hash)
        assert not verify_password("wrong", user.password_hash)


def test_users_cannot_read_or_change_each_others_sessions(any_engine) -> None:
    with Session(any_engine) as session:
        alice, bob = _user(session, "alice"), _user(session, "bob")
        own = crud.create_session(session, owner_id=alice.id, role="Engineer")
        question = crud.add_question(session, owner_id=alice.id, question=Question(session_id=own.id, text="Q?"))
        attempt = crud.create_attempt(session, owner_id=alice.id, question_id=question.id, mode="text")
        assert crud.get_session(session, viewer_id=alice.id, session_id=own.id).id == own.id
        with pytest.raises(crud.AccessDenied):
            crud.get_session(session, viewer_id=bob.id, session_id=own.id)
        with pytest.raises(crud.AccessDenied):
            crud.get_attempt(session, viewer_id=bob.id, attempt_id=attempt.id)
        with pytest.raises(crud.AccessDenied):
            crud.update_attempt(session, owner_id=bob.id, attempt_id=attempt.id, transcript="hijack")
        with pytest.raises(crud.AccessDenied):
            crud.create_attempt(session, owner_id=bob.id, question_id=question.id)
        with pytest.raises(crud.AccessDenied):
            crud.list_sessions(session, viewer_id=bob.id, owner_id=alice.id)
        assert crud.list_sessions(session, viewer_id=bob.id) == []


def test_a_coach_sees_a_candidate_only_after_the_candidate_accepts(any_engine) -> None:
    with Session(any_engine) as session:
        cand, coach = _user(session, "cand"), _user(session, "coachy", role="coach")
        own = crud.create_session(session, owner_id=cand.id, role="Analyst")
        link = crud.request_link(session, requester_id=coach.id, coach_id=coach.id, candidate_id=cand.id)
        assert link.status == "invited"
        with pytest.raises(crud.AccessDenied):
            crud.get_session(session, viewer_id=coach.id, session_id=own.id)
        with pytest.raises(crud.AccessDenied):  # the coach cannot accept on the candidate's behalf
            crud.accept_link(session, user_id=coach.id, link_id=link.id)
        crud.accept_link(session, user_id=cand.id, link_id=link.id)
        with pytest.raises(crud.AccessDenied):  # default privacy: only the coach's assignment sessions
            crud.get_session(session, viewer_id=coach.id, session_id=own.id)
        crud.set_share_scope(session, candidate_id=cand.id, coach_id=coach.id, scope="all")
        assert crud.get_session(session, viewer_id=coach.id, session_id=own.id).id == own.id
        with pytest.raises(crud.AccessDenied):  # read access, not write
            crud.update_session(session, owner_id=coach.id, session_id=own.id, status="finished")
        crud.end_link(session, user_id=cand.id, link_id=link.id)
        with pytest.raises(crud.AccessDenied):
            crud.get_session(session, viewer_id=coach.id, session_id=own.id)


def test_analysis_is_stored_once_and_never_recomputed(any_engine) -> None:
    with Session(any_engine) as session:
        alice = _user(session, "alice")
        own = crud.create_session(session, owner_id=alice.id)
        question = crud.add_question(session, owner_id=alice.id, question=Question(session_id=own.id, text="Q?"))
        attempt = crud.create_attempt(session, owner_id=alice.id, question_id=question.id)
        first = crud.save_analysis(session, owner_id=alice.id, attempt_id=attempt.id, payload={"v": 1}, score=70)
        second = crud.save_analysis(session, owner_id=alice.id, attempt_id=attempt.id, payload={"v": 2}, score=10)
        assert second.id == first.id and second.payload == {"v": 1}
        assert crud.get_attempt(session, viewer_id=alice.id, attempt_id=attempt.id).status == "analyzed"


def test_documents_keep_versions_and_stay_private(any_engine) -> None:
    with Session(any_engine) as session:
        alice, bob = _user(session, "alice"), _user(session, "bob")
        v1 = crud.add_document(session, owner_id=alice.id, kind="resume", title="CV", text="v1")
        v2 = crud.add_document(session, owner_id=alice.id, kind="resume", title="CV", text="v2", group_id=v1.group_id)
        assert v2.version == 2
        latest = crud.list_documents(session, viewer_id=alice.id, kind="resume")
        assert [d.text for d in latest] == ["v2"]
        assert len(crud.list_documents(session, viewer_id=alice.id, latest_only=False)) == 2
        with pytest.raises(crud.AccessDenied):
            crud.get_document(session, viewer_id=bob.id, document_id=v1.id)
        with pytest.raises(crud.AccessDenied):
            crud.delete_document(session, owner_id=bob.id, document_id=v1.id)


def test_companies_are_shared_samples_or_private(any_engine) -> None:
    with Session(any_engine) as session:
        alice, bob = _user(session, "alice"), _user(session, "bob")
        crud.create_company(session, owner_id=None, name="Sample Co")
        mine = crud.create_company(session, owner_id=alice.id, name="Alice Target")
        assert {c.name for c in crud.list_companies(session, viewer_id=alice.id)} == {"Sample Co", "Alice Target"}
        assert {c.name for c in crud.list_companies(session, viewer_id=bob.id)} == {"Sample Co"}
        with pytest.raises(crud.AccessDenied):
            crud.get_company(session, viewer_id=bob.id, company_id=mine.id)


def test_profile_items_prepared_by_a_coach_wait_for_acceptance(any_engine) -> None:
    with Session(any_engine) as session:
        cand, coach, other = _user(session, "cand"), _user(session, "coachy", "coach"), _user(session, "other", "coach")
        link_coach(session, coach_id=coach.id, candidate_id=cand.id)
        item = crud.save_profile_item(session, actor_id=coach.id,
                                      item=ProfileItem(user_id=cand.id, kind="skill", title="SQL"))
        assert item.accepted is False and item.prepared_by == coach.id
        with pytest.raises(crud.AccessDenied):
            crud.save_profile_item(session, actor_id=other.id, item=ProfileItem(user_id=cand.id, kind="skill"))


def test_shared_sample_documents_cannot_be_edited_by_users(any_engine) -> None:
    with Session(any_engine) as session:
        alice = _user(session, "alice")
        sample = crud.create_company(session, owner_id=None, name="Sample Co")
        doc = crud.add_document(session, owner_id=None, company_id=sample.id, kind="company", title="Report", text="x")
        with pytest.raises(crud.AccessDenied):
            crud.update_document(session, owner_id=alice.id, document_id=doc.id, text="defaced")
        assert crud.update_document(session, owner_id=None, document_id=doc.id, status="ready").status == "ready"
