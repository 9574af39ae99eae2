"""The curated bilingual question bank and the grounded-question templates.

Files live in `data/question_bank/`: `stage1.json`, `stage2.json`, `stage3.json` (one entry
per question: id, stage, personas, NCS competency, optional tags, and per language the
question text and what a strong answer shows) and `templates.json` (question templates the
offline interviewer fills from resumes, job postings and company documents, plus the
follow-up questions). Loaded once per process; the data are read-only.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.config import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "data" / "question_bank"


@dataclass(frozen=True)
class BankQuestion:
    """One curated question; `text`/`strong` map a language to its wording."""

    id: str
    stage: int
    personas: tuple[str, ...]
    ncs: str
    tags: tuple[str, ...]
    text: dict[str, str]
    strong: dict[str, str]

    def has_language(self, lang: str) -> bool:
        return bool(self.text.get(lang))


def _parse_entry(raw: dict[str, Any]) -> BankQuestion:
    languages: tuple[str, ...] = ("en", "ko")
    text: dict[str, str] = {lang: str(raw[lang]["text"]) for lang in languages if lang in raw}
    strong: dict[str, str] = {lang: str(raw[lang].get("strong", "")) for lang in languages if lang in raw}
    return BankQuestion(
        id=str(raw["id"]),
        stage=int(raw["stage"]),
        personas=tuple(raw["personas"]),
        ncs=str(raw["ncs"]),
        tags=tuple(raw.get("tags", ())),
        text=text,
        strong=strong,
    )


@lru_cache(maxsize=4)
def load_question_bank(directory: Path = BANK_DIR) -> tuple[BankQuestion, ...]:
    """Every bank question, in file order (stage 1, 2, 3)."""
    questions: list[BankQuestion] = []
    for path in sorted(directory.glob("stage*.json")):
        questions.extend(_parse_entry(raw) for raw in json.loads(path.read_text(encoding="utf-8")))
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate question ids in the question bank")
    return tuple(questions)


@lru_cache(maxsize=4)
def load_templates(directory: Path = BANK_DIR) -> dict[str, dict[str, str]]:
    """Template key -> {"en": ..., "ko": ...} (keys starting with "_" are comments)."""
    raw = json.loads((directory / "templates.json").read_text(encoding="utf-8"))
    return {key: value for key, value in raw.items() if not key.startswith("_")}


def placeholders(template: str) -> set[str]:
    """The `{name}` fields of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def fill_template(key: str, lang: str, **values: str) -> str:
    """Fill template `key` in `lang`. Values are inserted as plain text: `str.format` never
    evaluates anything inside them, and braces in uploaded text cannot reach a format
    string because templates are only ever taken from our own file."""
    templates = load_templates()
    entry = templates[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values)
