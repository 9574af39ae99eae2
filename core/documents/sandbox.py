"""Parse untrusted uploads in a separate process with a time and a memory budget.

Byte limits do not bound work: a 0.6 MB valid DOCX took 54 s to parse, a 2.5 MB one 171 s
and 700 MB, a 7 kB PDF whose 20 pages share one big content stream 34 s — in the web
process, blocking it for everyone. So every upload (the Profile page, the Company library,
the CLI) goes through `extract_untrusted`, which runs `core.documents.extract.
extract_document` in a child process (`python -m core.documents.sandbox_worker`):

- the child limits itself before it reads a byte: `RLIMIT_AS` (address space) =
  `memory_mb`, `RLIMIT_CPU` slightly above the time budget;
- the parent waits `timeout_s` of wall time, then kills the child;
- a kill, a `MemoryError` or a crash becomes `DocumentError("too_complex")` — "this file
  is too complex" — and the web process never held the work.

A fresh interpreter, not a fork: forking the threaded Streamlit process is unsafe, and
multiprocessing's fork server re-runs the parent's `__main__` in each child (under AppTest
that is the page script itself). Requests and replies are JSON, never pickle. The cost is
an interpreter start per upload, measured in BENCHMARKS.md ("document extraction",
in-process vs sandboxed). Where `resource` is missing (Windows) only the time budget
applies.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.documents.extract import DEFAULT_MAX_BYTES, DocumentError, ExtractedDocument, PageText

if TYPE_CHECKING:
    from core.config import Settings

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 30.0  # a 300-page annual report parses in ~10 s on a loaded 2-core machine
DEFAULT_MEMORY_MB = 1024  # address space; real documents peak far below (BENCHMARKS.md)
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
_ENV_PASSED = {"PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT"}


def _document(fields: dict[str, Any]) -> ExtractedDocument:
    pages = [PageText(number=int(p["number"]), text=str(p["text"]), heading=str(p.get("heading", "")))
             for p in fields.get("pages") or []]
    return ExtractedDocument(text=str(fields["text"]), pages=pages, kind=fields["kind"],
                             title=str(fields.get("title", "")), encoding=str(fields.get("encoding", "")),
                             warnings=[str(w) for w in fields.get("warnings") or []])


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
    # A minimal environment: the child reads hostile files, so it gets no keys or passwords
    # from ours; the project must be importable wherever the app runs from.
    env = {k: v for k, v in os.environ.items() if k in _ENV_PASSED}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]))
    request = json.dumps({"filename": filename, "max_bytes": max_bytes}).encode() + b"\n" + data
    process = subprocess.Popen(
        [sys.executable, "-m", "core.documents.sandbox_worker", str(int(memory_mb)), str(float(timeout_s))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=_PROJECT_ROOT, env=env)
    try:
        out, err = process.communicate(request, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        log.warning("document %r exceeded its parsing budget (timeout)", filename)
        raise DocumentError("too_complex", detail=f"timeout; budget {timeout_s:g} s, {memory_mb} MB") from None
    try:
        reply = json.loads(out.decode("utf-8")) if out else {}
    except ValueError:
        reply = {}
    status = reply.get("status")
    if status == "ok":
        return _document(reply["document"])
    if status == "document_error":
        raise DocumentError(str(reply["code"]), str(reply["message_key"]), str(reply.get("detail", "")))
    detail = str(reply.get("detail") or f"exit code {process.returncode}: {err.decode('utf-8', 'replace')[-200:]}")
    log.warning("document %r could not be parsed within its budget: %s", filename, detail)
    raise DocumentError("too_complex", detail=detail)


__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT_S", "extract_untrusted"]
