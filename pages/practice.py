"""Practice: set-up, device check, gaze calibration, the interview, summaries, finish.

A dispatcher on `PracticeState.step`; buttons run their action as a callback before the
script, so each click costs one script run (ui/practice/actions.py)."""

import functools
import time

import streamlit as st

from core.practice import flow
from ui import live
from ui.auth import require_user
from ui.context import app_settings, lang, tr
from ui.outline import render_outline
from ui.practice import actions, browser, services, state, widgets
from ui.practice.live_loop import LivePlaceholders, run_calibration, run_live_loop
from ui.practice.setup import setup_form
from ui.retry import render_diff
from ui.safe import trs
from ui.shell import page_link

user = require_user()
uid = int(user.id or 0)


current = state.get()
st.title(tr("practice_modes.title_exam") if current.step != "setup" and current.choices.exam
         else tr("practice.title"))
# Always one element here, with or without a notice: the camera below must keep its place in
# the page, or Streamlit mounts a new camera component and the running stream stops.
notice = st.empty()
if current.notice:
    notice.info(current.notice)

# 1) set-up (or resume an unfinished session after a reload)
if current.step == "setup":
    for session_id, role in services.service().active_session_ids(uid):
        st.button(trs("practice.resume", id=session_id, role=role or "—"), key=f"resume_{session_id}",
                  on_click=actions.resume, args=(uid, session_id))
    setup = setup_form(services.service().setup_choices(uid), lang())
    if setup is not None:
        actions.start_session(uid, setup)
        st.rerun()
    st.stop()

# 6) finished: the report lives on the Reports page
if current.step == "finished":
    st.success(tr("practice.finished"))
    st.session_state["report_session_id"] = current.session_id
    page_link("pages/reports.py", label=tr("practice.open_report", id=current.session_id), icon="📊")
    st.button(tr("practice.new_session"), on_click=actions.new_session)
    st.stop()

if current.live:
    camera_col, panel = st.columns([3, 2], gap="large")
else:  # no camera picture to sit beside: the question, summary and side-by-side get the full width
    camera_col, panel = st.container(), st.container()
capture = live.CaptureState(playing=False, available=False)
with camera_col:
    if current.live:
        state.room().watch(current.step in ("device", "calibrate"))  # answers are always analysed
        capture = live.capture_widget(state.room(), settings=app_settings(), tr=tr)
        if not capture.available:
            actions.go_offline(uid)
            st.rerun()
        state.lap("page_camera")
        connecting = st.empty()  # always written, so the note never lingers from an earlier run
        if capture.signalling and not capture.playing:
            connecting.caption(tr("practice.connecting"))
        else:
            connecting.empty()
    elif not current.notice:  # the one-time "Live camera off" notice already says the same
        st.info(tr("practice.no_live_mode"))
head = panel.container()  # the step's title / question first, the live meters and hint under it
placeholders = LivePlaceholders(status=panel.empty(), level=panel.empty(), hint=panel.empty(), timer=panel.empty())
chart_slot = None

with panel:
    # 2) device check
    if current.step == "device":
        services.prewarm(current.choices.language)
        head.subheader(tr("practice.device.title"))
        head.caption(tr("practice.device.help"))
        st.button(tr("practice.device.ready"), type="primary", disabled=current.live and not capture.playing,
                  on_click=actions.devices_ready, args=(uid,))
        if current.live:
            st.button(tr("practice.device.no_devices"), on_click=actions.go_offline, args=(uid,))
            st.caption(tr("practice.device.no_camera_hint"))
    # 3) camera-gaze calibration
    elif current.step == "calibrate":
        head.subheader(tr("practice.calibrate.title"))
        head.write(tr("practice.calibrate.help", s=int(flow.CALIBRATION_S)))
        if st.button(tr("practice.calibrate.start"), type="primary", disabled=not capture.playing):
            actions.calibrated(uid, run_calibration())
            st.rerun()
        st.button(tr("practice.calibrate.skip"), on_click=actions.enter_interview, args=(uid,))
    # 4) the interview and 5) the summary after each answer
    elif current.step == "interview" and current.question is not None:
        question = current.question
        with head:
            widgets.render_question(question)
        if current.phase == "answering":
            browser.stop_speaking()  # a question still being read must not be recorded as the answer
        elif current.choices.read_aloud and current.spoken_question_id != question.id:
            browser.read_aloud(question.text, current.choices.language)
            state.apply(flow.spoken, question.id)
        if current.choices.exam:
            head.caption(tr("practice_modes.exam.banner"))
        if current.phase == "review" and current.summary is not None:
            chart_slot = widgets.render_summary(current.summary)
            render_outline(current.summary.outline)  # next to the feedback: a better answer from own words
            if current.diff is not None:
                render_diff(current.diff)
            if current.summary.follow_up:
                st.caption(tr("practice.followup_coming"))
            st.button(tr("practice.next"), type="primary", on_click=actions.next_question, args=(uid,))
            if flow.can_answer_again(current):
                st.button(tr("practice.answer_again"), on_click=actions.answer_again)
            state.lap("page_summary")
        elif current.phase == "saved":  # an exam answer is stored; only loading the next question failed
            st.button(tr("practice.next"), type="primary", on_click=actions.next_question, args=(uid,))
        elif current.phase == "recovered":
            st.button(tr("practice.analyze_recovered"), type="primary", on_click=actions.submit_recovered,
                      args=(uid,))
            st.button(tr("practice.answer_again"), on_click=actions.answer_again)
        elif current.live and capture.playing:
            if current.phase == "prep" and current.choices.deadlines.prep_s is None:
                started_ms = int((time.time() - current.elapsed(time.monotonic())) * 1000)
                browser.thinking_clock(tr("practice.timer.prep", s="{s}"), started_ms)
            if current.phase == "prep":
                st.button(tr("practice.start_answer"), type="primary", on_click=actions.begin_live_answer,
                          args=(uid,))
            if current.phase == "answering":
                st.button(tr("practice.stop_answer"), type="primary", on_click=actions.finish_live_answer,
                          args=(uid,))
        elif current.live and current.phase == "answering":
            st.warning(tr("practice.stream_stopped"))
            st.button(tr("practice.stop_answer"), type="primary", on_click=actions.finish_live_answer, args=(uid,))
        else:
            if current.live:
                st.caption(tr("practice.press_start"))
            # Without the camera these are the ways to answer, not "other" ones (finding s22 #10).
            with st.expander(tr("practice.fallback.title")) if current.live else st.container():
                if not current.live:
                    st.markdown(f"**{tr('s22.practice.answer_here')}**")
                answer = widgets.fallback_answer(f"fb_{question.id}", current,
                                                 on_draft=functools.partial(actions.save_draft, uid))
            if answer is not None:
                actions.submit_fallback(uid, answer)
                st.rerun()
        st.button(tr("practice.finish"), on_click=actions.finish, args=(uid,))
    elif flow.needs_question(current):  # entering the room was cut off before its question loaded
        actions.next_question(uid)
        st.rerun()
    elif current.step == "interview":  # the question could not be loaded (the reason is in the notice)
        st.button(tr("practice.retry"), on_click=actions.next_question, args=(uid,))

if chart_slot is not None and current.summary is not None:
    widgets.render_chart(current.summary, chart_slot)  # the slowest element last
state.log_stopwatch()  # a Stop's phases, now that its summary is drawn (server log, INFO)
if current.live and capture.playing and flow.needs_live_loop(state.get()):
    run_live_loop(uid, capture.is_playing, placeholders)
