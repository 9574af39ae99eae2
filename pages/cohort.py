"""Cohort (coach): every linked candidate on one screen — recency-weighted levels with the
thresholds shown, delivery measures, last activity, recurring weaknesses; filter by
assignment; charts; CSV export."""

import streamlit as st

from core.coaching.assignments import list_assignments
from core.coaching.cohort import build_cohort, cohort_csv
from ui import coaching as view
from ui.auth import require_user
from ui.context import db_engine, tr

user = require_user()
uid = int(user.id or 0)
engine = db_engine()
st.title(tr("coaching.cohort.title"))
assignments = list_assignments(engine, coach_id=uid)
options = {0: tr("coaching.cohort.all"), **{a.id: f"#{a.id} {a.title}" for a in assignments}}
chosen = st.selectbox(tr("coaching.cohort.filter"), list(options), format_func=lambda a: options[a],
                      key="cohort_assignment")
cohort = view.attempt(build_cohort, engine, coach_id=uid, assignment_id=chosen or None)
if cohort is None:
    st.stop()
if not cohort.candidates:
    st.info(tr("coaching.no_candidates"))
    st.stop()
view.level_legend()
view.cohort_table(cohort)
st.download_button(tr("coaching.cohort.csv"), cohort_csv(cohort), file_name="cohort.csv", mime="text/csv",
                   key="cohort_csv")
view.cohort_charts(cohort)
st.subheader(tr("coaching.weak.title"))
for row in cohort.candidates:
    with st.expander(row.username):
        for weakness in row.weaknesses:
            st.markdown("- " + view.weakness_line(weakness))
        view.drill_box(row.drill, key=f"drill_{row.candidate_id}")
