"""Measure how long feedback takes after Stop: `python -m core.practice.timing --seconds 60`.

Builds a spoken answer of about N seconds with espeak-ng (+ sox), transcribes it first
(as the live path does during the answer, with the ChunkedTranscriber), then times
`PracticeService.submit_answer(transcript=...)` — acoustic measures, content feedback,
company fact-check, storage and the follow-up decision — in a private data directory.
Prints JSON. Needs espeak-ng and sox (apt-get install espeak-ng sox).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ANSWER = ("At my previous company our release process took two days. My task was to shorten it. "
          "I automated the test suite with GitHub Actions and split the deploy into stages. "
          "As a result, releases went from two days to three hours and we shipped four times more often. "
          "I want to join Samsung Electronics because your company leads the memory market. ")


def make_speech(path: Path, seconds: float) -> Path:
    """An espeak-ng answer repeated to about `seconds`, 16 kHz mono WAV."""
    import numpy as np
    import soundfile as sf

    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), ANSWER], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(path)], check=True)
    audio, rate = sf.read(str(path), dtype="float32")
    pause = np.zeros(int(0.8 * rate), dtype=np.float32)
    pieces = []
    total = 0
    while total < seconds * rate:
        pieces += [audio, pause]
        total += audio.size + pause.size
    sf.write(str(path), np.concatenate(pieces)[: int(seconds * rate)], rate)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--no-library", action="store_true", help="skip the company library (fact-check)")
    args = parser.parse_args()
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        raise SystemExit("needs espeak-ng and sox")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ARES_DATA_DIR"] = tmp
        from sqlmodel import Session

        from core.config import get_settings
        from core.db.engine import get_engine
        from core.db.models import User
        from core.media.audio import load_audio
        from core.practice import PracticeService
        from core.speech import get_stt

        get_settings.cache_clear()
        settings = get_settings()
        engine = get_engine(settings.sqlalchemy_url)
        wav = make_speech(Path(tmp) / "answer.wav", args.seconds)
        stt = get_stt(settings, "en")
        started = time.perf_counter()
        transcript = stt.transcribe(load_audio(wav), "en")  # the live path does this during the answer
        stt_s = time.perf_counter() - started
        with Session(engine) as db:
            user = User(username="timing", password_hash="not-a-login")
            db.add(user)
            db.commit()
            db.refresh(user)
            uid = int(user.id or 0)
        service = PracticeService(engine, settings, use_default_retriever=not args.no_library)
        session_id = service.start_session(uid, company="Samsung Electronics", role="Engineer", stages=[1])
        question = service.next_question(uid, session_id)
        assert question is not None
        # Warm-up outside the timing: models a running app has loaded long before the first answer.
        service.warm_up()
        attempt = service.begin_attempt(uid, question.id or 0, "live")
        shutil.copyfile(wav, service.media_path(attempt))
        started = time.perf_counter()
        result = service.submit_answer(uid, attempt.id or 0, transcript=transcript)
        after_stop_s = time.perf_counter() - started
        print(json.dumps({"answer_s": args.seconds, "transcribe_during_answer_s": round(stt_s, 2),
                          "feedback_after_stop_s": round(after_stop_s, 2), "status": result.status,
                          "score": result.score,
                          "timings": None if result.analysis is None else result.analysis.timings.to_dict(),
                          "follow_up": result.follow_up is not None, "words": len(transcript.words)}, indent=1))


if __name__ == "__main__":
    main()
