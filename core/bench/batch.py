"""Batch analysis throughput: 20 recorded answers of one candidate through `batch-analyze`'s
code (`core.coaching.batch`: a job row, the candidate's session with the manifest's
questions, every answer through `PracticeService.submit_answer` — transcription, delivery,
content, the company fact-check — and the report at the end).

Answers are espeak-ng speech (`core.bench.speech.make_answer`), written as WAV files with a
`question,file` manifest, as a coach would upload them. Offline interviewer, the sample
company library, a private data directory. Reported: answers per minute and seconds per
answer (the wall clock of `run_job`, after one warm-up answer outside the clock, because a
server's first batch pays model loading once).

`bench_batch_video` does the same with recorded VIDEO answers (MP4: the astronaut's face at
15 frames/s, from `core.bench.vision`, with the spoken answer on the audio track): each
answer also gets its camera timeline (`core.practice.integration.default_video_vision`, 5
analysed frames/s). Reported besides throughput: the camera analysis' share of an answer
(`vision_s` from the stored analysis timings).
"""

from __future__ import annotations

import os
import time
from typing import Any

from core.bench._workspace import private_data_dir

BATCH_ANSWERS = 20
ANSWER_S = 45.0  # s of audio per answer (a typical spoken interview answer is 1-2 min; quick: 20 s)
QUICK_ANSWER_S = 20.0
VIDEO_ANSWERS = 5  # video answers: the camera analysis makes each one slower; 5 show the rate
VIDEO_FPS = 15  # frames/s of the recorded video (the live room's camera rate)


def bench_batch_video(quick: bool = True) -> dict[str, Any]:
    with private_data_dir("ares-bench-batch-video-"):
        return _measure(QUICK_ANSWER_S if quick else ANSWER_S, video=True)


def write_video_answer(path: Any, audio: Any, sample_rate: int, frames: Any = None, fps: int = VIDEO_FPS) -> None:
    """An MP4 (MPEG-4 video + AAC audio) with `audio` (mono float) on its track and `frames`
    (RGB 640x480, looped; default: the astronaut's face, 30 frames) at `fps` for as long."""
    from fractions import Fraction

    import av
    import numpy as np

    from core.bench.vision import _frames

    frames = _frames(30) if frames is None else frames
    seconds = audio.size / sample_rate
    with av.open(str(path), mode="w", format="mp4") as out:
        video = out.add_stream("mpeg4", rate=fps)
        video.width, video.height, video.pix_fmt, video.bit_rate = 640, 480, "yuv420p", 2_000_000
        sound = out.add_stream("aac", rate=sample_rate)
        sound.layout = "mono"
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=sample_rate)
        for start in range(0, audio.size, 1024):
            frame = av.AudioFrame.from_ndarray(audio[None, start:start + 1024].astype(np.float32), format="flt",
                                               layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = sample_rate, start, Fraction(1, sample_rate)
            for chunk in resampler.resample(frame):
                for packet in sound.encode(chunk):
                    out.mux(packet)
        for packet in sound.encode(None):
            out.mux(packet)
        for index in range(int(seconds * fps)):
            picture = av.VideoFrame.from_ndarray(np.ascontiguousarray(frames[index % len(frames)]), format="rgb24")
            for packet in video.encode(picture):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)


def bench_batch(quick: bool = True) -> dict[str, Any]:
    with private_data_dir("ares-bench-batch-"):
        return _measure(QUICK_ANSWER_S if quick else ANSWER_S)


def _measure(answer_s: float, *, video: bool = False) -> dict[str, Any]:
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
    for i in range(1 + (VIDEO_ANSWERS if video else BATCH_ANSWERS)):
        audio, _text = make_answer(answer_s)
        name = f"answer-{i:02d}.{'mp4' if video else 'wav'}"
        if video:
            write_video_answer(folder / name, audio, SAMPLE_RATE)
        else:
            sf.write(str(folder / name), audio, SAMPLE_RATE, subtype="PCM_16")
        audio_total += audio.size / SAMPLE_RATE if i else 0.0
        lines.append(f"Tell me about a time you improved a process ({i + 1}).,{name}")
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
    with Session(engine) as db:
        stored = [crud.get_analysis(db, viewer_id=candidate_id, attempt_id=i.attempt_id or 0) for i in final.items]
        attempts = [crud.get_attempt(db, viewer_id=candidate_id, attempt_id=i.attempt_id or 0) for i in final.items]
    vision_s = [float((a.payload.get("timings") or {}).get("vision_s") or 0.0) for a in stored if a is not None]
    extra = {"video": True, "vision_s_per_answer": round(sum(vision_s) / len(vision_s), 2) if vision_s else None,
             "camera_frames_per_answer": round(sum(len(a.vision_timeline or []) for a in attempts) / len(attempts), 1),
             "answers_with_camera": sum(1 for a in stored if a is not None and a.payload.get("vision"))} \
        if video else {}
    return {
        **extra,
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
