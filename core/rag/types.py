"""The retriever seam: what the interviewer and the feedback code depend on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Passage:
    """One passage with its citation: a retrieved company passage, or the resume claim an
    answer is checked against (source "resume" or the claim's document; no page, no score)."""

    text: str
    source: str  # document title (or file name)
    page: int | None = None  # 1-based page for paginated documents, else None
    section: str = ""  # nearest heading ("" when none)
    score: float = 0.0  # higher is more relevant (cosine similarity or fused score); 0 when not retrieved
    document_id: int | None = None
    company: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (stored in `Analysis.payload` and exports)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Passage:
        """A passage back from its stored shape (`to_dict`, or the older `{"source", "text"}`
        of a resume claim, whose source was the claim's `{"document", "section", "line"}`);
        missing fields take their defaults."""
        page, score, document_id = data.get("page"), data.get("score"), data.get("document_id")
        source: Any = data.get("source")
        section: Any = data.get("section")
        if isinstance(source, Mapping):  # an older resume claim: cite its document and section
            source, section = source.get("document") or "resume", section or source.get("section")
        return cls(text=str(data.get("text") or ""), source=str(source or ""),
                   page=page if isinstance(page, int) and not isinstance(page, bool) else None,
                   section=str(section or ""),
                   score=float(score) if isinstance(score, int | float) and not isinstance(score, bool) else 0.0,
                   document_id=document_id if isinstance(document_id, int) and not isinstance(document_id, bool)
                   else None, company=str(data.get("company") or ""))


class Retriever(Protocol):
    """Finds a company's passages for a query. Implementations must be safe to call
    with a company that has no documents (they return an empty list)."""

    def search(self, company: str, query: str, k: int = 5) -> list[Passage]: ...
