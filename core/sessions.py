"""Server-side login sessions and the key that signs them.

A login creates a row in `authsession`; the browser's cookie holds only a random token
(256 bits). The row stores HMAC-SHA256(signing key, token), so neither a database reader
nor another install (another key) can turn a row or a cookie into a working login. A
session is valid while it is not revoked, was used within `ARES_SESSION_IDLE_MINUTES`,
is younger than `ARES_COOKIE_EXPIRY_DAYS`, and its user still exists with the same
never-reused `uid`. Logout revokes one session; a password change, "log out everywhere"
and account deletion revoke them all (rows of a deleted user go with it: ON DELETE CASCADE).

The signing key is `ARES_COOKIE_KEY` when set; otherwise one is generated on first start
and kept in the database (`appsecret`), so every instance sharing DATABASE_URL shares it
and no key ever comes from the repository.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.config import Settings
from core.db.models import AppSecret, AuthSession, User, utcnow
from core.logs import register_secret

SIGNING_KEY_NAME = "cookie_key"
TOKEN_BYTES = 32  # 256 bits from the OS CSPRNG (ASVS 3.2.2 asks for at least 64)
LAST_SEEN_RESOLUTION = timedelta(seconds=60)  # write last_seen at most once a minute per session
USER_AGENT_MAX = 200

_keys: dict[str, bytes] = {}
_keys_lock = threading.Lock()


@dataclass(frozen=True)
class SessionCheck:
    """The outcome of presenting a token: `user` when valid, else why not.

    `reason` is "ok", "unknown" (no such session: never issued, from another install,
    or its user was deleted), "revoked", "idle" or "expired".
    """

    user: User | None
    reason: str
    session_id: int | None = None
    expires_at: datetime | None = None  # the session's absolute end (for the cookie's expiry)

    @property
    def ok(self) -> bool:
        return self.user is not None


def signing_key(engine: Engine, settings: Settings) -> bytes:
    """ARES_COOKIE_KEY, else the install's generated key (created on first use, race-safe)."""
    if settings.cookie_key is not None:
        return settings.cookie_key.get_secret_value().encode("utf-8")
    cache_key = str(engine.url)
    with _keys_lock:
        if cache_key in _keys:
            return _keys[cache_key]
        with Session(engine) as session:
            row = session.get(AppSecret, SIGNING_KEY_NAME)
            if row is None:
                try:
                    session.add(AppSecret(name=SIGNING_KEY_NAME, value=secrets.token_urlsafe(48)))
                    session.commit()
                except IntegrityError:  # another instance created it first: use theirs
                    session.rollback()
                row = session.get(AppSecret, SIGNING_KEY_NAME)
            assert row is not None
            register_secret(row.value)  # never printed by any logger
            _keys[cache_key] = row.value.encode("utf-8")
            return _keys[cache_key]


def forget_cached_keys() -> None:
    """Drop the per-process key cache (tests that recreate databases)."""
    with _keys_lock:
        _keys.clear()


def token_hash(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode("utf-8"), hashlib.sha256).hexdigest()


def create_session(engine: Engine, settings: Settings, user: User, *, user_agent: str = "",
                   now: datetime | None = None) -> str:
    """Start a login for `user`; returns the token for the cookie (never stored in clear)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = AuthSession(token_hash=token_hash(signing_key(engine, settings), token), user_id=user.id or 0,
                      user_uid=user.uid, created_at=now, last_seen_at=now,
                      expires_at=now + timedelta(days=settings.cookie_expiry_days),
                      user_agent=user_agent[:USER_AGENT_MAX])
    with Session(engine) as session:
        session.add(row)
        session.commit()
    return token


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def resolve_session(engine: Engine, settings: Settings, token: str, *, now: datetime | None = None) -> SessionCheck:
    """The user behind `token`, enforcing revocation, idle and absolute timeouts and the uid
    binding. An idle or expired session is revoked on the way (it can never come back)."""
    if not token or len(token) > 256:
        return SessionCheck(None, "unknown")
    now = now or utcnow()
    digest = token_hash(signing_key(engine, settings), token)
    with Session(engine) as session:
        row = session.exec(select(AuthSession).where(AuthSession.token_hash == digest)).first()
        if row is None:
            return SessionCheck(None, "unknown")
        if row.revoked_at is not None:
            return SessionCheck(None, "revoked", row.id)
        reason = ""
        if now >= _aware(row.expires_at):
            reason = "expired"
        elif now - _aware(row.last_seen_at) > timedelta(minutes=settings.session_idle_minutes):
            reason = "idle"
        user = session.get(User, row.user_id)
        if not reason and (user is None or user.uid != row.user_uid):
            reason = "unknown"  # the account is gone; an id handed to someone else never matches
        if not reason and user is not None and user.expires_at is not None and now >= _aware(user.expires_at):
            reason = "expired"  # a throw-away demo account past its time
        if reason or user is None:
            row.revoked_at, row.revoke_reason = now, reason
            session.add(row)
            session.commit()
            return SessionCheck(None, reason or "unknown", row.id)
        if now - _aware(row.last_seen_at) >= LAST_SEEN_RESOLUTION:
            row.last_seen_at = now
            session.add(row)
            session.commit()
            session.refresh(user)
        session.expunge(user)
        return SessionCheck(user, "ok", row.id, _aware(row.expires_at))


def revoke_session(engine: Engine, settings: Settings, token: str, *, reason: str = "logout") -> bool:
    """End one login (logout). True when a live session was revoked."""
    digest = token_hash(signing_key(engine, settings), token)
    with Session(engine) as session:
        result = session.exec(update(AuthSession)  # type: ignore[call-overload]
                              .where(col(AuthSession.token_hash) == digest, col(AuthSession.revoked_at).is_(None))
                              .values(revoked_at=utcnow(), revoke_reason=reason))
        session.commit()
        return bool(result.rowcount)


def revoke_all_sessions(engine: Engine, user_id: int, *, reason: str = "everywhere") -> int:
    """End every login of the user (log out everywhere, password change, account deletion).
    Returns how many live sessions were revoked."""
    with Session(engine) as session:
        result = session.exec(update(AuthSession)  # type: ignore[call-overload]
                              .where(col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None))
                              .values(revoked_at=utcnow(), revoke_reason=reason))
        session.commit()
        return int(result.rowcount or 0)


def count_live_sessions(engine: Engine, user_id: int) -> int:
    """Logins of the user not revoked (some may still be past their idle or absolute limit)."""
    with Session(engine) as session:
        return len(session.exec(select(AuthSession.id).where(
            AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))).all())


def purge_old_sessions(engine: Engine, settings: Settings, *, now: datetime | None = None) -> int:
    """Delete rows past their absolute lifetime (revoked or not): they can never log anyone in."""
    from sqlalchemy import delete

    cutoff = now or utcnow()
    with Session(engine) as session:
        result = session.exec(delete(AuthSession).where(col(AuthSession.expires_at) < cutoff))  # type: ignore[call-overload]
        session.commit()
        return int(result.rowcount or 0)
