"""Report building and exports: scores with explanations, guides, offline HTML, PDF."""

from __future__ import annotations

import re

from report_answers import STRONG, WEAK

from core.feedback.types import FeedbackItem
from core.report.build import build_report, load_report
from core.report.html import highlight_segments, render_html, transcript_html
from core.report.pdf import find_font, render_pdf

EVIL = "<img src=x onerror=alert(1)> " + WEAK


def test_report_has_every_part_with_explanations_and_guides(db_engine, new_user, interview):
    user = new_user(db_engine)
    session_id = interview(db_engine, user, [STRONG, WEAK, WEAK])
    report = load_report(db_engine, viewer_id=user, session_id=session_id, fresh=False)
    assert report is not None
    assert report.to_dict() == build_report(db_engine, viewer_id=user, session_id=session_id).to_dict() | {
        "session": report.session.to_dict()}
    assert len(report.answers) == 3
    for score in [report.overall, *report.stage_scores.values(), *report.competency_scores.values()]:
        assert score.explanation and score.band in ("good", "average", "needs_improvement")
    assert report.strengths and report.weaknesses and len(report.practice_next) == 3
    guide = report.answer_guides[0]
    assert guide.score == min(a.score for a in report.answers)
    # The reader's outline: every STAR part in order (several sentences may fill one part).
    parts = list(dict.fromkeys(o.part for o in guide.outline if o.part != "reflection"))
    assert parts == ["situation", "task", "action", "result"]
    assert {o.source for o in guide.outline} <= {"answer", "resume", "prompt"}


def test_html_export_inlines_plotly_once_and_escapes_user_text(db_engine, new_user, interview):
    user = new_user(db_engine)
    session_id = interview(db_engine, user, [EVIL, STRONG])
    html = render_html(build_report(db_engine, viewer_id=user, session_id=session_id))
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(" in html
    assert not re.search(r"<script[^>]*\bsrc=", html)  # no external script: charts work offline
    assert html.count("plotly.js v") >= 1 and len(html) > 1_000_000  # the library itself is inside
    # competencies, stages, answer scores; typed answers: no speaking-rate chart (finding s22 #7)
    assert len(re.findall(r'class="plotly-graph-div"', html)) == 3


def test_highlights_prefer_the_more_serious_item_and_escape():
    text = "We did <b>it</b>. As a result sales rose 10%."
    feedback = [FeedbackItem.from_dict(item) for item in (
        {"grade": "good", "text": "ok", "evidence": {"char_start": 0, "char_end": len(text) - 1}},
        {"grade": "needs_improvement", "text": "we", "evidence": {"char_start": 0, "char_end": 2}})]
    pieces = highlight_segments(text, feedback)
    assert pieces[0] == ("We", feedback[1])
    out = transcript_html(text, feedback)
    assert "&lt;b&gt;" in out and '<mark class="weak"' in out


def test_pdf_export_renders_korean_when_a_font_is_installed(db_engine, new_user, interview):
    user = new_user(db_engine)
    answer = "저는 물류팀에서 배차 시스템을 개선했고 그 결과 지연이 30% 줄었습니다."
    session_id = interview(db_engine, user, [answer], lang="ko")
    report = build_report(db_engine, viewer_id=user, session_id=session_id)
    if find_font(True) is None:
        import pytest

        pytest.skip("no Korean font (apt-get install fonts-nanum)")
    data = render_pdf(report, "ko")
    assert data.startswith(b"%PDF") and len(data) > 5_000
