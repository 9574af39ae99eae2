"""The blind-hiring check in the pages: flagged sentences of an uploaded resume on the
Profile page, and the Settings switch (stored per user) that turns it off."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core import preferences
from core.db import crud
from core.db.models import UserCreate
from core.i18n import t
from core.resume import service as docs
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
RESUME = ("Jordan Lee — Backend engineer\n"
          "I was born in 1994 and raised in a small fishing town.\n"
          "Built a billing service that handles 2 million invoices a month.\n"
          "My father is a senior partner at a law firm.\n")
KO_RESUME = "저는 1995년생이고 대구에서 나고 자랐습니다.\n주문 API 응답 시간을 300ms에서 40ms로 줄였습니다.\n"


@pytest.fixture
def user_id(app_engine) -> int:
    with Session(app_engine) as s:
        return crud.create_user(s, user_in=UserCreate(username="blinder", password="password-123")).id or 0


def _open(page, user_id, lang="en", tab=None):
    at = AppTest.from_file(str(ROOT / page), default_timeout=90)
    sign_in(at, user_id)
    at.session_state["ares_lang"] = lang
    if tab:
        at.session_state["profile_tab"] = tab
    return at.run()


def _resume(app_engine, user_id, text):
    with Session(app_engine) as s:
        return docs.save_document(s, owner_id=user_id, kind="resume", title="CV", text=text).id


def _texts(at):
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_profile_flags_protected_sentences_of_a_resume(app_engine, user_id):
    doc_id = _resume(app_engine, user_id, RESUME)
    at = _open("pages/profile.py", user_id, tab="Documents")
    at.button(key=f"view_{doc_id}").click().run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "Blind-hiring check" in text
    assert "small fishing town" in text and "senior partner" in text
    assert "2 million invoices" not in text.split("Blind-hiring check")[1]
    assert t("blind.why.family", "en") in text  # why that category matters, under its sentence


def test_settings_switch_turns_the_check_off_for_this_user_only(app_engine, user_id):
    at = _open("pages/settings.py", user_id)
    assert not at.exception, at.exception
    assert at.toggle(key="blind_check").value is True
    at.toggle(key="blind_check").set_value(False).run()
    assert not at.exception
    assert preferences.blind_check_on(app_engine, user_id=user_id) is False
    doc_id = _resume(app_engine, user_id, RESUME)
    at = _open("pages/profile.py", user_id, tab="Documents")
    at.button(key=f"view_{doc_id}").click().run()
    assert "The blind-hiring check is off" in _texts(at)
    with Session(app_engine) as s:
        other = crud.create_user(s, user_in=UserCreate(username="other", password="password-123")).id or 0
    assert preferences.blind_check_on(app_engine, user_id=other) is True


def test_korean_resume_is_checked_in_korean(app_engine, user_id):
    doc_id = _resume(app_engine, user_id, KO_RESUME)
    at = _open("pages/profile.py", user_id, lang="ko", tab="서류")
    at.button(key=f"view_{doc_id}").click().run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "블라인드 채용 점검" in text and "대구에서 나고 자랐습니다" in text
    assert t("blind.why.age", "ko") in text or t("blind.why.birthplace", "ko") in text
