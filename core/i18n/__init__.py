"""The message catalogue: every user-facing string in Korean and English.

Strings live in `core/i18n/catalog/*.json`, one file per feature so that features can
be worked on separately, merged into one catalogue at load. Each file maps a key to
{"en": ..., "ko": ...}. `tests/core/test_i18n.py` fails when a key lacks a language,
when two files define the same key, or when the two languages disagree on placeholders.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

Language = Literal["en", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "ko")
CATALOG_DIR = Path(__file__).resolve().parent / "catalog"


@lru_cache(maxsize=1)
def load_catalog() -> dict[str, dict[str, str]]:
    """All messages, merged from the catalogue files (duplicate keys are an error)."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOG_DIR.glob("*.json")):
        for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice (second time in {path.name})")
            merged[key] = texts
    return merged


def normalize_language(value: str | None) -> Language:
    """'ko', 'ko-KR', 'KO' -> 'ko'; anything else -> 'en'."""
    return "ko" if (value or "").lower().startswith("ko") else "en"


def t(key: str, lang: str = "en", **values: object) -> str:
    """The message `key` in `lang`, formatted with `values`.

    A missing key returns the key itself (visible in the UI and caught by the tests)
    rather than crashing a page.
    """
    texts = load_catalog().get(key)
    if texts is None:
        return key
    template = texts.get(normalize_language(lang)) or texts.get("en") or key
    try:
        return template.format(**values) if values else template
    except (KeyError, IndexError, ValueError):
        return template
