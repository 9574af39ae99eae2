"""The live practice room's pure logic: the sparse hint policy and a live pace estimate."""

from core.live.hints import Hint, HintPolicy, LiveSignals, detect_problems
from core.live.pace import PaceEstimator

__all__ = ["Hint", "HintPolicy", "LiveSignals", "PaceEstimator", "detect_problems"]
