"""Length limits at the edge, the same on SQLite and PostgreSQL (issue 16, item 14).

SQLite ignores VARCHAR(n) and PostgreSQL refuses the statement, so before this a 414-character
PDF title, company name or role worked on a laptop and failed on a team server. Now typed
text over a limit is refused with a clear message, derived text is clipped, and a guard on
every session catches any other path before SQL is sent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from doubles import FallbackInterviewer, add_user
from sqlmodel import Session, SQLModel

from core.config import get_settings
from core.db import crud, models
from core.db.limits import TooLong, check_row, clip, column_limits, limit_of
from core.db.models import Company, Document, InterviewSession, ProfileItem, User
from core.documents import extract_document
from core.practice import PracticeService

ROOT = Path(__file__).resolve().parents[2]
PDF_TITLE = ("Annual Report and Accounts for the Year Ended 31 December 2025 including the Strategic Report, "
             "Directors' Report, Corporate Governance Statement, Remuneration Report, Independent Auditor's Report "
             "to the Members, Consolidated Financial Statements, Notes to the Financial Statements, "
             "Company Balance Sheet, Statement of Changes in Equity and Alternative Performance Measures "
             "with Glossary")[:414].ljust(414, ".")


def _pdf_with_title(title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Northwind Robotics builds warehouse robots. Revenue grew 12% in 2025. " * 4)
    return bytes(pdf.output())


def test_every_varchar_column_has_a_limit_the_guard_knows():
    tables = [m for m in vars(models).values()
              if isinstance(m, type) and issubclass(m, SQLModel) and getattr(m, "__table__", None) is not None]
    limited = {(m.__tablename__, f) for m in tables for f in column_limits(m)}
    assert {("company", "name"), ("document", "title"), ("interviewsession", "role"), ("user", "username"),
            ("profileitem", "title")} <= limited
    for model in tables:
        for field, limit in column_limits(model).items():
            row = model()  # table models do not validate on construction
            setattr(row, field, "x" * (limit + 1))
            with pytest.raises(TooLong):
                check_row(row)


def test_a_414_character_pdf_title_is_clipped_and_stored_on_both_databases(any_engine):
    extracted = extract_document(_pdf_with_title(PDF_TITLE), "report.pdf")
    assert len(extracted.title) == 414
    with Session(any_engine) as db:
        owner = add_user(db, "ann")
        company = crud.create_company(db, owner_id=owner, name="Northwind")
        doc = crud.add_document(db, owner_id=None, company_id=company.id, kind="company", title=extracted.title,
                                text=extracted.text, filename="x" * 400 + ".pdf")
        stored = crud.get_document(db, viewer_id=owner, document_id=doc.id or 0)
    limit = limit_of(Document, "title")
    assert limit is not None and len(stored.title) == limit and stored.title.endswith("…")
    assert stored.title.startswith("Annual Report and Accounts") and len(stored.filename) <= 300


@pytest.mark.parametrize("length", [200, 201, 414])
def test_company_names_over_the_limit_are_refused_the_same_on_both_databases(any_engine, length):
    with Session(any_engine) as db:
        owner = add_user(db, "bo")
        if length <= 200:
            assert len(crud.create_company(db, owner_id=owner, name="N" * length).name) == length
            return
        with pytest.raises(TooLong) as caught:
            crud.create_company(db, owner_id=owner, name="N" * length)
    assert caught.value.limit == 200 and caught.value.length == length


def test_a_long_role_or_company_is_refused_before_a_session_starts(any_engine):
    with Session(any_engine) as db:
        owner = add_user(db, "cy")
    service = PracticeService(any_engine, get_settings(), interviewer=FallbackInterviewer(),
                              use_default_retriever=False)
    with pytest.raises(TooLong):
        service.start_session(owner, company="Acme", role="R" * 201, stages=[1])
    with pytest.raises(TooLong):
        service.start_session(owner, company="C" * 414, role="Engineer", stages=[1])
    with Session(any_engine) as db:
        assert not crud.list_sessions(db, viewer_id=owner)


def test_any_other_path_fails_identically_before_sql_is_sent(any_engine):
    with Session(any_engine) as db:
        owner = add_user(db, "di")
        with pytest.raises(TooLong):
            crud.save_profile_item(db, actor_id=owner, item=ProfileItem(user_id=owner, kind="skill", title="T" * 201))
        db.rollback()
        with pytest.raises(TooLong):
            crud.update_user(db, user_id=owner, name="N" * 129)
        db.rollback()
        assert crud.get_user(db, user_id=owner).name == ""  # nothing half-written


def test_clip_keeps_short_text_and_marks_cut_text():
    assert clip(Company, "name", "  Acme  ") == "Acme"
    cut = clip(Company, "name", "A" * 500)
    assert len(cut) == 200 and cut.endswith("…")
    assert clip(Company, "description", "D" * 5000) == "D" * 5000  # TEXT: unlimited


def test_cli_refuses_a_long_company_name_with_one_clear_line(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Northwind builds warehouse robots.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "core", "index", "--company", "N" * 300, str(note)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "at most 200" in proc.stderr and "Traceback" not in proc.stderr


def test_the_user_model_limits_match_registration_fields():
    assert limit_of(User, "username") == 64 and limit_of(InterviewSession, "role") == 200
