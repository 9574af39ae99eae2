"""The Progress page under AppTest: trends, a retake diff, the story bank; empty state."""

from __future__ import annotations

from pathlib import Path

from doubles import FallbackInterviewer
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.practice import PracticeService
from tests.doubles import add_user
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
STRONG = ("At my previous company our release process took two days. My task was to shorten it. I automated the "
          "tests and split the deploy. As a result, releases went from 2 days to 3 hours.")


def _user(engine, name):
    with Session(engine) as db:
        return add_user(db, name)


def _interview(engine, uid, text):
    service = PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(), use_default_retriever=False)
    sid = service.start_session(uid, company="Acme", stages=[1], questions_per_stage=1, max_followup_depth=0)
    question = service.next_question(uid, sid)
    attempt = service.begin_attempt(uid, question.id, "text")
    service.submit_answer(uid, attempt.id, text=text)
    service.finish_session(uid, sid)


def _open(uid, lang="en"):
    at = AppTest.from_file(str(ROOT / "pages/progress.py"), default_timeout=60)
    sign_in(at, uid)
    at.session_state["ares_lang"] = lang
    return at.run()


def test_progress_page_shows_trends_retake_and_stories(app_engine):
    uid = _user(app_engine, "pat")
    _interview(app_engine, uid, "We did it together and it went fine.")
    _interview(app_engine, uid, STRONG)
    at = _open(uid)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 2  # measures + competencies
    assert at.dataframe  # the trends table
    assert at.table  # the retake's measures, before and after (the report's comparison)
    assert any("Now includes" in s.value for s in at.success)
    assert "We did it together and it went fine." in [t.value for t in at.text]  # the earlier attempt
    assert any("told" in m.value for m in at.markdown)


def test_progress_page_empty_in_korean(app_engine):
    at = _open(_user(app_engine, "kim"), "ko")
    assert not at.exception
    assert "아직 분석된 답변이 없습니다" in at.info[0].value
