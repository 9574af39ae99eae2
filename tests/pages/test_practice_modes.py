"""Practice and exam mode in the browser pages (AppTest): the mode chosen at set-up, an exam
without summaries or hints, *Answer again* with the two attempts side by side, and the
attempt that counts picked on the report; the tries per question type on Progress."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import numpy as np
from doubles import FallbackInterviewer
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db import crud
from core.db.models import User
from core.practice import PracticeService
from tests.login import sign_in
from tests.pages.test_practice import _button, app  # noqa: F401 - the Practice page fixture
from ui.live import CaptureState

ROOT = Path(__file__).resolve().parents[2]
WEAK = "We worked on it together as a team and it got better."
STRONG = ("Last year our checkout failed often. I was asked to fix it. I rewrote the retry logic and added alerts. "
          "As a result, failed payments fell by 40 percent in 3 months.")
SUMMARY = "Your answer at a glance"


def _subheaders(at: AppTest) -> str:
    return " ".join(h.value for h in at.subheader)


def _set_up(at: AppTest, mode: str) -> None:
    at.run()
    at.checkbox[0].uncheck()  # no read-aloud (no browser here)
    mode_radio = next(r for r in at.radio if r.label == "Mode")
    assert mode_radio.options == ["Practice", "Exam"]
    mode_radio.set_value(mode)
    at.button[0].click().run()  # "Set up devices" (form submit)
    assert not at.exception, at.exception


def _type_answer(at: AppTest, text: str) -> None:
    at.radio[-1].set_value("text").run()
    at.text_area[0].input(text)
    _button(at, "Submit answer").click().run()
    assert not at.exception, at.exception


def _offline_interview(at: AppTest, mode: str) -> None:
    _set_up(at, mode)
    _button(at, "I can't use a camera or microphone").click().run()  # straight to the first question


def test_mode_is_chosen_at_setup_stored_on_the_session_and_shown_on_the_report(app):  # noqa: F811
    at, engine, uid = app
    _offline_interview(at, "exam")
    assert any("Exam mode" in c.value for c in at.caption)
    assert at.title[0].value == "Exam interview"  # the page says which mode this is
    _type_answer(at, WEAK)
    _button(at, "Finish interview").click().run()
    with Session(engine) as s:
        row = crud.list_sessions(s, viewer_id=uid)[0]
    assert row.mode == "exam"
    report = AppTest.from_file(str(ROOT / "pages/reports.py"), default_timeout=60)
    sign_in(report, uid)
    report.run()
    assert not report.exception, report.exception
    assert any("Mode: Exam" in c.value or "Exam" in c.value for c in report.caption)


def test_mode_choice_speaks_korean(app):  # noqa: F811
    at, _engine, _uid = app
    at.session_state["ares_lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    mode_radio = next(r for r in at.radio if r.label == "모드")
    assert mode_radio.options == ["연습", "실전"] and mode_radio.value == "practice"


def test_exam_goes_to_the_next_question_without_a_summary_or_a_second_take(app):  # noqa: F811
    at, engine, uid = app
    _offline_interview(at, "exam")
    _type_answer(at, WEAK)
    assert SUMMARY not in _subheaders(at)
    assert not any(b.label == "Answer again" for b in at.button)
    assert any("Why this company?" in m.value for m in at.markdown)  # straight to the next question
    assert any("Answer saved" in i.value for i in at.info)
    assert "Needs improvement" not in " ".join(m.value for m in at.markdown)  # no per-answer feedback
    with Session(engine) as s:
        session_id = crud.list_sessions(s, viewer_id=uid)[0].id
        attempts = crud.list_attempts(s, viewer_id=uid, session_id=session_id)
        assert [a.status for a in attempts] == ["analyzed"]  # analysed at once, shown in the report


def test_live_exam_answer_has_no_hints_and_no_summary(app):  # noqa: F811
    at, _engine, _uid = app
    with mock.patch("ui.live.capture_widget", return_value=CaptureState(playing=True, available=True)):
        _set_up(at, "exam")
        _button(at, "Looks good — continue").click().run()
        _button(at, "Skip calibration").click().run()
        _button(at, "Start answer").click().run()
        assert not at.exception, at.exception
        assert at.session_state["practice_hint_policy"].enabled is False
        room = at.session_state["practice_live_room"]
        for _ in range(100):  # 2 s of a tone, 20 ms stereo frames at 48 kHz
            room.on_audio((np.sin(np.arange(1920) / 10) * 8000).astype(np.int16).reshape(1, -1), 48_000, 2)
        _button(at, "Stop answer").click().run()
        assert not at.exception, at.exception
        assert SUMMARY not in _subheaders(at)
        assert any("Why this company?" in m.value for m in at.markdown)


def test_finishing_an_exam_mid_answer_keeps_the_answer_and_ends(app):  # noqa: F811
    at, engine, uid = app
    with mock.patch("ui.live.capture_widget", return_value=CaptureState(playing=True, available=True)):
        _set_up(at, "exam")
        _button(at, "Looks good — continue").click().run()
        _button(at, "Skip calibration").click().run()
        _button(at, "Start answer").click().run()
        room = at.session_state["practice_live_room"]
        for _ in range(50):
            room.on_audio(np.full((1, 1920), 3000, dtype=np.int16), 48_000, 2)
        _button(at, "Finish interview").click().run()  # (the report link needs Home.py's navigation)
        assert any("Interview finished" in s.value for s in at.success)
    with Session(engine) as s:
        row = crud.list_sessions(s, viewer_id=uid)[0]
        attempts = crud.list_attempts(s, viewer_id=uid, session_id=row.id)
    assert row.status == "finished" and [a.status for a in attempts] == ["analyzed"]


def test_practice_hints_stay_on(app):  # noqa: F811
    at, _engine, _uid = app
    with mock.patch("ui.live.capture_widget", return_value=CaptureState(playing=True, available=True)):
        _set_up(at, "practice")
        _button(at, "Looks good — continue").click().run()
        _button(at, "Skip calibration").click().run()
        _button(at, "Start answer").click().run()
        assert at.session_state["practice_hint_policy"].enabled is True


def test_answer_again_shows_the_two_attempts_side_by_side(app):  # noqa: F811
    at, engine, uid = app
    _offline_interview(at, "practice")
    _type_answer(at, WEAK)
    assert SUMMARY in _subheaders(at)
    _button(at, "Answer again").click().run()
    assert not at.exception, at.exception
    assert any("Tell me about a project you led." in m.value for m in at.markdown)  # the same question
    assert SUMMARY not in _subheaders(at)
    _type_answer(at, STRONG)
    markdown = " ".join(m.value for m in at.markdown)
    assert "Your two attempts side by side" in markdown
    assert ":green-background[" in markdown and "What made the difference" in markdown
    texts = " ".join(t.value for t in at.text)
    assert "We worked on it together" in texts  # the attempt before, next to the new one
    table = at.table[0].value
    assert "Content score (/100)" in " ".join(map(str, table.iloc[:, 0].tolist()))
    assert len(table) == 6  # content score, length, fillers/min, pace, long pauses, camera gaze
    assert any("Now includes" in s.value for s in at.success)  # STAR parts added
    with Session(engine) as s:
        session_id = crud.list_sessions(s, viewer_id=uid)[0].id
        attempts = crud.list_attempts(s, viewer_id=uid, session_id=session_id)
    assert len(attempts) == 2 and len({a.question_id for a in attempts}) == 1
    _button(at, "Next question").click().run()
    assert any("Why this company?" in m.value for m in at.markdown)
    assert "Your two attempts side by side" not in " ".join(m.value for m in at.markdown)


def test_summary_shows_the_outline_and_says_when_an_llm_outline_was_replaced(app):  # noqa: F811
    """The LLM path through the real openai client and our loopback server: the reply adds an
    employer, so the page shows the outline from the candidate's own words and says why."""
    from tests.core.llm.openai_stub import ok, running_stub
    from tests.core.practice.test_outline_llm_path import OWN_WORDS, _outliner
    from tests.pages.test_practice import TwoQuestions, heard

    at, engine, _uid = app
    adds_fact = {"lines": [*OWN_WORDS, {"part": "result", "placeholder": False,
                                        "text": "At Contoso, failed payments fell by 40 percent in 3 months."}]}
    with running_stub(ok(adds_fact)) as stub:
        service = PracticeService(engine, get_settings(), interviewer=TwoQuestions(), use_default_retriever=False,
                                  transcribe=heard, outliner=_outliner(stub.base_url))
        with mock.patch("ui.practice.services.service", return_value=service):
            _offline_interview(at, "practice")
            _type_answer(at, STRONG)
    assert len(stub.requests) == 1
    markdown = " ".join(m.value for m in at.markdown)
    assert SUMMARY in _subheaders(at) and "A better answer from your own words" in markdown
    assert any("added a detail you never said" in i.value for i in at.info)
    assert "Contoso" not in markdown and "Last year our checkout failed often" in markdown


# ----------------------------------------------------------------------------- the report and Progress
def _user(engine, name: str) -> int:
    with Session(engine) as db:
        user = User(username=name, password_hash="not-a-login")
        db.add(user)
        db.commit()
        db.refresh(user)
        return user.id or 0


def _retried_interview(engine, uid: int) -> tuple[int, list[int]]:
    service = PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(), use_default_retriever=False)
    sid = service.start_session(uid, company="Acme", stages=[1], questions_per_stage=1, max_followup_depth=0)
    question = service.next_question(uid, sid)
    ids = []
    for text in (WEAK, STRONG):
        attempt = service.begin_attempt(uid, question.id, "text")
        ids.append(service.submit_answer(uid, attempt.id, text=text).attempt_id)
    service.finish_session(uid, sid)
    return sid, ids


def _stored_overall(engine, uid: int, sid: int) -> float | None:
    with Session(engine) as db:
        return crud.get_report(db, viewer_id=uid, session_id=sid).overall


def test_report_lists_every_attempt_and_the_candidate_picks_the_one_that_counts(app_engine):
    uid = _user(app_engine, "rita")
    sid, (first, second) = _retried_interview(app_engine, uid)
    last_overall = _stored_overall(app_engine, uid, sid)
    at = AppTest.from_file(str(ROOT / "pages/reports.py"), default_timeout=60)
    sign_in(at, uid)
    at.run()
    assert not at.exception, at.exception
    pick = next(r for r in at.radio if r.label == "Attempt that counts for the session score")
    assert pick.value == second  # the last counts by default
    labels = pick.options
    assert "last" in labels[1] and "best" in labels[1] and "#1" in labels[0]
    pick.set_value(first).run()
    assert not at.exception, at.exception
    with Session(app_engine) as db:
        row = crud.get_session(db, viewer_id=uid, session_id=sid)
    assert row.options["chosen_attempts"] == {str(_question_id(app_engine, uid, sid)): first}
    assert next(r for r in at.radio if r.label == "Attempt that counts for the session score").value == first
    assert _stored_overall(app_engine, uid, sid) < last_overall  # the stored report follows the pick
    next(r for r in at.radio if r.label == "Attempt that counts for the session score").set_value(second).run()
    with Session(app_engine) as db:
        assert crud.get_session(db, viewer_id=uid, session_id=sid).options["chosen_attempts"] == {}
    assert _stored_overall(app_engine, uid, sid) == last_overall


def _question_id(engine, uid: int, sid: int) -> int:
    with Session(engine) as db:
        return crud.list_questions(db, viewer_id=uid, session_id=sid)[0].id


def test_progress_shows_how_many_tries_a_question_type_takes(app_engine):
    uid = _user(app_engine, "pat")
    _retried_interview(app_engine, uid)
    at = AppTest.from_file(str(ROOT / "pages/progress.py"), default_timeout=60)
    sign_in(at, uid)
    at.run()
    assert not at.exception, at.exception
    assert any("tries" in m.value.lower() for m in at.markdown)
    tables = [d.value for d in at.dataframe]
    tries = next(t for t in tables if "Questions" in " ".join(map(str, t.columns)))
    assert len(tries) == 1
