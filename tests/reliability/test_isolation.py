"""Isolation: another user's sessions, attempts, recordings, documents, companies and
reports can be neither read nor changed — through page actions or CLI commands.

Alice owns everything below, each piece carrying a unique marker; Bob (and a coach Alice
never accepted) then drive every page and command, and the markers must never appear."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from doubles import link_coach
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db import crud
from core.db.engine import get_engine
from core.db.models import ProfileItem, UserCreate
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py") if p.name != "login.py")
MARKERS = ("ZEBRA-ANSWER-7731", "ZEBRA-RESUME-5150", "ZEBRA-COMPANY-9090", "ZEBRA-PROFILE-4242")
# The coach's workspace: Alice's own coach (coachz) gave her an assignment with a rubric and
# pinned a comment on her assigned answer; none of it may reach Bob or the coach she never accepted.
COACH_MARKERS = ("ZEBRA-ASSIGN-3131", "ZEBRA-RUBRIC-2727", "ZEBRA-PINNED-6060", "ZEBRA-ASSIGNED-8080")


def _all_text(at: AppTest) -> str:
    """Every string the page rendered (element protos include labels, values and options)."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    # Markdown escaping (ZEBRA\\-ANSWER, or ui.safe's ZEBRA&#45;ANSWER) must not hide a leak.
    return html.unescape("\n".join(parts).replace("\\\\", "").replace("\\", ""))


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request, monkeypatch):
    """Alice's data (with markers), Bob, and a coach Alice has not accepted — on SQLite and
    on PostgreSQL (the app, the CLI subprocesses and the tests all use DATABASE_URL)."""
    if request.param == "postgresql":
        pg = request.getfixturevalue("pg_engine")
        monkeypatch.setenv("DATABASE_URL", pg.url.render_as_string(hide_password=False))
        get_settings.cache_clear()
    st.cache_resource.clear()
    get_engine.cache_clear()
    monkeypatch.setattr("core.demo.load_demo_data", lambda *a, **k: None)
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    with Session(engine, expire_on_commit=False) as db:
        alice = crud.create_user(db, user_in=UserCreate(username="alice", password="password-123"))
        bob = crud.create_user(db, user_in=UserCreate(username="bob", password="password-123"))
        coach = crud.create_user(db, user_in=UserCreate(username="coachx", role="coach", password="password-123"))
        crud.request_link(db, requester_id=coach.id, coach_id=coach.id, candidate_id=alice.id)  # never accepted
        resume = crud.add_document(db, owner_id=alice.id, kind="resume", title="Alice CV",
                                   text="Led ZEBRA-RESUME-5150 migration; cut costs 30%.")
        crud.save_profile_item(db, actor_id=alice.id,
                               item=ProfileItem(user_id=alice.id, kind="skill", title="ZEBRA-PROFILE-4242"))
        company = crud.create_company(db, owner_id=alice.id, name="ZEBRA-COMPANY-9090 Ltd")
    from core.practice.service import PracticeService

    service = PracticeService(engine, settings)
    # The workspace first: Alice's own practice below stays her newest session (the Reports page opens it).
    workspace = _coach_workspace(engine, service, alice.id)
    session_id = service.start_session(alice.id, role="Engineer", stages=(1,), questions_per_stage=1,
                                       max_followup_depth=0, resume_document_id=resume.id)
    question = service.next_question(alice.id, session_id)
    attempt = service.begin_attempt(alice.id, question.id, mode="text")
    service.submit_answer(alice.id, attempt.id, text="In 2024 I led ZEBRA-ANSWER-7731 and cut latency by 40%.")
    service.finish_session(alice.id, session_id)
    yield {"engine": engine, "alice": alice, "bob": bob, "coach": coach, "session_id": session_id,
           "attempt_id": attempt.id, "resume_id": resume.id, "company_id": company.id, **workspace}
    st.cache_resource.clear()
    get_engine.cache_clear()


def _coach_workspace(engine, service, alice_id: int) -> dict:
    """coachz: accepted by Alice (default privacy), with an assignment, a rubric and a pinned comment."""
    from core.coaching.assignments import AssignmentSpec, create_assignment, start_assignment
    from core.coaching.comments import pin_comment
    from core.coaching.rubrics import Goal, create_rubric

    with Session(engine, expire_on_commit=False) as db:
        own_coach = crud.create_user(db, user_in=UserCreate(username="coachz", role="coach", password="password-123"))
        link_coach(db, coach_id=own_coach.id, candidate_id=alice_id)  # both sides consented
    rubric_id = create_rubric(engine, coach_id=own_coach.id, name="ZEBRA-RUBRIC-2727",
                              goals=[Goal(id="", text="States a measured result", measure="result_measured")])
    assignment_id = create_assignment(engine, coach_id=own_coach.id, candidate_ids=[alice_id], spec=AssignmentSpec(
        role="Engineer", title="ZEBRA-ASSIGN-3131", mode="exam", questions=("Tell me about a release.",),
        rubric_id=rubric_id))
    assigned = start_assignment(engine, service, candidate_id=alice_id, assignment_id=assignment_id)
    question = service.next_question(alice_id, assigned)
    attempt = service.begin_attempt(alice_id, question.id, mode="text")
    service.submit_answer(alice_id, attempt.id, text="I shipped ZEBRA-ASSIGNED-8080 and cut release time by 90%.")
    service.finish_session(alice_id, assigned)
    comment_id = pin_comment(engine, coach_id=own_coach.id, attempt_id=attempt.id, at_s=0.0,
                             text="ZEBRA-PINNED-6060 say the baseline first")
    return {"own_coach": own_coach, "assignment_id": assignment_id, "rubric_id": rubric_id,
            "assigned_session_id": assigned, "assigned_attempt_id": attempt.id, "comment_id": comment_id}


@pytest.mark.parametrize("viewer", ["bob", "coach"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_never_show_another_users_data(world, page: str, viewer: str) -> None:
    if page == "pages/practice.py":
        pytest.importorskip("ui.live")
    # Home.py registers the coach-only pages for coaches only, so Bob (a candidate) cannot
    # reach them through it; the page scripts guard themselves too: run those directly.
    direct = viewer == "bob" and page in ("pages/assignments.py", "pages/cohort.py")
    at = AppTest.from_file(str(ROOT / (page if direct else "Home.py")), default_timeout=90)
    sign_in(at, world[viewer].id)
    # Pretend the browser still holds ids of Alice's rows (a stale or forged session state).
    at.session_state["report_session_id"] = world["session_id"]
    at.run()
    if not direct:
        at.switch_page(page)
        at.run()
    text = _all_text(at)
    for marker in MARKERS + COACH_MARKERS:
        assert marker not in text, f"{marker} leaked to {viewer} on {page}"


def test_the_coach_sees_alice_only_after_she_accepts(world) -> None:
    with Session(world["engine"]) as db:
        link = next(link for link in crud.list_links(db, user_id=world["alice"].id)
                    if link.coach_id == world["coach"].id)
        crud.accept_link(db, user_id=world["alice"].id, link_id=link.id)
        with pytest.raises(crud.AccessDenied):  # default privacy: only that coach's assignment sessions
            crud.get_session(db, viewer_id=world["coach"].id, session_id=world["session_id"])
        crud.set_share_scope(db, candidate_id=world["alice"].id, coach_id=world["coach"].id, scope="all")
        assert crud.get_session(db, viewer_id=world["coach"].id, session_id=world["session_id"])
        with pytest.raises(crud.AccessDenied):  # read, never write
            crud.update_attempt(db, owner_id=world["coach"].id, attempt_id=world["attempt_id"], transcript="x")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_cli_commands_refuse_another_users_report_and_company(world) -> None:
    report = _cli("report", str(world["session_id"]), "--user", "bob", "--json")
    assert report.returncode != 0 and "ZEBRA" not in report.stdout + report.stderr
    search = _cli("search", "--company", "ZEBRA-COMPANY-9090 Ltd", "cost", "--user", "bob", "--json")
    assert "ZEBRA-ANSWER" not in search.stdout and "ZEBRA-RESUME" not in search.stdout
    with Session(world["engine"]) as db:
        assert crud.list_documents(db, viewer_id=world["alice"].id, company_id=world["company_id"]) == []


def test_cli_index_into_a_same_named_company_never_touches_alices(world, tmp_path: Path) -> None:
    doc = tmp_path / "bob.txt"
    doc.write_text("Bob's notes about the company values: be kind.", encoding="utf-8")
    result = _cli("index", "--company", "ZEBRA-COMPANY-9090 Ltd", str(doc), "--user", "bob")
    assert result.returncode == 0, result.stderr
    with Session(world["engine"]) as db:
        assert crud.list_documents(db, viewer_id=world["alice"].id, company_id=world["company_id"]) == []


def test_recordings_of_another_user_cannot_be_attached_or_read(world) -> None:
    with Session(world["engine"]) as db:
        with pytest.raises(crud.AccessDenied):
            crud.get_attempt(db, viewer_id=world["bob"].id, attempt_id=world["attempt_id"])
        with pytest.raises(crud.AccessDenied):
            crud.update_attempt(db, owner_id=world["bob"].id, attempt_id=world["attempt_id"],
                                audio_path="../alice/secret.wav")
        with pytest.raises(crud.AccessDenied):
            crud.get_analysis(db, viewer_id=world["bob"].id, attempt_id=world["attempt_id"])
        with pytest.raises(crud.AccessDenied):
            crud.get_document(db, viewer_id=world["bob"].id, document_id=world["resume_id"])
        with pytest.raises(crud.AccessDenied):
            crud.get_report(db, viewer_id=world["bob"].id, session_id=world["session_id"])


def test_service_actions_on_another_users_session_are_refused(world) -> None:
    from core.practice.service import PracticeService

    service = PracticeService(world["engine"], get_settings())
    bob = world["bob"].id
    for action in (
        lambda: service.next_question(bob, world["session_id"]),
        lambda: service.finish_session(bob, world["session_id"]),
        lambda: service.reanalyze(bob, world["attempt_id"]),
        lambda: service.submit_answer(bob, world["attempt_id"], text="overwrite"),
    ):
        with pytest.raises(Exception) as caught:  # AccessDenied, or a PracticeError wrapping it
            action()
        assert isinstance(caught.value, crud.AccessDenied) or "not" in str(caught.value).lower()


def test_the_owner_sees_her_own_markers_so_this_suite_can_fail(world) -> None:
    """Positive control: the same text collection finds every marker for Alice herself."""
    found: set[str] = set()
    for page in ("pages/reports.py", "pages/profile.py", "pages/companies.py"):
        at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=90)
        sign_in(at, world["alice"].id)
        at.run()
        at.switch_page(page)
        at.run()
        text = _all_text(at)
        found |= {marker for marker in MARKERS if marker in text}
    assert found == set(MARKERS)


def test_workspace_rows_of_another_coach_are_refused(world) -> None:
    """The coach Alice never accepted (and Bob) cannot reach coachz's assignment, rubric,
    comments, or Alice's sessions through any workspace function."""
    from core.coaching import batch
    from core.coaching.assignments import AssignmentSpec, create_assignment, get_assignment, start_assignment
    from core.coaching.comments import list_threads, pin_comment, reply
    from core.coaching.errors import WorkspaceError
    from core.coaching.rubrics import mark_goal, score_session

    engine = world["engine"]
    for viewer in (world["coach"].id, world["bob"].id):
        with pytest.raises(crud.AccessDenied):
            get_assignment(engine, viewer_id=viewer, assignment_id=world["assignment_id"])
        with pytest.raises(crud.AccessDenied):
            score_session(engine, viewer_id=viewer, session_id=world["assigned_session_id"],
                          rubric_id=world["rubric_id"])
        with pytest.raises(crud.AccessDenied):
            mark_goal(engine, coach_id=viewer, session_id=world["assigned_session_id"], rubric_id=world["rubric_id"],
                      goal_id="x", mark=1)
        with pytest.raises(crud.AccessDenied):
            list_threads(engine, viewer_id=viewer, attempt_id=world["assigned_attempt_id"])
        with pytest.raises(crud.AccessDenied):
            reply(engine, user_id=viewer, comment_id=world["comment_id"], text="x")
        with pytest.raises(crud.AccessDenied):
            pin_comment(engine, coach_id=viewer, attempt_id=world["assigned_attempt_id"], at_s=0.0, text="x")
        with pytest.raises(crud.AccessDenied):
            start_assignment(engine, None, candidate_id=viewer, assignment_id=world["assignment_id"])  # type: ignore[arg-type]
        with pytest.raises(crud.AccessDenied):
            batch.create_job(engine, get_settings(), coach_id=viewer, candidate_id=world["alice"].id, rows=[])
    with pytest.raises(WorkspaceError):
        create_assignment(engine, coach_id=world["coach"].id, candidate_ids=[world["alice"].id],
                          spec=AssignmentSpec(role="x"))


def test_a_linked_coach_sees_only_what_the_candidate_shares(world) -> None:
    """coachz (accepted, default privacy) sees the assigned session in the cohort and its
    comments, never Alice's own practice; after she shares everything, her practice too."""
    import json

    from core.coaching.cohort import build_cohort

    engine, own_coach = world["engine"], world["own_coach"].id
    row = build_cohort(engine, coach_id=own_coach).to_dict()["candidates"][0]
    assert (row["candidate"], row["sessions"], row["answers"]) == ("alice", 1, 1)
    assert "ZEBRA-ANSWER-7731" not in json.dumps(row)
    with Session(engine) as db:
        assert [s.id for s in crud.list_sessions(db, viewer_id=own_coach, owner_id=world["alice"].id)] == [
            world["assigned_session_id"]]
        with pytest.raises(crud.AccessDenied):
            crud.get_attempt(db, viewer_id=own_coach, attempt_id=world["attempt_id"])
    for viewer in (world["coach"].id, world["bob"].id):
        assert build_cohort(engine, coach_id=viewer).candidates == ()
    with Session(engine) as db:
        crud.set_share_scope(db, candidate_id=world["alice"].id, coach_id=own_coach, scope="all")
    assert build_cohort(engine, coach_id=own_coach).candidates[0].sessions == 2


def test_cli_workspace_commands_refuse_a_coach_alice_never_accepted(world, tmp_path: Path) -> None:
    cohort = _cli("cohort", "--user", "coachx", "--json")
    assert cohort.returncode == 0 and "alice" not in cohort.stdout and "ZEBRA" not in cohort.stdout
    other = _cli("cohort", "--user", "coachx", "--assignment", str(world["assignment_id"]), "--json")
    assert other.returncode == 2 and "ZEBRA" not in other.stdout + other.stderr
    assign = _cli("assign", "--user", "coachx", "--candidate", "alice", "--role", "Spy", "--json")
    assert assign.returncode == 2 and "ZEBRA" not in assign.stdout + assign.stderr
    (tmp_path / "a.txt").write_text("I did things.", encoding="utf-8")
    (tmp_path / "m.csv").write_text("question,file\nQ?,a.txt\n", encoding="utf-8")
    batch = _cli("batch-analyze", "--user", "coachx", "--candidate", "alice", "--manifest", str(tmp_path / "m.csv"))
    assert batch.returncode == 2
    own = _cli("cohort", "--user", "coachz", "--json")  # positive control: her own coach sees the assignment
    assert own.returncode == 0 and "ZEBRA-ASSIGNED-8080" not in own.stdout and "alice" in own.stdout
    assert "ZEBRA-ANSWER-7731" not in own.stdout


def test_alices_own_coach_sees_the_workspace_markers_so_those_checks_can_fail(world) -> None:
    """Positive control for COACH_MARKERS: the same text collection finds them for coachz."""
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=90)
    sign_in(at, world["own_coach"].id)
    at.run()
    at.switch_page("pages/assignments.py")
    at.run()
    text = _all_text(at)
    assert "ZEBRA-ASSIGN-3131" in text and "ZEBRA-RUBRIC-2727" in text
