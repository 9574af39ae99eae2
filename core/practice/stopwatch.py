"""Where the seconds of one step the user waits for go (e.g. *Stop answer* -> summary drawn).

The page's Stop path laps a `Stopwatch` at each phase (recording stopped, live transcript
finished, answer analysed and stored, summary built, page drawn) and logs one INFO line
(`describe()`), so a slow Stop is explained by the server log alone. The wall-clock start
(`started_at`, s since the epoch) lets the line be matched with a browser-side timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Stopwatch:
    """Named, consecutive phases of one step; seconds from `clock` (monotonic by default).

    Not thread-safe: one script thread laps it."""

    step: str
    clock: Callable[[], float] = time.perf_counter
    started_at: float = field(default_factory=time.time)  # wall clock, s since the epoch (for matching logs)
    laps: list[tuple[str, float]] = field(default_factory=list)  # (phase, seconds it took), in order
    notes: list[str] = field(default_factory=list)  # details worth a log line (e.g. the transcriber's tail)
    _start: float = field(default=-1.0, repr=False)
    _last: float = field(default=-1.0, repr=False)

    def __post_init__(self) -> None:
        self._start = self._last = self.clock()

    def lap(self, phase: str) -> float:
        """End `phase` now; returns the seconds it took (since the previous lap or the start)."""
        now = self.clock()
        took = max(0.0, now - self._last)
        self.laps.append((phase, took))
        self._last = now
        return took

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def elapsed_s(self) -> float:
        """Seconds since the start (up to now, not to the last lap)."""
        return max(0.0, self.clock() - self._start)

    def seconds(self, phase: str) -> float:
        """Total seconds of the laps named `phase` (0.0 if none)."""
        return sum(took for name, took in self.laps if name == phase)

    def describe(self) -> str:
        """One line: total, then each phase in order (and the notes)."""
        total = max(0.0, self._last - self._start)
        phases = ", ".join(f"{name} {took:.2f}" for name, took in self.laps)
        stamp = time.strftime("%H:%M:%S", time.gmtime(self.started_at)) + f".{int(self.started_at % 1 * 1000):03d}Z"
        text = f"{self.step} {total:.2f} s from {stamp}: {phases}"
        return text + ("; " + "; ".join(self.notes) if self.notes else "")
