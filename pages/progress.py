"""Progress: every measure across sessions, retakes of the same question, the story bank."""

import streamlit as st

from core.db import crud
from core.report.charts import trend_lines
from core.report.progress import retake_diffs, session_trends, story_bank
from core.report.retries import tries_by_question_type
from ui import report as view
from ui.auth import require_user
from ui.coaching import my_weaknesses
from ui.context import db_engine, lang, tr
from ui.retry import render_diff
from ui.safe import inert

user = require_user()
uid = int(user.id or 0)
engine = db_engine()
st.title(tr("progress.title"))

owner = view.pick_person(engine, uid, label=tr("progress.whose"))
try:
    trends = session_trends(engine, viewer_id=uid, owner_id=owner)
except crud.AccessDenied:
    view.not_allowed()
if not trends.sessions:
    st.info(tr("progress.empty"))
    st.stop()
my_weaknesses(uid, owner)

trend_tab, retake_tab, story_tab = st.tabs([tr("progress.tab.trends"), tr("progress.tab.retakes"),
                                            tr("progress.tab.stories")])
with trend_tab:
    names = list(trends.units)
    chosen = st.multiselect(tr("progress.measures"), names, default=["score", "content", "delivery", "camera"],
                            format_func=lambda n: tr(f"progress.measure.{n}"), key="trend_measures")
    series = {tr(f"progress.measure.{n}"): [(p.label, p.measures[n]) for p in trends.sessions] for n in chosen}
    st.plotly_chart(trend_lines(series, tr("progress.chart")), key="trend_chart")
    st.dataframe([{"session": p.label, **{tr(f"progress.measure.{n}"): p.measures[n] for n in names}}
                  for p in trends.sessions], hide_index=True)
    st.caption(tr("progress.none_note"))
    competencies = sorted({c for p in trends.sessions for c in p.competencies})
    if competencies:
        by_competency = {view.competency_name(c, lang()): [(p.label, p.competencies.get(c)) for p in trends.sessions]
                         for c in competencies}
        st.plotly_chart(trend_lines(by_competency, tr("progress.chart_competencies")), key="competency_chart")

with retake_tab:
    tries = tries_by_question_type(engine, viewer_id=uid, owner_id=owner)
    if tries:
        st.markdown(f"**{tr('retry.tries_title')}**")
        st.dataframe([{tr("retry.col.type"): tr(f"reader.qtype.{row.question_type}"),
                       tr("retry.col.questions"): row.questions, tr("retry.col.median"): row.median_tries,
                       tr("retry.col.never"): row.never} for row in tries], hide_index=True)
    retakes = retake_diffs(engine, viewer_id=uid, owner_id=owner)
    if not retakes:
        st.info(tr("progress.no_retakes"))
    for i, retake in enumerate(retakes):
        with st.expander(f"{inert(retake.question)} ({tr('progress.attempts', n=retake.attempts)})",
                         expanded=i == 0):
            render_diff(retake.diff, before_label=tr("progress.before"), after_label=tr("progress.after"))

with story_tab:
    bank = story_bank(engine, viewer_id=uid, owner_id=owner, language=lang())
    for story in bank.stories:
        st.markdown(f"**{inert(story.label)}** · {tr('progress.told', n=story.times_told)}")
        if story.claim:
            st.caption(tr("progress.claim", claim=story.claim))
        if story.competencies:
            st.caption(", ".join(view.competency_name(c, lang()) for c in story.competencies))
    if bank.uncovered_competencies:
        st.warning(tr("progress.uncovered", names=", ".join(view.competency_name(c, lang())
                                                            for c in bank.uncovered_competencies)))
