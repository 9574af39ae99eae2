"""The report's exports stay the same: the standalone HTML, the PDF's text and the report
JSON (stored, printed by `python -m core report --json`) of a demo session, compared with
files recorded before the report became typed. Rerecord deliberately with
`GOLDEN_UPDATE=1` when the export is meant to change, and review the diff."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from golden_report import demo_session, normalize

from core.report.build import build_report, load_report
from core.report.html import render_html
from core.report.pdf import find_font, render_pdf

GOLDEN = Path(__file__).parent / "golden"


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GOLDEN_UPDATE") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (GOLDEN_UPDATE=1 rerecords it)"


def _json(report: object) -> str:
    return normalize(json.dumps(report, ensure_ascii=False, indent=1, default=str)) + "\n"


def test_html_export_of_the_demo_session_is_unchanged(db_engine, interview):
    user, session_id = demo_session(db_engine, interview)
    report = build_report(db_engine, viewer_id=user, session_id=session_id)
    _check("report.html", normalize(render_html(report, include_plotlyjs=False)))
    _check("report_ko.html", normalize(render_html(report, "ko", include_plotlyjs=False)))


def test_report_json_of_the_demo_session_is_unchanged(db_engine, interview):
    user, session_id = demo_session(db_engine, interview)
    _check("report.json", _json(build_report(db_engine, viewer_id=user, session_id=session_id).to_dict()))
    stored = load_report(db_engine, viewer_id=user, session_id=session_id, fresh=False)
    assert stored is not None
    _check("report_stored.json", _json(stored.to_dict()))


def test_the_stored_report_exports_the_same_html(db_engine, interview):
    user, session_id = demo_session(db_engine, interview)
    stored = load_report(db_engine, viewer_id=user, session_id=session_id, fresh=False)
    assert stored is not None
    _check("report.html", normalize(render_html(stored, "en", include_plotlyjs=False)))


def _pdf(data: bytes) -> bytes:
    """PDF bytes without what changes between runs (creation date, file id)."""
    data = re.sub(rb"/CreationDate \(D:[^)]*\)", b"/CreationDate ()", data)
    return re.sub(rb"/ID \[<[0-9A-Fa-f]*> ?<[0-9A-Fa-f]*>\]", b"/ID []", data)


def test_pdf_export_of_the_demo_session_is_unchanged(db_engine, interview):
    font = find_font(True)
    if font is None or font.name != "NanumGothic.ttf":
        pytest.skip("the golden PDF was drawn with NanumGothic (apt-get install fonts-nanum)")
    user, session_id = demo_session(db_engine, interview)
    report = build_report(db_engine, viewer_id=user, session_id=session_id)
    data = _pdf(render_pdf(report, "en", font_path=font))
    path = GOLDEN / "report.pdf"
    if os.environ.get("GOLDEN_UPDATE") == "1":
        path.write_bytes(data)
    assert data == path.read_bytes(), "report.pdf changed (GOLDEN_UPDATE=1 rerecords it)"
