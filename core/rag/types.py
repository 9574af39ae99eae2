"""The retriever seam: what the interviewer and the feedback code depend on."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Passage:
    """One retrieved passage of a company document, with its citation."""

    text: str
    source: str  # document title (or file name)
    page: int | None  # 1-based page for paginated documents, else None
    section: str  # nearest heading ("" when none)
    score: float  # higher is more relevant (cosine similarity or fused score)
    document_id: int | None = None
    company: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Retriever(Protocol):
    """Finds a company's passages for a query. Implementations must be safe to call
    with a company that has no documents (they return an empty list)."""

    def search(self, company: str, query: str, k: int = 5) -> list[Passage]: ...
