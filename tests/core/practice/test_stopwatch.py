"""Stopwatch: the phases of a step the user waits for, as one log line."""

from __future__ import annotations

import pytest

from core.practice.stopwatch import Stopwatch


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_laps_are_consecutive_phases_and_the_line_lists_them_in_order() -> None:
    clock = Clock()
    watch = Stopwatch("stop->summary", clock=clock, started_at=0.25)
    clock.now += 0.5
    assert watch.lap("stop_recording") == pytest.approx(0.5)
    clock.now += 1.25
    watch.lap("live_transcript")
    clock.now += 0.25
    watch.lap("live_transcript")  # a phase met twice adds up
    watch.note("tail submitted 4.0 s")
    assert watch.seconds("live_transcript") == pytest.approx(1.5)
    assert watch.seconds("never") == 0.0
    clock.now += 3.0  # not lapped: not in the line's total
    assert watch.elapsed_s == pytest.approx(5.0)
    line = watch.describe()
    assert line == ("stop->summary 2.00 s from 00:00:00.250Z: stop_recording 0.50, live_transcript 1.25, "
                    "live_transcript 0.25; tail submitted 4.0 s")


def test_a_clock_going_backwards_never_gives_negative_phases() -> None:
    clock = Clock()
    watch = Stopwatch("next->question", clock=clock)
    clock.now -= 1.0
    assert watch.lap("odd") == 0.0
