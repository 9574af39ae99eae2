"""Reports: one interview's scores, charts, answers (playable from each feedback moment),
answer guides, exports, and the user's data controls."""

import streamlit as st
from sqlmodel import Session

from core.coaching.assignments import visible_measures_for_session
from core.coaching.visibility import hide_measures
from core.db import crud
from core.export import delete_account, delete_session, export_user_data_bytes
from core.report.build import load_report
from core.report.retries import choose_attempt
from ui import report as view
from ui.auth import require_user
from ui.contest import disagree_form
from ui.context import app_settings, db_engine, lang, media_store, tr

user = require_user()
uid = int(user.id or 0)
engine, settings = db_engine(), app_settings()
st.title(tr("reports.title"))

with Session(engine) as db:
    sessions = list(crud.list_sessions(db, viewer_id=uid))
if not sessions:
    st.info(tr("reports.empty"))
    st.stop()

session_id = view.pick_session(sessions, label=tr("reports.pick"))
try:
    report = load_report(engine, viewer_id=uid, session_id=session_id)
except crud.AccessDenied:
    view.not_allowed()
# A coach's assignment may hide measures from the candidate (the coach still sees them all).
report = hide_measures(report, visible_measures_for_session(engine, viewer_id=uid, session_id=session_id)) \
    if report else report
if report is None or not report.answers:
    st.info(tr("reports.no_answers"))
    st.stop()

ui_lang = lang()
overview, answers, exports = st.tabs([tr("reports.tab.overview"), tr("reports.tab.answers"),
                                      tr("reports.tab.export")])
with overview:
    view.render_overview(report, ui_lang)
with answers:
    own = report.session.user_id == uid

    def pick(question_id: int, attempt_id: int | None) -> None:  # which attempt counts (default: the last)
        choose_attempt(engine, user_id=uid, session_id=session_id, question_id=question_id, attempt_id=attempt_id)

    for index, (number, answer) in enumerate(zip(report.answer_numbers(), report.answers, strict=True)):
        view.render_answer(answer, index, ui_lang, media_store(),
                           disagree_form=disagree_form(engine, uid) if own else None,
                           pick_attempt=pick if own else None, number=number)
    view.render_guides(report)
with exports:
    view.render_exports(report, ui_lang, session_id)
    st.divider()
    st.subheader(tr("reports.your_data"))
    st.download_button(tr("reports.export_all"), on_click="ignore", mime="application/zip",
                       data=lambda: export_user_data_bytes(engine, settings, user_id=uid),
                       file_name=f"ares-{user.username}-data.zip", key="export_all")
    sure = st.checkbox(tr("reports.delete_session_confirm"), key="delete_session_sure")
    if st.button(tr("reports.delete_session"), key="delete_session", disabled=not sure):
        delete_session(engine, settings, user_id=uid, session_id=session_id)
        st.session_state.pop(view.SESSION_KEY, None)
        st.success(tr("common.deleted"))
        st.rerun()
    confirm = st.text_input(tr("reports.delete_account_confirm", username=user.username), key="delete_confirm")
    if st.button(tr("reports.delete_account"), type="primary", disabled=confirm != user.username,
                 key="delete_account"):
        delete_account(engine, settings, user_id=uid)
        view.logout_after_deletion()
        st.success(tr("reports.account_deleted"))
        st.stop()
