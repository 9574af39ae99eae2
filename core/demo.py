"""Demo data: the demo candidate and coach, two sample companies with their documents
indexed, and the candidate's resume, cover letter and job postings. Idempotent: loaded on
the app's first start in demo mode and by `python -m core demo`."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from core.accounts import DEMO_COACH_USERNAME, DEMO_USERNAME, ensure_demo_users
from core.config import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
DEMO_DATA_VERSION = "1"  # bump when the sample data changes, so existing installs load it again


@dataclass(frozen=True)
class DemoLoadResult:
    candidate: str
    coach: str
    steps: tuple[str, ...] = field(default_factory=tuple)
    problems: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        lines = [f"demo users: {self.candidate} (candidate), {self.coach} (coach)", *self.steps]
        lines += [f"problem: {p}" for p in self.problems]
        return "\n".join(lines)


def _marker(settings: Settings) -> Path:
    return settings.ares_data_dir / ".demo-loaded"


def _fingerprint(settings: Settings) -> str:
    """What the loaded demo depends on: a different database, index or embedding model loads again."""
    where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.chroma_dir)
    text = "|".join([DEMO_DATA_VERSION, settings.sqlalchemy_url, where, settings.embedding_provider,
                     settings.embedding_model])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def demo_already_loaded(settings: Settings) -> bool:
    """Cheap check (no model, no index opened) used at app start, so restarts stay fast."""
    marker = _marker(settings)
    if not marker.exists() or marker.read_text(encoding="utf-8").strip() != _fingerprint(settings):
        return False
    return bool(settings.chroma_host) or settings.chroma_dir.exists()


def load_demo_data(engine: Engine, settings: Settings, progress: Progress | None = None, *,
                   force: bool = True) -> DemoLoadResult:
    """Create (or keep) everything the demo needs. A failing optional part is reported, not fatal.

    With `force=False` (the app's start-up) nothing is checked beyond a marker file when a
    complete load already happened with the same database, index and embedding model.
    """
    say = progress or (lambda _msg: None)
    if not force and demo_already_loaded(settings):
        return DemoLoadResult(candidate=DEMO_USERNAME, coach=DEMO_COACH_USERNAME, steps=("already loaded",))
    candidate, _coach = ensure_demo_users(engine)
    steps: list[str] = []
    problems: list[str] = []

    say("indexing the sample companies' documents")
    try:
        from core.rag.demo import ensure_sample_companies

        steps.append(f"sample companies: {ensure_sample_companies(engine, settings)}")
    except Exception as exc:  # noqa: BLE001 - the rest of the demo still works
        log.warning("sample companies not loaded: %s", exc)
        problems.append(f"sample companies: {exc}")

    say("adding the demo candidate's documents")
    try:
        from core.resume.demo import load_demo_candidate_documents

        steps.append(f"candidate documents: {load_demo_candidate_documents(engine, candidate.id or 0)}")
    except Exception as exc:  # noqa: BLE001
        log.warning("demo candidate documents not loaded: %s", exc)
        problems.append(f"candidate documents: {exc}")
    if not problems:
        _marker(settings).parent.mkdir(parents=True, exist_ok=True)
        _marker(settings).write_text(_fingerprint(settings), encoding="utf-8")
    return DemoLoadResult(candidate=DEMO_USERNAME, coach=DEMO_COACH_USERNAME, steps=tuple(steps),
                          problems=tuple(problems))
