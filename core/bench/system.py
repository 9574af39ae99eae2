"""Whole-app benchmarks: cold start and peak memory.

- `cold_start_s`: from spawning `streamlit run Home.py` to the first rendered page. With
  Chromium on the machine the page is loaded in headless Chromium and timed until the
  login page's title is drawn; without it, until the server answers `/` (marked so).
- `peak_rss_mb`: a fresh process loads every model the app uses (speech-to-text, the
  embedding model, both MediaPipe landmarkers) and runs one live session's worth of work
  (frames through the analyzer, an answer through transcription), then reports its peak
  resident memory (ru_maxrss).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from core.config import PROJECT_ROOT

BUDGET_COLD_START_S = 5.0
BUDGET_PEAK_RSS_MB = 1200.0
_SERVER_WAIT_S = 90.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_cold_start(quick: bool = True) -> dict[str, Any]:
    """Time from starting the app process to the first rendered page (demo data already
    loaded once, so this is a normal restart). The browser is started before the clock, as a
    user's browser is already open; with no Chromium, the time to the first HTTP answer."""
    port = _free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="ares-bench-start-"))
    env = {**os.environ, "ARES_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "core", "demo"], env=env, cwd=PROJECT_ROOT, capture_output=True,
                   timeout=600, check=False)
    command = [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    url = f"http://127.0.0.1:{port}/"
    try:
        if chromium:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=[
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
                page = browser.new_page()
                start, server = _start_server(command, env)
                try:
                    server_ready = _wait_healthy(url, start)
                    page.goto(url)
                    page.get_by_text("ARES Interview Coach").first.wait_for(timeout=60_000)
                    rendered = time.perf_counter() - start
                finally:
                    _stop(server)
                    browser.close()
            method = "chromium"
        else:
            start, server = _start_server(command, env)
            try:
                server_ready = rendered = _wait_healthy(url, start)
            finally:
                _stop(server)
            method = "http"
        return {"cold_start_s": round(rendered, 2), "server_ready_s": round(server_ready, 2), "method": method,
                "budget_s": BUDGET_COLD_START_S, "within_budget": rendered <= BUDGET_COLD_START_S}
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _start_server(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.Popen[bytes]]:
    start = time.perf_counter()
    return start, subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)


def _wait_healthy(url: str, start: float) -> float:
    while time.perf_counter() < start + _SERVER_WAIT_S:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.05)
    return time.perf_counter() - start


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


_PEAK_SCRIPT = r"""
import json, resource, sys, time
import numpy as np
report = {}
from core.config import get_settings
settings = get_settings()
steps = []
try:
    from core.speech.models import load_whisper_model
except Exception:
    load_whisper_model = None
if load_whisper_model is not None:
    for language in ("en", "ko"):
        try:
            load_whisper_model(settings, language=language)
            steps.append(f"whisper:{language}")
        except Exception as exc:
            steps.append(f"whisper:{language} failed {exc}")
try:
    from core.rag.embeddings import resolve_embedder
    resolve_embedder(settings).embed_documents(["warm up the embedder", "임베딩 준비"])
    steps.append("embedder")
except Exception as exc:
    steps.append(f"embedder failed {exc}")
try:
    from core.vision.analyzer import FrameAnalyzer
    frame = np.zeros((480, 640, 3), dtype=np.uint8)
    try:
        from skimage import data
        face = data.astronaut()[:400, 100:420]
        frame[40:440, 160:480] = face[:400, :320]
    except Exception:
        pass
    with FrameAnalyzer(settings) as analyzer:
        for i in range(90):
            analyzer.analyze(frame, i / 30.0)
    steps.append("vision")
except Exception as exc:
    steps.append(f"vision failed {exc}")
try:
    import shutil
    if shutil.which("espeak-ng"):
        from core.bench.speech import make_answer
        from core.speech import analyze_speech, get_stt
        audio, _ = make_answer(30.0)
        analyze_speech(audio, language="en", stt=get_stt(settings, "en"))
        steps.append("answer transcribed and analysed (30 s)")
except Exception as exc:
    steps.append(f"speech failed {exc}")
report["steps"] = steps
report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print(json.dumps(report))
"""


def bench_peak_rss(quick: bool = True) -> dict[str, Any]:
    """Peak resident memory of one process with every model loaded and one session's work."""
    result = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=900, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"peak_rss_mb": None, "error": result.stderr.strip().splitlines()[-1:] or ["no output"]}
    payload = json.loads(lines[-1])
    payload["peak_rss_mb"] = round(payload["peak_rss_mb"], 1)
    payload["budget_mb"] = BUDGET_PEAK_RSS_MB
    return payload


def own_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
