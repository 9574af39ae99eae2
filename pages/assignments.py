"""Assignments (coach): give linked candidates practice sets, define rubrics, see who has
started, finished or is late, and analyse recorded answers in the background."""

import streamlit as st

from core.coaching import batch
from core.coaching.assignments import list_assignments
from core.coaching.rubrics import list_rubrics, score_session
from ui import coaching as view
from ui.auth import require_user
from ui.context import app_settings, db_engine, tr
from ui.safe import inert

user = require_user()
uid = int(user.id or 0)
engine = db_engine()
st.title(tr("coaching.assignments.title"))
candidates = view.linked_candidates(uid)
if not candidates:
    st.info(tr("coaching.no_candidates"))
    st.stop()

# A restarted server picks up the coach's unfinished jobs (or marks them interrupted).
batch.resume_stale_jobs(engine, app_settings(), coach_id=uid, service=view.service())
assignments = list_assignments(engine, coach_id=uid)
rubrics = list_rubrics(engine, coach_id=uid)
give_tab, rubric_tab, batch_tab = st.tabs([tr("coaching.tab.assignments"), tr("coaching.tab.rubrics"),
                                           tr("coaching.tab.batch")])
with give_tab:
    view.created_notice()
    view.assignment_table(assignments)
    with st.expander(tr("coaching.form.new"), expanded=not assignments):
        view.assignment_form(uid, candidates, rubrics)
    scored = [(a, m) for a in assignments if a.rubric_id for m in a.members if m.session_id]
    if scored:
        st.subheader(tr("coaching.rubric.results"))
        pick = st.selectbox(tr("coaching.rubric.session"), range(len(scored)), key="rubric_pick",
                            format_func=lambda i: f"#{scored[i][0].id} {scored[i][0].title} · {scored[i][1].username}")
        chosen, member = scored[pick]
        result = view.attempt(score_session, engine, viewer_id=uid, session_id=member.session_id or 0,
                              rubric_id=chosen.rubric_id or 0)
        if result is not None:
            view.rubric_result(result, coach_id=uid)
with rubric_tab:
    for _rid, name, goals in rubrics:
        st.markdown(f"**{inert(name)}** · " + " · ".join(inert(g.text) for g in goals))
    view.rubric_form(uid)
with batch_tab:
    st.caption(tr("coaching.batch.help"))
    view.batch_form(uid, candidates, assignments)
    if any(job.status in ("queued", "running") for job in batch.list_jobs(engine, coach_id=uid)):
        # The job row is the truth: the bars redraw from it every 2 s while a worker is busy.
        @st.fragment(run_every=2)
        def live_jobs() -> None:
            view.batch_jobs(uid, candidates)

        live_jobs()
    else:
        view.batch_jobs(uid, candidates)
