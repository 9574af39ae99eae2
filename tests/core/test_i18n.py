import re

from core.i18n import LANGUAGES, load_catalog, normalize_language, t

PLACEHOLDER = re.compile(r"{(\w+)}")


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    problems = []
    for key, texts in load_catalog().items():
        for language in LANGUAGES:
            if not texts.get(language, "").strip():
                problems.append(f"{key}: no {language}")
        if set(PLACEHOLDER.findall(texts.get("en", ""))) != set(PLACEHOLDER.findall(texts.get("ko", ""))):
            problems.append(f"{key}: placeholders differ")
    assert not problems, problems


def test_translation_formats_values_and_falls_back_to_the_key() -> None:
    assert t("auth.locked", "ko", minutes=15).startswith("로그인 실패")
    assert "15" in t("auth.locked", "en", minutes=15)
    assert t("no.such.key", "en") == "no.such.key"


def test_language_codes_are_normalised() -> None:
    assert normalize_language("ko-KR") == "ko"
    assert normalize_language(None) == "en"
    assert normalize_language("fr") == "en"


def test_every_key_used_in_pages_and_ui_exists() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    catalog = load_catalog()
    used: set[str] = set()
    for folder in ("pages", "ui"):
        for path in (root / folder).rglob("*.py"):
            used |= set(re.findall(r"\btr\(\s*\"([a-z0-9_]+\.[a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalog)
    assert not missing, missing
