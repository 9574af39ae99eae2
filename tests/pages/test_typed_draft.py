"""The Practice page hands the typed-answer box to the browser snippet that keeps it in the
tab (ui.practice.browser.keep_draft_html): the question's key, the box's label in the UI
language, and the text the server has (AppTest; the snippet itself runs in
tests/e2e/test_typed_draft_reload.py). Back after a reload, a question with a stored draft
opens on typing, with the draft in the box. The login page, the page of a logged-out tab,
carries the snippet that forgets every kept answer (forget_drafts_html)."""

from __future__ import annotations

import json

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from core.db.models import Question
from tests.login import sign_in
from tests.pages.test_practice import PAGE, _button, app  # noqa: F401 - the Practice page fixture
from ui.practice.browser import draft_key, forget_drafts_html


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


def _reloaded(uid: int) -> AppTest:
    """A reload of the tab (a new browser session), back at the question: "Continue
    unfinished session", then no camera."""
    fresh = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(fresh, uid)
    fresh.run()
    _button(fresh, next(b.label for b in fresh.button if b.label.startswith("Continue unfinished session"))) \
        .click().run()
    _button(fresh, "I can't use a camera or microphone").click().run()
    assert not fresh.exception, fresh.exception
    return fresh


def test_a_question_with_a_stored_draft_opens_on_typing_after_a_reload(app):  # noqa: F811
    at, engine, uid = app
    _typed_question(at)
    at.text_area[0].input("I led the billing rewrite").run()  # sent: the question's draft
    with Session(engine) as db:
        assert db.get(Question, _shown_question_id(engine)).draft == "I led the billing rewrite"
    fresh = _reloaded(uid)
    assert fresh.radio[-1].value == "text"
    assert [a.value for a in fresh.text_area] == ["I led the billing rewrite"]
    assert _draft_payload(fresh)["saved"] == "I led the billing rewrite"
    fresh.radio[-1].set_value("audio").run()  # the choice is the user's from then on
    assert fresh.radio[-1].value == "audio" and not fresh.text_area


def test_a_question_without_a_draft_opens_on_recording_as_before(app):  # noqa: F811
    at, _engine, uid = app
    at.run()
    at.checkbox[0].uncheck()
    at.button[0].click().run()
    _button(at, "I can't use a camera or microphone").click().run()
    assert at.radio[-1].value == "audio" and not at.text_area
    at.radio[-1].set_value("text").run()  # looked at the box, typed nothing
    fresh = _reloaded(uid)
    assert fresh.radio[-1].value == "audio" and not fresh.text_area


def _forgets_drafts(at: AppTest) -> bool:
    return any(element.proto.srcdoc == forget_drafts_html() for element in at.get("iframe"))


def test_logging_out_draws_the_login_page_with_the_snippet_that_forgets_kept_answers(open_page):
    at = open_page("pages/practice.py")
    assert not _forgets_drafts(at)  # logged in: the kept answers stay for a reload
    at.button(key="ares_logout").click().run()
    assert [t.label for t in at.text_input][:2] == ["Username", "Password"]
    assert _forgets_drafts(at)


def test_logging_out_everywhere_forgets_them_in_this_tab_too(open_page):
    at = open_page("pages/settings.py")
    at.button(key="ares_logout_everywhere").click().run()
    assert [t.label for t in at.text_input][:2] == ["Username", "Password"]
    assert _forgets_drafts(at)
