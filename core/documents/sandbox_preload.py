"""Imported once by the parsing sandbox's fork server (`core.documents.sandbox`), so every
forked parser starts with the PDF and DOCX libraries and the text-layer vocabulary loaded
instead of loading them per upload. Never imported by the web process itself."""

from __future__ import annotations

import docx  # noqa: F401
import pypdf  # noqa: F401

import core.documents.extract  # noqa: F401
from core.documents.sense import vocabulary

vocabulary()
