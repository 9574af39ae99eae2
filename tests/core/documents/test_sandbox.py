"""Uploads are parsed in a separate process with a time and a memory budget (issue 16, item 6).

Before: a 7 kB PDF or a 1.4 MB DOCX kept the web process busy for minutes (and hundreds of
MB). Now the Profile page, the Company library and the CLI all parse through
`core.documents.sandbox.extract_untrusted`; an input over budget is refused with one
clear "too complex" message and the caller's process never does the work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rag_doc_builders import text_pdf
from slow_builders import repeated_docx, shared_stream_pdf

from core.config import get_settings
from core.documents import DocumentError, extract_document
from core.documents.sandbox import extract_untrusted
from core.i18n import t
from core.rag.service import extract_upload
from core.resume.service import read_upload

ROOT = Path(__file__).resolve().parents[3]
# Budgets far below the work (minutes, hundreds of MB), far above a normal parse under load.
TIME_BUDGET_S = 5.0
MEMORY_BUDGET_MB = 300


@pytest.fixture(scope="module")
def slow_pdf() -> bytes:
    return shared_stream_pdf()


@pytest.fixture(scope="module")
def big_docx() -> bytes:
    return repeated_docx()


def test_a_small_pdf_that_is_minutes_of_work_is_stopped_at_the_time_budget(slow_pdf):
    assert len(slow_pdf) < 10_000
    with pytest.raises(DocumentError) as caught:
        extract_untrusted(slow_pdf, "report.pdf", timeout_s=TIME_BUDGET_S)
    assert caught.value.code == "too_complex" and "timeout" in caught.value.detail
    assert caught.value.message_key == "documents.error.too_complex"
    assert "too complex" in t(caught.value.message_key, "en")


def test_a_docx_that_needs_hundreds_of_mb_is_stopped_at_the_memory_budget(big_docx):
    assert len(big_docx) < 3_000_000
    with pytest.raises(DocumentError) as caught:
        extract_untrusted(big_docx, "cv.docx", memory_mb=MEMORY_BUDGET_MB, timeout_s=120)
    assert caught.value.code == "too_complex"


def test_normal_documents_come_back_exactly_as_the_in_process_extractor_reads_them():
    pdf = text_pdf(["Northwind Robotics builds warehouse robots.\nRevenue grew 12% in 2025."], title="Annual")
    for data, name in ((pdf, "a.pdf"), (b"Plain notes about Acme.\n\nSecond paragraph.", "n.txt")):
        assert extract_untrusted(data, name) == extract_document(data, name)


def test_the_extractors_own_errors_keep_their_codes():
    with pytest.raises(DocumentError) as caught:
        extract_untrusted(b"%PDF-1.4 not really", "bad.pdf")
    assert caught.value.code == "corrupt" and caught.value.message_key == "documents.error.corrupt"
    with pytest.raises(DocumentError) as caught:
        extract_untrusted(b"x" * 100, "big.txt", max_bytes=10)
    assert caught.value.code == "too_large"


def test_the_company_library_and_the_profile_parse_in_the_sandbox(slow_pdf, monkeypatch):
    monkeypatch.setenv("ARES_PARSE_TIMEOUT_S", str(TIME_BUDGET_S))
    get_settings.cache_clear()
    settings = get_settings()
    for parse in (lambda: extract_upload(slow_pdf, "report.pdf", settings),
                  lambda: read_upload(slow_pdf, "cv.pdf", settings)):
        with pytest.raises(DocumentError) as caught:
            parse()
        assert caught.value.code == "too_complex"


def test_the_cli_refuses_a_too_complex_file_with_one_clear_line(slow_pdf, tmp_path, monkeypatch):
    path = tmp_path / "cv.pdf"
    path.write_bytes(slow_pdf)
    env = {**__import__("os").environ, "ARES_PARSE_TIMEOUT_S": str(TIME_BUDGET_S)}
    proc = subprocess.run([sys.executable, "-m", "core", "analyze-resume", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 2, proc.stderr
    assert "too complex" in proc.stderr and "Traceback" not in proc.stderr


def test_a_big_parent_does_not_turn_a_corrupt_file_into_too_complex():
    """Linux keeps ru_maxrss across fork + exec: a worker started by a process that once held
    more than half the memory budget (the app with its models; a long test run) must still
    report the file's own verdict."""
    script = (
        "import sys\n"
        "big = bytearray(700 * 1024 * 1024)\n"  # above half of the 1024 MB default budget
        "for i in range(0, len(big), 4096): big[i] = 1\n"
        "from core.documents import DocumentError\n"
        "from core.documents.sandbox import extract_untrusted\n"
        "try:\n"
        "    extract_untrusted(b'%PDF-1.4 not really', 'bad.pdf')\n"
        "except DocumentError as exc:\n"
        "    print(exc.code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.stdout.strip() == "corrupt", proc.stderr[-500:]
