"""Batch analysis throughput: 20 recorded answers of one candidate through `batch-analyze`'s
code (`core.coaching.batch`: a job row, the candidate's session with the manifest's
questions, every answer through `PracticeService.submit_answer` — transcription, delivery,
content, the company fact-check — and the report at the end).

Answers are espeak-ng speech (`core.bench.speech.make_answer`), written as WAV files with a
`question,file` manifest, as a coach would upload them. Offline interviewer, the sample
company library, a private data directory. Reported: answers per minute and seconds per
answer (the wall clock of `run_job`, after one warm-up answer outside the clock, because a
server's first batch pays model loading once).
"""

from __future__ import annotations

import os
import time
from typing import Any

from core.bench._workspace import private_data_dir

BATCH_ANSWERS = 20
ANSWER_S = 45.0  # s of audio per answer (a typical spoken interview answer is 1-2 min; quick: 20 s)
QUICK_ANSWER_S = 20.0


def bench_batch(quick: bool = True) -> dict[str, Any]:
    with private_data_dir("ares-bench-batch-"):
        return _measure(QUICK_ANSWER_S if quick else ANSWER_S)


def _measure(answer_s: float) -> dict[str, Any]:
    import soundfile as sf
    from sqlmodel import Session

    from core.bench.speech import SAMPLE_RATE, make_answer
    from core.coaching import batch
    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine
    from core.db.models import User
    from core.practice import PracticeService
    from core.rag.demo import ensure_sample_companies

    get_settings.cache_clear()
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    ensure_sample_companies(engine, settings)
    with Session(engine, expire_on_commit=False) as db:
        coach, candidate = User(username="bench-coach", role="coach", password_hash="-"), User(
            username="bench-candidate", password_hash="-")
        db.add(coach)
        db.add(candidate)
        db.commit()
        link = crud.request_link(db, requester_id=candidate.id or 0, coach_id=coach.id or 0,
                                 candidate_id=candidate.id or 0)
        crud.accept_link(db, user_id=coach.id or 0, link_id=link.id or 0)
    folder = settings.ares_data_dir / "upload"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["question,file"]
    audio_total = 0.0
    for i in range(BATCH_ANSWERS + 1):
        audio, _text = make_answer(answer_s)
        sf.write(str(folder / f"answer-{i:02d}.wav"), audio, SAMPLE_RATE, subtype="PCM_16")
        audio_total += audio.size / SAMPLE_RATE if i else 0.0
        lines.append(f"Tell me about a time you improved a process ({i + 1}).,answer-{i:02d}.wav")
    (folder / "warm.csv").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    (folder / "batch.csv").write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    service = PracticeService(engine, settings)
    service.warm_up()
    coach_id, candidate_id = coach.id or 0, candidate.id or 0
    warm = batch.create_job(engine, settings, coach_id=coach_id, candidate_id=candidate_id,
                            rows=batch.read_manifest(folder / "warm.csv"), company="Northwind Robotics plc",
                            role="Software engineer", service=service)
    batch.run_job(engine, settings, warm, service=service)
    job_id = batch.create_job(engine, settings, coach_id=coach_id, candidate_id=candidate_id,
                              rows=batch.read_manifest(folder / "batch.csv"), company="Northwind Robotics plc",
                              role="Software engineer", service=service)
    started = time.perf_counter()
    final = batch.run_job(engine, settings, job_id, service=service)
    wall = time.perf_counter() - started
    return {
        "answers": final.total,
        "analyzed": sum(1 for i in final.items if i.status == "analyzed"),
        "audio_s_per_answer": answer_s,
        "batch_wall_s": round(wall, 1),
        "answers_per_minute": round(final.total / (wall / 60.0), 2),
        "s_per_answer": round(wall / final.total, 2),
        "audio_minutes_per_minute": round(audio_total / wall, 2),
        "status": final.status,
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
