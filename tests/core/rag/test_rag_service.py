"""The library service over a real database and a real on-disk Chroma in the test's data dir:
rows and passages stay in step; access is owner-scoped; the sample companies load once;
a new embedding model re-indexes with a notice instead of mixing vectors."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from core.config import get_settings
from core.db import crud
from core.db.models import Company, Document, UserCreate
from core.documents import extract_document
from core.rag import get_retriever
from core.rag import service as rag_service
from core.rag.demo import ensure_sample_companies
from core.rag.embeddings import HashingEmbedder
from core.rag.service import (
    add_company_document,
    delete_company_document,
    ensure_index_current,
    get_index,
    list_company_documents,
    replace_company_document,
    search_company,
)

V1 = "# Values\n\n## Culture\n\nWe ship every Friday and review every design in writing."
V2 = "# Values\n\n## Culture\n\nWe now ship every Tuesday after a customer demo."


@pytest.fixture
def hashing(monkeypatch):
    """Embedders named after settings.embedding_model, instant and deterministic."""
    monkeypatch.setattr(rag_service, "resolve_embedder",
                        lambda settings: HashingEmbedder(64, name=f"hash:{settings.embedding_model}"))
    rag_service._INDEXES.clear()
    yield
    rag_service._INDEXES.clear()


def _user(engine, name: str) -> int:
    with Session(engine) as session:
        user = crud.create_user(session, user_in=UserCreate(username=name, password="password123"))
        assert user.id is not None
        return user.id


def _company(engine, owner_id: int | None, name: str = "Acme") -> int:
    with Session(engine) as session:
        company = crud.create_company(session, owner_id=owner_id, name=name)
        assert company.id is not None
        return company.id


def test_adding_a_document_stores_a_ready_row_and_searchable_passages(db_engine, hashing):
    settings = get_settings()
    alice = _user(db_engine, "alice")
    company_id = _company(db_engine, alice)
    result = add_company_document(db_engine, settings, user_id=alice, company_id=company_id,
                                  extracted=extract_document(V1.encode(), "values.md"), title="Values",
                                  filename="values.md", doc_type="values")
    assert result.document.status == "ready" and result.chunks > 0
    assert result.document.structured["chunks"] == result.chunks
    assert result.document.structured["embedding_model"] == "hash:text-embedding-3-small"
    passages = search_company(db_engine, settings, user_id=alice, company_id=company_id, query="ship Friday")
    assert passages[0].source == "Values" and passages[0].document_id == result.document.id
    assert get_retriever(settings, user_id=alice).search("acme", "ship Friday", 3)
    assert get_retriever(settings).search("acme", "ship Friday", 3) == []  # not shared: user scope needed


def test_replacing_a_document_keeps_only_the_new_versions_passages(db_engine, hashing):
    settings = get_settings()
    alice = _user(db_engine, "alice")
    company_id = _company(db_engine, alice)
    first = add_company_document(db_engine, settings, user_id=alice, company_id=company_id,
                                 extracted=extract_document(V1.encode(), "v.md"), title="Values")
    second = replace_company_document(db_engine, settings, user_id=alice, document_id=first.document.id or 0,
                                      extracted=extract_document(V2.encode(), "v2.md"), filename="v2.md")
    assert second.document.version == 2 and second.document.group_id == first.document.group_id
    index = get_index(settings)
    assert index.chunk_count(first.document.id or 0) == 0 and index.chunk_count(second.document.id or 0) > 0
    docs = list_company_documents(db_engine, user_id=alice, company_id=company_id)
    assert [d.id for d in docs] == [second.document.id]


def test_deleting_a_document_removes_all_versions_and_passages(db_engine, hashing):
    settings = get_settings()
    alice = _user(db_engine, "alice")
    company_id = _company(db_engine, alice)
    first = add_company_document(db_engine, settings, user_id=alice, company_id=company_id,
                                 extracted=extract_document(V1.encode(), "v.md"), title="Values")
    second = replace_company_document(db_engine, settings, user_id=alice, document_id=first.document.id or 0,
                                      extracted=extract_document(V2.encode(), "v2.md"))
    assert delete_company_document(db_engine, settings, user_id=alice, document_id=second.document.id or 0) == "Values"
    with Session(db_engine) as session:
        assert session.exec(select(Document).where(Document.company_id == company_id)).all() == []
    assert get_index(settings).search("ship", company_id=company_id) == []


def test_other_users_cannot_change_or_read_a_users_company(db_engine, hashing):
    settings = get_settings()
    alice, bob = _user(db_engine, "alice"), _user(db_engine, "bob")
    company_id = _company(db_engine, alice)
    extracted = extract_document(V1.encode(), "v.md")
    with pytest.raises(crud.AccessDenied):
        add_company_document(db_engine, settings, user_id=bob, company_id=company_id, extracted=extracted, title="x")
    add_company_document(db_engine, settings, user_id=alice, company_id=company_id, extracted=extracted, title="V")
    with pytest.raises(crud.AccessDenied):
        search_company(db_engine, settings, user_id=bob, company_id=company_id, query="ship")
    assert get_retriever(settings, user_id=bob).search("Acme", "ship Friday", 3) == []


def test_users_cannot_write_to_shared_sample_companies(db_engine, hashing):
    alice = _user(db_engine, "alice")
    shared = _company(db_engine, None, "Shared Co")
    with pytest.raises(crud.AccessDenied):
        add_company_document(db_engine, get_settings(), user_id=alice, company_id=shared,
                             extracted=extract_document(V1.encode(), "v.md"), title="x")


def test_a_new_embedding_model_reindexes_with_a_notice_instead_of_mixing(db_engine, hashing, monkeypatch):
    settings = get_settings()
    alice = _user(db_engine, "alice")
    company_id = _company(db_engine, alice)
    add_company_document(db_engine, settings, user_id=alice, company_id=company_id,
                         extracted=extract_document(V1.encode(), "v.md"), title="Values")
    assert ensure_index_current(db_engine, settings) == []
    monkeypatch.setenv("EMBEDDING_MODEL", "text-embedding-3-large")
    get_settings.cache_clear()
    new_settings = get_settings()
    notices = ensure_index_current(db_engine, new_settings, lang="en")
    assert len(notices) == 1 and "hash:text-embedding-3-large" in notices[0] and "1 documents" in notices[0]
    assert get_retriever(new_settings, user_id=alice).search(company_id, "ship Friday", 3)
    assert ensure_index_current(db_engine, new_settings) == []


def test_sample_companies_load_once_and_are_searchable(db_engine, use_embedder, monkeypatch):
    monkeypatch.setattr(rag_service, "resolve_embedder", lambda settings: use_embedder)
    rag_service._INDEXES.clear()
    settings = get_settings()
    first = ensure_sample_companies(db_engine, settings)
    assert sorted(first.companies_created) == ["Northwind Robotics plc", "한빛모빌리티 주식회사"]
    assert len(first.documents_indexed) == 4
    second = ensure_sample_companies(db_engine, settings)
    assert second.companies_created == [] and second.documents_indexed == [] and second.notices == []
    with Session(db_engine) as session:
        companies = session.exec(select(Company)).all()
        assert len(companies) == 2 and all(c.owner_id is None for c in companies)
        assert all(d.status == "ready" for d in session.exec(select(Document)).all())
    passages = get_retriever(settings).search("Northwind Robotics plc", "Who is the partner in Japan?", 5)
    assert any("Hoshino Unyu" in p.text for p in passages)
    rag_service._INDEXES.clear()
