"""Practice: set-up, device check, gaze calibration, the interview, summaries, finish."""

import time

import streamlit as st

from ui import live, practice
from ui.auth import require_user
from ui.context import app_settings, lang, tr
from ui.safe import trs

user = require_user()
uid = int(user.id or 0)
flow = practice.flow()
st.title(tr("practice.title"))
if flow.notice:
    st.info(flow.notice)

# 1) set-up (or resume an unfinished session after a reload)
if flow.step == "setup":
    for row in practice.active_sessions(uid)[:3]:
        if st.button(trs("practice.resume", id=row.id, role=row.role or "—"), key=f"resume_{row.id}"):
            practice.resume(uid, int(row.id))
            st.rerun()
    setup = practice.setup_form(uid, lang())
    if setup is not None:
        practice.start_session(uid, setup)
        st.rerun()
    st.stop()

# 6) finished: the report lives on the Reports page
if flow.step == "finished":
    st.success(tr("practice.finished"))
    st.session_state["report_session_id"] = flow.session_id
    st.page_link("pages/reports.py", label=tr("practice.open_report", id=flow.session_id), icon="📊")
    if st.button(tr("practice.new_session")):
        practice.reset_flow()
        st.rerun()
    st.stop()

camera_col, panel = st.columns([3, 2], gap="large")
capture = live.CaptureState(playing=False, available=False)
with camera_col:
    if flow.live:
        capture = live.capture_widget(practice.room(), settings=app_settings(), tr=tr)
        if not capture.available:
            flow.live = False
            flow.notice = tr("practice.webrtc_unavailable")
            st.rerun()
        connecting = st.empty()  # always written, so the note never lingers from an earlier run
        if capture.signalling and not capture.playing:
            connecting.caption(tr("practice.connecting"))
        else:
            connecting.empty()
    else:
        st.info(tr("practice.no_live_mode"))
head = panel.container()  # the step's title / question first, the live meters and hint under it
placeholders = practice.LivePlaceholders(status=panel.empty(), level=panel.empty(), hint=panel.empty(),
                                         timer=panel.empty())

with panel:
    # 2) device check
    if flow.step == "device":
        practice.prewarm(flow.options.get("language", "en"))
        head.subheader(tr("practice.device.title"))
        head.caption(tr("practice.device.help"))
        if st.button(tr("practice.device.ready"), type="primary", disabled=flow.live and not capture.playing):
            if flow.live:
                flow.step = "calibrate"
            else:
                practice.enter_interview(uid)
            st.rerun()
        if flow.live and st.button(tr("practice.device.no_devices")):
            flow.live = False
            flow.notice = tr("practice.fallback.notice")
            st.rerun()
    # 3) camera-gaze calibration
    elif flow.step == "calibrate":
        head.subheader(tr("practice.calibrate.title"))
        head.write(tr("practice.calibrate.help", s=int(practice.CALIBRATION_S)))
        if st.button(tr("practice.calibrate.start"), type="primary", disabled=not capture.playing):
            practice.begin_calibration()
            bar, snaps, began = st.progress(0.0), [], time.monotonic()
            while time.monotonic() - began < practice.CALIBRATION_S:
                snaps.append(practice.room().poll())
                bar.progress(min(1.0, (time.monotonic() - began) / practice.CALIBRATION_S))
                time.sleep(0.1)
            baseline = practice.calibrate(snaps)
            practice.save_calibration(uid, baseline)
            practice.enter_interview(uid)
            if not baseline["calibrated"]:
                flow.notice = tr("practice.calibrate.failed")
            st.rerun()
        if st.button(tr("practice.calibrate.skip")):
            practice.enter_interview(uid)
            st.rerun()
    # 4) the interview and 5) the summary after each answer
    elif flow.step == "interview" and flow.question is not None:
        with head:
            practice.render_question(flow.question)
        if flow.options.get("read_aloud") and flow.spoken_question_id != flow.question["id"]:
            practice.read_aloud(flow.question["text"], flow.options.get("language", "en"))
            flow.spoken_question_id = flow.question["id"]
        if flow.phase == "review" and flow.summary is not None:
            practice.render_summary(flow.summary)
            if flow.summary.get("follow_up"):
                st.caption(tr("practice.followup_coming"))
            if st.button(tr("practice.next"), type="primary"):
                practice.next_question(uid)
                st.rerun()
        elif flow.phase == "recovered":
            if st.button(tr("practice.analyze_recovered"), type="primary"):
                practice.submit_recovered(uid)
                st.rerun()
            if st.button(tr("practice.answer_again")):
                flow.phase, flow.notice = "prep", ""
                st.rerun()
        elif flow.live and capture.playing:
            if flow.phase == "prep" and flow.options.get("format") != "timed":
                practice.thinking_clock(tr("practice.timer.prep", s="{s}"), flow.prep_started_ms)
            if flow.phase == "prep" and st.button(tr("practice.start_answer"), type="primary"):
                practice.begin_live_answer(uid)
                st.rerun()
            if flow.phase == "answering" and st.button(tr("practice.stop_answer"), type="primary"):
                practice.finish_live_answer(uid)
                st.rerun()
        elif flow.live and flow.phase == "answering":
            st.warning(tr("practice.stream_stopped"))
            if st.button(tr("practice.stop_answer"), type="primary"):
                practice.finish_live_answer(uid)
                st.rerun()
        else:
            if flow.live:
                st.caption(tr("practice.press_start"))
            with st.expander(tr("practice.fallback.title"), expanded=not flow.live):
                answer = practice.fallback_answer(f"fb_{flow.question['id']}")
            if answer is not None:
                practice.submit_fallback(uid, answer)
                st.rerun()
        if st.button(tr("practice.finish")):
            practice.finish(uid)
            st.rerun()
    elif flow.step == "interview":  # the question could not be loaded (the reason is in the notice)
        if st.button(tr("practice.retry")):
            practice.next_question(uid)
            st.rerun()

if flow.live and capture.playing and practice.needs_live_loop():
    practice.run_live_loop(uid, capture.is_playing, placeholders)
