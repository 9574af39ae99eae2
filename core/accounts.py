"""Account rules that do not depend on the login widget: credential dicts, lockout,
registration and the demo accounts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.config import Settings
from core.db import crud
from core.db.models import User, UserCreate, utcnow

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-password"  # public on purpose: demo mode only, shown on the login page
DEMO_COACH_USERNAME = "coach"
DEMO_COACH_PASSWORD = "coach-password"
ROLES = ("candidate", "coach")


def credentials_dict(engine: Engine, settings: Settings) -> dict[str, Any]:
    """Users in the shape streamlit-authenticator expects (hashes only, never passwords).

    A user whose lockout has expired starts again from zero failed attempts; a locked user
    is given `max_login_attempts` failed attempts so the widget refuses the login.
    """
    usernames: dict[str, Any] = {}
    with Session(engine) as session:
        for user in crud.list_users(session):
            locked = crud.lock_state(user)
            if not locked and user.locked_until is not None:
                crud.update_user(session, user_id=user.id or 0, failed_login_attempts=0, locked_until=None)
                user.failed_login_attempts = 0
            usernames[user.username] = {
                "email": user.email,
                "first_name": user.name or user.username,
                "last_name": "",
                "password": user.password_hash,
                "roles": [user.role],
                "failed_login_attempts": settings.max_login_attempts if locked else user.failed_login_attempts,
                "logged_in": False,
            }
    return {"usernames": usernames}


def record_login_attempts(engine: Engine, settings: Settings, credentials: dict[str, Any]) -> None:
    """Persist the failed-attempt counters the widget changed; lock after too many."""
    with Session(engine) as session:
        for username, entry in credentials.get("usernames", {}).items():
            user = crud.get_user_by_username(session, username=username)
            if user is None or crud.lock_state(user):
                continue
            failed = int(entry.get("failed_login_attempts") or 0)
            if failed == user.failed_login_attempts:
                continue
            locked_until = None
            if failed >= settings.max_login_attempts:
                locked_until = utcnow() + timedelta(minutes=settings.lockout_minutes)
            crud.update_user(session, user_id=user.id or 0, failed_login_attempts=failed,
                             locked_until=locked_until)


def is_locked(engine: Engine, username: str) -> bool:
    with Session(engine) as session:
        user = crud.get_user_by_username(session, username=username)
        return bool(user and crud.lock_state(user))


def register_from_credentials(engine: Engine, credentials: dict[str, Any], username: str, role: str,
                              language: str) -> User:
    """Store a user the registration widget has just added to the credentials dict."""
    entry = credentials["usernames"][username]
    name = f"{entry.get('first_name', '')} {entry.get('last_name', '')}".strip()
    with Session(engine) as session:
        user = User(username=username, email=entry.get("email") or "", name=name,
                    role=role if role in ROLES else "candidate", language=language,
                    password_hash=entry["password"])
        session.add(user)
        session.commit()
        session.refresh(user)
        return user


def save_password_hash(engine: Engine, username: str, password_hash: str) -> None:
    with Session(engine) as session:
        user = crud.get_user_by_username(session, username=username)
        if user is not None:
            user.password_hash, user.password_changed_at = password_hash, utcnow()
            session.add(user)
            session.commit()


def ensure_demo_users(engine: Engine) -> tuple[User, User]:
    """The demo candidate and a demo coach, linked (both have consented)."""
    with Session(engine, expire_on_commit=False) as session:
        candidate = crud.get_user_by_username(session, username=DEMO_USERNAME) or crud.create_user(
            session, user_in=UserCreate(username=DEMO_USERNAME, name="Demo Candidate", email="demo@example.com",
                                        role="candidate", password=DEMO_PASSWORD))
        coach = crud.get_user_by_username(session, username=DEMO_COACH_USERNAME) or crud.create_user(
            session, user_in=UserCreate(username=DEMO_COACH_USERNAME, name="Demo Coach", email="coach@example.com",
                                        role="coach", password=DEMO_COACH_PASSWORD))
        # The demo pair has consented on both sides (a request and its acceptance).
        link = crud.request_link(session, requester_id=candidate.id or 0, coach_id=coach.id or 0,
                                 candidate_id=candidate.id or 0)
        crud.accept_link(session, user_id=coach.id or 0, link_id=link.id or 0)
        return candidate, coach
