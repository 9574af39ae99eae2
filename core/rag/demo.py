"""The sample companies: indexed on first start so the app is useful at once.

`ensure_sample_companies(engine, settings)` is what the lead's demo loader calls. It is
idempotent: shared companies (owner_id None) and their documents are created only when
missing, and documents whose passages are missing from the current embedding model's
index (new model, lost Chroma directory) are re-indexed from the database text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from core.db import crud
from core.db.models import Document
from core.documents.extract import extract_document
from core.rag.evaluation import COMPANIES_DIR, load_manifest
from core.rag.index import Progress
from core.rag.service import COMPANY_DOCUMENT_KIND, add_company_document, ensure_index_current

if TYPE_CHECKING:
    from core.config import Settings


# Two Streamlit sessions starting at once must not both create the samples (the unique
# constraint on (owner_id, name) does not hold for owner_id NULL in SQL).
_LOAD_LOCK = threading.Lock()


@dataclass
class SampleCompaniesReport:
    companies_created: list[str] = field(default_factory=list)
    documents_indexed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # user-facing (re-index after a model change)


def ensure_sample_companies(engine: Engine, settings: Settings, *, lang: str = "en",
                            progress: Progress | None = None) -> SampleCompaniesReport:
    """Create and index the shared sample companies if missing (safe to call on every start).

    The first call extracts and indexes four small documents (about 3 s offline); later
    calls only check that each document still has passages in the index.
    """
    with _LOAD_LOCK:
        return _ensure_sample_companies(engine, settings, lang=lang, progress=progress)


def _ensure_sample_companies(engine: Engine, settings: Settings, *, lang: str,
                             progress: Progress | None) -> SampleCompaniesReport:
    report = SampleCompaniesReport()
    companies = load_manifest()
    todo: list[tuple[int, dict[str, object]]] = []
    with Session(engine) as session:
        for entry in companies:
            company = crud.find_company(session, viewer_id=None, name=str(entry["name"]))
            if company is None or company.owner_id is not None:
                company = crud.create_company(session, owner_id=None, name=str(entry["name"]),
                                              language=str(entry.get("language", "en")),
                                              description=str(entry.get("description", "")))
                report.companies_created.append(company.name)
            assert company.id is not None
            present = {d.filename for d in session.exec(
                select(Document).where(Document.company_id == company.id, Document.kind == COMPANY_DOCUMENT_KIND)
            ).all()}
            for doc in entry["documents"]:  # type: ignore[attr-defined]
                if doc["file"] not in present:
                    todo.append((company.id, doc))
    for position, (company_id, doc) in enumerate(todo):
        path = COMPANIES_DIR / str(doc["file"])
        extracted = extract_document(path.read_bytes(), path.name)

        def step(fraction: float, message: str, _position: int = position) -> None:
            if progress:
                progress((_position + fraction) / max(1, len(todo)), message)

        year = doc.get("year")
        add_company_document(engine, settings, user_id=None, company_id=company_id, extracted=extracted,
                             title=str(doc["title"]), filename=str(doc["file"]), doc_type=str(doc.get("doc_type", "")),
                             year=int(year) if isinstance(year, int) else None, progress=step, lang=lang)
        report.documents_indexed.append(str(doc["title"]))
    report.notices.extend(ensure_index_current(engine, settings, lang=lang))
    return report
