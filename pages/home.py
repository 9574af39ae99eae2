"""Home: what to do next and recent sessions."""

from pathlib import Path

import streamlit as st

from core.dashboard import build_dashboard
from ui.auth import require_user
from ui.coaching import assigned_to_me
from ui.context import db_engine, tr
from ui.safe import inert

user = require_user()
st.title(tr("app.title"))
st.caption(tr("app.tagline"))

board = build_dashboard(db_engine(), user_id=user.id or 0)
assigned_to_me(user.id or 0)
st.subheader(tr("home.next_title"))
st.info(tr(board.next_step))
target = {"home.next.profile": ("pages/profile.py", "nav.profile"),
          "home.next.review": ("pages/reports.py", "nav.reports"),
          "home.next.coach_invite": ("pages/coach.py", "nav.coach"),
          "home.next.coach_assign": ("pages/assignments.py", "nav.assignments"),
          "home.next.coach_review": ("pages/cohort.py", "nav.cohort")}.get(board.next_step,
                                                                       ("pages/practice.py", "nav.practice"))
if (Path(__file__).resolve().parent.parent / target[0]).exists():
    st.page_link(target[0], label=tr(target[1]), icon=":material/arrow_forward:")

cols = st.columns(2)
cols[0].metric(tr("home.sessions_total"), board.sessions_total)
cols[1].metric(tr("home.documents"), board.documents)

st.subheader(tr("home.recent"))
if not board.recent:
    st.write(tr("common.none_yet"))
for line in board.recent:
    score = "—" if line.overall is None else f"{line.overall:.0f}/100"
    st.write(f"**#{line.session_id}** · {line.created} · {inert(line.company) or '—'} · {inert(line.role) or '—'} · "
             f"{tr('persona.' + line.persona)} · {tr('home.status.' + line.status)} · {score}")

with st.expander(tr("home.what_we_measure_title")):
    st.write(tr("privacy.what_we_measure"))
