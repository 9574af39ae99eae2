"""Document text extraction (owner: rag). See `core/documents/extract.py`."""

from core.documents.extract import DocumentError, ExtractedDocument, PageText, detect_kind, extract_document

__all__ = ["DocumentError", "ExtractedDocument", "PageText", "detect_kind", "extract_document"]
