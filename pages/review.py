"""Answer review: a coach replays an answer and pins comments to moments; the candidate sees
them on the answer's timeline and in the transcript, and either side replies."""

from pathlib import Path

import streamlit as st

from core.coaching import comments
from core.coaching.review import answer_choices, answer_detail
from core.db import crud
from core.report.charts import gaze_and_posture
from ui import coaching as view
from ui import report
from ui.auth import require_user
from ui.context import db_engine, lang, media_store, tr

user = require_user()
uid = int(user.id or 0)
engine = db_engine()
st.title(tr("coaching.review.title"))
owner = report.pick_person(engine, uid, label=tr("coaching.review.whose"))
choices = answer_choices(engine, viewer_id=uid, owner_id=owner)
if not choices:
    st.info(tr("coaching.review.empty"))
    st.stop()
pick = st.selectbox(tr("coaching.review.answer"), range(len(choices)), key="review_answer",
                    format_func=lambda i: choices[i].label)
try:
    detail = answer_detail(engine, viewer_id=uid, attempt_id=choices[pick].attempt_id)
except crud.AccessDenied:
    report.not_allowed()
threads = comments.list_threads(engine, viewer_id=uid, attempt_id=detail.attempt_id)
length = detail.duration_s or 0.0


def _pin_where_the_player_starts() -> None:  # the pin moment follows the slider (a keyed widget ignores value=)
    st.session_state["pin_at"] = st.session_state["review_moment"]


moment = st.slider(tr("coaching.review.moment"), 0.0, max(length, 1.0), 0.0, step=0.5, key="review_moment",
                   on_change=_pin_where_the_player_starts) if length else 0.0
try:
    data = media_store().read_bytes(detail.media_key) if detail.media_key else None
except (OSError, ValueError):
    data = None
if data:
    view.player(data, Path(detail.media_key).suffix.lower(), moment)
else:
    st.caption(tr("coaching.review.no_recording"))
view.timeline(threads, detail.duration_s)
if detail.vision_timeline:  # the camera over the answer (live answers and recorded videos)
    st.plotly_chart(gaze_and_posture(detail.vision_timeline, lang()), key="review_camera")
if detail.owner_id != uid:
    with st.form("pin_comment", clear_on_submit=True):
        at = st.number_input(tr("coaching.review.at"), 0.0, max(length, 0.0) + 1.0, step=0.5, key="pin_at")
        body = st.text_area(tr("coaching.review.comment"), key="pin_text")
        if st.form_submit_button(tr("coaching.review.pin")):
            if view.attempt(comments.pin_comment, engine, coach_id=uid, attempt_id=detail.attempt_id, at_s=at,
                            text=body):
                st.rerun()
st.subheader(tr("coaching.review.transcript"))
view.transcript_with_comments(detail.transcript, detail.words, threads)
st.subheader(tr("coaching.review.threads"))
if not threads:
    st.caption(tr("coaching.review.no_comments"))
for number, item in enumerate(threads, 1):
    st.markdown(f"**#{number}**")
    view.thread(item, uid)
