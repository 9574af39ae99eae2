"""Measures a coach's assignment hides stay hidden wherever the candidate sees them: the
Practice page's after-answer summary (issue 19, item 1: "hide scores, show only fillers and
pace"), under AppTest with the real practice service and the real feedback rules."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
import streamlit as st
from doubles import add_user, link_coach
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.coaching.assignments import AssignmentSpec, create_assignment, start_assignment
from core.config import get_settings
from core.db.engine import get_engine
from core.practice import PracticeService
from tests.login import sign_in
from ui.live import CaptureState
from ui.practice.state import STATE_KEY

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "practice.py")
QUESTION = "Tell me about a release you sped up."
# No measured result: the content rules grade it "Needs improvement" (a content observation).
ANSWER = "We worked on the release process together and things got better over time."


@pytest.fixture
def people(data_dir):
    st.cache_resource.clear()
    engine = get_engine(get_settings().sqlalchemy_url)
    with Session(engine) as db:
        coach, cand = add_user(db, "coachy", "coach"), add_user(db, "cand")
        link_coach(db, coach_id=coach, candidate_id=cand)
    service = PracticeService(engine, get_settings(), use_default_retriever=False)
    no_camera = CaptureState(playing=False, available=True)
    with mock.patch("ui.practice.services.service", return_value=service), \
            mock.patch("ui.practice.services.live_transcriber", return_value=None), \
            mock.patch("ui.practice.services.prewarm"), \
            mock.patch("ui.live.capture_widget", return_value=no_camera):
        yield engine, service, coach, cand
    st.cache_resource.clear()


def _answer_assigned_question(engine, service, coach: int, cand: int, visible: tuple[str, ...]) -> AppTest:
    """The candidate starts the assignment, continues it on Practice and types an answer."""
    assignment_id = create_assignment(engine, coach_id=coach, candidate_ids=[cand], spec=AssignmentSpec(
        role="Engineer", title="Week 1", questions=(QUESTION,), visible_measures=visible))
    start_assignment(engine, service, candidate_id=cand, assignment_id=assignment_id)
    at = AppTest.from_file(PAGE, default_timeout=90)
    sign_in(at, cand)
    at.run()
    next(b for b in at.button if b.label.startswith("Continue unfinished session")).click().run()
    next(b for b in at.button if b.label == "I can't use a camera or microphone").click().run()
    assert any(QUESTION in m.value for m in at.markdown), [m.value for m in at.markdown]
    at.radio[-1].set_value("text").run()
    at.text_area[0].input(ANSWER)
    next(b for b in at.button if b.label == "Submit answer").click().run()
    assert not at.exception, at.exception
    assert "Your answer at a glance" in " ".join(h.value for h in at.subheader)
    return at


def _shown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown) + " " + " ".join(t.value for t in at.text)


def test_everything_visible_shows_the_score_and_content_observations(people):
    at = _answer_assigned_question(*people, visible=())
    summary = at.session_state[STATE_KEY].summary
    assert summary.score is not None
    assert any(o.kind == "content" for o in summary.observations)
    assert "Needs improvement" in _shown(at)


def test_an_assignment_hiding_scores_and_content_shows_neither_on_the_practice_summary(people):
    at = _answer_assigned_question(*people, visible=("fillers", "pace"))
    summary = at.session_state[STATE_KEY].summary
    assert summary.score is None  # not in the page's state either, so no later view can show it
    assert not [o for o in summary.observations if o.kind == "content"]
    shown = _shown(at)
    assert ANSWER[:30] in shown  # the transcript is the answer itself: always shown
    assert "Needs improvement" not in shown and "/100" not in shown


def _finished_assignment(engine, service, coach: int, cand: int, visible: tuple[str, ...]) -> int:
    assignment_id = create_assignment(engine, coach_id=coach, candidate_ids=[cand], spec=AssignmentSpec(
        role="Engineer", title="Week 1", questions=(QUESTION,), visible_measures=visible))
    session_id = start_assignment(engine, service, candidate_id=cand, assignment_id=assignment_id)
    question = service.next_question(cand, session_id)
    attempt = service.begin_attempt(cand, question.id, "text")
    service.submit_answer(cand, attempt.id, text=ANSWER)
    service.finish_session(cand, session_id)
    return session_id


def _open(page: str, uid: int) -> AppTest:
    at = AppTest.from_file(str(Path(PAGE).parent / page), default_timeout=90)
    sign_in(at, uid)
    return at.run()


def test_hidden_scores_stay_off_progress_and_home_for_the_candidate_not_the_coach(people):
    engine, service, coach, cand = people
    _finished_assignment(engine, service, coach, cand, visible=("fillers", "pace"))
    from core.report.progress import session_trends

    mine = session_trends(engine, viewer_id=cand).sessions[0]
    coachs = session_trends(engine, viewer_id=coach, owner_id=cand).sessions[0]
    assert coachs.measures["score"] is not None and coachs.measures["content"] is not None
    assert mine.measures["score"] is None and mine.measures["content"] is None and not mine.competencies

    progress = _open("progress.py", cand)
    assert not progress.exception, progress.exception
    table = progress.dataframe[0].value
    assert table["Answer score"].isna().all(), table
    # Content feedback is hidden too, so no recurring content weakness comes from this session.
    assert not any("Result missing" in m.value for m in progress.markdown)

    from core.dashboard import build_dashboard  # what Home's recent sessions show

    assert build_dashboard(engine, user_id=cand).recent[0].overall is None
    _finished_assignment(engine, service, coach, cand, visible=())  # the same work, nothing hidden
    newest, hidden = build_dashboard(engine, user_id=cand).recent[:2]
    assert newest.overall is not None and hidden.overall is None


def test_the_candidates_html_export_leaves_out_what_the_assignment_hides(people):
    """The Reports page hides measures once, before the tabs; its HTML export renders that report."""
    from core.coaching.assignments import visible_measures_for_session
    from core.coaching.visibility import hide_measures
    from core.report.build import load_report
    from core.report.html import render_html

    engine, service, coach, cand = people
    hidden = _finished_assignment(engine, service, coach, cand, visible=("fillers", "pace"))
    shown = _finished_assignment(engine, service, coach, cand, visible=())

    def export(session_id: int) -> str:
        report = load_report(engine, viewer_id=cand, session_id=session_id)
        return render_html(hide_measures(report, visible_measures_for_session(
            engine, viewer_id=cand, session_id=session_id)), "en", include_plotlyjs=False)

    assert "/100" in export(shown)
    assert "/100" not in export(hidden)
