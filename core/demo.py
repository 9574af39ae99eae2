"""Demo data: the demo candidate and coach, two sample companies with their documents
indexed, and the candidate's resume, cover letter and job postings. Idempotent: loaded on
the app's first start in demo mode and by `python -m core demo`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from core.accounts import DEMO_COACH_USERNAME, DEMO_USERNAME, ensure_demo_users
from core.config import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


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


def load_demo_data(engine: Engine, settings: Settings, progress: Progress | None = None) -> DemoLoadResult:
    """Create (or keep) everything the demo needs. A failing optional part is reported, not fatal."""
    say = progress or (lambda _msg: None)
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
    return DemoLoadResult(candidate=DEMO_USERNAME, coach=DEMO_COACH_USERNAME, steps=tuple(steps),
                          problems=tuple(problems))
