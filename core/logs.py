"""Logging set-up shared by the app and the CLI, with secrets redacted.

Libraries log request details at DEBUG (the openai client logs request options, URLs may
carry credentials); a filter on the root handlers replaces every configured secret and
anything shaped like an API key or a URL password before a record is written.
"""

from __future__ import annotations

import logging
import re

from core.config import get_settings

_KEY_SHAPES = re.compile(r"(sk-[A-Za-z0-9_\-]{8,}|(?<=://)[^/\s:@]+:[^/\s@]+(?=@))")
REDACTED = "[redacted]"


def _secrets() -> list[str]:
    settings = get_settings()
    values = [settings.openai_api_key, settings.azure_openai_api_key, settings.cookie_key]
    found = [v.get_secret_value() for v in values if v is not None and len(v.get_secret_value()) >= 6]
    if settings.database_url and "@" in settings.database_url:
        found.append(settings.database_url)
    return found


class RedactSecrets(logging.Filter):
    """Replaces secrets in the formatted message (and its args) of every record."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets = _secrets()

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return _KEY_SHAPES.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = self.redact(message), None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def configure_logging() -> None:
    """Root logging at ARES_LOG_LEVEL with secret redaction; quiet chatty libraries."""
    level = get_settings().log_level.upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redactor = RedactSecrets()
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(redactor)
    for noisy in ("aioice", "aiortc", "httpx", "httpcore", "numba", "matplotlib", "PIL"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger(noisy).level))
