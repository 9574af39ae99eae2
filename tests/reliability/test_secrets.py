"""Secrets never reach logs, output or pages."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "sk-test-SECRET-1234567890abcdef"
DB_PASSWORD = "pw-SECRET-db-998877"


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again: nothing listens there


def test_a_failing_llm_call_with_debug_logging_never_prints_the_key(tmp_path: Path, monkeypatch) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("We improved things a lot.", encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ARES_DATA_DIR": str(tmp_path / "data"),
        "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": f"http://127.0.0.1:{_dead_port()}/v1",
        "LLM_TIMEOUT_S": "2", "ARES_LOG_LEVEL": "DEBUG", "PYTHONUNBUFFERED": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "core", "followup", "--question", "Tell me about a project.",
         "--answer-file", str(answer), "--lang", "en", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert API_KEY not in output
    assert "SECRET" not in output


def test_settings_repr_hides_secrets(monkeypatch) -> None:
    from core.config import Settings

    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("ARES_COOKIE_KEY", "c" * 40)
    settings = Settings()
    assert API_KEY not in repr(settings) and API_KEY not in str(settings.model_dump())
    assert "c" * 40 not in repr(settings)


def _settings_page_text(monkeypatch, *, admins: str) -> str:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from core.accounts import ensure_demo_users
    from core.config import get_settings
    from core.db.engine import get_engine
    from tests.login import sign_in

    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://user:{API_KEY}@127.0.0.1:9/v1?api-key=QUERYKEY-{API_KEY[-6:]}")
    monkeypatch.setenv("ARES_ADMIN_USERS", admins)
    monkeypatch.setattr("core.demo.load_demo_data", lambda *a, **k: None)
    st.cache_resource.clear()
    get_engine.cache_clear()
    get_settings.cache_clear()
    candidate, _ = ensure_demo_users(get_engine(get_settings().sqlalchemy_url))
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=60)
    sign_in(at, candidate.id or 0)
    at.run()
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception, at.exception
    rendered = " ".join(str(m.value) for m in [*at.markdown, *at.caption])
    st.cache_resource.clear()
    get_engine.cache_clear()
    return rendered


def test_the_settings_page_shows_operator_details_to_admins_only_and_never_a_secret(monkeypatch, data_dir) -> None:
    user_view = _settings_page_text(monkeypatch, admins="")
    assert "127.0.0.1" not in user_view and str(data_dir) not in user_view  # no hosts, no server paths
    assert "SQLite" in user_view  # ...but which kind of database runs
    admin_view = _settings_page_text(monkeypatch, admins="someone-else, demo")
    assert "127.0.0.1:9/v1" in admin_view and str(data_dir) in admin_view  # the endpoint and paths, for admins
    for view in (user_view, admin_view):
        assert API_KEY not in view and "QUERYKEY" not in view and "api-key" not in view


def test_log_records_are_redacted(monkeypatch, caplog) -> None:
    import logging

    from core.config import get_settings
    from core.logs import REDACTED, RedactSecrets

    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("DATABASE_URL", f"postgresql://ares:{DB_PASSWORD}@127.0.0.1/ares")
    get_settings.cache_clear()
    redactor = RedactSecrets()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "calling with %s and %s",
                               (API_KEY, f"postgresql://ares:{DB_PASSWORD}@db/ares"), None)
    redactor.filter(record)
    assert API_KEY not in record.getMessage() and DB_PASSWORD not in record.getMessage()
    assert REDACTED in record.getMessage()
    other = logging.LogRecord("x", logging.INFO, __file__, 1, "url http://bob:sk-other-key-123456789@host/v1", (), None)
    redactor.filter(other)
    assert "sk-other-key" not in other.getMessage()


def _log_everywhere(capfd) -> str:
    """Log a message and a traceback that both carry the key through the root logger, a
    library logger, and a Streamlit logger created after logging was configured."""
    import logging

    from streamlit.logger import get_logger

    from core.logs import configure_logging

    configure_logging()
    loggers = [logging.getLogger("ares.test"), logging.getLogger("openai._base_client"),
               get_logger("streamlit.runtime.test_redaction")]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.warning("request to https://api.example/v1?api-key=%s failed", API_KEY)
        try:
            raise RuntimeError(f"auth failed for key {API_KEY} at postgresql://ares:{DB_PASSWORD}@db/ares")
        except RuntimeError:
            logger.exception("call failed")
        logger.info("header Authorization: Bearer abcdefghijklmnop1234")
    captured = capfd.readouterr()
    return captured.out + captured.err


def test_every_logger_redacts_keys_in_messages_and_tracebacks(monkeypatch, capfd) -> None:
    import logging

    from core.config import get_settings

    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("DATABASE_URL", f"postgresql://ares:{DB_PASSWORD}@127.0.0.1/ares")
    get_settings.cache_clear()
    factory = logging.getLogRecordFactory()
    root_handlers = list(logging.getLogger().handlers)
    logging.getLogger().addHandler(logging.StreamHandler())  # a plain handler, as a host might add
    try:
        output = _log_everywhere(capfd)
    finally:
        logging.setLogRecordFactory(factory)
        logging.getLogger().handlers[:] = root_handlers
    assert "call failed" in output and "Traceback" in output  # the tracebacks were printed...
    assert output.count("[redacted]") >= 6
    for secret in (API_KEY, DB_PASSWORD, "abcdefghijklmnop1234"):
        assert secret not in output  # ...without a secret, whichever logger printed them


def test_the_generated_signing_key_is_redacted_too(db_engine, caplog) -> None:
    import logging

    from core.config import get_settings
    from core.logs import RedactSecrets
    from core.sessions import signing_key

    key = signing_key(db_engine, get_settings()).decode()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "key is %s", (key,), None)
    RedactSecrets().filter(record)
    assert key not in record.getMessage()


def test_uncaught_tracebacks_and_cli_errors_are_redacted(tmp_path: Path) -> None:
    """Output that does not go through a logger: Python's own traceback printer (after
    configure_logging) and the CLI's one-line error."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ARES_DATA_DIR": str(tmp_path / "data"),
           "OPENAI_API_KEY": API_KEY, "PYTHONUNBUFFERED": "1"}
    crash = subprocess.run(
        [sys.executable, "-c", "from core.logs import configure_logging; configure_logging(); "
         f"raise RuntimeError('the key {API_KEY} was refused at https://h/v1?api-key=QUERYSECRET1')"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" in crash.stderr and "RuntimeError" in crash.stderr
    assert API_KEY not in crash.stderr and "QUERYSECRET1" not in crash.stderr
    cli = subprocess.run([sys.executable, "-m", "core", "analyze-audio", f"/nonexistent/{API_KEY}.wav", "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert cli.returncode != 0 and "error:" in cli.stderr
    assert API_KEY not in cli.stderr
