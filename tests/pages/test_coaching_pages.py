"""The coach's workspace pages under AppTest: Assignments (with rubrics and batch progress),
Cohort, Answer review (pinned comments and replies), Assigned to me on Home, weaknesses on
Progress, and the candidate's privacy choice on Coaching."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from doubles import FallbackInterviewer, add_user, link_coach
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from core.coaching import batch
from core.coaching.assignments import (
    AssignmentSpec,
    create_assignment,
    start_assignment,
    visible_measures_for_session,
)
from core.coaching.comments import list_threads, pin_comment
from core.coaching.rubrics import Goal, create_rubric
from core.config import get_settings
from core.db import crud
from core.db.models import Assignment, AssignmentMember, BatchJob, CoachLink, utcnow
from core.i18n import t
from core.practice import PracticeService
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
STRONG = ("At my previous company our release process took two days. My task was to shorten it. I automated the "
          "tests with GitHub Actions and split the deploy into stages. As a result, releases went from 2 days to "
          "3 hours.")
WEAK = "We worked on it together and things got better."


@pytest.fixture
def service(app_engine, monkeypatch):
    svc = PracticeService(app_engine, get_settings(), interviewer=FallbackInterviewer(), use_default_retriever=False)
    monkeypatch.setattr("ui.coaching.service", lambda: svc)
    return svc


@pytest.fixture
def pair(app_engine):
    with Session(app_engine) as db:
        coach, cand = add_user(db, "coachy", "coach"), add_user(db, "cand")
        link_coach(db, coach_id=coach, candidate_id=cand)
    return coach, cand


def _open(page: str, uid: int, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=90)
    sign_in(at, uid)
    at.session_state["ares_lang"] = lang
    return at.run()


def _assigned_session(app_engine, service, coach, cand, texts=(STRONG, WEAK), rubric_id=None) -> int:
    assignment_id = create_assignment(app_engine, coach_id=coach, candidate_ids=[cand], spec=AssignmentSpec(
        role="Engineer", title="Release stories", mode="exam", rubric_id=rubric_id,
        questions=("Tell me about a release you sped up.", "And one that went wrong?")))
    session_id = start_assignment(app_engine, service, candidate_id=cand, assignment_id=assignment_id)
    for text in texts:
        question = service.next_question(cand, session_id)
        attempt = service.begin_attempt(cand, question.id, "text")
        service.submit_answer(cand, attempt.id, text=text)
    service.finish_session(cand, session_id)
    return session_id


def test_a_coach_creates_an_assignment_and_sees_who_has_started(app_engine, pair, service):
    coach, cand = pair
    at = _open("pages/assignments.py", coach)
    assert not at.exception, at.exception
    at.multiselect(key="assign_candidates").set_value([cand])
    at.text_input(key="assign_title").input("Week 1")
    at.text_input(key="assign_role").input("Backend engineer")
    at.radio(key="assign_mode").set_value("exam")
    at.text_area(key="assign_questions").input("Tell me about a release.\nWhat went wrong once?")
    at.multiselect(key="assign_visible").set_value(["fillers", "pace"])
    next(b for b in at.button if b.label == "Create assignment").click()
    at.run()
    assert not at.exception, at.exception
    assert "Assignment created." in [s.value for s in at.success]
    with Session(app_engine) as db:
        row = db.exec(select(Assignment)).one()
    assert row.mode == "exam" and row.questions == ["Tell me about a release.", "What went wrong once?"]
    assert row.visible_measures == ["fillers", "pace"]
    # The same page lists it at once (no reload) and the form starts empty (finding s22 #11).
    assert "No assignments yet." not in [c.value for c in at.caption]
    assert [list(r)[1:3] for r in at.dataframe[0].value.itertuples(index=False)] == [["cand", "Not started"]]
    assert at.text_input(key="assign_title").value == "" and at.text_area(key="assign_questions").value == ""
    at.run()  # the message shows once, not on every later run
    assert "Assignment created." not in [s.value for s in at.success]
    at = _open("pages/assignments.py", coach)
    table = at.dataframe[0].value
    assert list(table.iloc[0])[1:3] == ["cand", "Not started"]


def test_the_due_date_field_shows_only_while_its_box_is_ticked(app_engine, pair, service):
    coach, cand = pair
    at = _open("pages/assignments.py", coach)
    assert not at.exception, at.exception
    assert not [d for d in at.date_input if d.key == "assign_due"]
    at.checkbox(key="assign_has_due").check().run()
    assert [d.key for d in at.date_input] == ["assign_due"]
    at.date_input(key="assign_due").set_value(date(2030, 5, 17))
    at.multiselect(key="assign_candidates").set_value([cand])
    at.text_input(key="assign_title").input("Week 2")
    at.text_input(key="assign_role").input("Backend engineer")
    next(b for b in at.button if b.label == "Create assignment").click()
    at.run()
    assert not at.exception, at.exception
    with Session(app_engine) as db:
        row = db.exec(select(Assignment)).one()
    assert row.due_at is not None and row.due_at.date() == date(2030, 5, 17)
    at.checkbox(key="assign_has_due").uncheck().run()
    assert not [d for d in at.date_input if d.key == "assign_due"]


def test_a_bad_assignment_shows_a_message_and_keeps_the_form(app_engine, pair, service):
    coach, cand = pair
    at = _open("pages/assignments.py", coach)
    at.multiselect(key="assign_candidates").set_value([cand])
    at.text_input(key="assign_title").input("Week 1")
    next(b for b in at.button if b.label == "Create assignment").click()
    at.run()
    assert "Name the role the assignment practises for." in [e.value for e in at.error]
    assert at.text_input(key="assign_title").value == "Week 1"


def test_the_candidate_starts_an_assignment_from_home_in_one_click(app_engine, pair, service):
    coach, cand = pair
    assignment_id = create_assignment(app_engine, coach_id=coach, candidate_ids=[cand], spec=AssignmentSpec(
        role="Engineer", title="Week 1", questions=("Tell me about a release.",)))
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=90)
    sign_in(at, cand)
    at.run()
    assert not at.exception, at.exception
    assert "Assigned to me" in [h.value for h in at.subheader]
    at.button(key=f"assignment_start_{assignment_id}").click().run()
    with Session(app_engine) as db:
        member = db.exec(select(AssignmentMember)).one()
    assert member.session_id is not None
    assert service.next_question(cand, member.session_id).text == "Tell me about a release."
    practice = at.session_state["practice_state"]  # Practice opens at the question, not the set-up form
    assert practice.step != "setup" and practice.session_id == member.session_id


def test_home_names_a_role_once_when_the_title_is_the_role(app_engine, pair):
    coach, cand = pair
    create_assignment(app_engine, coach_id=coach, candidate_ids=[cand], spec=AssignmentSpec(
        role="Data analyst", title="Data analyst", company="Acme"))
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=90)
    sign_in(at, cand)
    at.run()
    assert not at.exception, at.exception
    line = next(m.value for m in at.markdown if m.value.startswith("**Data analyst**"))
    assert line.count("Data analyst") == 1 and "Acme" in line


def test_rubric_scores_sit_beside_the_ai_score_with_evidence(app_engine, pair, service):
    coach, cand = pair
    rubric_id = create_rubric(app_engine, coach_id=coach, name="Stories", goals=[
        Goal(id="", text="States a measured result", measure="result_measured"),
        Goal(id="", text="Warm opening", kind="rated")])
    _assigned_session(app_engine, service, coach, cand, rubric_id=rubric_id)
    at = _open("pages/assignments.py", coach)
    assert not at.exception, at.exception
    lines = [m.value for m in at.markdown]
    assert any("Rubric score" in line and "50/100" in line for line in lines)
    assert any("3 hours" in c.value for c in at.caption)  # the evidence quote


def test_batch_progress_is_read_from_the_job_row(app_engine, pair, service, tmp_path):
    coach, cand = pair
    (tmp_path / "a.txt").write_text(STRONG, encoding="utf-8")
    (tmp_path / "b.txt").write_text(WEAK, encoding="utf-8")
    (tmp_path / "m.csv").write_text("question,file\nQ one?,a.txt\nQ two?,b.txt\n", encoding="utf-8")
    job_id = batch.create_job(app_engine, get_settings(), coach_id=coach, candidate_id=cand,
                              rows=batch.read_manifest(tmp_path / "m.csv"), service=service)
    batch.run_job(app_engine, get_settings(), job_id, service=service)
    at = _open("pages/assignments.py", coach)
    assert not at.exception, at.exception
    bars = at.get("progress")
    assert bars and "2/2" in bars[0].proto.text and "done" in bars[0].proto.text


def test_the_cohort_shows_levels_with_thresholds_and_filters_by_assignment(app_engine, pair, service):
    coach, cand = pair
    _assigned_session(app_engine, service, coach, cand, texts=(WEAK, WEAK))
    at = _open("pages/cohort.py", coach)
    assert not at.exception, at.exception
    assert any("Excellent ≥ 85" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert table.iloc[0]["Candidate"] == "cand" and table.iloc[0]["Sessions"] == 1
    assert at.get("plotly_chart")
    assert any("Result missing" in m.value for m in at.markdown)
    at.selectbox(key="cohort_assignment").set_value(1).run()
    assert not at.exception and at.dataframe[0].value.iloc[0]["State"] == "Finished"


def test_a_coach_pins_a_comment_and_the_candidate_replies_on_review(app_engine, pair, service):
    coach, cand = pair
    _assigned_session(app_engine, service, coach, cand)
    at = _open("pages/review.py", coach)
    assert not at.exception, at.exception
    at.selectbox(key="progress_person").set_value(cand).run()
    at.text_area(key="pin_text").input("Lead with the number.")
    at.number_input(key="pin_at").set_value(0.0)
    next(b for b in at.button if b.label == "Pin comment").click()
    at.run()
    assert not at.exception, at.exception
    mine = _open("pages/review.py", cand)
    assert not mine.exception, mine.exception
    assert "Lead with the number." in [t.value for t in mine.text]
    assert not [f for f in mine.text_area if f.key == "pin_text"]  # the candidate replies, never pins
    thread_id = next(k for k in (t.key for t in mine.text_input) if k and k.startswith("reply_text_"))
    mine.text_input(key=thread_id).input("Thanks, will do.")
    next(b for b in mine.button if b.label == "Send reply").click()
    mine.run()
    assert not mine.exception, mine.exception
    with Session(app_engine) as db:
        attempt_id = crud.list_user_attempts(db, viewer_id=cand)[-1].id
    threads = list_threads(app_engine, viewer_id=coach, attempt_id=attempt_id)
    assert threads[0].replies[0].text == "Thanks, will do."


def test_review_draws_the_camera_timeline_of_an_answer_that_has_one(app_engine, pair, service):
    coach, cand = pair
    _assigned_session(app_engine, service, coach, cand, texts=(STRONG,))
    with Session(app_engine) as db:
        attempt = crud.list_user_attempts(db, viewer_id=cand)[0]
        attempt.vision_timeline = [{"t_s": i * 0.5, "gaze_on_camera": i % 2 == 0, "posture_ok": True,
                                    "face_visible": True} for i in range(8)]
        db.add(attempt)
        db.commit()
    at = _open("pages/review.py", coach)
    at.selectbox(key="progress_person").set_value(cand).run()
    assert not at.exception, at.exception
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert any(t("report.track.gaze", "en") in spec and t("report.track.posture", "en") in spec for spec in specs)


def test_the_transcript_marks_where_a_comment_was_pinned(app_engine, pair, service):
    coach, cand = pair
    _assigned_session(app_engine, service, coach, cand, texts=(STRONG,))
    with Session(app_engine) as db:
        attempt_id = crud.list_user_attempts(db, viewer_id=cand)[0].id
    pin_comment(app_engine, coach_id=coach, attempt_id=attempt_id, at_s=0.0, text="Opening note")
    at = _open("pages/review.py", cand)
    assert not at.exception, at.exception
    assert any("[#1]" in m.value for m in at.markdown)


def test_progress_shows_my_recurring_weaknesses_and_the_drill(app_engine, pair, service):
    _coach, cand = pair
    for _ in range(2):
        session_id = service.start_session(cand, company="Acme", role="Engineer", stages=[1],
                                           questions_per_stage=1, max_followup_depth=0)
        question = service.next_question(cand, session_id)
        attempt = service.begin_attempt(cand, question.id, "text")
        service.submit_answer(cand, attempt.id, text=WEAK)
        service.finish_session(cand, session_id)
    at = _open("pages/progress.py", cand)
    assert not at.exception, at.exception
    assert "Recurring weaknesses and the next drill" in [h.value for h in at.subheader]
    assert any("Result missing" in m.value for m in at.markdown)
    assert [b for b in at.button if b.label == "Start this drill"]


def test_the_candidate_chooses_what_a_coach_sees(app_engine, pair, service):
    coach, cand = pair
    at = _open("pages/coach.py", cand)
    assert not at.exception, at.exception
    link_id = Session(app_engine).exec(select(CoachLink)).one().id
    radio = at.radio(key=f"share_{link_id}")
    assert radio.value == "assignments"  # the default
    radio.set_value("all").run()
    assert not at.exception, at.exception
    with Session(app_engine) as db:
        assert crud.share_scope(db, coach_id=coach, candidate_id=cand) == "all"


def test_measures_the_coach_hid_stay_hidden_on_the_candidates_report(app_engine, pair, service):
    coach, cand = pair
    assignment_id = create_assignment(app_engine, coach_id=coach, candidate_ids=[cand], spec=AssignmentSpec(
        role="Engineer", mode="exam", questions=("Tell me about a release.",), visible_measures=("fillers", "pace")))
    session_id = start_assignment(app_engine, service, candidate_id=cand, assignment_id=assignment_id)
    question = service.next_question(cand, session_id)
    attempt = service.begin_attempt(cand, question.id, "text")
    service.submit_answer(cand, attempt.id, text=WEAK)
    service.finish_session(cand, session_id)
    at = _open("pages/reports.py", cand)
    assert not at.exception, at.exception
    shown = "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.metric] if hasattr(e, "value"))
    assert "/100" not in shown and "result" not in shown.lower()  # scores and content feedback hidden
    assert visible_measures_for_session(app_engine, viewer_id=coach, session_id=session_id) == ()
    assert visible_measures_for_session(app_engine, viewer_id=cand, session_id=session_id) == ("fillers", "pace")


def test_a_running_job_redraws_its_progress_from_the_job_row(app_engine, pair, service, tmp_path):
    coach, cand = pair
    (tmp_path / "a.txt").write_text(STRONG, encoding="utf-8")
    (tmp_path / "m.csv").write_text("question,file\nQ one?,a.txt\n", encoding="utf-8")
    job_id = batch.create_job(app_engine, get_settings(), coach_id=coach, candidate_id=cand,
                              rows=batch.read_manifest(tmp_path / "m.csv"), service=service)
    with Session(app_engine) as db:  # a live worker (fresh heartbeat) holds it: the page must not take it
        job = db.get(BatchJob, job_id)
        job.status, job.heartbeat_at = "running", utcnow()
        db.add(job)
        db.commit()
    at = _open("pages/assignments.py", coach)
    assert not at.exception, at.exception
    bars = at.get("progress")
    assert bars and "0/1" in bars[0].proto.text and "running" in bars[0].proto.text
    with Session(app_engine) as db:
        assert db.get(BatchJob, job_id).done == 0  # untouched by the page


def _page_titles(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("page_link")]


def test_the_coach_pages_are_listed_for_coaches_only(app_engine, pair):
    coach, cand = pair
    with Session(app_engine) as db:
        loner = add_user(db, "loner")
    titles = {}
    for name, uid in (("coach", coach), ("cand", cand), ("loner", loner)):
        at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=90)
        sign_in(at, uid)
        at.run()
        assert not at.exception, at.exception
        titles[name] = _page_titles(at)
    assert {"Assignments", "Cohort"} <= set(titles["coach"])
    for name in ("cand", "loner"):
        assert "Assignments" not in titles[name] and "Cohort" not in titles[name], titles[name]
        assert {"Coaching", "Practice"} <= set(titles[name])


def _home(uid: int, lang: str = "en") -> AppTest:
    # Through the entry script: Home's link goes to a page the navigation registered.
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=90)
    sign_in(at, uid)
    at.session_state["ares_lang"] = lang
    return at.run()


def test_a_coachs_home_points_at_candidates_and_assignments_not_at_a_resume(app_engine, pair):
    # New-user finding s22 #11: a coach's Home said "Add your resume and a job posting...".
    coach, cand = pair
    with Session(app_engine) as db:
        loner = add_user(db, "coach_alone", "coach")
    steps = {}
    for who in (loner, coach):
        at = _home(who)
        assert not at.exception, at.exception
        steps[who] = [i.value for i in at.info]
    assert steps[loner] == [t("home.next.coach_invite", "en")]
    assert steps[coach] == [t("home.next.coach_assign", "en")]
    create_assignment(app_engine, coach_id=coach, candidate_ids=[cand],
                      spec=AssignmentSpec(role="Engineer", title="Week 1"))
    at = _home(coach, "ko")
    assert [i.value for i in at.info] == [t("home.next.coach_review", "ko")]
    assert t("home.next.profile", "ko") not in [i.value for i in at.info]
    # A candidate still gets the candidate's next step.
    assert [i.value for i in _home(cand).info][-1] == t("home.next.profile", "en")


def test_the_answer_picker_leaves_out_a_missing_company(app_engine, pair, service):
    # New-user finding s22 #12: the picker read "#2 — · Your resume says…" with no company.
    coach, cand = pair
    session_id = _assigned_session(app_engine, service, coach, cand, texts=(STRONG,))
    at = _open("pages/review.py", cand)
    assert not at.exception, at.exception
    label = at.selectbox(key="review_answer").options[0]
    assert label.startswith(f"#{session_id} · ") and "—" not in label and "·  ·" not in label
