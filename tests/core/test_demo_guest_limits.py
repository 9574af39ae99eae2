"""Demo visitor accounts are limited per client and per window (each is a database user
with the demo documents; a script pressing the demo button filled the database)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core import accounts
from core.config import get_settings
from core.db.models import DemoGuestGrant, User, utcnow


@pytest.fixture
def limited(monkeypatch):
    def configure(per_client: int, total: int = 0, window: float = 60) -> None:
        monkeypatch.setenv("ARES_DEMO_GUEST_LIMIT", str(per_client))
        monkeypatch.setenv("ARES_DEMO_GUEST_LIMIT_TOTAL", str(total))
        monkeypatch.setenv("ARES_DEMO_GUEST_WINDOW_MINUTES", str(window))
        get_settings.cache_clear()

    monkeypatch.setattr("core.resume.demo.load_demo_candidate_documents", lambda engine, user_id: "none")
    yield configure
    get_settings.cache_clear()


def _guests(engine) -> int:
    with Session(engine) as session:
        return len([u for u in session.exec(select(User)).all() if u.username.startswith(accounts.GUEST_PREFIX)])


def test_one_client_gets_its_limit_per_window_and_then_a_wait(any_engine, limited) -> None:
    limited(per_client=2)
    settings, start = get_settings(), utcnow()
    for minute in (0, 10):
        accounts.create_demo_guest(any_engine, settings, client="203.0.113.5", now=start + timedelta(minutes=minute))
    with pytest.raises(accounts.AccountError) as refused:
        accounts.create_demo_guest(any_engine, settings, client="203.0.113.5", now=start + timedelta(minutes=20))
    assert refused.value.code == "demo_limit"
    assert refused.value.values["minutes"] == 40  # the first one leaves the 60-minute window at minute 60
    assert _guests(any_engine) == 2  # the refused visit made no account
    # Another client is not affected; the first one may start again once the window has moved on.
    accounts.create_demo_guest(any_engine, settings, client="198.51.100.7", now=start + timedelta(minutes=20))
    accounts.create_demo_guest(any_engine, settings, client="203.0.113.5", now=start + timedelta(minutes=61))
    assert _guests(any_engine) == 4


def test_all_clients_together_have_a_limit_too(any_engine, limited) -> None:
    limited(per_client=5, total=3)
    settings = get_settings()
    for client in ("a", "b", "c"):
        accounts.create_demo_guest(any_engine, settings, client=client)
    with pytest.raises(accounts.AccountError) as refused:
        accounts.create_demo_guest(any_engine, settings, client="d")
    assert refused.value.code == "demo_busy"


def test_zero_means_no_limit(any_engine, limited) -> None:
    limited(per_client=0, total=0)
    for _ in range(4):
        accounts.create_demo_guest(any_engine, get_settings(), client="203.0.113.5")
    assert _guests(any_engine) == 4


def test_parallel_visitors_from_one_client_never_exceed_the_limit(any_engine, limited) -> None:
    limited(per_client=3)
    settings = get_settings()

    def visit(_: int) -> bool:
        try:
            accounts.create_demo_guest(any_engine, settings, client="203.0.113.5")
        except accounts.AccountError:
            return False
        return True

    with ThreadPoolExecutor(6) as pool:
        made = sum(pool.map(visit, range(8)))
    assert made <= 3 and _guests(any_engine) == made


def test_the_address_is_kept_only_as_a_keyed_hash_and_only_for_the_window(any_engine, limited) -> None:
    limited(per_client=5)
    settings = get_settings()
    accounts.create_demo_guest(any_engine, settings, client="203.0.113.5")
    with Session(any_engine) as session:
        grants = session.exec(select(DemoGuestGrant)).all()
    assert len(grants) == 1 and "203.0.113.5" not in grants[0].client_hash and len(grants[0].client_hash) == 64
    accounts.purge_expired_guests(any_engine, settings, now=utcnow() + timedelta(minutes=61))
    with Session(any_engine) as session:
        assert session.exec(select(DemoGuestGrant)).all() == []
