"""A scripted LLM shipped with the library, for offline demos and tests of LLM paths.

    llm = ScriptedLLM(['{"questions": []}', LLMTimeout("slow")])
    llm.complete_json(system, user, PlanReply)   # -> PlanReply(questions=[])
    llm.calls                                    # [(system, user, "PlanReply"), ...]

Each call consumes the next script item: a JSON string or dict is validated against the
requested schema (a mismatch raises `LLMBadReply`, as a real provider would after its
retry); an exception instance is raised; a callable gets (system, user) and returns either.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from core.llm.base import LLMBadReply, LLMUnavailable, M


class ScriptedLLM:
    name = "scripted"

    def __init__(self, script: Iterable[Any]) -> None:
        self.script: list[Any] = list(script)
        self.calls: list[tuple[str, str, str]] = []

    def complete_json(self, system: str, user: str, schema: type[M], timeout: float | None = None) -> M:
        self.calls.append((system, user, schema.__name__))
        if not self.script:
            raise LLMUnavailable("scripted LLM: script exhausted")
        item = self.script.pop(0)
        if callable(item) and not isinstance(item, BaseException):
            item = item(system, user)
        if isinstance(item, BaseException):
            raise item
        raw = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
        try:
            return schema.model_validate_json(raw)
        except ValidationError as exc:
            raise LLMBadReply(f"scripted LLM: reply does not match {schema.__name__}") from exc
