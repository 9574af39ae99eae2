"""Per-answer feedback: content, company fact-check, resume consistency, delivery, camera, scores."""

from core.feedback.analyze import AnswerInput, analyze_answer
from core.feedback.types import (
    BAND_AVERAGE_MIN,
    BAND_GOOD_MIN,
    AnswerAnalysis,
    Evidence,
    FeedbackItem,
    Score,
    SpeechPart,
    band_for,
)

__all__ = ["BAND_AVERAGE_MIN", "BAND_GOOD_MIN", "AnswerAnalysis", "AnswerInput", "Evidence", "FeedbackItem", "Score",
           "SpeechPart", "analyze_answer", "band_for"]
