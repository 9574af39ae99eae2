"""Storing candidate documents (resume, cover letter, job posting) with versions and analysis.

A document's versions share a `group_id`: a re-upload or a correction adds a version, the
older ones stay listed. Parsed fields live in `Document.structured` (the user can correct
them); the analysis of a resume lives in `Document.structured["analysis"]`, where the
interviewer reads `claims`.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from core.db import crud
from core.db.models import Document
from core.resume.analysis import analyze_resume
from core.resume.parse import parse_document

CANDIDATE_KINDS = ("resume", "cover_letter", "job_posting")
MAX_TEXT_CHARS = 200_000  # a resume or posting is a few thousand characters; refuse pasted books


class DocumentInputError(ValueError):
    """Unusable input; `message_key` is an i18n key for the user."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


def read_upload(data: bytes, filename: str, settings: Any = None) -> tuple[str, int]:
    """(text, pages) of an uploaded PDF / DOCX / TXT / MD file, parsed in the sandbox
    (`core.documents.sandbox`, budgets from `settings` or the defaults).

    Raises `core.documents.DocumentError` (with its i18n `message_key`) for unreadable files
    and for files too complex to parse within the budget ("too_complex").
    """
    from core.documents.sandbox import extract_untrusted

    extracted = extract_untrusted(data, filename, settings=settings)
    return extracted.text, len(extracted.pages)


def read_upload_with_warnings(data: bytes, filename: str, settings: Any = None) -> tuple[str, int, list[str]]:
    """`read_upload` plus the i18n keys of what the file holds that could not be read
    (pictures, charts, SmartArt... in a DOCX: `ExtractedDocument.warnings`)."""
    from core.documents.sandbox import extract_untrusted

    extracted = extract_untrusted(data, filename, settings=settings)
    return extracted.text, len(extracted.pages), list(extracted.warnings)


def save_document(session: Session, *, owner_id: int, kind: str, text: str, title: str = "", filename: str = "",
                  group_id: str | None = None, structured: dict[str, Any] | None = None,
                  pages: int = 0) -> Document:
    """Store a candidate document, parsed; with `group_id`, as a new version of that document."""
    if kind not in CANDIDATE_KINDS:
        raise DocumentInputError("profile.error.kind")
    text = (text or "").strip()
    if not text:
        raise DocumentInputError("profile.error.empty")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentInputError("profile.error.too_long")
    if group_id:
        previous = crud.latest_version(session, viewer_id=owner_id, group_id=group_id)
        if previous is None or previous.owner_id != owner_id:
            raise crud.AccessDenied("not yours")
        title = title or previous.title
    fields = structured if structured is not None else parse_document(kind, text)
    title = (title or _default_title(kind, fields, filename))[:300]
    return crud.add_document(session, owner_id=owner_id, kind=kind, title=title, text=text,
                             filename=filename[:300], group_id=group_id, structured=fields, pages=pages)


def _default_title(kind: str, fields: dict[str, Any], filename: str) -> str:
    if kind == "job_posting":
        parts = [fields.get("title", ""), fields.get("company", "")]
        return " — ".join(p for p in parts if p) or filename or "Job posting"
    if kind == "resume":
        return (fields.get("contact") or {}).get("name") or filename or "Resume"
    return fields.get("title") or filename or "Cover letter"


def save_corrections(session: Session, *, owner_id: int, document_id: int, structured: dict[str, Any],
                     text: str | None = None) -> Document:
    """The user's corrected fields (and optionally text) as a new version; the old one stays.
    The analysis is not carried over: it was computed from the old fields."""
    doc = crud.get_document(session, viewer_id=owner_id, document_id=document_id)
    if doc.owner_id != owner_id:
        raise crud.AccessDenied("not yours")
    fields = {k: v for k, v in structured.items() if k != "analysis"}
    return save_document(session, owner_id=owner_id, kind=doc.kind, text=text if text is not None else doc.text,
                         title=doc.title, filename=doc.filename, group_id=doc.group_id, structured=fields,
                         pages=doc.pages)


def list_candidate_documents(session: Session, *, viewer_id: int, owner_id: int | None = None,
                             kind: str | None = None) -> list[Document]:
    """Latest version of each of the owner's resumes, cover letters and job postings."""
    docs = crud.list_documents(session, viewer_id=viewer_id, owner_id=owner_id, kind=kind)
    return [d for d in docs if d.kind in CANDIDATE_KINDS]


def list_versions(session: Session, *, viewer_id: int, document_id: int) -> list[Document]:
    """Every version of the document's group, newest first."""
    doc = crud.get_document(session, viewer_id=viewer_id, document_id=document_id)
    docs = crud.list_documents(session, viewer_id=viewer_id, owner_id=doc.owner_id, latest_only=False)
    return sorted((d for d in docs if d.group_id == doc.group_id), key=lambda d: d.version, reverse=True)


def latest_of(session: Session, *, viewer_id: int, document_id: int | None) -> int | None:
    """Id of the newest version of `document_id`'s document (None when it is gone or not visible)."""
    if document_id is None:
        return None
    try:
        doc = crud.get_document(session, viewer_id=viewer_id, document_id=document_id)
        latest = crud.latest_version(session, viewer_id=viewer_id, group_id=doc.group_id)
    except crud.AccessDenied:
        return None
    return latest.id if latest else None


def delete_document_group(session: Session, *, owner_id: int, document_id: int) -> int:
    """Delete a document with all its versions; returns how many rows went."""
    versions = list_versions(session, viewer_id=owner_id, document_id=document_id)
    for version in versions:
        crud.delete_document(session, owner_id=owner_id, document_id=version.id or 0)
    return len(versions)


def analyze_documents(session: Session, *, owner_id: int, resume_id: int | None = None, job_id: int | None = None,
                      cover_letter_id: int | None = None, lang: str = "en", llm: Any = None) -> dict[str, Any]:
    """Analyse the owner's resume (and/or cover letter) against an optional job posting and
    store the result in `structured["analysis"]` of the resume (or of the cover letter when
    no resume is given). Returns the stored analysis dict."""
    def load(document_id: int | None, kind: str) -> Document | None:
        if document_id is None:
            return None
        doc = crud.get_document(session, viewer_id=owner_id, document_id=document_id)
        if doc.owner_id != owner_id or doc.kind != kind:
            raise crud.AccessDenied("not yours")
        return doc

    resume, job, letter = load(resume_id, "resume"), load(job_id, "job_posting"), load(cover_letter_id, "cover_letter")
    target = resume or letter
    if target is None:
        raise DocumentInputError("profile.error.nothing_to_analyze")
    analysis = analyze_resume(
        resume.text if resume else "", job_text=job.text if job else None,
        cover_letter_text=letter.text if letter else None, lang=lang, llm=llm,
        resume_structured=resume.structured if resume else None,
        job_structured=job.structured if job else None,
        cover_letter_structured=letter.structured if letter else None,
    ).to_dict()
    analysis["inputs"] = {"resume_id": resume_id, "job_id": job_id, "cover_letter_id": cover_letter_id}
    crud.update_document(session, owner_id=owner_id, document_id=target.id or 0,
                         structured={**target.structured, "analysis": analysis})
    return analysis


def stored_analysis(doc: Document) -> dict[str, Any] | None:
    """The analysis stored on a document, if any."""
    value = (doc.structured or {}).get("analysis")
    return value if isinstance(value, dict) else None
