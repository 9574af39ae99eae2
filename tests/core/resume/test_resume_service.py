"""Documents, versions, stored analyses and profile items through the data layer."""

import pytest
from doubles import link_coach
from sqlmodel import Session

from core.db import crud
from core.db.models import ProfileItem, UserCreate
from core.profile import service as profile
from core.resume import service
from core.resume.demo import load_demo_candidate_documents


def _user(session, name, role="candidate"):
    return crud.create_user(session, user_in=UserCreate(username=name, role=role, password="password-123"))


def test_reupload_and_corrections_make_new_versions(db_engine, resume_en):
    with Session(db_engine) as s:
        alice = _user(s, "alice")
        v1 = service.save_document(s, owner_id=alice.id, kind="resume", text=resume_en, filename="cv.md")
        assert v1.title == "Jordan Lee" and v1.structured["experience"][0]["role"] == "Senior Backend Engineer"
        v2 = service.save_document(s, owner_id=alice.id, kind="resume", text=resume_en + "\n- extra",
                                   group_id=v1.group_id)
        fields = dict(v2.structured)
        fields["experience"][0]["role"] = "Lead Backend Engineer"
        v3 = service.save_corrections(s, owner_id=alice.id, document_id=v2.id, structured=fields)
        assert [d.version for d in service.list_versions(s, viewer_id=alice.id, document_id=v1.id)] == [3, 2, 1]
        assert service.latest_of(s, viewer_id=alice.id, document_id=v1.id) == v3.id
        latest = service.list_candidate_documents(s, viewer_id=alice.id)
        assert [d.id for d in latest] == [v3.id]
        assert latest[0].structured["experience"][0]["role"] == "Lead Backend Engineer"
        assert service.delete_document_group(s, owner_id=alice.id, document_id=v3.id) == 3
        assert service.list_candidate_documents(s, viewer_id=alice.id) == []


def test_analysis_is_stored_on_the_resume_with_corrected_fields(db_engine, resume_en, jd_en):
    with Session(db_engine) as s:
        alice = _user(s, "alice")
        resume = service.save_document(s, owner_id=alice.id, kind="resume", text=resume_en)
        job = service.save_document(s, owner_id=alice.id, kind="job_posting", text=jd_en)
        fields = dict(job.structured)
        fields["requirements_must"] = [*fields["requirements_must"], "Rust in production"]
        job = service.save_corrections(s, owner_id=alice.id, document_id=job.id, structured=fields)
        result = service.analyze_documents(s, owner_id=alice.id, resume_id=resume.id, job_id=job.id)
        stored = crud.get_document(s, viewer_id=alice.id, document_id=resume.id).structured["analysis"]
        assert stored == result and stored["claims"][0]["kind"] == "role"
        assert "Rust in production" in {g["requirement"] for g in stored["gaps"]}
        assert stored["inputs"] == {"resume_id": resume.id, "job_id": job.id, "cover_letter_id": None}


def test_empty_and_unknown_documents_are_refused(db_engine):
    with Session(db_engine) as s:
        alice = _user(s, "alice")
        with pytest.raises(service.DocumentInputError) as err:
            service.save_document(s, owner_id=alice.id, kind="resume", text="   ")
        assert err.value.message_key == "profile.error.empty"
        with pytest.raises(service.DocumentInputError):
            service.save_document(s, owner_id=alice.id, kind="company", text="x")
        with pytest.raises(service.DocumentInputError):
            service.analyze_documents(s, owner_id=alice.id)


def test_another_user_cannot_read_change_analyse_or_version_documents(any_engine, resume_en):
    with Session(any_engine) as s:
        alice, bob = _user(s, "alice"), _user(s, "bob")
        doc = service.save_document(s, owner_id=alice.id, kind="resume", text=resume_en)
        for attempt in (
            lambda: crud.get_document(s, viewer_id=bob.id, document_id=doc.id),
            lambda: service.list_versions(s, viewer_id=bob.id, document_id=doc.id),
            lambda: service.save_corrections(s, owner_id=bob.id, document_id=doc.id, structured={}),
            lambda: service.save_document(s, owner_id=bob.id, kind="resume", text="x", group_id=doc.group_id),
            lambda: service.analyze_documents(s, owner_id=bob.id, resume_id=doc.id),
            lambda: service.delete_document_group(s, owner_id=bob.id, document_id=doc.id),
            lambda: crud.list_documents(s, viewer_id=bob.id, owner_id=alice.id),
        ):
            with pytest.raises(crud.AccessDenied):
                attempt()
        assert service.list_candidate_documents(s, viewer_id=bob.id) == []


def test_profile_items_can_be_reordered_and_other_users_cannot_touch_them(any_engine):
    with Session(any_engine) as s:
        alice, bob = _user(s, "alice"), _user(s, "bob")
        ids = [profile.add_item(s, actor_id=alice.id, owner_id=alice.id, kind="skill", title=t).id
               for t in ("Python", "Go", "SQL")]
        profile.move_item(s, owner_id=alice.id, item_id=ids[2], offset=-1)
        profile.move_item(s, owner_id=alice.id, item_id=ids[0], offset=+1)
        titles = [i.title for i in profile.items_by_kind(s, viewer_id=alice.id)["skill"]]
        assert titles == ["SQL", "Python", "Go"]
        with pytest.raises(crud.AccessDenied):
            profile.update_item(s, owner_id=bob.id, item_id=ids[0], title="hijack")
        with pytest.raises(crud.AccessDenied):
            profile.move_item(s, owner_id=bob.id, item_id=ids[0], offset=1)
        with pytest.raises(crud.AccessDenied):
            profile.add_item(s, actor_id=bob.id, owner_id=alice.id, kind="skill", title="x")
        with pytest.raises(crud.AccessDenied):
            profile.items_by_kind(s, viewer_id=bob.id, owner_id=alice.id)


def test_coach_prepared_items_wait_for_the_candidate(any_engine):
    with Session(any_engine) as s:
        cand, coach = _user(s, "cand"), _user(s, "coach", role="coach")
        link_coach(s, coach_id=coach.id, candidate_id=cand.id)
        kept = profile.add_item(s, actor_id=coach.id, owner_id=cand.id, kind="certification", title="CKA")
        dropped = profile.add_item(s, actor_id=coach.id, owner_id=cand.id, kind="skill", title="Kubernetes")
        assert (kept.accepted, kept.prepared_by) == (False, coach.id)
        assert profile.items_by_kind(s, viewer_id=cand.id)["certification"] == []
        assert {i.title for i in profile.pending_items(s, owner_id=cand.id)} == {"CKA", "Kubernetes"}
        with pytest.raises(crud.AccessDenied):  # the coach cannot accept on the candidate's behalf
            profile.respond_to_item(s, owner_id=coach.id, item_id=kept.id, accept=True)
        profile.respond_to_item(s, owner_id=cand.id, item_id=kept.id, accept=True)
        profile.respond_to_item(s, owner_id=cand.id, item_id=dropped.id, accept=False)
        assert [i.title for i in profile.items_by_kind(s, viewer_id=cand.id)["certification"]] == ["CKA"]
        assert profile.pending_items(s, owner_id=cand.id) == []
        stranger = _user(s, "stranger", role="coach")
        with pytest.raises(crud.AccessDenied):
            crud.save_profile_item(s, actor_id=stranger.id, item=ProfileItem(user_id=cand.id, kind="skill"))


def test_demo_candidate_documents_load_once_with_analyses(db_engine):
    with Session(db_engine) as s:
        user_id = _user(s, "demo").id
    first = load_demo_candidate_documents(db_engine, user_id)
    again = load_demo_candidate_documents(db_engine, user_id)
    assert first.startswith("5 documents added, 2 analyses")
    assert again.startswith("0 documents added, 0 analyses, 0 profile items")
    with Session(db_engine) as s:
        docs = service.list_candidate_documents(s, viewer_id=user_id)
        assert sorted(d.kind for d in docs) == ["cover_letter", "job_posting", "job_posting", "resume", "resume"]
        resume = next(d for d in docs if d.filename == "resume_en.md")
        claims = resume.structured["analysis"]["claims"]
        assert any(c["value"] == "45%" for c in claims)
        items = profile.items_by_kind(s, viewer_id=user_id)
        assert [i.organization for i in items["career"]][:2] == ["Fleetwise Logistics", "Brightcart"]
