"""Logging set-up shared by the app and the CLI, with secrets redacted for every logger.

Libraries log request details at DEBUG (the openai client logs request options, URLs may
carry credentials), and a traceback can quote a key from a failing call. Redaction
therefore happens where every record is made: `configure_logging` installs a log-record
factory that rewrites each record's message, arguments, formatted traceback and stack
before any handler sees it. That covers the root handlers, loggers created later, and
Streamlit's own loggers (they do not propagate to the root and bring their own console
handlers). The filter on the root handlers stays as a second line.

Redacted: every configured secret (LLM keys, ARES_COOKIE_KEY, the generated signing key,
the database password), and anything shaped like an API key, a bearer token, a URL's
user:password part or a credential-looking query parameter.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

from core.config import get_settings

_KEY_SHAPES = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}"  # OpenAI-style keys
    r"|(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"  # user:password@ in a URL
    r"|(?<=[?&;])(?:api[-_]?key|key|token|access_token|secret|password|sig|signature|code)=[^&\s#\"']+"
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/=\-]{8,})",
    flags=re.IGNORECASE,
)
REDACTED = "[redacted]"
_MIN_SECRET = 6  # shorter values would redact ordinary words

_extra_secrets: set[str] = set()
_extra_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Add a secret known only at run time (the generated signing key) to every redactor."""
    if len(value) >= _MIN_SECRET:
        with _extra_lock:
            _extra_secrets.add(value)


def _secrets() -> list[str]:
    settings = get_settings()
    values = [settings.openai_api_key, settings.azure_openai_api_key, settings.cookie_key]
    found = [v.get_secret_value() for v in values if v is not None and len(v.get_secret_value()) >= _MIN_SECRET]
    if settings.database_url and "@" in settings.database_url:
        found.append(settings.database_url)
        try:
            from sqlalchemy.engine import make_url

            password = make_url(settings.sqlalchemy_url).password
        except Exception:  # noqa: BLE001 - an unparseable URL: the whole-URL match above still applies
            password = None
        if password and len(str(password)) >= _MIN_SECRET:
            found.append(str(password))
    return found


class RedactSecrets(logging.Filter):
    """Replaces secrets in the message (and its args) and the traceback of every record."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets = _secrets()

    def redact(self, text: str) -> str:
        with _extra_lock:
            extra = list(_extra_secrets)
        # longest first: a secret that contains another is removed whole
        for secret in sorted({*self.secrets, *extra}, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return _KEY_SHAPES.sub(REDACTED, text)

    def scrub(self, record: logging.LogRecord) -> None:
        """Rewrite `record` in place: message formatted and redacted, traceback pre-formatted
        (handlers reuse `exc_text` instead of formatting the exception again) and redacted."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - bad %-args: keep what can be shown
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)

    def filter(self, record: logging.LogRecord) -> bool:
        self.scrub(record)
        return True


def _install_record_factory(redactor: RedactSecrets) -> None:
    """Make every LogRecord pass through `redactor` as it is created (idempotent: a second
    call only swaps the redactor, e.g. after the settings changed)."""
    current = logging.getLogRecordFactory()
    base: Callable[..., logging.LogRecord] = getattr(current, "ares_base_factory", current)

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        redactor.scrub(record)
        return record

    factory.ares_base_factory = base  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def redact_text(text: str) -> str:
    """`text` with every known secret and key-shaped string replaced (for output that does
    not go through logging, e.g. the CLI's one-line errors)."""
    return RedactSecrets().redact(text)


def _install_excepthook(redactor: RedactSecrets) -> None:
    """An uncaught exception's traceback (printed by Python, not by logging) is redacted too."""
    import sys
    import traceback

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write(redactor.redact(text))

    sys.excepthook = hook


def configure_logging() -> None:
    """Root logging at ARES_LOG_LEVEL with secret redaction for every logger (and for
    uncaught tracebacks); quiet chatty libraries."""
    level = get_settings().log_level.upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redactor = RedactSecrets()
    _install_record_factory(redactor)
    _install_excepthook(redactor)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(redactor)
    for noisy in ("aioice", "aiortc", "httpx", "httpcore", "numba", "matplotlib", "PIL"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger(noisy).level))
