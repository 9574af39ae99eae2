"""Load: several simulated users practising at once, in one app process.

Each simulated user runs whole interviews through `PracticeService` — the same path the
Practice page takes — answering every question with a spoken recording (espeak-ng when
available, else a typed answer), until the time is up. Measured: errors, answers lost
(an attempt without a stored analysis), answers per minute, feedback latency, and memory
over time (RSS sampled every few seconds; "flat" = the last third grows < 10 % over the
level reached after warm-up).
"""

from __future__ import annotations

import resource
import shutil
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from core.bench._workspace import private_data_dir

BUDGET_MEMORY_GROWTH = 0.10  # fraction of RSS growth tolerated after warm-up
_SAMPLE_EVERY_S = 5.0
_TYPED_ANSWER = "I cut release time from two days to three hours by automating tests."


def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench_load(quick: bool = True, users: int = 5, minutes: float | None = None) -> dict[str, Any]:
    """Run `users` simulated users for `minutes` (default 10, quick 1) and report."""
    minutes = minutes if minutes is not None else (1.0 if quick else 10.0)
    with private_data_dir("ares-load-") as tmp:
        return _run(users, minutes, tmp)


def _run(users: int, minutes: float, tmp: Path) -> dict[str, Any]:
    from sqlmodel import Session, select

    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine
    from core.db.models import Analysis, Attempt, UserCreate
    from core.practice import PracticeService

    get_settings.cache_clear()
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    recording: Path | None = None
    if shutil.which("espeak-ng") and shutil.which("sox"):
        from core.practice.timing import make_speech

        recording = make_speech(tmp / "answer.wav", 20)
    service = PracticeService(engine, settings)
    service.warm_up()
    user_ids = []
    with Session(engine, expire_on_commit=False) as db:
        for index in range(users):
            user = crud.create_user(db, user_in=UserCreate(username=f"load{index}", password="password-123"))
            user_ids.append(int(user.id or 0))

    deadline = time.monotonic() + minutes * 60
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def practise(user_id: int) -> None:
        while time.monotonic() < deadline:
            try:
                session_id = service.start_session(user_id, role="Engineer", language="en", stages=(1,),
                                                   questions_per_stage=2, max_followup_depth=1)
                while time.monotonic() < deadline:
                    question = service.next_question(user_id, session_id)
                    if question is None:
                        service.finish_session(user_id, session_id)
                        break
                    attempt = service.begin_attempt(user_id, int(question.id or 0), "audio" if recording else "text")
                    started = time.perf_counter()
                    if recording is not None:
                        target = service.media_path(attempt)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(recording, target)
                        service.submit_answer(user_id, int(attempt.id or 0), audio_path=target)
                    else:
                        service.submit_answer(user_id, int(attempt.id or 0), text=_TYPED_ANSWER)
                    with lock:
                        latencies.append(time.perf_counter() - started)
            except Exception as exc:  # noqa: BLE001 - counted and reported: the load test must finish
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")

    samples: list[tuple[float, float]] = []
    threads = [threading.Thread(target=practise, args=(uid,), daemon=True) for uid in user_ids]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        samples.append((time.monotonic() - start, _rss_mb()))
        time.sleep(_SAMPLE_EVERY_S)
    for thread in threads:
        thread.join()

    with Session(engine) as db:
        attempts = db.exec(select(Attempt)).all()
        analysed = {a.attempt_id for a in db.exec(select(Analysis)).all()}
    lost = [a.id for a in attempts if a.status not in ("recording",) and a.id not in analysed]
    third = max(1, len(samples) // 3)
    after_warmup = statistics.mean(m for _, m in samples[third:2 * third]) if len(samples) >= 3 else None
    final = statistics.mean(m for _, m in samples[2 * third:]) if len(samples) >= 3 else None
    growth = (final - after_warmup) / after_warmup if after_warmup and final else None
    return {
        "users": users, "minutes": minutes, "answers": len(latencies), "errors": len(errors),
        "error_examples": errors[:3], "lost_answers": len(lost),
        "answers_per_min": round(len(latencies) / minutes, 1),
        "feedback_p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "feedback_p95_s": round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 2) if latencies else None,
        "rss_after_warmup_mb": round(after_warmup, 1) if after_warmup else None,
        "rss_final_mb": round(final, 1) if final else None,
        "memory_growth": round(growth, 3) if growth is not None else None,
        "memory_flat": growth is not None and growth < BUDGET_MEMORY_GROWTH,
        "spoken_answers": recording is not None,
    }
