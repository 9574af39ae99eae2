import pytest
from pydantic import ValidationError

from core.config import Settings, describe_settings


def test_default_settings_are_offline_demo_with_sqlite(data_dir) -> None:
    settings = Settings()
    assert settings.resolved_llm_provider == "offline"
    assert settings.sqlalchemy_url == f"sqlite:///{data_dir / 'ares.db'}"


def test_postgres_urls_use_psycopg3(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/db")
    assert Settings().sqlalchemy_url == "postgresql+psycopg://u@h:5432/db"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert Settings().sqlalchemy_url == "postgresql+psycopg://u@h/db"


def test_no_cookie_key_comes_from_the_repository(monkeypatch) -> None:
    from core import config

    assert Settings().cookie_key is None  # unset by default: generated per install (core.sessions)
    assert not hasattr(config, "DEMO_COOKIE_KEY")
    for mode in ("true", "false"):
        monkeypatch.setenv("ARES_DEMO_MODE", mode)
        for placeholder in ("ares-demo-cookie-key-this-is-not-a-secret", "changeme", "short"):
            monkeypatch.setenv("ARES_COOKIE_KEY", placeholder)
            with pytest.raises(ValidationError, match="ARES_COOKIE_KEY"):
                Settings()
    monkeypatch.setenv("ARES_COOKIE_KEY", "x" * 40)
    assert Settings().demo_mode is False


def test_registration_is_open_in_demo_mode_only_unless_set(monkeypatch) -> None:
    assert Settings().registration_open is True
    monkeypatch.setenv("ARES_DEMO_MODE", "false")
    assert Settings().registration_open is False
    monkeypatch.setenv("ARES_OPEN_REGISTRATION", "true")
    assert Settings().registration_open is True


def test_llm_provider_auto_follows_the_configured_endpoint(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert Settings().resolved_llm_provider == "openai"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    assert Settings().resolved_llm_provider == "compatible"


def test_settings_summary_never_shows_secrets(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://user:sk-inline-secret@127.0.0.1:8000/v1")
    monkeypatch.setenv("DATABASE_URL", "postgresql://ares:dbpassword@127.0.0.1/ares")
    text = repr(describe_settings(Settings()))
    for secret in ("sk-very-secret", "sk-inline-secret", "dbpassword"):
        assert secret not in text
