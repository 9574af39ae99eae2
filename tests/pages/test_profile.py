"""The Profile & documents page under AppTest, logged in as a fresh user of the temp database."""

from pathlib import Path

import pytest
from doubles import link_coach
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.db import crud
from core.db.models import UserCreate
from core.profile import service as profile
from core.resume import service as docs
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples" / "candidate"
PAGE = "pages/profile.py"


@pytest.fixture
def user_id(app_engine) -> int:
    with Session(app_engine) as s:
        user = crud.create_user(s, user_in=UserCreate(username="newbie", password="password-123"))
        return user.id or 0


@pytest.fixture
def open_page():
    """Run the page itself (not Home.py) as a logged-in user: faster, same widgets."""

    def _open(page: str, *, user_id: int, lang: str = "en", tab: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / page), default_timeout=60)
        sign_in(at, user_id)
        at.session_state["ares_lang"] = lang
        if tab:
            at.session_state["profile_tab"] = tab
        return at.run()

    return _open


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.title] + [m.value for m in at.subheader] + [m.value for m in at.error]
    parts += [m.value for m in at.success]
    return "\n".join(str(p) for p in parts)


def _widget(items, label):
    return next(w for w in items if w.label == label)


def _submit(at, label):
    _widget(at.button, label).click().run()
    assert not at.exception, at.exception


def _switch(at, tab):
    at.session_state["profile_tab"] = tab
    at.run()
    assert not at.exception, at.exception


def test_a_new_user_sees_empty_sections_and_only_the_open_tab_runs(open_page, user_id):
    at = open_page(PAGE, user_id=user_id)
    assert not at.exception
    text = _texts(at)
    assert "Profile & documents" in text and "Career history" in text
    assert "No documents yet" not in text  # the Documents tab is closed: its content does not run
    assert [t.label for t in at.tabs] == ["Profile", "Documents", "Analysis"]
    _switch(at, "Documents")
    assert "No documents yet" in _texts(at) and "Career history" not in _texts(at)


def test_profile_items_can_be_added_reordered_edited_and_deleted(open_page, user_id, app_engine):
    at = open_page(PAGE, user_id=user_id)
    for title in ("Python", "Kafka"):
        _widget(at.selectbox, "Section").set_value("skill")
        _widget(at.text_input, "Title (role, degree, certificate, skill or link)").input(title)
        _submit(at, "Save")
    assert "Saved." in _texts(at)
    with Session(app_engine) as s:
        ids = [i.id for i in profile.items_by_kind(s, viewer_id=user_id)["skill"]]
    at.button(key=f"up_{ids[1]}").click().run()
    with Session(app_engine) as s:
        assert [i.title for i in profile.items_by_kind(s, viewer_id=user_id)["skill"]] == ["Kafka", "Python"]
    at.button(key=f"edit_{ids[0]}").click().run()
    title_inputs = [w for w in at.text_input if w.label.startswith("Title (role")]
    title_inputs[0].input("Python 3")
    next(b for b in at.button if b.label == "Save").click().run()
    at.button(key=f"del_{ids[1]}").click().run()
    with Session(app_engine) as s:
        assert [i.title for i in profile.items_by_kind(s, viewer_id=user_id)["skill"]] == ["Python 3"]


def test_pasted_resume_and_posting_give_claims_gaps_and_questions(open_page, user_id):
    at = open_page(PAGE, user_id=user_id, tab="Documents")
    for kind, name in (("resume", "resume_en.md"), ("job_posting", "job_posting_northwind_en.md")):
        _widget(at.selectbox, "Document type").set_value(kind)
        _widget(at.text_area, "…or paste the text").input((SAMPLES / name).read_text(encoding="utf-8"))
        _submit(at, "Save document")
    assert "Saved and parsed" in _texts(at)
    assert at.session_state["profile_tab"] == "Documents"  # saving keeps the user on their tab
    _switch(at, "Analysis")
    _submit(at, "Analyse")
    assert "Analysis saved." in _texts(at)
    claims = at.dataframe[0].value
    assert "45%" in set(claims["Value"]) and "£18,000" in set(claims["Value"])
    text = _texts(at)
    assert "Kubernetes in production" in text and "Gaps against: Senior Software Engineer, Robotics Cloud" in text
    assert "Led a team of 3 engineers" in text  # an expected question quotes the candidate's claim
    assert "Why they ask:" in text


def test_uploaded_korean_cover_letter_gets_per_question_notes_in_korean(open_page, user_id):
    at = open_page(PAGE, user_id=user_id, lang="ko", tab="서류")
    _widget(at.selectbox, "서류 종류").set_value("cover_letter")
    _widget(at.file_uploader, "파일 올리기 (PDF, Word, TXT, Markdown)").set_value(
        ("자기소개서.md", (SAMPLES / "cover_letter_ko.md").read_bytes(), "text/markdown"))
    _submit(at, "서류 저장")
    _switch(at, "분석")
    _widget(at.selectbox, "자기소개서").set_value(_widget(at.selectbox, "자기소개서").options[1])
    at.run()
    _submit(at, "분석하기")
    text = _texts(at)
    assert "자기소개서 문항별 점검" in text and "“열정”" in text and "개선 필요" in text


def test_an_unreadable_upload_shows_one_message(open_page, user_id):
    at = open_page(PAGE, user_id=user_id, tab="Documents")
    _widget(at.file_uploader, "Upload a file (PDF, Word, TXT, Markdown)").set_value(
        ("cv.pdf", b"%PDF-1.4 broken", "application/pdf"))
    _submit(at, "Save document")
    assert len(at.error) == 1


def test_coach_prepared_items_are_accepted_on_the_page(open_page, user_id, app_engine):
    with Session(app_engine) as s:
        coach = crud.create_user(s, user_in=UserCreate(username="coachy", role="coach", password="password-123"))
        link_coach(s, coach_id=coach.id, candidate_id=user_id)
        item = profile.add_item(s, actor_id=coach.id, owner_id=user_id, kind="certification", title="CKA")
    at = open_page(PAGE, user_id=user_id)
    assert "Prepared by your coach" in _texts(at)
    at.button(key=f"accept_{item.id}").click().run()
    with Session(app_engine) as s:
        assert [i.title for i in profile.items_by_kind(s, viewer_id=user_id)["certification"]] == ["CKA"]
    assert "Prepared by your coach" not in _texts(at)


def test_demo_documents_show_their_stored_analysis_with_its_inputs(open_page, user_id, app_engine):
    from core.resume.demo import load_demo_candidate_documents

    load_demo_candidate_documents(app_engine, user_id)
    at = open_page(PAGE, user_id=user_id, tab="Analysis")
    resume = _widget(at.selectbox, "Resume")
    korean = next(o for o in resume.options if "김서연" in o)
    resume.select(korean).run()
    assert not at.exception
    with Session(app_engine) as s:
        letter = next(d for d in docs.list_candidate_documents(s, viewer_id=user_id) if d.kind == "cover_letter")
    assert _widget(at.selectbox, "Cover letter").value == letter.id  # the letter the stored analysis used
    text = _texts(at)
    assert "Cover letter, question by question" in text and "Gaps against: 데이터 엔지니어" in text
    _switch(at, "Profile")
    assert "Fleetwise Logistics" in _texts(at) and "present" in _texts(at)


def test_a_linked_coach_prepares_an_item_that_waits_for_the_candidate(open_page, user_id, app_engine):
    with Session(app_engine) as s:
        coach = crud.create_user(s, user_in=UserCreate(username="coach2", role="coach", password="password-123"))
        link_coach(s, coach_id=coach.id, candidate_id=user_id)
        coach_id = coach.id
    at = open_page(PAGE, user_id=coach_id)
    assert "Prepare an item for a candidate" in _texts(at)
    _widget(at.selectbox, "Candidate").set_value(user_id)
    next(w for w in at.text_input if w.key == "coach_title").input("CKA (Kubernetes)")
    _submit(at, "Send to the candidate")
    assert "It waits for the candidate's acceptance" in _texts(at)
    with Session(app_engine) as s:
        pending = profile.pending_items(s, owner_id=user_id)
    assert [(i.title, i.prepared_by) for i in pending] == [("CKA (Kubernetes)", coach_id)]


def test_user_text_is_shown_as_inert_text(open_page, user_id, app_engine):
    with Session(app_engine) as s:
        profile.add_item(s, actor_id=user_id, owner_id=user_id, kind="link",
                         title="[click me](javascript:alert(1)) <img src=x onerror=alert(1)>")
    at = open_page(PAGE, user_id=user_id)
    shown = next(m.value for m in at.markdown if "click me" in m.value)
    assert "&#91;click me&#93;&#40;javascript&#58;" in shown and "&#60;img" in shown
    assert all(not getattr(m.proto, "allow_html", False) for m in at.markdown)
