"""A user's own company (not a shared sample) grounds the interview and the fact-check."""

from sqlmodel import Session

from core.config import get_settings
from core.db import crud
from core.db.engine import get_engine
from core.db.models import UserCreate
from core.practice.service import PracticeService
from core.rag.service import add_company_document, create_library_company, extract_pasted

REPORT = """# Zephyrix Annual Report 2025

## Strategy
In 2025 Zephyrix entered the Brazilian market through a joint venture with Solaris Logistica,
opening 12 micro-warehouses in Sao Paulo. Our goal for 2026 is 40 micro-warehouses.

## Values
We value ownership, frugality and customer obsession. Every engineer joins a customer call each month.
"""


def test_questions_about_a_users_own_company_cite_its_documents() -> None:
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    with Session(engine, expire_on_commit=False) as db:
        user = crud.create_user(db, user_in=UserCreate(username="owner", password="password-123"))
    company = create_library_company(engine, user_id=user.id, name="Zephyrix")
    add_company_document(engine, settings, user_id=user.id, company_id=company.id,
                         extracted=extract_pasted(REPORT, settings), title="Zephyrix Annual Report 2025")
    service = PracticeService(engine, settings)
    session_id = service.start_session(user.id, company_id=company.id, role="Operations analyst",
                                       questions_per_stage=2, max_followup_depth=0)
    service.next_question(user.id, session_id)
    with Session(engine) as db:
        questions = crud.list_questions(db, viewer_id=user.id, session_id=session_id)
    cited = [s for q in questions for s in q.sources if "Zephyrix" in str(s.get("source", ""))]
    assert cited, [q.text for q in questions]
