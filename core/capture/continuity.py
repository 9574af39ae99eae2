"""Keep a live audio stream on its own clock: each frame once, gaps as silence.

WebRTC audio frames carry their RTP time stamp (`frame.pts`, in samples at the frame's
rate). The answer's recording must be a true timeline — pauses and words per minute are
measured on it — so two faults of the transport must not reach the WAV:

- a frame delivered twice (a second consumer of the same track after a reconnect, or a
  retransmission): writing it again stretches the answer, and Whisper hears 20 ms
  stutters as another sentence (a 2x-duplicated recording of a known answer transcribed
  as one phrase repeated: the repetition loop seen once in CI);
- frames lost in transit (a stalled event loop, a full socket buffer): concatenating the
  rest shortens every pause after the loss and moves every later word earlier.

`AudioContinuity.place()` decides per frame: drop it (it repeats audio already written) or
write it after `n` samples of silence that stand for the audio that never arrived. A jump
larger than `max_gap_s` is a new stream (reconnect, device change), not a loss: the clock
resynchronises there without inserting anything.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_GAP_S = 1.0  # s; a larger jump of the RTP clock is a restarted stream (RFC 3550 §5.1: random start), not a loss


@dataclass(frozen=True)
class Placement:
    """What to do with one frame: `write` it after `silence` samples (at the frame's rate)."""

    write: bool
    silence: int = 0


class AudioContinuity:
    """Per-stream bookkeeping of the next expected time stamp (not thread-safe: callers lock)."""

    def __init__(self, max_gap_s: float = MAX_GAP_S) -> None:
        self.max_gap_s = max_gap_s
        self._next: int | None = None
        self._rate: int | None = None
        self.duplicates = 0  # frames dropped because their audio was already written
        self.lost_s = 0.0  # s of audio that never arrived, written as silence
        self.resyncs = 0  # clock jumps treated as a new stream

    def place(self, pts: int | None, samples: int, rate: int) -> Placement:
        """Decide for a frame starting at `pts` (None: unknown, written as is) of `samples` samples."""
        if pts is None or rate <= 0:
            return Placement(True)
        if self._next is None or self._rate != rate:
            self._rate, self._next = rate, pts + samples
            return Placement(True)
        offset = pts - self._next
        if offset < -(samples // 2):  # mostly audio already written: a repeat, not new sound
            if offset < -int(self.max_gap_s * rate):  # far behind: the stream restarted lower
                self.resyncs += 1
                self._next = pts + samples
                return Placement(True)
            self.duplicates += 1
            return Placement(False)
        if offset > int(self.max_gap_s * rate):
            self.resyncs += 1
            self._next = pts + samples
            return Placement(True)
        self._next = pts + samples
        if offset > 0:
            self.lost_s += offset / rate
            return Placement(True, offset)
        return Placement(True)

    def reset(self) -> None:
        """Forget the clock (the stream ended); counters are kept."""
        self._next = None
        self._rate = None
