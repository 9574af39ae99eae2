"""The parsing sandbox's child process: `python -m core.documents.sandbox_worker MEMORY_MB TIMEOUT_S`.

It limits itself first (address space, CPU time), then reads one request from stdin — a
JSON header line {"filename", "max_bytes"} followed by the file's bytes — runs
`extract_document`, and writes one JSON reply to stdout. JSON both ways (never pickle): a
parser bug exploited by the file could at worst forge a reply, not run code in the parent.
Started only by `core.documents.sandbox`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

_CPU_GRACE_S = 5  # RLIMIT_CPU is a backstop; the parent's wall-clock timeout normally fires first


def limit_resources(memory_mb: int, timeout_s: float) -> None:
    try:
        import resource
    except ImportError:  # not on this platform (Windows): the parent's timeout still applies
        return
    memory = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(timeout_s) + _CPU_GRACE_S
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def ran_out_of_memory(exc: BaseException, memory_mb: int) -> bool:
    """A parser error caused by the memory limit rather than by the file: libxml2 reports a
    failed allocation as an "unknown" XML syntax error, which the extractor calls corrupt.
    Decided by a MemoryError in the cause chain, or a peak resident size above half the
    budget (no real document gets near it: BENCHMARKS.md)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, MemoryError):
            return True
        cause = cause.__cause__ or cause.__context__
    peak_mb = own_peak_rss_mb()
    return peak_mb is not None and peak_mb >= memory_mb / 2


def own_peak_rss_mb() -> float | None:
    """This process's own peak resident size in MB, or None where it cannot be read.

    VmHWM (/proc/self/status) belongs to the address space and starts afresh at exec;
    `ru_maxrss` does not: Linux keeps it across fork + execve (getrusage(2)), so a worker
    started by a big parent (the app or a test run with models loaded) would report the
    parent's peak and every "corrupt" verdict would read as a memory failure."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return None


def handle(stream: Any, memory_mb: int) -> dict[str, Any]:
    from core.documents.extract import DocumentError, extract_document

    header = json.loads(stream.readline())
    data = stream.read()
    try:
        doc = extract_document(data, str(header.get("filename", "")), max_bytes=int(header["max_bytes"]))
    except DocumentError as exc:
        # Only a "corrupt" verdict can hide a failed allocation (see ran_out_of_memory). A
        # judgement of the content (scanned, garbled, encrypted, empty...) is the answer even
        # when the peak size looks high: Linux keeps ru_maxrss across fork + exec, so a
        # worker started by a big parent (the app with its models) inherits the parent's peak.
        if exc.code == "corrupt" and ran_out_of_memory(exc, memory_mb):
            return {"status": "too_complex", "detail": f"memory: {exc.detail}"[:300]}
        return {"status": "document_error", "code": exc.code, "message_key": exc.message_key, "detail": exc.detail}
    except MemoryError:
        return {"status": "too_complex", "detail": "memory"}
    return {"status": "ok", "document": asdict(doc)}


def main() -> int:
    memory_mb, timeout_s = int(sys.argv[1]), float(sys.argv[2])
    limit_resources(memory_mb, timeout_s)  # before a byte of the file is read
    try:
        reply = handle(sys.stdin.buffer, memory_mb)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never a traceback
        reply = {"status": "crash", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    sys.stdout.write(json.dumps(reply, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
