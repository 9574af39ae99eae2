"""The Company library page under AppTest: add a company, paste a document (indexed with a
progress bar), search what the interviewer knows, delete; shared samples are read-only.
Embeddings use the instant hashing embedder; Chroma and the database are real (temp dir)."""

from pathlib import Path

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db import crud
from core.db.models import UserCreate
from core.documents import extract_document
from core.rag import service as rag_service
from core.rag.embeddings import HashingEmbedder
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/companies.py"
VALUES = "# Values\n\n## Culture\n\nWe ship every Friday and review every design in writing."


@pytest.fixture(autouse=True)
def quick_embeddings(monkeypatch):
    monkeypatch.setattr(rag_service, "resolve_embedder", lambda settings: HashingEmbedder(64))
    rag_service._INDEXES.clear()
    yield
    rag_service._INDEXES.clear()


@pytest.fixture
def user_id(app_engine) -> int:
    with Session(app_engine) as s:
        return crud.create_user(s, user_in=UserCreate(username="lib-user", password="password-123")).id or 0


def _open(user_id: int, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    sign_in(at, user_id)
    at.session_state["ares_lang"] = lang
    return at.run()


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [m.value for m in at.title] + [m.value for m in at.subheader] + [m.value for m in at.error]
    parts += [m.value for m in at.success] + [m.value for m in at.warning]
    return "\n".join(str(p) for p in parts)


def _widget(items, label):
    return next(w for w in items if w.label == label)


def _add_company(at, name: str):
    _widget(at.text_input, "Company name").input(name)
    _widget(at.button, "Create").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_new_user_can_add_a_company(user_id):
    at = _open(user_id)
    assert not at.exception
    assert "Company library" in _texts(at) and "No companies yet" in _texts(at)
    _add_company(at, "Acme")
    assert 'Company "Acme" created.' in _texts(at)
    assert _widget(at.selectbox, "Company").value is not None
    assert "No documents for this company yet." in _texts(at)


def test_duplicate_and_empty_company_names_are_refused(user_id):
    at = _add_company(_open(user_id), "Acme")
    _add_company(at, "acme")
    assert "You already have a company with that name." in _texts(at)


def test_pasted_text_is_indexed_and_searchable_then_deleted(user_id):
    at = _add_company(_open(user_id), "Acme")
    _widget(at.text_area, "…or paste text").input(VALUES)
    _widget(at.text_input, "Title of the pasted text").input("Our values")
    _widget(at.button, "Add to library").click()
    at.run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "Our values: 2 passages indexed." in text
    assert "Indexed" in text and "v1" in text

    _widget(at.text_input, "Search the company's documents").input("ship Friday")
    at.run()
    text = _texts(at)
    assert "We ship every Friday" in text
    assert "Our values · Culture · score" in text

    _widget(at.button, "Delete").click()
    at.run()
    assert "Our values deleted." in _texts(at)
    assert "No documents for this company yet." in _texts(at)


def test_adding_nothing_asks_for_a_file_or_text(user_id):
    at = _add_company(_open(user_id), "Acme")
    _widget(at.button, "Add to library").click()
    at.run()
    assert "Choose a file or paste some text first." in _texts(at)


def test_shared_sample_company_is_searchable_but_read_only(app_engine, user_id):
    with Session(app_engine) as s:
        company = crud.create_company(s, owner_id=None, name="Northwind Robotics plc")
    rag_service.add_company_document(app_engine, get_settings(), user_id=None, company_id=company.id or 0,
                                     extracted=extract_document(VALUES.encode(), "v.md"), title="Values")
    at = _open(user_id)
    text = _texts(at)
    assert "Sample company (shared, read-only)" in text and "Values" in text
    assert not [b for b in at.button if b.label in {"Delete", "Add to library"}]
    _widget(at.text_input, "Search the company's documents").input("design in writing")
    at.run()
    assert "review every design in writing" in _texts(at)


def test_page_speaks_korean(user_id):
    at = _open(user_id, lang="ko")
    assert "기업 자료실" in _texts(at) and "아직 회사가 없습니다" in _texts(at)


def test_logged_out_visitor_is_stopped():
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60).run()
    assert not at.exception
    assert not at.text_input


def test_a_company_name_over_the_limit_gets_a_clear_message(user_id):
    at = _add_company(_open(user_id), "N" * 250)
    assert not at.exception
    assert "That is 250 characters long; at most 200 fit here." in _texts(at)
