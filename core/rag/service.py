"""The company library service: database rows and the search index kept in step.

Used by the Company library page and by `python -m core index/search`, so both walk the
same path. Every function takes the acting user's id (`None` = the system, which owns
the shared sample companies) and checks access through `core.db.crud`.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.db import crud
from core.db.models import Company, Document
from core.documents.extract import DocumentError, ExtractedDocument, PageText
from core.i18n import t
from core.rag.embeddings import resolve_embedder
from core.rag.index import SHARED_OWNER, CompanyIndex, DocumentMeta, Progress
from core.rag.types import Passage

if TYPE_CHECKING:
    from core.config import Settings

COMPANY_DOCUMENT_KIND = "company"

_INDEXES: dict[tuple[str, ...], CompanyIndex] = {}
_INDEXES_LOCK = threading.Lock()


def get_index(settings: Settings) -> CompanyIndex:
    """The process-wide index for these settings' Chroma location and embedding model."""
    location = (f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host
                else str(settings.chroma_dir.resolve()))
    key = (location, settings.embedding_provider, settings.embedding_model)
    with _INDEXES_LOCK:
        index = _INDEXES.get(key)
        if index is None:
            index = CompanyIndex(settings=settings, embedder=resolve_embedder(settings))
            _INDEXES[key] = index
        return index


class LibraryRetriever:
    """`Retriever` over the company library, scoped to what one user may read.

    `search(company, query, k)`: `company` is a company id (int, as read from a Company row
    the caller may see) or a company name, matched case-insensitively among the shared
    sample companies and, when the retriever was built with a `user_id`, that user's own.
    A company without documents (or unknown) gives an empty list.
    """

    def __init__(self, index: CompanyIndex, user_id: int | None = None) -> None:
        self.index = index
        self.user_id = user_id

    @property
    def owners(self) -> list[int]:
        return [SHARED_OWNER] if self.user_id is None else [SHARED_OWNER, self.user_id]

    def search(self, company: str | int, query: str, k: int = 5) -> list[Passage]:
        if isinstance(company, int) or (isinstance(company, str) and company.isdigit()):
            # an id comes from a row the caller already read through crud (access checked)
            owners = None if self.user_id is None else self.owners
            return self.index.search(query, company_id=int(company), owners=owners, k=k)
        return self.index.search(query, company=company, owners=self.owners, k=k)


@dataclass
class IndexedDocument:
    document: Document
    chunks: int
    seconds: float
    notices: list[str] = field(default_factory=list)


def _structured(doc: ExtractedDocument, chunks: int, model: str, language: str) -> dict[str, Any]:
    return {
        "kind": doc.kind,
        "language": language,
        "chunks": chunks,
        "embedding_model": model,
        "pages": [{"number": p.number, "heading": p.heading, "text": p.text} for p in doc.pages],
    }


def restore_extracted(document: Document) -> ExtractedDocument:
    """The extracted form of a stored document (pages kept in `structured`), for re-indexing."""
    data = document.structured or {}
    pages = [PageText(int(p["number"]), str(p["text"]), str(p.get("heading", ""))) for p in data.get("pages", [])]
    if not pages and document.text:
        pages = [PageText(1, document.text, "")]
    return ExtractedDocument(text=document.text, pages=pages, kind=data.get("kind", "txt"), title=document.title)


def _meta(company: Company, document: Document) -> DocumentMeta:
    assert company.id is not None and document.id is not None
    return DocumentMeta(company_id=company.id, company=company.name, owner_id=company.owner_id,
                        document_id=document.id, title=document.title, doc_type=document.doc_type, year=document.year)


def _writable_company(session: Session, user_id: int | None, company_id: int) -> Company:
    company = crud.get_company(session, viewer_id=user_id, company_id=company_id)
    if company.owner_id != user_id:
        raise crud.AccessDenied("only the owner can change a company's documents")
    return company


def extract_upload(data: bytes, filename: str, settings: Settings) -> ExtractedDocument:
    """`extract_document` in the parsing sandbox, with the upload limit and budgets from settings."""
    from core.documents.sandbox import extract_untrusted

    return extract_untrusted(data, filename, settings=settings)


def content_fingerprint(text: str) -> str:
    """SHA-256 of the text with Unicode compatibility forms folded, case folded and all
    whitespace runs collapsed: a re-run export, a renamed copy or re-wrapped lines of the
    same document give the same fingerprint."""
    normalized = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


class DuplicateDocument(DocumentError):
    """The company's library already holds a document with this content (`existing`, the
    current version). A `DocumentError`, so every caller that reports unreadable files
    also reports this one instead of indexing it twice."""

    def __init__(self, existing: Document) -> None:
        super().__init__("duplicate", "rag.error.duplicate", detail=f"same content as document {existing.id}")
        self.existing = existing


def find_duplicate(session: Session, *, owner_id: int | None, company_id: int, text: str,
                   ignore_group: str | None = None) -> Document | None:
    """The current version of a document of this owner and company whose normalised text
    equals `text` (see `content_fingerprint`), else None. `ignore_group`: a document group
    being replaced (its own versions are not duplicates of the new one)."""
    wanted = content_fingerprint(text)
    query = select(Document).where(Document.company_id == company_id, Document.kind == COMPANY_DOCUMENT_KIND)
    query = query.where(Document.owner_id == owner_id) if owner_id is not None \
        else query.where(col(Document.owner_id).is_(None))
    latest: dict[str, Document] = {}
    for doc in session.exec(query).all():
        if doc.group_id not in latest or doc.version > latest[doc.group_id].version:
            latest[doc.group_id] = doc
    for group, doc in latest.items():
        if group != ignore_group and doc.status != "error" and content_fingerprint(doc.text) == wanted:
            return doc
    return None


def add_company_document(engine: Engine, settings: Settings, *, user_id: int | None, company_id: int,
                         extracted: ExtractedDocument, title: str, filename: str = "", doc_type: str = "",
                         year: int | None = None, group_id: str | None = None,
                         progress: Progress | None = None, lang: str = "en",
                         if_duplicate: Literal["refuse", "replace"] = "refuse") -> IndexedDocument:
    """Store an extracted document for a company and index it.

    The row is written first (status "indexing"), then "ready" with the chunk count, or
    "error" when embedding fails (the exception is re-raised; the text is kept, so the
    document can be re-indexed later). With `group_id` the row is a new version of an
    existing document, and the older versions' passages leave the index.

    A document whose content the company's library already holds (same owner, same
    normalised text) raises `DuplicateDocument` (nothing stored) with `if_duplicate=
    "refuse"`; with "replace" it becomes the new version of that document (new title and
    file name, the old passages leave the index), so the library never holds it twice.
    """
    index = get_index(settings)
    with Session(engine) as session:
        company = _writable_company(session, user_id, company_id)
        duplicate = find_duplicate(session, owner_id=company.owner_id, company_id=company_id, text=extracted.text,
                                   ignore_group=group_id)
        if duplicate is not None:
            if if_duplicate == "refuse":
                raise DuplicateDocument(duplicate)
            group_id = duplicate.group_id
            doc_type = doc_type or duplicate.doc_type
            year = year or duplicate.year
        older = _group_versions(session, company_id, group_id) if group_id else []
        document = crud.add_document(session, owner_id=company.owner_id, kind=COMPANY_DOCUMENT_KIND,
                                     title=title or extracted.title or filename or "document", text=extracted.text,
                                     filename=filename, company_id=company_id, group_id=group_id,
                                     pages=len(extracted.pages), status="indexing", doc_type=doc_type, year=year,
                                     structured=_structured(extracted, 0, index.model.name, ""))
        meta = _meta(company, document)
        assert document.id is not None
        try:
            result = index.index_document(extracted, meta, progress=progress, lang=lang)
        except Exception as exc:
            crud.update_document(session, owner_id=company.owner_id, document_id=document.id, status="error",
                                 error=f"{type(exc).__name__}: {exc}"[:500])
            raise
        structured = _structured(extracted, result.chunks, index.model.name, result.language)
        document = crud.update_document(session, owner_id=company.owner_id, document_id=document.id,
                                        status="ready", error="", structured=structured)
        for old in older:
            if old.id is not None:
                index.delete_document(old.id)
        return IndexedDocument(document, result.chunks, result.seconds, list(index.notices))


def _group_versions(session: Session, company_id: int, group_id: str | None) -> list[Document]:
    if not group_id:
        return []
    query = select(Document).where(Document.company_id == company_id, Document.group_id == group_id)
    return list(session.exec(query).all())


def replace_company_document(engine: Engine, settings: Settings, *, user_id: int | None, document_id: int,
                             extracted: ExtractedDocument, filename: str = "", title: str | None = None,
                             progress: Progress | None = None, lang: str = "en") -> IndexedDocument:
    """Upload a new version of a document: same group, version + 1, old passages removed."""
    with Session(engine) as session:
        old = crud.get_document(session, viewer_id=user_id, document_id=document_id)
        if old.company_id is None:
            raise crud.AccessDenied("not a company document")
        company_id, group_id = old.company_id, old.group_id
        keep_title, doc_type, year = old.title, old.doc_type, old.year
    return add_company_document(engine, settings, user_id=user_id, company_id=company_id, extracted=extracted,
                                title=title or keep_title, filename=filename, doc_type=doc_type, year=year,
                                group_id=group_id, progress=progress, lang=lang)


def delete_company_document(engine: Engine, settings: Settings, *, user_id: int, document_id: int) -> str:
    """Delete a document (all its versions) and its passages. Returns its title."""
    index = get_index(settings)
    with Session(engine) as session:
        doc = crud.get_document(session, viewer_id=user_id, document_id=document_id)
        if doc.company_id is None:
            raise crud.AccessDenied("not a company document")
        _writable_company(session, user_id, doc.company_id)
        title = doc.title
        for version in _group_versions(session, doc.company_id, doc.group_id) or [doc]:
            assert version.id is not None
            index.delete_document(version.id)
            crud.delete_document(session, owner_id=user_id, document_id=version.id)
    return title


def delete_company(engine: Engine, settings: Settings, *, user_id: int, company_id: int) -> None:
    with Session(engine) as session:
        crud.delete_company(session, owner_id=user_id, company_id=company_id)
    get_index(settings).delete_company(company_id)


def list_company_documents(engine: Engine, *, user_id: int, company_id: int) -> list[Document]:
    """The latest version of each document of a company the user can see, newest first."""
    with Session(engine) as session:
        return crud.list_documents(session, viewer_id=user_id, company_id=company_id,
                                   kind=COMPANY_DOCUMENT_KIND)


def ensure_index_current(engine: Engine, settings: Settings, *, lang: str = "en",
                         progress: Progress | None = None) -> list[str]:
    """Re-index every ready company document that has no passages in the current
    embedding model's collection (the model changed, or the Chroma directory was lost).

    Vectors of two models are never mixed: each model has its own collection. Returns
    user-facing notices (empty when nothing had to be done).
    """
    index = get_index(settings)
    _ = index.collection  # opening it may drop an incompatible collection (recorded in index.notices)
    notices = [t("rag.notice.rebuilt", lang, model=index.model.name)] if index.notices else []
    index.notices.clear()
    with Session(engine) as session:
        rows = session.exec(
            select(Document, Company).join(Company, col(Document.company_id) == col(Company.id))
            .where(Document.kind == COMPANY_DOCUMENT_KIND, Document.status == "ready")
        ).all()
        latest: dict[str, tuple[Document, Company]] = {}
        for document, company in rows:
            current = latest.get(document.group_id)
            if current is None or document.version > current[0].version:
                latest[document.group_id] = (document, company)
        stale = [(d, c) for d, c in latest.values() if d.id is not None and index.chunk_count(d.id) == 0]
        for position, (document, company) in enumerate(stale):
            assert document.id is not None
            extracted = restore_extracted(document)

            def report(fraction: float, message: str, _position: int = position) -> None:
                if progress:
                    progress((_position + fraction) / len(stale), message)

            result = index.index_document(extracted, _meta(company, document), progress=report, lang=lang)
            structured = dict(document.structured or {})
            structured.update(chunks=result.chunks, embedding_model=index.model.name, language=result.language)
            crud.update_document(session, owner_id=document.owner_id, document_id=document.id,
                                 structured=structured)
    if stale:
        notices.append(t("rag.notice.reindexed", lang, model=index.model.name, count=len(stale)))
    return notices


def search_company(engine: Engine, settings: Settings, *, user_id: int | None, company_id: int, query: str,
                   k: int = 5) -> list[Passage]:
    """Search one company the user can see (access checked in the database first)."""
    with Session(engine) as session:
        crud.get_company(session, viewer_id=user_id, company_id=company_id)
    return get_index(settings).search(query, company_id=company_id, k=k)


# ----------------------------------------------------------------------------- page helpers
class CompanyNameTaken(ValueError):
    """The user already has a company with that name."""


def list_library(engine: Engine, *, user_id: int) -> list[Company]:
    """The shared sample companies and the user's own, by name."""
    with Session(engine) as session:
        return list(crud.list_companies(session, viewer_id=user_id))


def create_library_company(engine: Engine, *, user_id: int, name: str, language: str = "en") -> Company:
    """A new company owned by the user. Raises ValueError for an empty name and
    CompanyNameTaken when the user already has one with that name (case-insensitive)."""
    clean = " ".join(name.split())
    if not clean:
        raise ValueError("empty company name")
    with Session(engine) as session:
        for company in crud.list_companies(session, viewer_id=user_id):
            if company.owner_id == user_id and company.name.casefold() == clean.casefold():
                raise CompanyNameTaken(clean)
        return crud.create_company(session, owner_id=user_id, name=clean, language=language)


def extract_pasted(text: str, settings: Settings) -> ExtractedDocument:
    """Pasted text goes through the same extraction as an uploaded text file."""
    return extract_upload(text.encode("utf-8"), "pasted.txt", settings)
