"""Report widgets: scores, charts, answers with playable moments, lists, exports.

Owns the session-state key `report_session_id` (the Practice page sets it when an
interview finishes, so the Reports page opens on that session). Every piece of user text
goes through `ui.safe` (plain text, or Markdown with every construct escaped); no HTML.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from core.feedback.types import Score
from core.interview.competencies import competency_label
from core.report import charts
from core.report.labels import join_label
from core.report.types import AnswerReport, SessionReport
from core.storage import MediaStore, StorageKeyError
from ui import safe
from ui.context import tr
from ui.safe import inert

log = logging.getLogger(__name__)

SESSION_KEY = "report_session_id"
_BADGE_COLOR = {"good": "green", "average": "orange", "needs_improvement": "red", None: "gray"}


def badge(grade: str | None) -> str:
    """A coloured grade badge in Streamlit markdown (text, so it never depends on emoji fonts)."""
    label = tr(f"grade.{grade}") if grade else tr("report.note")
    return f":{_BADGE_COLOR.get(grade, 'gray')}-badge[{label}]"


def _fmt(seconds: float | None) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}" if seconds is not None else ""


def score_line(label: str, score: Score | None) -> None:
    """A score with its band and, underneath, how it was computed."""
    value = score.value if score is not None else None
    shown = f"{value:g}/100" if value is not None else tr("grade.not_measured")
    st.markdown(f"**{label}** {shown} {badge(score.band) if score is not None and value is not None else ''}")
    if score is not None and score.explanation:
        st.caption(inert(score.explanation))


def pick_session(sessions: list[Any], *, label: str, key: str = "report_pick") -> int | None:
    """A select box of sessions (newest first); starts on `report_session_id` when set."""
    if not sessions:
        return None
    ids = [int(s.id) for s in sessions]
    wanted = st.session_state.get(SESSION_KEY)
    index = ids.index(int(wanted)) if wanted is not None and int(wanted) in ids else 0
    def name(s: Any) -> str:  # only the parts the session has (no "-" for a missing company)
        parts = [f"#{s.id}", (s.options or {}).get("company_name", ""), s.role or "", f"{s.created_at:%Y-%m-%d}",
                 tr(f"home.status.{s.status}") if s.status in ("active", "finished", "abandoned") else s.status]
        return join_label(parts)

    names = {int(s.id): name(s) for s in sessions}
    chosen = st.selectbox(label, ids, index=index, format_func=lambda i: names[i], key=key)
    st.session_state[SESSION_KEY] = chosen
    return int(chosen) if chosen is not None else None


def render_overview(report: SessionReport, lang: str) -> None:
    st.caption(tr("mode.report", mode=tr(f"mode.{report.session.mode or 'practice'}")))
    score_line(tr("report.overall"), report.overall)
    figures = charts.report_figures(report, lang)
    left, right = st.columns(2)
    with left:
        st.plotly_chart(figures["competency"], key="chart_competency")
    with right:
        st.plotly_chart(figures["stages"], key="chart_stages")
    st.plotly_chart(figures["answers"], key="chart_answers")
    if "pace" in figures:
        st.plotly_chart(figures["pace"], key="chart_pace")
    else:  # typed answers only: no speaking rate was measured (finding s22 #7)
        st.caption(tr("s22.report.no_spoken_answers"))
    with st.expander(tr("report.scores")):
        for key, score in report.competency_scores.items():
            score_line(competency_label(key, lang), score)
        for key, score in report.stage_scores.items():
            score_line(tr(f"stage.{key}"), score)
    if report.unanswered:
        st.caption(tr("reports.unanswered", n=len(report.unanswered)))
    if report.not_assessed:
        st.caption(tr("report.not_assessed", names=", ".join(competency_label(k, lang)
                                                              for k in report.not_assessed)))
    for values, heading in ((report.strengths, "report.strengths"), (report.weaknesses, "report.weaknesses"),
                            (report.practice_next, "report.practice_next")):
        if values:
            st.subheader(tr(heading))
            for value in values:
                st.markdown(f"- {inert(value)}")


def _audio(answer: AnswerReport, media: MediaStore, index: int) -> None:
    """The recording, playable from any feedback moment (`st.audio(start_time=...)`).

    Played from bytes, on both storage backends: Streamlit serves them from its own origin,
    so playback works even when the browser cannot reach the bucket's endpoint.
    """
    key = answer.audio_path
    try:
        data = media.read_bytes(key) if key else None
    except (FileNotFoundError, StorageKeyError):
        data = None
    except OSError:  # storage unreachable (S3 down, mount gone): say so, the rest of the report stays
        log.warning("recording %s could not be read", key, exc_info=True)
        st.caption(tr("report.audio_unavailable"))
        return
    if data is None:
        if answer.mode != "text":
            st.caption(tr("reports.no_recording"))
        return
    moments = [(0.0, tr("reports.from_start"))]
    for item in answer.feedback:
        if item.evidence.start_s is not None:
            moments.append((item.evidence.start_s, f"{_fmt(item.evidence.start_s)} · {item.text[:60]}"))
    choice = st.selectbox(tr("reports.play_from"), range(len(moments)), format_func=lambda i: moments[i][1],
                          key=f"moment_{answer.attempt_id}_{index}")
    st.audio(data, format="audio/wav", start_time=int(moments[choice][0]))


def render_answer(answer: AnswerReport, index: int, lang: str, media: MediaStore,
                  comment_form: Callable[[AnswerReport], None] | None = None,
                  disagree_form: Callable[[AnswerReport], None] | None = None,
                  pick_attempt: Callable[[int, int | None], None] | None = None, number: str | None = None) -> None:
    """One answer: scores (AI and coach) with what cost points, disagreements, recording,
    highlighted transcript, feedback, outline, every attempt (`pick_attempt`: the owner
    chooses the one that counts), charts. `number` is the question's label (`SessionReport.answer_numbers`),
    else the answer's place in the list."""
    from ui import contest
    from ui.outline import render_outline
    from ui.retry import render_attempts

    title = f"Q{number or index + 1}. {inert(answer.question)}"
    with st.expander(title, expanded=index == 0):
        score_line(tr("report.ai_score"), answer.answer_score)
        if answer.coach_score is not None:
            st.markdown(f"**{tr('report.coach_score')}** {answer.coach_score:g}/100")
        contest.render_losses(answer)
        contest.render_disputes(answer)
        if disagree_form is not None and answer.ai_score is not None:
            disagree_form(answer)
        if answer.status == "failed":
            st.warning(safe.trs("reports.failed", error=answer.error))
        _audio(answer, media, index)
        # Inert Markdown with highlight directives: user text never becomes markup.
        safe.transcript(answer.transcript, answer.feedback)
        for item in answer.feedback:
            when = f" · {_fmt(item.evidence.start_s)}" if item.evidence.start_s is not None else ""
            st.markdown(f"{badge(item.grade)} {inert(item.text)}{when}")
            st.caption(inert(item.next_step))
            passage = item.evidence.passage  # the company passage (or resume claim) as retrieved
            if passage and passage.text:
                st.caption(f"“{inert(passage.text[:300])}” — {inert(passage.source)}")
        render_outline(answer.analysis.outline)
        render_attempts(answer, pick_attempt)
        persona = answer.analysis.persona_summary
        if persona is not None and persona.improve:
            st.info(inert(persona.improve))
        if answer.speech is not None:
            st.plotly_chart(charts.pauses_and_fillers(answer, lang), key=f"timeline_{index}")
        if answer.vision_timeline:
            st.plotly_chart(charts.gaze_and_posture(answer.vision_timeline, lang), key=f"camera_{index}")
        for comment in answer.comments:
            override = comment.score_override
            st.markdown(f"💬 **{tr('report.coach_comment')}**: {inert(comment.text, multiline=True)}"
                        + (f" ({override:g})" if override is not None else ""))
        if comment_form is not None:
            comment_form(answer)


def render_guides(report: SessionReport) -> None:
    if not report.answer_guides:
        return
    st.subheader(tr("report.guides"))
    for guide in report.answer_guides:
        st.markdown(f"**{inert(guide.question)}**")
        for part in guide.outline:
            st.markdown(f"- **{tr('outline.part.' + part.part)}**: {inert(part.text)} "
                        f"_({tr('report.guide.from.' + part.source)})_")
        if guide.strong_answer:
            st.caption(inert(guide.strong_answer, multiline=True))


def render_exports(report: SessionReport, lang: str, session_id: int) -> None:
    """HTML (charts offline) and PDF downloads, built only when clicked."""
    from core.report.html import render_html
    from core.report.pdf import PdfFontMissing, find_font, render_pdf

    left, right = st.columns(2)
    with left:
        st.download_button(tr("reports.export_html"), data=lambda: render_html(report, lang),
                           file_name=f"ares-report-{session_id}.html", mime="text/html", on_click="ignore",
                           key=f"html_{session_id}")
    with right:
        if find_font(lang == "ko") is None:
            st.caption(tr(PdfFontMissing.message_key))
        else:
            st.download_button(tr("reports.export_pdf"), data=lambda: render_pdf(report, lang),
                               file_name=f"ares-report-{session_id}.pdf", mime="application/pdf",
                               on_click="ignore", key=f"pdf_{session_id}")


def competency_name(key: str, lang: str) -> str:
    return competency_label(key, lang)


def pick_person(engine: Any, viewer_id: int, *, label: str) -> int:
    """The viewer, or (for a coach) one of their accepted candidates."""
    from sqlmodel import Session

    from core.db import crud

    with Session(engine) as db:
        candidate_ids = crud.accepted_candidate_ids(db, coach_id=viewer_id)
        names = {viewer_id: tr("progress.me")}
        for cid in candidate_ids:
            other = crud.get_user(db, user_id=cid)
            if other is not None:
                names[cid] = other.username
    if len(names) == 1:
        return viewer_id
    return int(st.selectbox(label, list(names), format_func=lambda i: names[i], key="progress_person"))


def logout_after_deletion() -> None:
    for key in ("ares_user_id", "authentication_status", "username", "name", SESSION_KEY):
        st.session_state.pop(key, None)


def not_allowed() -> None:
    st.error(tr("common.not_allowed"))
    st.stop()


__all__ = ["SESSION_KEY", "not_allowed", "pick_session", "render_answer", "render_exports",
           "render_guides", "render_overview", "score_line"]
