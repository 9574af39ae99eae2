"""After Stop the live transcript is waited for while its worker makes progress (issue 18):
a fixed limit followed by transcribing the whole file again doubled the wait on a starved
machine. A stand-in transcriber scripts the worker's progress; no clock is involved."""

from __future__ import annotations

from ui.practice import services


class ScriptedTranscriber:
    """`finish` times out `timeouts` times; each time the worker has (or has not) finished
    another chunk, which `busy_s` shows."""

    def __init__(self, timeouts: int, progress: bool) -> None:
        self.timeouts, self.progress = timeouts, progress
        self.busy_s, self.calls, self.closed, self.chunks_submitted = 0.0, 0, False, 3

    def finish(self, timeout_s: float | None = None) -> str:
        self.calls += 1
        if self.calls <= self.timeouts:
            if self.progress:
                self.busy_s += 1.0
            raise TimeoutError("transcription did not finish in time")
        return "the whole answer"

    def close(self) -> None:
        self.closed = True


def test_a_transcriber_that_keeps_finishing_chunks_is_waited_for() -> None:
    slow = ScriptedTranscriber(timeouts=3, progress=True)
    assert services.finish_transcript(slow) == "the whole answer"  # type: ignore[arg-type]
    assert slow.calls == 4 and not slow.closed


def test_a_stalled_transcriber_falls_back_to_the_recording() -> None:
    stuck = ScriptedTranscriber(timeouts=5, progress=False)
    assert services.finish_transcript(stuck) is None  # type: ignore[arg-type]
    assert stuck.calls == 1 and stuck.closed


def test_no_live_transcriber_means_the_recording_is_transcribed() -> None:
    assert services.finish_transcript(None) is None
