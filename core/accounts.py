"""Account rules shared by the login page, the Settings page and the CLI: logging in with
lockout, registration, password change, and the demo accounts.

Every rule lives here once: the password policy (`core.passwords`), the lockout counter
(updated atomically in the database, so parallel attempts are all counted), and what ends
a user's logins (`core.sessions.revoke_all_sessions`).
"""

from __future__ import annotations

import logging
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core import passwords
from core.config import Settings
from core.db import crud
from core.db.models import DemoGuestGrant, User, utcnow
from core.roles import ROLES
from core.sessions import revoke_all_sessions, signing_key, token_hash

log = logging.getLogger(__name__)

DEMO_USERNAME = "demo"  # the CLI's default user and the source of the demo documents
DEMO_COACH_USERNAME = "coach"
GUEST_PREFIX = "guest-"  # throw-away demo visitor accounts (never chosen at registration)
USERNAME_PATTERN = re.compile(r"^[\w.@+-]{3,64}$")  # \w: letters of any script, digits, _

LoginOutcome = Literal["ok", "wrong", "locked"]


class AccountError(ValueError):
    """A refused account action; `code` names the message (auth.error.<code> in the catalogue)."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class LoginResult:
    """`user` when the password was right and the account is not locked."""

    outcome: LoginOutcome
    user: User | None = None


# ----------------------------------------------------------------------------- logging in
def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _record_failure(engine: Engine, settings: Settings, user_id: int, now: datetime) -> None:
    """Count one failed login in the database itself (UPDATE ... SET n = n + 1): attempts from
    parallel sessions or instances are all counted. Locks the account at the limit."""
    table = User.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(update(table).where(table.c.id == user_id)
                     .values(failed_login_attempts=table.c.failed_login_attempts + 1))
        # Same transaction: this row is write-locked until commit, so the count read back
        # includes every attempt committed before ours.
        failed = conn.execute(sa_select(table.c.failed_login_attempts).where(table.c.id == user_id)).scalar_one()
        if failed >= settings.max_login_attempts:
            conn.execute(update(table).where(table.c.id == user_id, table.c.locked_until.is_(None))
                         .values(locked_until=now + timedelta(minutes=settings.lockout_minutes)))


def _reset_expired_lock(engine: Engine, user: User) -> None:
    """A lockout that has run out starts the count again (compare-and-set on the old value,
    so two parallel attempts do not both reset it after one of them counted)."""
    table = User.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(update(table).where(table.c.id == user.id, table.c.locked_until == user.locked_until)
                     .values(failed_login_attempts=0, locked_until=None))


def authenticate(engine: Engine, settings: Settings, username: str, password: str, *,
                 now: datetime | None = None) -> LoginResult:
    """Check a login. A locked account is refused without looking at the password; a wrong
    password (or an unknown user, which costs the same time) counts towards the lockout."""
    now = now or utcnow()
    with Session(engine, expire_on_commit=False) as session:
        user = crud.get_user_by_username(session, username=username.strip())
    if user is None or user.id is None:
        passwords.burn_verification_time(password)
        return LoginResult("wrong")
    if user.locked_until is not None:
        if now < _aware(user.locked_until):
            return LoginResult("locked")
        _reset_expired_lock(engine, user)
    if user.expires_at is not None and now >= _aware(user.expires_at):
        return LoginResult("wrong")  # a throw-away demo account past its time
    if not passwords.verify_password(password, user.password_hash):
        _record_failure(engine, settings, user.id, now)
        return LoginResult("locked" if is_locked(engine, user.username, now=now) else "wrong")
    table = User.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(update(table).where(table.c.id == user.id).values(failed_login_attempts=0, locked_until=None))
    return LoginResult("ok", user)


def is_locked(engine: Engine, username: str, *, now: datetime | None = None) -> bool:
    with Session(engine) as session:
        user = crud.get_user_by_username(session, username=username)
        return bool(user and crud.lock_state(user, now))


def failed_attempts(engine: Engine, username: str) -> int:
    with Session(engine) as session:
        user = crud.get_user_by_username(session, username=username)
        return user.failed_login_attempts if user else 0


# ----------------------------------------------------------------------------- accounts
def validate_username(username: str) -> str:
    """The username as stored; AccountError("username") when unusable or reserved."""
    username = username.strip()
    if not USERNAME_PATTERN.match(username) or username.lower().startswith(GUEST_PREFIX):
        raise AccountError("username")
    return username


def require_policy(password: str, *, username: str = "", repeat: str | None = None) -> None:
    """Raise AccountError("password_<problem>") when the password breaks the policy."""
    check = passwords.check_password(password, username=username, repeat=repeat)
    if check.problem is not None:
        raise AccountError(f"password_{check.problem}", min=check.min_length, max=check.max_length)


def create_account(engine: Engine, *, username: str, password: str, role: str, name: str = "", email: str = "",
                   language: str = "en", repeat: str | None = None) -> User:
    """A new account under the one password policy (registration form and `user add`)."""
    username = validate_username(username)
    if role not in ROLES:
        raise AccountError("role")
    require_policy(password, username=username, repeat=repeat)
    user = User(username=username, name=name.strip()[:128], email=email.strip()[:254], role=role,
                language=language if language in ("en", "ko") else "en",
                password_hash=passwords.hash_password(password))
    with Session(engine, expire_on_commit=False) as session:
        session.add(user)
        try:
            session.commit()
        except IntegrityError as exc:
            raise AccountError("username_taken") from exc
        session.refresh(user)
        return user


def change_password(engine: Engine, *, user_id: int, current: str, new: str, repeat: str | None = None) -> int:
    """Check the current password, apply the policy, store the new hash and end every login
    of the user (the caller starts a fresh one for the browser that asked). Returns how many
    sessions were revoked."""
    with Session(engine) as session:
        user = crud.get_user(session, user_id=user_id)
        if user is None:
            raise AccountError("no_user")
        if not passwords.verify_password(current, user.password_hash):
            raise AccountError("current_password")
        require_policy(new, username=user.username, repeat=repeat)
        crud.change_password(session, user_id=user_id, new_password=passwords.normalize_password(new))
    return revoke_all_sessions(engine, user_id, reason="password")


def has_password_login(user: User) -> bool:
    """Whether `user` can sign in with a password (False for demo visitors and the demo pair,
    whose hash no password matches: `passwords.unusable_password_hash`)."""
    return not user.password_hash.startswith(passwords.UNUSABLE_PREFIX)


# ----------------------------------------------------------------------------- demo accounts
def ensure_demo_users(engine: Engine) -> tuple[User, User]:
    """The demo candidate (the CLI's default user, owner of the demo documents) and a demo
    coach, linked (both have consented). Neither has a usable password: nothing about them is in the source, and
    a browser never logs into them (each visitor gets a throw-away account instead)."""
    with Session(engine, expire_on_commit=False) as session:
        candidate = crud.get_user_by_username(session, username=DEMO_USERNAME)
        if candidate is None:
            candidate = _add(session, User(username=DEMO_USERNAME, name="Demo Candidate", email="demo@example.com",
                                           role="candidate", password_hash=passwords.unusable_password_hash()))
        coach = crud.get_user_by_username(session, username=DEMO_COACH_USERNAME)
        if coach is None:
            coach = _add(session, User(username=DEMO_COACH_USERNAME, name="Demo Coach", email="coach@example.com",
                                       role="coach", password_hash=passwords.unusable_password_hash()))
        # The demo pair has consented on both sides (a request and its acceptance).
        link = crud.request_link(session, requester_id=candidate.id or 0, coach_id=coach.id or 0,
                                 candidate_id=candidate.id or 0)
        crud.accept_link(session, user_id=coach.id or 0, link_id=link.id or 0)
        # The demo candidate shares every session with the demo coach (the privacy choice's
        # default is the coach's assignments only), so the coach's pages have data to show.
        crud.set_share_scope(session, candidate_id=candidate.id or 0, coach_id=coach.id or 0, scope="all")
        return candidate, coach


def _add(session: Session, user: User) -> User:
    session.add(user)
    try:
        session.commit()
    except IntegrityError:  # another process created it at the same moment
        session.rollback()
        existing = crud.get_user_by_username(session, username=user.username)
        assert existing is not None
        return existing
    session.refresh(user)
    return user


def _forget_old_grants(session: Session, before: datetime) -> None:
    old = delete(DemoGuestGrant).where(col(DemoGuestGrant.created_at) <= before)
    session.exec(old)  # type: ignore[call-overload]
    session.commit()


def _claim_guest_slot(engine: Engine, settings: Settings, client: str, now: datetime) -> None:
    """Record one demo account for `client`, or refuse it: at most ARES_DEMO_GUEST_LIMIT per
    client and ARES_DEMO_GUEST_LIMIT_TOTAL for everyone per ARES_DEMO_GUEST_WINDOW_MINUTES.

    Insert first, count after (both committed): concurrent visitors can never both slip under
    a limit (at worst both are refused). Raises AccountError("demo_limit" | "demo_busy",
    minutes=..., window=...): the minutes until the oldest counted account leaves the window,
    and the window's length in minutes.
    """
    if not settings.demo_guest_limit and not settings.demo_guest_limit_total:
        return
    window = timedelta(minutes=settings.demo_guest_window_minutes)
    client_hash = token_hash(signing_key(engine, settings), f"demo-client:{client}")
    with Session(engine) as session:
        _forget_old_grants(session, now - window)
        grant = DemoGuestGrant(client_hash=client_hash, created_at=now)
        session.add(grant)
        session.commit()
        session.refresh(grant)
        since = col(DemoGuestGrant.created_at) > now - window
        mine = session.exec(select(DemoGuestGrant.created_at).where(since)
                            .where(DemoGuestGrant.client_hash == client_hash)).all()
        everyone = session.exec(select(DemoGuestGrant.created_at).where(since)).all()
        code, counted = None, []
        if settings.demo_guest_limit and len(mine) > settings.demo_guest_limit:
            code, counted = "demo_limit", list(mine)
        elif settings.demo_guest_limit_total and len(everyone) > settings.demo_guest_limit_total:
            code, counted = "demo_busy", list(everyone)
        if code is None:
            return
        session.delete(grant)  # a refused visit takes no slot
        session.commit()
    oldest = min(_aware(at) for at in counted)
    wait = max(1, math.ceil((oldest + window - now).total_seconds() / 60))
    log.warning("demo visitor account refused (%s)", code)
    raise AccountError(code, minutes=wait, window=f"{settings.demo_guest_window_minutes:g}")


def create_demo_guest(engine: Engine, settings: Settings, *, client: str = "", language: str = "en",
                      now: datetime | None = None) -> User:
    """A fresh throw-away candidate for one demo visitor, with the demo documents, deleted
    with all its data after ARES_DEMO_GUEST_HOURS (`purge_expired_guests`). No password.

    `client` names the visitor's network address (any string; stored only as a keyed hash);
    raises AccountError("demo_limit"/"demo_busy", minutes=...) past the limits of
    `_claim_guest_slot`.
    """
    now = now or utcnow()
    _claim_guest_slot(engine, settings, client, now)
    user = User(username=f"{GUEST_PREFIX}{secrets.token_hex(6)}", name="Demo Candidate", role="candidate",
                language=language if language in ("en", "ko") else "en",
                password_hash=passwords.unusable_password_hash(),
                expires_at=now + timedelta(hours=settings.demo_guest_hours))
    with Session(engine, expire_on_commit=False) as session:
        user = _add(session, user)
    try:
        from core.resume.demo import load_demo_candidate_documents

        load_demo_candidate_documents(engine, user.id or 0)
    except Exception:
        log.exception("demo documents not added for a demo visitor")
    return user


def purge_expired_guests(engine: Engine, settings: Settings, *, now: datetime | None = None) -> int:
    """Delete throw-away demo accounts past their time, with everything they own (rows,
    recordings, logins), and the records of handed-out accounts older than the limits'
    window. Returns how many accounts were deleted."""
    from core.export.account import delete_account

    now = now or utcnow()
    with Session(engine) as session:
        expired = [u.id for u in session.exec(select(User).where(col(User.expires_at).is_not(None))).all()
                   if u.id is not None and u.expires_at is not None and _aware(u.expires_at) <= now]
    for user_id in expired:
        revoke_all_sessions(engine, user_id, reason="deleted")
        delete_account(engine, settings, user_id=user_id)
    with Session(engine) as session:  # the hashed addresses are kept no longer than they count
        _forget_old_grants(session, now - timedelta(minutes=settings.demo_guest_window_minutes))
    return len(expired)
