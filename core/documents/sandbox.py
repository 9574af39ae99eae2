"""Parse untrusted uploads in a separate process with a time and a memory budget.

Byte limits do not bound work: a 0.6 MB valid DOCX took 54 s to parse, a 2.5 MB one 171 s
and 700 MB, a 7 kB PDF whose 20 pages share one big content stream 34 s — in the web
process, blocking it for everyone. So every upload (the Profile page, the Company library,
the CLI) goes through `extract_untrusted`, which runs `core.documents.extract.
extract_document` in a child process:

- the child gets `RLIMIT_AS` (address space) = `memory_mb` and `RLIMIT_CPU` slightly above
  the time budget, set in the child before it reads a byte;
- the parent waits `timeout_s` of wall time, then kills the child;
- a kill, a `MemoryError` or a crash becomes `DocumentError("too_complex")` — "this file
  is too complex" — and the web process never held the work.

Children are forked from a `forkserver` that imported the extractor once (a clean,
single-threaded parent: forking the threaded Streamlit process itself is unsafe), so a
parse costs a fork, not an interpreter start. Measured in BENCHMARKS.md ("document
extraction", in-process vs sandboxed). Where `resource` is missing (Windows) only the
time budget applies.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from core.documents.extract import DEFAULT_MAX_BYTES, DocumentError, ExtractedDocument, extract_document

if TYPE_CHECKING:
    from core.config import Settings

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 30.0  # a 300-page annual report parses in ~10 s on a loaded 2-core machine
DEFAULT_MEMORY_MB = 1024  # address space; real documents peak far below (BENCHMARKS.md)
_CPU_GRACE_S = 5  # RLIMIT_CPU is a backstop; the wall-clock timeout normally fires first
_KILL_WAIT_S = 5.0

_CONTEXT_LOCK = threading.Lock()
_context: Any = None


def _mp_context() -> Any:
    """The forkserver context, preloading the extractor (started once per process)."""
    global _context
    with _CONTEXT_LOCK:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:
                _context = multiprocessing.get_context("forkserver")
                _context.set_forkserver_preload(["core.documents.sandbox_preload"])
            else:  # Windows
                _context = multiprocessing.get_context("spawn")
        return _context


def _limit_resources(memory_mb: int, timeout_s: float) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the wall-clock timeout still applies
        return
    memory = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(timeout_s) + _CPU_GRACE_S
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _ran_out_of_memory(exc: BaseException, memory_mb: int) -> bool:
    """A parser error caused by the memory limit rather than by the file: libxml2 reports a
    failed allocation as an "unknown" XML syntax error, which the extractor calls corrupt.
    Decided by a MemoryError in the cause chain, or a peak resident size above half the
    budget (no real document gets near it: BENCHMARKS.md)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, MemoryError):
            return True
        cause = cause.__cause__ or cause.__context__
    try:
        import resource
    except ImportError:
        return False
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return peak_mb >= memory_mb / 2


def _child(conn: Connection, data: bytes, filename: str, max_bytes: int, memory_mb: int, timeout_s: float) -> None:
    """Runs in the child: limits first, then the extraction; one message back."""
    try:
        _limit_resources(memory_mb, timeout_s)
        doc = extract_document(data, filename, max_bytes=max_bytes)
        conn.send(("ok", doc))
    except DocumentError as exc:  # sent as fields: the exception's own pickling loses them
        if _ran_out_of_memory(exc, memory_mb):
            conn.send(("too_complex", f"memory: {exc.detail}"[:300]))
        else:
            conn.send(("document_error", exc.code, exc.message_key, exc.detail))
    except MemoryError:
        conn.send(("too_complex", "memory"))
    except BaseException as exc:  # noqa: BLE001 - any other failure is reported, never re-raised here
        conn.send(("crash", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


def extract_untrusted(data: bytes, filename: str = "", *, settings: Settings | None = None,
                      max_bytes: int | None = None, timeout_s: float | None = None,
                      memory_mb: int | None = None) -> ExtractedDocument:
    """`extract_document(data, filename)` in a child process within `timeout_s` (wall clock)
    and `memory_mb` (address space). Unset limits come from `settings`
    (ARES_MAX_UPLOAD_MB, ARES_PARSE_TIMEOUT_S, ARES_PARSE_MEMORY_MB), else the defaults here.

    Raises `DocumentError` with the extractor's own codes, or code "too_complex" (message
    key `documents.error.too_complex`) when the budget runs out or the parser crashes.
    Cheap checks (size, emptiness) run here first, without a process.
    """
    if settings is not None:
        max_bytes = max_bytes or (settings.max_upload_mb * 1024 * 1024 if settings.max_upload_mb else None)
        timeout_s = timeout_s or settings.parse_timeout_s
        memory_mb = memory_mb or settings.parse_memory_mb
    max_bytes = max_bytes or DEFAULT_MAX_BYTES
    timeout_s = timeout_s or DEFAULT_TIMEOUT_S
    memory_mb = memory_mb or DEFAULT_MEMORY_MB
    if len(data) > max_bytes:
        raise DocumentError("too_large", detail=f"{len(data)} bytes > {max_bytes}")
    if not data.strip():
        raise DocumentError("empty", detail=filename)
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, data, filename, max_bytes, memory_mb, timeout_s),
                              daemon=True)
    process.start()
    sender.close()
    try:
        # The reply can be large (the whole text): read it as soon as it is ready, or the
        # child would block on a full pipe and look like a timeout.
        message = receiver.recv() if receiver.poll(timeout_s) else None
    except EOFError:  # the child died without a word (killed by a limit)
        message = None
    finally:
        receiver.close()
    if process.is_alive():
        process.kill()
    process.join(_KILL_WAIT_S)
    if message is None:
        reason = "timeout" if process.exitcode in (None, -9) else f"exit code {process.exitcode}"
        log.warning("document %r exceeded its parsing budget (%s)", filename, reason)
        raise DocumentError("too_complex", detail=f"{reason}; budget {timeout_s:g} s, {memory_mb} MB")
    status = message[0]
    if status == "ok":
        doc: ExtractedDocument = message[1]
        return doc
    if status == "document_error":
        _, code, key, detail = message
        raise DocumentError(code, key, detail)
    log.warning("document %r could not be parsed within its budget: %s", filename, message[1:])
    raise DocumentError("too_complex", detail=str(message[1]))


__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT_S", "extract_untrusted"]
