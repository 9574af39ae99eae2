"""Which resume and job posting the set-up form picks by default: the newest one written in the
interview's language (an English interview must not quote a Korean resume), else the newest.

Pure: the service reads the documents, the set-up widget only shows the choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.language.detect import detect_language

# Characters read to tell a document's language: a resume's first page is enough, and the
# rule (Hangul share of the letters, core.language.detect) is stable long before this.
LANGUAGE_SAMPLE_CHARS = 4000


@dataclass(frozen=True)
class DocumentOption:
    """One document the set-up form offers: its id, title and language ('en' | 'ko')."""

    id: int
    title: str
    language: str


def document_language(text: str, structured: dict[str, Any] | None = None) -> str:
    """'en' or 'ko': the language stored at indexing (`structured["language"]`) when present,
    else detected from the first `LANGUAGE_SAMPLE_CHARS` characters of `text`."""
    stored = (structured or {}).get("language")
    if stored in ("en", "ko"):
        return str(stored)
    return detect_language(text[:LANGUAGE_SAMPLE_CHARS])


def default_document(options: Sequence[DocumentOption], language: str) -> int | None:
    """The id to pick by default from `options` (newest first): the first in `language`,
    else the first of all; None when there are no options."""
    for option in options:
        if option.language == language:
            return option.id
    return options[0].id if options else None
