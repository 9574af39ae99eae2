"""Contestable scores in the browser pages: the report shows what cost points and takes an
"I disagree"; the coach answers it from the Coaching page's queue."""

from __future__ import annotations

from pathlib import Path

from doubles import FallbackInterviewer
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db import crud
from core.db.models import ScoreDispute, User
from core.practice import PracticeService
from core.report.coach import accept, invite_by_username
from core.report.contest import disagree
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
WEAK = "We improved the process together."


def _user(engine, name, role="candidate"):
    with Session(engine) as db:
        user = User(username=name, role=role, password_hash="not-a-login")
        db.add(user)
        db.commit()
        db.refresh(user)
        return user.id


def _link(engine, candidate_id, coach_name, scope="all"):
    """The candidate asks the coach, the coach accepts (both sides consent); the candidate
    shares `scope` of their sessions with them."""
    link = invite_by_username(engine, inviter_id=candidate_id, username=coach_name, as_coach=False)
    with Session(engine) as db:
        coach_id = crud.get_user_by_username(db, username=coach_name).id
    accepted = accept(engine, user_id=coach_id, link_id=link.id)
    with Session(engine) as db:
        crud.set_share_scope(db, candidate_id=candidate_id, coach_id=coach_id, scope=scope)
    return accepted


def _interview(engine, uid):
    service = PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(), use_default_retriever=False)
    sid = service.start_session(uid, company="Acme", stages=[1], questions_per_stage=1, max_followup_depth=0)
    question = service.next_question(uid, sid)
    attempt = service.begin_attempt(uid, question.id, "text")
    service.submit_answer(uid, attempt.id, text=WEAK)
    service.finish_session(uid, sid)
    return attempt.id


def _open(page, uid, lang="en"):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    sign_in(at, uid)
    at.session_state["ares_lang"] = lang
    return at.run()


def test_report_shows_what_cost_points_and_records_a_disagreement(app_engine):
    uid = _user(app_engine, "dana")
    attempt_id = _interview(app_engine, uid)
    at = _open("pages/reports.py", uid)
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert not at.error, [e.value for e in at.error]
    assert "A better answer from your own words" in text  # the outline beside the feedback
    assert "Mode: Practice" in "\n".join(c.value for c in at.caption)
    assert "What cost points" in text and "−30" in text and "“We improved the process together" in text
    at.text_area(key=f"disagree_reason_{attempt_id}").input("My second sentence was the result.")
    next(b for b in at.button if b.label == "Send").click()
    at.run()
    assert not at.exception, at.exception
    with Session(app_engine) as db:
        dispute = db.exec(select(ScoreDispute)).one()
    assert dispute.reason == "My second sentence was the result." and dispute.user_id == uid
    text = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert "You disagreed" in text and "No coach linked" in text


def test_empty_reason_is_refused_in_korean(app_engine):
    uid = _user(app_engine, "min")
    attempt_id = _interview(app_engine, uid)
    at = _open("pages/reports.py", uid, "ko")
    at.text_area(key=f"disagree_reason_{attempt_id}").input("  ")
    next(b for b in at.button if b.label == "보내기").click()
    at.run()
    assert not at.exception
    assert "이유를 먼저 적어 주세요." in [e.value for e in at.error]


def test_coach_answers_a_disagreement_from_the_queue_and_the_candidate_sees_it(app_engine):
    candidate, coach = _user(app_engine, "cand"), _user(app_engine, "coachy", "coach")
    attempt_id = _interview(app_engine, candidate)
    _link(app_engine, candidate, "coachy")
    dispute = disagree(app_engine, user_id=candidate, attempt_id=attempt_id, reason="I named my own part.")
    at = _open("pages/coach.py", coach)
    assert not at.exception, at.exception
    assert any("I named my own part" in m.value for m in at.markdown)
    at.text_area(key=f"dispute_reply_{dispute.id}").input("Agreed, you did.")
    at.checkbox(key=f"dispute_change_{dispute.id}").check()
    at.number_input(key=f"dispute_score_{dispute.id}").set_value(66)
    next(b for b in at.button if b.label == "Answer").click()
    at.run()
    assert not at.exception, at.exception
    assert "No open disagreements." in [c.value for c in at.caption]
    cand = _open("pages/reports.py", candidate)
    text = "\n".join(m.value for m in cand.markdown) + "\n".join(c.value for c in cand.caption)
    assert "Agreed, you did" in text and "set this answer's score to 66" in text
