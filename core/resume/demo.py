"""The demo candidate's documents: an English resume and a Korean resume, a Korean cover
letter (자기소개서), job postings for the two demo companies, their analyses, and a few
profile items. Idempotent: documents already stored (same file name) are not added again.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.config import SAMPLES_DIR
from core.db import crud
from core.profile.service import import_from_resume
from core.resume.analysis import ANALYSIS_VERSION
from core.resume.service import analyze_documents, save_document, stored_analysis

CANDIDATE_DIR = SAMPLES_DIR / "candidate"
# (file, kind, title)
DEMO_DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("resume_en.md", "resume", "Jordan Lee — resume (EN)"),
    ("job_posting_northwind_en.md", "job_posting", "Northwind Robotics plc — Senior Software Engineer, Robotics Cloud"),
    ("resume_ko.md", "resume", "김서연 — 이력서 (KO)"),
    ("cover_letter_ko.md", "cover_letter", "한빛모빌리티 데이터 엔지니어 자기소개서"),
    ("job_posting_hanbit_ko.md", "job_posting", "한빛모빌리티 주식회사 — 데이터 엔지니어"),
)


def load_demo_candidate_documents(engine: Engine, user_id: int, *, directory: Path = CANDIDATE_DIR) -> str:
    """Store the demo documents for `user_id` with their analyses; returns a one-line summary."""
    added = 0
    with Session(engine) as session:
        existing = {d.filename: d for d in crud.list_documents(session, viewer_id=user_id)}
        docs = {}
        for filename, kind, title in DEMO_DOCUMENTS:
            doc = existing.get(filename)
            if doc is None:
                text = (directory / filename).read_text(encoding="utf-8")
                doc = save_document(session, owner_id=user_id, kind=kind, text=text, title=title, filename=filename)
                added += 1
            docs[filename] = doc
        analyses = 0
        pairs = (("resume_en.md", "job_posting_northwind_en.md", None, "en"),
                 ("resume_ko.md", "job_posting_hanbit_ko.md", "cover_letter_ko.md", "ko"))
        for resume, job, letter, lang in pairs:
            stored = stored_analysis(docs[resume])
            if stored is None or stored.get("version") != ANALYSIS_VERSION:  # older rules: analyse again
                analyze_documents(session, owner_id=user_id, resume_id=docs[resume].id, job_id=docs[job].id,
                                  cover_letter_id=docs[letter].id if letter else None, lang=lang)
                analyses += 1
        items = 0
        if not crud.list_profile_items(session, viewer_id=user_id):
            items = len(import_from_resume(session, owner_id=user_id, structured=docs["resume_en.md"].structured))
    return f"{added} documents added, {analyses} analyses, {items} profile items"
