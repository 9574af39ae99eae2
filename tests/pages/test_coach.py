"""The Coaching page under AppTest: invitations, acceptance, comments with a score override."""

from __future__ import annotations

from pathlib import Path

from doubles import FallbackInterviewer
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db import crud
from core.db.models import CoachComment, CoachLink, User
from core.practice import PracticeService
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]


def _user(engine, name, role="candidate"):
    with Session(engine) as db:
        user = User(username=name, role=role, password_hash="not-a-login")
        db.add(user)
        db.commit()
        db.refresh(user)
        return user.id


def _interview(engine, uid):
    service = PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(), use_default_retriever=False)
    sid = service.start_session(uid, company="Acme", stages=[1], questions_per_stage=1, max_followup_depth=0)
    question = service.next_question(uid, sid)
    attempt = service.begin_attempt(uid, question.id, "text")
    service.submit_answer(uid, attempt.id, text="We improved the process together.")
    service.finish_session(uid, sid)
    return attempt.id


def _open(uid, lang="en"):
    at = AppTest.from_file(str(ROOT / "pages/coach.py"), default_timeout=60)
    sign_in(at, uid)
    at.session_state["ares_lang"] = lang
    return at.run()


def _invite(at, username):
    at.text_input[0].input(username)
    next(b for b in at.button if b.label.startswith("Ask to be my candidate")).click()
    return at.run()


def test_coach_sees_a_candidate_only_after_acceptance_and_can_override_a_score(app_engine):
    candidate, coach = _user(app_engine, "cand"), _user(app_engine, "coachy", "coach")
    attempt_id = _interview(app_engine, candidate)
    at = _invite(_open(coach), "cand")
    assert not at.exception, at.exception
    assert "No candidate has accepted yet." in [i.value for i in at.info]
    # The candidate accepts on their own page.
    cand_at = _open(candidate)
    link_id = next(link.id for link in Session(app_engine).exec(select(CoachLink)).all())
    cand_at.button(key=f"accept_{link_id}").click().run()
    assert not cand_at.exception
    with Session(app_engine) as db:  # the candidate shares every session, not only assignments
        crud.set_share_scope(db, candidate_id=candidate, coach_id=coach, scope="all")
    at = _open(coach)
    assert not at.exception, at.exception
    assert len(at.dataframe) == 1
    at.text_area(key=f"comment_text_{attempt_id}").input("Good story; add the numbers.")
    at.checkbox(key=f"override_on_{attempt_id}").check()
    at.number_input(key=f"override_{attempt_id}").set_value(72)
    next(b for b in at.button if b.label == "Save comment").click()
    at.run()
    assert not at.exception, at.exception
    with Session(app_engine) as db:
        comment = db.exec(select(CoachComment)).one()
    assert comment.score_override == 72 and comment.coach_id == coach
    assert any("Coach score" in m.value and "72" in m.value for m in at.markdown)


def test_unknown_username_shows_a_message_in_korean(app_engine):
    uid = _user(app_engine, "solo")
    at = _open(uid, "ko")
    at.text_input[0].input("nobody")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert "해당 사용자 이름이 없습니다." in [e.value for e in at.error]


def test_a_candidates_request_waits_for_the_coach_who_can_accept_and_later_leave(app_engine):
    candidate, coach = _user(app_engine, "cand"), _user(app_engine, "coachy", "coach")
    at = _open(candidate)
    at.text_input[0].input("coachy")
    next(b for b in at.button if b.label.startswith("Ask to be my coach")).click()
    at.run()
    assert not at.exception, at.exception
    link_id = Session(app_engine).exec(select(CoachLink)).one().id
    assert "waiting for their answer" in [m.value for m in at.markdown]
    coach_at = _open(coach)
    assert "No candidate has accepted yet." in [i.value for i in coach_at.info]  # nothing shared yet
    coach_at.button(key=f"accept_{link_id}").click().run()
    assert not coach_at.exception
    with Session(app_engine) as db:
        assert db.exec(select(CoachLink)).one().status == "accepted"
    coach_at = _open(coach)
    leave = coach_at.button(key=f"revoke_{link_id}")
    assert leave.label == "Leave"
    leave.click().run()
    assert not coach_at.exception
    with Session(app_engine) as db:
        assert db.exec(select(CoachLink)).one().status == "revoked"


def test_a_linked_candidate_with_nothing_shared_gives_a_hint_not_an_empty_table(app_engine):
    candidate, coach = _user(app_engine, "cand"), _user(app_engine, "coachy", "coach")
    _interview(app_engine, candidate)  # a private session: not an assignment's, default scope
    at = _invite(_open(coach), "cand")
    link_id = Session(app_engine).exec(select(CoachLink)).one().id
    _open(candidate).button(key=f"accept_{link_id}").click().run()
    at = _open(coach)
    assert not at.exception, at.exception
    assert len(at.dataframe) == 0
    assert any("have not shared any sessions" in c.value for c in at.caption)
    assert len(_open(coach, "ko").caption) > 0


def test_the_candidate_sees_the_coachs_display_name_and_the_username_when_none(app_engine):
    # New-user finding s22 #11: the candidate's page read "Coach: coach1", not "Coach One".
    candidate = _user(app_engine, "cand")
    named, plain = _user(app_engine, "coach1", "coach"), _user(app_engine, "coach2", "coach")
    with Session(app_engine) as db:
        user = db.get(User, named)
        user.name = "Coach One"
        db.add(user)
        db.commit()
    for coach in (named, plain):
        _invite(_open(coach), "cand")
    at = _open(candidate)
    assert not at.exception, at.exception
    rows = [m.value for m in at.markdown if "Coach:" in m.value]
    assert any("Coach One" in row for row in rows) and any("coach2" in row for row in rows)
    assert not any("coach1" in row for row in rows)
