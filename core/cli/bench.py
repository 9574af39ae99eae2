"""`python -m core bench [--json] [--quick] [--only NAME...]`: measure speed on this machine.

Each benchmark runs in turn; one that fails is reported with its error and the rest
still run. Results are printed as a table (or JSON with the keys BENCHMARKS.md explains).
"""

from __future__ import annotations

import argparse
import importlib
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from core.cli import print_json

# name -> (module, function); each function takes quick: bool and returns a dict.
BENCHMARKS: dict[str, tuple[str, str]] = {
    "analyzer": ("core.bench.vision", "bench_analyzer"),
    "concurrent_sessions": ("core.bench.vision", "bench_concurrent"),
    "stt": ("core.bench.speech", "bench_stt_rtf"),
    "speech_after_stop": ("core.bench.speech", "bench_feedback_latency"),
    "pitch": ("core.bench.speech", "bench_pitch"),
    "feedback": ("core.bench.answer", "bench_answer_feedback"),
    "batch": ("core.bench.batch", "bench_batch"),
    "batch_video": ("core.bench.batch", "bench_batch_video"),
    "rag": ("core.bench.rag", "bench_rag"),
    "resume": ("core.bench.resume", "bench_resume"),
    "reader": ("core.bench.reader", "bench_reader"),
    "documents": ("core.bench.documents", "bench_documents"),
    "cold_start": ("core.bench.system", "bench_cold_start"),
    "peak_rss": ("core.bench.system", "bench_peak_rss"),
    "load": ("core.bench.load", "bench_load"),
    "browser": ("core.bench.browser", "bench_browser"),
    "resampler": ("core.bench.libraries", "bench_resampler"),
    "keyword_index": ("core.bench.libraries", "bench_keyword_index"),
}


# Run only when named with --only: minutes long and needs Chromium + a network namespace.
OPT_IN = frozenset({"browser"})


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="measure speed and memory on this machine (see BENCHMARKS.md)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run only these benchmarks")
    parser.set_defaults(handler=run)


def _machine() -> dict[str, Any]:
    import os

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            check=False).stdout.strip()
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit, "cpu": cpu,
            "cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def run(args: argparse.Namespace) -> int:
    selected = args.only or [name for name in BENCHMARKS if name not in OPT_IN]
    results: dict[str, Any] = {"machine": _machine(), "command": "python -m core bench " + " ".join(sys.argv[2:])}
    for name in selected:
        module_name, function_name = BENCHMARKS[name]
        sys.stderr.write(f"… {name}\n")
        started = time.perf_counter()
        try:
            function: Callable[..., dict[str, Any]] = getattr(importlib.import_module(module_name), function_name)
            results[name] = function(quick=args.quick)
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        results[name]["wall_s"] = round(time.perf_counter() - started, 1)
    if args.json:
        print_json(results)
    else:
        _print_table(results)
    return 0


def _print_table(results: dict[str, Any]) -> None:
    machine = results["machine"]
    sys.stdout.write(f"{machine['date']} · commit {machine['commit']} · {machine['cpu']} · {machine['cores']} cores\n")
    for name, values in results.items():
        if name in ("machine", "command"):
            continue
        flat = ", ".join(f"{k}={v}" for k, v in values.items() if not isinstance(v, dict | list))
        sys.stdout.write(f"{name:20} {flat}\n")
