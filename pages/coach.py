"""Coaching: link a coach and a candidate by username (one asks, the other accepts; either
can end it); a coach reviews linked candidates' reports from one screen, comments on
answers and may override a score."""

import streamlit as st

from core.db import crud
from core.report import coach as coaching
from core.report.build import load_report
from core.report.types import AnswerReport
from ui import report as view
from ui.auth import require_user
from ui.coaching import share_choice
from ui.contest import render_queue
from ui.context import db_engine, lang, media_store, tr
from ui.safe import trs

user = require_user()
uid = int(user.id or 0)
engine = db_engine()
st.title(tr("coach.title"))


def run(action, *args, **kwargs) -> bool:
    """Run a coaching action; show its message key on a user mistake."""
    try:
        action(*args, **kwargs)
        return True
    except coaching.CoachingError as exc:
        st.error(tr(exc.key))
    except crud.AccessDenied:
        st.error(tr("common.not_allowed"))
    return False


st.subheader(tr("coach.links"))
with st.form("invite", clear_on_submit=True):
    other = st.text_input(tr("coach.invite_username"))
    left, right = st.columns(2)
    as_my_coach = left.form_submit_button(tr("coach.link.invite_my_coach"))
    as_my_candidate = right.form_submit_button(tr("coach.link.invite_my_candidate"))
    if (as_my_coach or as_my_candidate) and other.strip():
        if run(coaching.invite_by_username, engine, inviter_id=uid, username=other, as_coach=as_my_candidate):
            st.success(tr("coach.link.requested"))
links = coaching.list_link_views(engine, user_id=uid)
is_coach = user.role == "coach" or any(link.i_am_coach for link in links)
for link in links:
    other_name = link.candidate if link.i_am_coach else link.coach
    role_key = "coach.row.candidate" if link.i_am_coach else "coach.row.coach"
    cols = st.columns([3, 2, 1, 1])
    cols[0].write(trs(role_key, name=other_name))
    status = ("coach.link.waiting_for_you" if link.can_accept else "coach.link.waiting_for_them") \
        if link.status == "invited" else f"coach.status.{link.status}"
    cols[1].write(tr(status))
    if link.can_accept and cols[2].button(tr("coach.accept"), key=f"accept_{link.link_id}"):
        run(coaching.accept, engine, user_id=uid, link_id=link.link_id)
        st.rerun()
    if link.can_end:
        label = ("coach.decline" if link.can_accept else "coach.withdraw") if link.status == "invited" \
            else ("coach.leave" if link.i_am_coach else "coach.revoke")
        if cols[3].button(tr(label), key=f"revoke_{link.link_id}"):
            run(coaching.end, engine, user_id=uid, link_id=link.link_id)
            st.rerun()
    if not link.i_am_coach and link.status == "accepted":
        share_choice(uid, link.link_id)
if not links:
    st.caption(tr("coach.no_links"))

if not is_coach:
    st.stop()

st.divider()
render_queue(engine, uid)
st.divider()
st.subheader(tr("coach.candidates"))
overview = coaching.coach_overview(engine, coach_id=uid)
if not overview:
    st.info(tr("coach.no_candidates"))
    st.stop()
rows = [{tr("coach.col.candidate"): c.username, tr("coach.col.session"): f"#{s.id} {s.company} · {s.role}",
         tr("coach.col.status"): s.status, tr("coach.col.overall"): s.overall}
        for c in overview for s in c.sessions]
choices = [(c.username, s) for c in overview for s in c.sessions]
if not choices:
    st.caption(tr("nu19.coach.no_shared_sessions"))
    st.stop()
st.dataframe(rows, hide_index=True)
pick = st.selectbox(tr("coach.open_session"), range(len(choices)), key="coach_session",
                    format_func=lambda i: f"{choices[i][0]} · #{choices[i][1].id} {choices[i][1].company}")
session_id = choices[pick][1].id
try:
    report = load_report(engine, viewer_id=uid, session_id=session_id)
except crud.AccessDenied:
    view.not_allowed()


def comment_form(answer: AnswerReport) -> None:
    attempt_id = answer.attempt_id
    with st.form(f"comment_{attempt_id}", clear_on_submit=True):
        text = st.text_area(tr("coach.comment"), key=f"comment_text_{attempt_id}")
        override = st.checkbox(tr("coach.override"), key=f"override_on_{attempt_id}")
        score = st.number_input(tr("coach.score"), 0, 100, int(answer.ai_score or 50), key=f"override_{attempt_id}")
        if st.form_submit_button(tr("coach.save_comment")):
            if run(coaching.comment_on_answer, engine, coach_id=uid, attempt_id=attempt_id, text=text,
                   score_override=float(score) if override else None):
                st.rerun()


if report is None:
    view.not_allowed()
view.score_line(tr("report.overall"), report.overall)
for index, (number, answer) in enumerate(zip(report.answer_numbers(), report.answers, strict=True)):
    view.render_answer(answer, index, lang(), media_store(), comment_form=comment_form, number=number)
