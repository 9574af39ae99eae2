"""The Practice page hands the typed-answer box to the browser snippet that keeps it in the
tab (ui.practice.browser.keep_draft_html): the question's key, the box's label in the UI
language, and the text the server has (AppTest; the snippet itself runs in
tests/e2e/test_typed_draft_reload.py)."""

from __future__ import annotations

import json

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from core.db.models import Question
from tests.pages.test_practice import _button, app  # noqa: F401 - the Practice page fixture
from ui.practice.browser import draft_key


def _draft_payload(at: AppTest) -> dict | None:
    for element in at.get("iframe"):
        html = element.proto.srcdoc
        if "const q=" in html and '"key"' in html:
            start = html.index("const q=") + len("const q=")
            return json.JSONDecoder().raw_decode(html, start)[0]
    return None


def _typed_question(at: AppTest) -> None:
    at.run()
    at.checkbox[0].uncheck()  # no read-aloud (no browser here)
    at.button[0].click().run()  # set up devices (form submit)
    _button(at, "I can't use a camera or microphone").click().run()
    at.radio[-1].set_value("text").run()
    assert not at.exception, at.exception


def _shown_question_id(engine) -> int:
    with Session(engine) as db:
        return next(q.id for q in db.exec(select(Question).where(Question.shown_at.is_not(None))))


def test_the_typed_box_is_kept_under_its_question_with_what_the_server_has(app):  # noqa: F811
    at, engine, _uid = app
    _typed_question(at)
    payload = _draft_payload(at)
    assert payload == {"key": draft_key(_shown_question_id(engine)), "label": "Type your answer",
                       "submit": "Submit answer", "saved": ""}
    at.text_area[0].input("I led the billing rewrite").run()
    assert _draft_payload(at)["saved"] == "I led the billing rewrite"
    _button(at, "Submit answer").click().run()
    assert _draft_payload(at) is None  # the summary: no box, nothing kept


def test_the_korean_page_finds_its_box_by_the_korean_label(app):  # noqa: F811
    at, _engine, _uid = app
    _typed_question(at)
    at.text_area[0].input("결제 시스템을 다시 만들었습니다").run()
    at.session_state["ares_lang"] = "ko"  # the language switch, mid-answer
    at.run()
    assert not at.exception, at.exception
    payload = _draft_payload(at)
    assert payload is not None and payload["label"] == "답변 입력" and payload["submit"] == "답변 제출"
    assert [a.label for a in at.text_area] == ["답변 입력"]
    assert payload["saved"] == at.text_area[0].value == "결제 시스템을 다시 만들었습니다"
