"""Contestable scores on the report: what cost points (with the sentence or moment), the
candidate's "I disagree" form, the disagreements and the coach's answers; the coach's queue.

Widgets only: `core.report.contest` decides and stores. User text goes through `ui.safe`
(inert Markdown)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.engine import Engine

from core.db import crud
from core.report.coach import CoachingError
from core.report.contest import coach_queue, disagree, reply_to_dispute
from core.report.types import AnswerReport
from ui.context import tr
from ui.safe import inert, trs


def _when(seconds: float | None) -> str:
    return f" · {int(seconds) // 60}:{int(seconds) % 60:02d}" if seconds is not None else ""


def render_losses(answer: AnswerReport) -> None:
    """Each loss of points, largest first, with the quoted sentence or the moment."""
    st.markdown(f"**{tr('contest.losses')}**")
    if not answer.losses:
        st.caption(tr("contest.no_losses"))
        return
    for loss in answer.losses:
        quote = f" — “{inert(loss.quote[:200])}”" if loss.quote else ""
        st.markdown(f"- {inert(loss.text)}{quote}{_when(loss.start_s)}")


def render_disputes(answer: AnswerReport) -> None:
    """The candidate's disagreements with their status and the coach's answer."""
    for dispute in answer.disputes:
        st.markdown(f"🗨 {trs('contest.your_reason', reason=dispute.reason)}")
        if dispute.status == "answered":
            st.markdown(trs("contest.coach_reply", reply=dispute.reply))
            if dispute.score_override is not None:
                st.caption(tr("contest.coach_override", score=f"{dispute.score_override:g}"))
        elif dispute.has_coach:
            st.caption(tr("contest.waiting_coach"))
        else:
            st.caption(tr("contest.no_coach"))


def disagree_form(engine: Engine, user_id: int) -> Callable[[AnswerReport], None]:
    """The "I disagree" form for the owner's answers (passed to `ui.report.render_answer`)."""

    def form(answer: AnswerReport) -> None:
        attempt_id = answer.attempt_id
        with st.popover(tr("contest.disagree")), st.form(f"disagree_{attempt_id}", clear_on_submit=True):
            reason = st.text_area(tr("contest.reason"), key=f"disagree_reason_{attempt_id}", max_chars=2000)
            if st.form_submit_button(tr("contest.send")):
                try:
                    view = disagree(engine, user_id=user_id, attempt_id=attempt_id, reason=reason)
                except CoachingError as exc:
                    st.error(tr(exc.key))
                    return
                except crud.AccessDenied:
                    st.error(tr("common.not_allowed"))
                    return
                st.success(tr("contest.sent_coach" if view.has_coach else "contest.sent_report"))
                st.rerun()

    return form


def render_queue(engine: Engine, coach_id: int) -> None:
    """The coach's open disagreements, each with a reply form and an optional new score."""
    st.subheader(tr("contest.queue"))
    queue = coach_queue(engine, coach_id=coach_id)
    if not queue:
        st.caption(tr("contest.queue_empty"))
        return
    for entry in queue:
        score = "—" if entry.ai_score is None else f"{entry.ai_score:g}"
        st.markdown(trs("contest.queue_item", candidate=entry.candidate, score=score, question=entry.question))
        st.markdown(f"> {inert(entry.reason)}")
        with st.form(f"dispute_{entry.dispute_id}", clear_on_submit=True):
            st.caption(inert(entry.transcript[:600]))
            reply = st.text_area(tr("contest.reply"), key=f"dispute_reply_{entry.dispute_id}")
            change = st.checkbox(tr("contest.override"), key=f"dispute_change_{entry.dispute_id}")
            new_score = st.number_input(tr("coach.score"), 0, 100, int(entry.ai_score or 50),
                                        key=f"dispute_score_{entry.dispute_id}")
            if st.form_submit_button(tr("contest.send_reply")):
                try:
                    reply_to_dispute(engine, coach_id=coach_id, dispute_id=entry.dispute_id, reply=reply,
                                     score_override=float(new_score) if change else None)
                except CoachingError as exc:
                    st.error(tr(exc.key))
                    continue
                except crud.AccessDenied:
                    st.error(tr("common.not_allowed"))
                    continue
                st.success(tr("contest.answered"))
                st.rerun()
