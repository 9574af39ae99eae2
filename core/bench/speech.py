"""Speech benchmarks: speech-to-text real-time factor, and the wait for feedback after Stop.

    from core.bench.speech import bench_stt_rtf, bench_feedback_latency
    bench_stt_rtf(quick=True); bench_feedback_latency(quick=True)

Budget on the 2-core dev machine: complete SpeechAnalysis <= 3 s after the end of a 60 s
answer. Test speech is generated with espeak-ng (apt-get install espeak-ng), so the words
are known and a word error rate can be reported. Nothing is downloaded: models come from
the cache or the registry packages (`allow_download=False`).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

BUDGET_FEEDBACK_S = 3.0  # s from end of a 60 s answer to a complete SpeechAnalysis
SAMPLE_RATE = 16_000
ANSWER_SENTENCES = (
    "In my last role I led the migration of our billing system to a new platform.",
    "We planned the work in three phases and agreed on clear goals with the finance team.",
    "I wrote most of the test plan myself, and we ran it every night.",
    "The hardest part was keeping the old system running while customers moved over.",
    "Um, we had one outage in the second phase, and I ran the review the next morning.",
    "After that we added a rollback switch, so each release could be undone in minutes.",
    "By the end, support tickets about billing had dropped by forty percent.",
    "I learned to share bad news early, because the team could help sooner.",
)


def _espeak(text: str, wpm: int = 150) -> np.ndarray:
    from core.media import load_audio

    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is needed to generate benchmark speech (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(wpm), "-w", str(path), text], check=True,
                       capture_output=True)
        audio = load_audio(path)
    loud = np.flatnonzero(np.abs(audio) > 1e-3)
    return audio[loud[0]:loud[-1] + 1] if loud.size else audio


def make_answer(target_s: float) -> tuple[np.ndarray, str]:
    """About `target_s` seconds of espeak-ng speech: sentences with 0.7 s pauses and a 1.6 s
    pause every third sentence, starting after 1 s of think time. Returns (audio, text)."""
    pieces = [np.zeros(SAMPLE_RATE, np.float32)]
    spoken: list[str] = []
    total = SAMPLE_RATE
    index = 0
    while total < target_s * SAMPLE_RATE:
        sentence = ANSWER_SENTENCES[index % len(ANSWER_SENTENCES)]
        speech = _espeak(sentence)
        gap = np.zeros(int((1.6 if index % 3 == 2 else 0.7) * SAMPLE_RATE), np.float32)
        pieces += [speech, gap]
        spoken.append(sentence)
        total += speech.size + gap.size
        index += 1
    audio = np.concatenate(pieces)[: int(target_s * SAMPLE_RATE)]
    return audio, " ".join(spoken)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Approximate WER (1 - matched words / reference words) via difflib alignment."""
    ref, hyp = _tokens(reference), _tokens(hypothesis)
    if not ref:
        return 0.0
    matcher = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return round(1 - matched / max(len(ref), len(hyp)), 3)


def _available_models() -> list[tuple[str, Any]]:
    """(label, ModelLocation) for the configured model and the two packaged ones."""
    from core.config import get_settings
    from core.speech.models import ModelUnavailable, resolve_model

    settings = get_settings()
    found: dict[str, Any] = {}
    for name in (settings.stt_model, "base", "tiny.en"):
        try:
            location = resolve_model(settings.model_copy(update={"stt_model": name}), "en", allow_download=False)
        except ModelUnavailable:
            continue
        found.setdefault(str(location.path), (name if name != "auto" else f"auto={location.name}", location))
    return list(found.values())


def bench_stt_rtf(quick: bool = False) -> dict[str, Any]:
    """Real-time factor (transcription time / audio time) of each available whisper model on
    an espeak-ng answer, with load time, CPU time and word error rate."""
    from core.config import get_settings
    from core.speech.models import load_whisper_model
    from core.speech.stt import WhisperSTT

    settings = get_settings()
    audio_s = 15.0 if quick else 30.0
    audio, text = make_answer(audio_s)
    repeats = 1 if quick else 3
    results: dict[str, Any] = {}
    for label, location in _available_models():
        started = time.perf_counter()
        model = load_whisper_model(str(location.path), settings.stt_compute_type, settings.stt_threads)
        load_s = time.perf_counter() - started
        stt = WhisperSTT(model=model, model_id=location.name)
        stt.transcribe(audio[: SAMPLE_RATE * 3], "en")  # warm-up
        walls, cpus, transcript = [], [], None
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            transcript = stt.transcribe(audio, "en")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        wall_s = float(np.median(walls))
        results[label] = {
            "path_source": location.source,
            "load_s": round(load_s, 2),
            "transcribe_s": round(wall_s, 2),
            "cpu_s": round(float(np.median(cpus)), 2),
            "rtf": round(wall_s / audio_s, 3),
            "wer": word_error_rate(text, transcript.text if transcript else ""),
        }
    return {"audio_s": audio_s, "compute_type": settings.stt_compute_type, "threads": settings.stt_threads,
            "repeats": repeats, "load_avg_1m": round(os.getloadavg()[0], 2), "models": results}


def bench_feedback_latency(quick: bool = False) -> dict[str, Any]:
    """Feed a 60 s answer through ChunkedTranscriber, then time Stop -> finish() ->
    analyze_speech().

    Full: fed in real time (0.5 s blocks, 60 s of wall time). Quick: simulated real time —
    fed at once, then we wait until the chunks cut so far are transcribed (what real time
    gives the worker when it keeps up: `worker_busy_s` < `answer_s`) before pressing Stop.
    """
    from core.speech import ChunkedTranscriber, analyze_speech, get_stt
    from core.speech.acoustics import warm_up

    answer_s = 60.0
    audio, text = make_answer(answer_s)
    load_started = time.perf_counter()
    stt = get_stt(language="en", allow_download=False)  # the app preloads this (st.cache_resource)
    load_s = time.perf_counter() - load_started
    block = SAMPLE_RATE // 2  # the recorder hands over 0.5 s blocks
    transcriber = ChunkedTranscriber(stt, "en")
    started = time.perf_counter()
    for index, start in enumerate(range(0, audio.size, block)):
        transcriber.feed(audio[start:start + block])
        if not quick:
            time.sleep(max(0.0, started + (index + 1) * 0.5 - time.perf_counter()))
    if quick:
        transcriber.wait_idle()
    busy_before_stop = transcriber.busy_s
    stop, stop_cpu = time.perf_counter(), time.process_time()
    transcript = transcriber.finish()
    finished = time.perf_counter()
    warm_up()  # already done on the worker; a no-op here
    analysis = analyze_speech(transcriber.audio(), transcript=transcript)
    done, done_cpu = time.perf_counter(), time.process_time()
    result: dict[str, Any] = {
        "answer_s": answer_s,
        "feeding": "simulated real time" if quick else "real time",
        "worker_busy_s": round(busy_before_stop, 2),
        "keeps_up": busy_before_stop < answer_s,
        "model": getattr(stt, "model_id", ""),
        "model_load_s": round(load_s, 2),
        "chunks": transcriber.chunks_submitted,
        "finish_s": round(finished - stop, 2),
        "analysis_s": round(done - finished, 2),
        "feedback_s": round(done - stop, 2),
        # CPU seconds of this process (all threads) between Stop and the result: independent of
        # other load on the machine; on an idle 2-core box the wall time is about cpu_s / 1.5.
        "feedback_cpu_s": round(done_cpu - stop_cpu, 2),
        "budget_s": BUDGET_FEEDBACK_S,
        "within_budget": (done - stop) <= BUDGET_FEEDBACK_S,
        "wer": word_error_rate(text, transcript.text),
        "wpm": None if analysis.pace.words_per_min is None else round(analysis.pace.words_per_min, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    if not quick:
        one_shot = time.perf_counter()
        analyze_speech(audio, language="en", stt=stt)
        result["one_shot_after_stop_s"] = round(time.perf_counter() - one_shot, 2)
    return result
