"""The practice flow: one service for the Practice page and the `run-session` CLI."""

from core.practice.service import AnswerResult, FollowUp, PracticeError, PracticeService, SessionState

__all__ = ["AnswerResult", "FollowUp", "PracticeError", "PracticeService", "SessionState"]
