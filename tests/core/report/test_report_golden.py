"""The report's exports stay the same: the standalone HTML, the PDF's text and the report
JSON (stored, printed by `python -m core report --json`) of a demo session, compared with
files recorded before the report became typed. Rerecord deliberately with
`GOLDEN_UPDATE=1` when the export is meant to change, and review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

from golden_report import demo_session, normalize

from core.report.build import build_report, load_report
from core.report.html import render_html

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
    report = build_report(db_engine, viewer_id=user, session_id=session_id).to_dict()
    _check("report.html", normalize(render_html(report, include_plotlyjs=False)))
    _check("report_ko.html", normalize(render_html(report, "ko", include_plotlyjs=False)))


def test_report_json_of_the_demo_session_is_unchanged(db_engine, interview):
    user, session_id = demo_session(db_engine, interview)
    _check("report.json", _json(build_report(db_engine, viewer_id=user, session_id=session_id).to_dict()))
    stored = load_report(db_engine, viewer_id=user, session_id=session_id, fresh=False)
    assert stored is not None
    _check("report_stored.json", _json(stored.to_dict()))
