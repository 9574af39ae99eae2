"""HTML pieces of a report: transcript highlights and the standalone export.

Every piece of user text (answers, questions, company passages, coach comments) is escaped
with `html.escape` before it is placed in markup; only our own tags are emitted. The
standalone file inlines plotly.js once, so its charts work offline.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime

from core.feedback.types import FeedbackItem, Score
from core.i18n import t
from core.report import charts
from core.report.types import SessionReport

GRADE_CLASS = {"good": "good", "average": "average", "needs_improvement": "weak", None: "info"}
# Inline colours too: the same markup is shown inside Streamlit, where our stylesheet is absent.
MARK_COLORS = {"good": "#c8e6c9", "average": "#fff3c4", "weak": "#ffcdd2", "info": "#e0e0e0"}
_PRIORITY = {"needs_improvement": 0, "average": 1, "good": 2, None: 3}


def highlight_segments(transcript: str, feedback: Sequence[FeedbackItem]) -> list[tuple[str, FeedbackItem | None]]:
    """Split a transcript into (text, feedback item or None) pieces for highlighting.

    Spans come from the items' evidence (char offsets); overlaps are resolved in favour of
    the more serious grade, and whole-answer spans are skipped (they would mark everything).
    """
    n = len(transcript)
    owner: list[FeedbackItem | None] = [None] * n
    items = [f for f in feedback if f.evidence.char_start is not None and f.evidence.char_end]
    items.sort(key=lambda f: _PRIORITY.get(f.grade, 3), reverse=True)
    for item in items:
        start, end = max(0, int(item.evidence.char_start or 0)), min(n, int(item.evidence.char_end or 0))
        if end - start >= n * 0.9 and n > 40:
            continue
        for i in range(start, end):
            owner[i] = item
    pieces: list[tuple[str, FeedbackItem | None]] = []
    i = 0
    while i < n:
        j = i
        while j < n and owner[j] is owner[i]:
            j += 1
        pieces.append((transcript[i:j], owner[i]))
        i = j
    return pieces


def transcript_html(transcript: str, feedback: Sequence[FeedbackItem]) -> str:
    """The transcript as escaped HTML with <mark> around the moments feedback points at."""
    out = []
    for text, item in highlight_segments(transcript or "", feedback):
        if item is None:
            out.append(html.escape(text))
        else:
            css = GRADE_CLASS.get(item.grade, "info")
            out.append(f'<mark class="{css}" style="background:{MARK_COLORS[css]}" '
                       f'title="{html.escape(item.text, quote=True)}">{html.escape(text)}</mark>')
    return "".join(out)


_CSS = """
body{font-family:-apple-system,"Segoe UI","Noto Sans KR","Malgun Gothic",sans-serif;max-width:980px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.5}
h1,h2,h3{line-height:1.25} .muted{color:#666;font-size:.9em}
.score{display:inline-block;padding:.1em .5em;border-radius:.4em;color:#fff;font-weight:600}
.score.good{background:#2e7d32}.score.average{background:#f9a825;color:#222}.score.weak{background:#c62828}
.score.info{background:#9e9e9e}
mark.good{background:#c8e6c9}mark.average{background:#fff3c4}mark.weak{background:#ffcdd2}mark.info{background:#e0e0e0}
.answer{border:1px solid #ddd;border-radius:.5em;padding:1em;margin:1em 0}
.item{margin:.3em 0}.item .when{color:#666;font-size:.85em}
blockquote{border-left:3px solid #bbb;margin:.3em 0;padding-left:.8em;color:#444}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
"""


def _score_badge(score: Score | None, lang: str) -> str:
    if score is None or score.value is None:
        return f'<span class="score info">{html.escape(t("grade.not_measured", lang))}</span>'
    label = t(f"grade.{score.band}", lang) if score.band else ""
    return f'<span class="score {GRADE_CLASS.get(score.band, "info")}">{score.value:g} · {html.escape(label)}</span>'


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def render_html(report: SessionReport, lang: str | None = None, *, include_plotlyjs: bool | str = True) -> str:
    """A standalone HTML document of the report (charts work offline with the default
    `include_plotlyjs=True`, which inlines plotly.js once)."""
    lang = lang or report.language
    esc = html.escape
    session = report.session
    parts: list[str] = []
    title = t("report.title_for", lang, company=session.company or "-", role=session.role or "-")
    parts.append(f"<h1>{esc(title)}</h1>")
    parts.append(f'<p class="muted">{esc(t("persona." + session.persona, lang))} · '
                 f'{esc((session.created_at or "")[:16])} · '
                 f'{esc(t("report.generated", lang, at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")))}</p>')
    overall = report.overall
    parts.append(f"<h2>{esc(t('report.overall', lang))} {_score_badge(overall, lang)}</h2>")
    parts.append(f'<p class="muted">{esc(overall.explanation if overall else "")}</p>')
    # Charts: plotly.js inlined with the first one only.
    first = True
    for fig in charts.report_figures(report, lang).values():
        parts.append(fig.to_html(full_html=False, include_plotlyjs=include_plotlyjs if first else False))
        first = False
    # Score tables with explanations
    rows = []
    for key, score in report.competency_scores.items():
        rows.append(f"<tr><td>{esc(charts._label(key, lang))}</td><td>{_score_badge(score, lang)}</td>"
                    f"<td>{esc(score.explanation)}</td></tr>")
    for key, score in report.stage_scores.items():
        rows.append(f"<tr><td>{esc(t('stage.' + key, lang))}</td><td>{_score_badge(score, lang)}</td>"
                    f"<td>{esc(score.explanation)}</td></tr>")
    if rows:
        parts.append(f"<h2>{esc(t('report.scores', lang))}</h2><table>{''.join(rows)}</table>")
    if report.not_assessed:
        names = ", ".join(charts._label(k, lang) for k in report.not_assessed)
        parts.append(f'<p class="muted">{esc(t("report.not_assessed", lang, names=names))}</p>')
    for values, heading in ((report.strengths, "report.strengths"), (report.weaknesses, "report.weaknesses"),
                            (report.practice_next, "report.practice_next")):
        if values:
            items = "".join(f"<li>{esc(v)}</li>" for v in values)
            parts.append(f"<h2>{esc(t(heading, lang))}</h2><ul>{items}</ul>")
    # Answers
    parts.append(f"<h2>{esc(t('report.answers', lang))}</h2>")
    for number, answer in zip(report.answer_numbers(), report.answers, strict=True):
        ai = answer.answer_score
        coach = answer.coach_score
        block = [f'<div class="answer"><h3>Q{number}. {esc(answer.question)}</h3>',
                 f"<p>{esc(t('report.ai_score', lang))}: {_score_badge(ai, lang)}"]
        if coach is not None:
            block.append(f" · {esc(t('report.coach_score', lang))}: <strong>{coach:g}</strong>")
        block.append("</p>")
        if ai.explanation:
            block.append(f'<p class="muted">{esc(ai.explanation)}</p>')
        block.append(f"<p>{transcript_html(answer.transcript, answer.feedback)}</p>")
        if answer.speech is not None:
            block.append(charts.pauses_and_fillers(answer, lang).to_html(full_html=False, include_plotlyjs=False))
        if answer.vision_timeline:
            camera = charts.gaze_and_posture(answer.vision_timeline, lang)
            block.append(camera.to_html(full_html=False, include_plotlyjs=False))
        block.append("<ul>")
        for item in answer.feedback:
            when = _fmt_time(item.evidence.start_s)
            badge = t(f"grade.{item.grade}", lang) if item.grade else t("report.note", lang)
            block.append(f'<li class="item"><strong>{esc(badge)}</strong> {esc(item.text)} '
                         f'<em>{esc(item.next_step)}</em>'
                         + (f' <span class="when">@ {when}</span>' if when else ""))
            passage = item.evidence.passage  # the company passage (or resume claim) as retrieved
            if passage and passage.text:
                block.append(f"<blockquote>{esc(passage.text[:400])}"
                             f"<br><span class='muted'>{esc(passage.source)}</span></blockquote>")
            block.append("</li>")
        block.append("</ul>")
        for comment in answer.comments:
            override = comment.score_override
            block.append(f"<blockquote>{esc(t('report.coach_comment', lang))}: {esc(comment.text)}"
                         + (f" ({override:g})" if override is not None else "") + "</blockquote>")
        block.append("</div>")
        parts.append("".join(block))
    if report.answer_guides:
        parts.append(f"<h2>{esc(t('report.guides', lang))}</h2>")
        for guide in report.answer_guides:
            lines = "".join(f"<li><strong>{esc(t('outline.part.' + o.part, lang))}</strong>: {esc(o.text)} "
                            f"<span class='muted'>({esc(t('report.guide.from.' + o.source, lang))})</span></li>"
                            for o in guide.outline)
            parts.append(f"<h3>{esc(guide.question)}</h3><ol>{lines}</ol>")
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n")
