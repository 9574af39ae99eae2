"""Optional video of an answer for replay (WebM/VP8), written by a background thread.

Only when the user asked for it ("keep video for replay"): the audio recording is the
answer of record and never depends on this. Frames arrive on aiortc's video thread; they
are queued (bounded: when the encoder falls behind, frames are dropped, not buffered)
and encoded with presentation times from the answer clock, so a dropped frame shortens
nothing and the video stays in sync with the audio.
"""

from __future__ import annotations

import logging
import queue
import threading
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

QUEUE_FRAMES = 30  # frames waiting for the encoder (~2 s at 15 fps) before new ones are dropped
TARGET_FPS = 15  # frames per second kept: plenty for replay, a third of the encode cost of 30+
BITRATE = "700k"  # VP8 at 640x480: ~5 MB per minute
TIME_BASE = Fraction(1, 1000)  # pts in milliseconds


class VideoRecorder:
    """Encode RGB frames to a WebM file off the calling thread. Thread-safe `submit`/`close`."""

    def __init__(self, path: str | Path, *, fps: int = TARGET_FPS) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._min_gap_ms = int(1000 / fps)
        self._queue: queue.Queue[tuple[np.ndarray, int] | None] = queue.Queue(maxsize=QUEUE_FRAMES)
        self._last_pts = -10**9
        self._lock = threading.Lock()
        self._closed = False
        self.frames_written = 0
        self.frames_dropped = 0
        self.error: str = ""
        self._thread = threading.Thread(target=self._run, name="answer-video", daemon=True)
        self._thread.start()

    def submit(self, image: np.ndarray, t_s: float) -> None:
        """Queue one frame taken `t_s` seconds into the answer (drops when behind or too soon)."""
        pts = int(t_s * 1000)
        with self._lock:
            if self._closed or pts - self._last_pts < self._min_gap_ms:
                return
            self._last_pts = pts
        try:
            self._queue.put_nowait((image, pts))
        except queue.Full:
            self.frames_dropped += 1

    def _run(self) -> None:
        import av

        container: Any = None
        stream: Any = None
        last_written = -1
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                image, pts = item
                if container is None:
                    height, width = image.shape[:2]
                    container = av.open(str(self.path), mode="w", format="webm")
                    stream = container.add_stream("libvpx", rate=TARGET_FPS)
                    stream.width, stream.height = width - width % 2, height - height % 2
                    stream.pix_fmt = "yuv420p"
                    stream.codec_context.time_base = TIME_BASE
                    # realtime: ~14 ms per 640x480 frame on one core (measured), never a backlog
                    stream.options = {"deadline": "realtime", "cpu-used": "8", "b": BITRATE}
                if pts <= last_written:
                    continue
                frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="rgb24")
                if (frame.width, frame.height) != (stream.width, stream.height):
                    frame = frame.reformat(width=stream.width, height=stream.height)
                frame.pts, frame.time_base = pts, TIME_BASE
                for packet in stream.encode(frame):
                    container.mux(packet)
                last_written = pts
                self.frames_written += 1
            if stream is not None:
                for packet in stream.encode():
                    container.mux(packet)
        except Exception as exc:  # the answer's audio is unaffected; the replay is just missing
            logger.exception("answer video could not be written")
            self.error = str(exc)
        finally:
            if container is not None:
                container.close()

    def close(self, timeout_s: float = 10.0) -> Path | None:
        """Finish the file; returns its path, or None when no frame was written."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._queue.put(None)  # blocks at most until the encoder takes one frame
        self._thread.join(timeout_s)
        if self.frames_written == 0 or not self.path.exists():
            return None
        return self.path
