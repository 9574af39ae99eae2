"""The company library: document retrieval with citations (owner: rag).

Public API:
- `get_retriever(settings, user_id=None) -> Retriever` — `search(company, query, k)`
  returns `Passage`s (text, source, page, section, score, document_id, company); an
  empty list for a company with no documents. `company` is a company id or name.
- `core.rag.service`: `add_company_document`, `replace_company_document`,
  `delete_company_document`, `list_company_documents`, `ensure_index_current`,
  `search_company`, `extract_upload`.
- `core.rag.demo.ensure_sample_companies(engine, settings)` — idempotent sample data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.rag import _sqlite_compat  # noqa: F401  (first: a new enough sqlite3 before chromadb)
from core.rag.types import Passage, Retriever

if TYPE_CHECKING:
    from core.config import Settings
    from core.rag.service import LibraryRetriever


def get_retriever(settings: Settings | None = None, *, user_id: int | None = None) -> LibraryRetriever:
    """The company-library retriever for these settings (default: `get_settings()`).

    Cheap to call: the index (Chroma client, embedding model) is shared per process.
    With `user_id`, company names also match that user's own companies.
    """
    from core.config import get_settings
    from core.rag.service import LibraryRetriever, get_index

    return LibraryRetriever(get_index(settings or get_settings()), user_id=user_id)


__all__ = ["Passage", "Retriever", "get_retriever"]
