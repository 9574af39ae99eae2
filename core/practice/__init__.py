"""The practice flow: one service for the Practice page and the `run-session` CLI.

The service's names are imported on first use (PEP 562), not with the package: the app
shell imports `core.practice.warmup` on the first page of every visitor, and the service
pulls in the interviewer, the LLM clients and the feedback models (seconds on a 2-core
machine), which the login page must not wait for (issue 18, cold start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.practice.service import AnswerResult, FollowUp, PracticeError, PracticeService, SessionState

__all__ = ["AnswerResult", "FollowUp", "PracticeError", "PracticeService", "SessionState"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from core.practice import service

        return getattr(service, name)
    raise AttributeError(f"module 'core.practice' has no attribute {name!r}")
