"""The wait a candidate feels: from Stop at the end of a 60 s spoken answer to complete
per-answer feedback (speech measures, content feedback with the company fact-check,
stored analysis, follow-up decision), with transcription running during the answer as
in the live room.

Steps: a 60 s espeak-ng answer is fed in 0.5 s blocks to `ChunkedTranscriber` (in real
time, or — quick — in simulated real time: after each block the worker may finish);
Stop → `finish()` (only the tail is left) → the WAV is on disk as the recorder would
have it → `PracticeService.submit_answer(transcript=...)`. Offline interviewer, the
sample company library, a private data directory.
"""

from __future__ import annotations

import os
import time
from typing import Any

from core.bench._workspace import private_data_dir

BUDGET_FEEDBACK_S = 3.0


def bench_answer_feedback(quick: bool = True) -> dict[str, Any]:
    with private_data_dir("ares-bench-answer-"):
        return _measure(quick)


def _measure(quick: bool) -> dict[str, Any]:
    import soundfile as sf
    from sqlmodel import Session

    from core.bench.speech import SAMPLE_RATE, feed_as_spoken, make_answer
    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine
    from core.db.models import UserCreate
    from core.practice import PracticeService
    from core.rag.demo import ensure_sample_companies
    from core.speech import ChunkedTranscriber, get_stt

    get_settings.cache_clear()
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    ensure_sample_companies(engine, settings)
    with Session(engine, expire_on_commit=False) as db:
        user = crud.create_user(db, user_in=UserCreate(username="bench", password="password-123"))
    service = PracticeService(engine, settings)
    service.warm_up()  # the page does this during the device check
    stt = get_stt(settings, "en")
    session_id = service.start_session(user.id or 0, company="Northwind Robotics plc", role="Software engineer",
                                       stages=(1,), questions_per_stage=1, max_followup_depth=1)
    question = service.next_question(user.id or 0, session_id)
    assert question is not None
    attempt = service.begin_attempt(user.id or 0, question.id or 0, "live")

    audio, _text = make_answer(60.0, stop_after_s=0.2)  # Stop right after the last word: the worst case
    transcriber = ChunkedTranscriber(stt, "en")
    feed_as_spoken(transcriber, audio, simulated=quick)
    target = service.media_path(attempt)
    target.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(target), audio, SAMPLE_RATE, subtype="PCM_16")  # written as spoken by the recorder

    stop = time.perf_counter()
    transcript = transcriber.finish()
    tail_s = time.perf_counter() - stop
    result = service.submit_answer(user.id or 0, attempt.id or 0, audio_path=target, transcript=transcript)
    total_s = time.perf_counter() - stop
    return {
        "feedback_latency_s_60s_answer": round(total_s, 2),
        "transcribe_tail_s": round(tail_s, 2),
        "analysis_and_storage_s": round(total_s - tail_s, 2),
        "status": result.status,
        "follow_up": result.follow_up is not None,
        "feeding": "simulated real time" if quick else "real time",
        "budget_s": BUDGET_FEEDBACK_S,
        "within_budget": total_s <= BUDGET_FEEDBACK_S,
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
