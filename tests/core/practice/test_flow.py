"""The practice flow without Streamlit: steps, phases and the timed format's deadlines."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from core.live.summary import AnswerSummary
from core.practice import flow
from core.practice.flow import Choices, PracticeState, QuestionView

Q1 = QuestionView(id=1, text="Tell me about a project.")
Q2 = QuestionView(id=2, text="What was the result?", depth=1)


def test_a_live_session_walks_device_calibration_question_answer_review_and_finish():
    state = flow.start(7, Choices())
    assert (state.step, state.session_id) == ("device", 7)
    state = flow.devices_ready(state)
    assert state.step == "calibrate"
    state = flow.show_question(flow.enter_interview(state, now=10.0), Q1, now=10.0)
    assert (state.step, state.phase, state.question) == ("interview", "prep", Q1)
    state = flow.begin_answer(state, attempt_id=3, now=12.0)
    assert (state.phase, state.attempt_id, state.elapsed(20.0)) == ("answering", 3, 8.0)
    summary = AnswerSummary(attempt_id=3, status="analyzed", transcript="I did it.")
    state = flow.answered(state, summary)
    assert (state.phase, state.summary) == ("review", summary)
    state = flow.show_question(state, Q2, now=30.0)
    assert (state.phase, state.summary, state.attempt_id, state.question) == ("prep", None, None, Q2)
    assert flow.show_question(state, None, now=31.0).step == "finished"


def test_without_devices_the_calibration_is_skipped():
    state = flow.go_offline(flow.start(1, Choices()), "Live camera off")
    assert not state.live and state.notice == "Live camera off"
    assert flow.devices_ready(state).step == "interview"


def test_an_interview_without_a_question_loads_one_unless_a_load_already_failed():
    entered = flow.enter_interview(flow.go_offline(flow.start(1, Choices()), "Live camera off"), now=5.0)
    assert flow.needs_question(entered)  # entering was cut off before the question loaded
    loading = flow.loading_question(flow.with_notice(entered, ""))
    assert flow.needs_question(loading)  # cut off mid-load: no reason given, so load again
    failed = flow.with_notice(loading, "The interviewer could not be reached.")
    assert not flow.needs_question(failed)  # the reason is shown with "Try loading the question again"
    shown = flow.show_question(loading, Q1, now=6.0)
    assert not shown.loading_question and not flow.needs_question(shown)
    assert not flow.needs_question(flow.start(1, Choices()))  # still at the device check
    done = flow.show_question(loading, None, now=6.0)
    assert (done.step, done.loading_question) == ("finished", False)


def test_state_is_frozen():
    with pytest.raises(FrozenInstanceError):
        PracticeState().step = "device"  # type: ignore[misc]


def test_timed_format_begins_after_30_s_and_stops_after_50_s():
    state = flow.show_question(flow.start(1, Choices(format="timed")), Q1, now=100.0)
    assert flow.deadlines_for("timed") == flow.Deadlines(prep_s=30.0, answer_s=50.0)
    assert flow.timed_action(state, now=129.9) is None and flow.time_left(state, 110.0) == 20.0
    assert flow.timed_action(state, now=130.0) == "begin_answer"
    state = flow.begin_answer(state, attempt_id=1, now=130.0)
    assert flow.timed_action(state, now=179.0) is None
    assert flow.timed_action(state, now=180.0) == "stop_answer"


def test_standard_format_has_no_deadlines_and_no_countdown_loop():
    state = flow.show_question(flow.start(1, Choices()), Q1, now=0.0)
    assert flow.timed_action(state, now=10_000.0) is None and flow.time_left(state, 5.0) is None
    assert not flow.needs_live_loop(state)  # prep in the standard format: the browser ticks the clock
    assert flow.needs_live_loop(flow.begin_answer(state, 1, now=1.0))
    assert flow.needs_live_loop(flow.start(1, Choices()))  # the device check shows meters
    timed = flow.show_question(flow.start(1, Choices(format="timed")), Q1, now=0.0)
    assert flow.needs_live_loop(timed)


def test_resume_with_a_recovered_recording_offers_it_or_a_fresh_answer():
    state = flow.resumed(PracticeState(), 4, Choices(language="ko"), Q1, now=5.0, recovered_attempt_id=9,
                         notice="recovered 3 s")
    assert (state.step, state.phase, state.attempt_id, state.choices.language) == ("device", "recovered", 9, "ko")
    state = flow.enter_interview(state, now=6.0)
    assert (state.step, state.phase) == ("interview", "recovered")  # the recovered answer is kept
    again = flow.answer_again(state, now=7.0)
    assert (again.phase, again.attempt_id, again.notice) == ("prep", None, "")


def test_a_resumed_question_keeps_the_clock_it_had_since_it_first_appeared():
    """Issue #15: back 40 s after a timed question first appeared, 40 s of its 30 + 50 are
    gone — however long the device check took — and past 80 s the time is up at once."""
    back = flow.resumed(PracticeState(), 7, Choices(format="timed"), Q1, now=500.0)
    state = flow.enter_interview(back, now=520.0, shown_s_ago=40.0)
    assert (state.step, state.phase, state.clock_restarted) == ("interview", "prep", False)
    assert flow.browser_time_left(state, 520.0) == 40.0 and flow.browser_time_left(state, 530.0) == 30.0
    assert flow.timed_action(state, 520.0) == "begin_answer"  # live: the thinking time is over
    late = flow.enter_interview(back, now=520.0, shown_s_ago=200.0)
    assert flow.browser_time_left(late, 520.0) == 0.0
    assert flow.browser_time_left(flow.enter_interview(
        flow.resumed(PracticeState(), 7, Choices(), Q1, now=0.0), now=9.0, shown_s_ago=200.0), 9.0) is None


def test_a_clock_whose_start_was_never_stored_restarts_and_says_so_until_the_next_question():
    """A session from before the first-shown time was stored: the clock starts on entering."""
    back = flow.resumed(PracticeState(), 7, Choices(format="timed"), Q1, now=5.0)
    assert not back.clock_restarted  # nothing is known before the service is asked
    state = flow.enter_interview(back, now=9.0, clock_restarted=True)
    assert state.clock_restarted and flow.browser_time_left(state, 9.0) == 80.0
    assert not flow.show_question(state, Q2, now=12.0).clock_restarted
    recovered = flow.resumed(PracticeState(), 7, Choices(format="timed"), Q1, now=5.0, recovered_attempt_id=3)
    assert flow.enter_interview(recovered, now=9.0, shown_s_ago=60.0).phase_started == 9.0  # no clock on it


def test_the_draft_is_kept_on_the_question_until_the_answer_is_sent():
    state = flow.show_question(flow.start(1, Choices()), Q1, now=0.0)
    state = flow.drafted(state, "I led the")
    assert state.question.draft == "I led the" and state.question.id == Q1.id
    summary = AnswerSummary(attempt_id=3, status="analyzed", transcript="I led the team.")
    assert flow.answered(state, summary).question.draft == ""
    assert flow.drafted(PracticeState(), "x") == PracticeState()
