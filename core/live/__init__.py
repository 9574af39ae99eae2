"""The live practice room's pure logic: the sparse hint policy and a live pace estimate."""

from core.live.hints import Hint, HintPolicy, LiveSignals, detect_problems
from core.live.pace import PaceEstimator
from core.live.room import AnswerCapture, LiveRoom, RoomSnapshot

__all__ = ["AnswerCapture", "Hint", "HintPolicy", "LiveRoom", "LiveSignals", "PaceEstimator", "RoomSnapshot",
           "detect_problems"]
