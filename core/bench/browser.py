"""The browser benchmark (issue 18): `scripts/bench_browser.py` run as a child process.

    python -m core bench --only browser [--quick]

Real Chromium with a fake camera and microphone drives the app inside a private network
namespace; it measures Stop → summary and Next → question per answer (five answers of
20–60 s), the cold start next to a bare Streamlit page, and the live transcript's word
error rate next to a whole-file transcription. The script lives under `scripts/` because
it reuses the browser test's helpers (`tests/e2e/`), which `core` must not import. Needs
Chromium, iproute2, espeak-ng, sox and root (or unprivileged user namespaces).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_browser.py"
TIMEOUT_S = 3_900  # the script's own bound (RUN_TIMEOUT_S, 3,600 s) plus its start and the transcriptions for WER


def bench_browser(quick: bool = True) -> dict[str, Any]:
    """Run the browser benchmark; its JSON result (see the script's docstring for the keys)."""
    command = [sys.executable, str(SCRIPT), "--json", *(["--quick"] if quick else [])]
    # stderr is passed through: the script reports each step as it goes (minutes in all).
    proc = subprocess.run(command, cwd=SCRIPT.parents[1], stdout=subprocess.PIPE, text=True, timeout=TIMEOUT_S,
                          check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"browser benchmark failed (exit {proc.returncode}); its steps and error are on stderr, "
                           "screenshot and server logs in the temp dir's ares-bench-browser/")
    result: dict[str, Any] = json.loads(lines[-1])
    return result
