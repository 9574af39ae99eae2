"""Speech benchmarks: speech-to-text real-time factor, and the wait for feedback after Stop.

    from core.bench.speech import bench_stt_rtf, bench_feedback_latency, bench_pitch
    bench_stt_rtf(quick=True); bench_feedback_latency(quick=True); bench_pitch(quick=True)

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


def make_answer(target_s: float, *, stop_after_s: float = 1.5) -> tuple[np.ndarray, str]:
    """`target_s` seconds: think time (>= 1 s), espeak-ng sentences with 0.7 s pauses (1.6 s
    after every third), whole sentences only, and Stop exactly `stop_after_s` after the
    last word. Returns (audio, text)."""
    limit = int((target_s - stop_after_s) * SAMPLE_RATE)
    pieces = [np.zeros(SAMPLE_RATE, np.float32)]
    spoken: list[str] = []
    total = SAMPLE_RATE
    index = 0
    while True:
        sentence = ANSWER_SENTENCES[index % len(ANSWER_SENTENCES)]
        speech = _espeak(sentence)
        if total + speech.size > limit and spoken:
            break
        gap = np.zeros(int((1.6 if index % 3 == 2 else 0.7) * SAMPLE_RATE), np.float32)
        pieces += [speech, gap]
        spoken.append(sentence)
        total += speech.size + gap.size
        index += 1
    pieces[-1] = np.zeros(int(stop_after_s * SAMPLE_RATE), np.float32)  # silence between last word and Stop
    slack = int(target_s * SAMPLE_RATE) - sum(p.size for p in pieces)
    pieces[0] = np.zeros(SAMPLE_RATE + max(0, slack), np.float32)  # the rest goes to the think time
    return np.concatenate(pieces)[: int(target_s * SAMPLE_RATE)], " ".join(spoken)


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
    analyze_speech(), for Stop 1.5 s after the last word and Stop right after it (0.2 s).

    Full: fed in real time (0.5 s blocks, 60 s of wall time each). Quick: simulated real
    time — after each 0.5 s block we wait until the worker is idle (what real time gives it
    when it keeps up, i.e. `worker_busy_s` < `answer_s`).
    """
    from core.speech import get_stt

    load_started = time.perf_counter()
    stt = get_stt(language="en", allow_download=False)  # the app preloads this (st.cache_resource)
    load_s = time.perf_counter() - load_started
    result: dict[str, Any] = {"model": getattr(stt, "model_id", ""), "model_load_s": round(load_s, 2),
                              "budget_s": BUDGET_FEEDBACK_S,
                              "feeding": "simulated real time" if quick else "real time"}
    for label, stop_after in (("stop_1_5s_after_last_word", 1.5), ("stop_0_2s_after_last_word", 0.2)):
        result[label] = _feedback_once(stt, quick=quick, stop_after_s=stop_after)
    result["feedback_s"] = max(result[k]["feedback_s"] for k in result if k.startswith("stop_"))
    result["within_budget"] = result["feedback_s"] <= BUDGET_FEEDBACK_S
    if not quick:
        audio, _text = make_answer(60.0)
        from core.speech import analyze_speech

        one_shot = time.perf_counter()
        analyze_speech(audio, language="en", stt=stt)
        result["one_shot_after_stop_s"] = round(time.perf_counter() - one_shot, 2)
    result["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return result


def feed_as_spoken(transcriber: Any, audio: np.ndarray, *, simulated: bool, block: int = SAMPLE_RATE // 2) -> None:
    """Hand `audio` over in 0.5 s blocks as the recorder does: in real time, or (simulated)
    letting the worker finish after each block, which is what real time gives it when it
    keeps up."""
    started = time.perf_counter()
    for index, start in enumerate(range(0, audio.size, block)):
        transcriber.feed(audio[start:start + block])
        if simulated:
            transcriber.wait_idle()
        else:
            time.sleep(max(0.0, started + (index + 1) * block / SAMPLE_RATE - time.perf_counter()))


def _feedback_once(stt: Any, *, quick: bool, stop_after_s: float) -> dict[str, Any]:
    from core.speech import ChunkedTranscriber, analyze_speech

    answer_s = 60.0
    audio, text = make_answer(answer_s, stop_after_s=stop_after_s)
    block = SAMPLE_RATE // 2  # the recorder hands over 0.5 s blocks
    transcriber = ChunkedTranscriber(stt, "en")
    feed_as_spoken(transcriber, audio, simulated=quick, block=block)
    busy_before_stop = transcriber.busy_s
    stop, stop_cpu = time.perf_counter(), time.process_time()
    transcript = transcriber.finish()
    finished = time.perf_counter()
    analysis = analyze_speech(transcriber.audio(), transcript=transcript)
    done, done_cpu = time.perf_counter(), time.process_time()
    return {
        "answer_s": answer_s,
        "worker_busy_s": round(busy_before_stop, 2),
        "keeps_up": busy_before_stop < answer_s,
        "chunks": transcriber.chunks_submitted,
        "pause_cuts": transcriber.pause_cuts,
        "tail": transcriber.tail_report.tail if transcriber.tail_report is not None else None,
        "finish_s": round(finished - stop, 2),
        "analysis_s": round(done - finished, 2),
        "feedback_s": round(done - stop, 2),
        # CPU seconds of this process (all threads) between Stop and the result: independent
        # of other load on the machine.
        "feedback_cpu_s": round(done_cpu - stop_cpu, 2),
        "wer": word_error_rate(text, transcript.text),
        "wpm": None if analysis.pace.words_per_min is None else round(analysis.pace.words_per_min, 1),
    }


def bench_pitch(quick: bool = False) -> dict[str, Any]:
    """Our numpy YIN (`core.speech.acoustics.yin`) against librosa.yin, the reference, on a
    60 s espeak-ng answer: median wall and CPU seconds of 5 calls each, alternated so both see
    the same load (librosa warm), each one's first call in the process timed apart (librosa's
    import and first call compile numba kernels unless its disk cache under the data dir is
    filled: run with a fresh ARES_DATA_DIR for a fresh install), and the frame-wise agreement.
    `quick` is accepted for the CLI; the run is the same."""
    from core.numba_cache import exclusive
    from core.speech.acoustics import FRAME_S, HOP_S, PITCH_FMAX_HZ, PITCH_FMIN_HZ, frame_features, yin

    audio, _text = make_answer(60.0)

    def reference() -> np.ndarray:
        import librosa

        return np.asarray(librosa.yin(audio, fmin=PITCH_FMIN_HZ, fmax=PITCH_FMAX_HZ, sr=SAMPLE_RATE,
                                      frame_length=round(FRAME_S * SAMPLE_RATE),
                                      hop_length=round(HOP_S * SAMPLE_RATE), center=True))

    started, cpu = time.perf_counter(), time.process_time()
    ours = yin(audio, SAMPLE_RATE)
    ours_first = {"wall_s": round(time.perf_counter() - started, 3), "cpu_s": round(time.process_time() - cpu, 3)}
    started, cpu = time.perf_counter(), time.process_time()
    with exclusive():
        ref = reference()
    first = {"wall_s": round(time.perf_counter() - started, 2), "cpu_s": round(time.process_time() - cpu, 2)}
    timings: dict[str, list[tuple[float, float]]] = {"numpy_yin": [], "librosa_yin_warm": []}
    for _ in range(5):
        for name, call in (("numpy_yin", lambda: yin(audio, SAMPLE_RATE)), ("librosa_yin_warm", reference)):
            started, cpu = time.perf_counter(), time.process_time()
            call()
            timings[name].append((time.perf_counter() - started, time.process_time() - cpu))
    rel = np.abs(ours / ref - 1)
    voiced = frame_features(audio, SAMPLE_RATE).voiced[:ref.size]
    result: dict[str, Any] = {"audio_s": round(audio.size / SAMPLE_RATE, 2), "frames": int(ref.size), "repeats": 5}
    for name, pairs in timings.items():
        result[f"{name}_s"] = round(float(np.median([w for w, _ in pairs])), 4)
        result[f"{name}_cpu_s"] = round(float(np.median([c for _, c in pairs])), 4)
    result.update({
        "numpy_yin_first_call": ours_first, "librosa_import_and_first_call": first, "voiced_frames": int(voiced.sum()),
        "max_rel_diff": float(rel.max()),
        "voiced_within_1pct": float(np.mean(rel[voiced] <= 0.01)) if voiced.any() else None,
        "median_voiced_hz": {"numpy": round(float(np.median(ours[voiced])), 3),
                             "librosa": round(float(np.median(ref[voiced])), 3)} if voiced.any() else None,
        "load_avg_1m": round(os.getloadavg()[0], 2)})
    return result
