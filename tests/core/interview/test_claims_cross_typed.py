"""Resume claims cross from the resume analyser to the interviewer and the feedback as
`core.resume.Claim` (frozen), not as dicts of two shapes (a source dict from the analyser,
a bare name from light claims); dicts only at the DB/JSON edge (`to_dict`/`from_dict`)."""

from __future__ import annotations

import dataclasses
import typing

from core.feedback.analyze import AnswerInput
from core.interview.followups import find_contradiction
from core.interview.material import light_claims, resume_materials
from core.interview.types import InterviewContext
from core.resume import analyze_resume
from core.resume.claims import Claim


def test_a_stored_claim_reads_back_as_the_same_claim() -> None:
    stored = analyze_resume("Experience\n- Cut cloud costs by 25% by rightsizing Kubernetes clusters\n").claims
    claims = [Claim.from_dict(c) for c in stored]
    assert claims and [c.to_dict() for c in claims] == stored
    assert Claim.from_dict({"text": "Led 4 people", "source": "resume p.1"}).source == {"document": "resume p.1"}


def test_the_seams_carry_claims_not_dicts() -> None:
    hints = typing.get_type_hints(InterviewContext)
    assert hints["resume_claims"] == tuple[Claim, ...]
    assert {f.name: f for f in dataclasses.fields(AnswerInput)}["claims"].default == ()
    light = light_claims("Cut cloud costs by 25% by rightsizing Kubernetes clusters.")
    assert light and all(isinstance(c, Claim) and c.source == {"document": "resume"} for c in light)
    material = resume_materials(light, "")
    assert material and material[0].source["source"] == "resume"
    answer = "We cut cloud costs by 60% by rightsizing the Kubernetes clusters."
    assert find_contradiction(answer, light) == (light[0].text, "60%")


def test_a_session_on_an_analysed_resume_hands_the_interviewer_claims(db_engine) -> None:
    from doubles import add_user
    from sqlmodel import Session

    from core.config import get_settings
    from core.db.engine import session_scope
    from core.practice import PracticeService
    from core.resume import service as resumes

    with Session(db_engine) as db:
        user_id = add_user(db, "cand")
        doc = resumes.save_document(db, owner_id=user_id, kind="resume", title="CV",
                                    text="Experience\n- Cut cloud costs by 25% by rightsizing Kubernetes clusters\n")
        resumes.analyze_documents(db, owner_id=user_id, resume_id=doc.id)
    service = PracticeService(db_engine, get_settings(), use_default_retriever=False)
    session_id = service.start_session(user_id, company="Acme", stages=[1], questions_per_stage=1,
                                       resume_document_id=doc.id)
    with session_scope(db_engine) as db:
        context = service._context(db, service.get_own_session(db, user_id, session_id))
    assert context.resume_claims and all(isinstance(c, Claim) for c in context.resume_claims)
    assert "25%" in {c.value for c in context.resume_claims}
