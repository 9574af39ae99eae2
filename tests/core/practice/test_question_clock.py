"""Issue #15: a timed question's clock runs from when the question first appeared, and the
typed draft is kept — across a reload, which rebuilds everything from the database
(SQLite and PostgreSQL; the time passes on an injected clock, nobody sleeps)."""

from __future__ import annotations

from doubles import WallClock
from sqlmodel import Session, col, update

from core.db.models import Question
from core.practice import flow

ANSWER = "I led the billing rewrite and cut invoice errors by 40 percent in 3 months."


def _first_timed_question(engine, make_user, make_service):
    """A timed session's first question, handed out at the wall clock's start."""
    wall = WallClock()
    user = make_user(engine)
    service = make_service(engine, clock=wall)
    session_id = service.start_session(user, role="Engineer", format="timed", max_followup_depth=0)
    return wall, user, service, service.next_question(user, session_id)


def _reload_into_the_room(service, user: int, now: float) -> flow.PracticeState:
    """What the page does after a reload: resume the session, then enter the room."""
    found = service.resume(user)
    back = flow.resumed(flow.PracticeState(), found.session_id, flow.Choices(format=found.format),
                        flow.question_view(found.current), now=now)
    clock = service.show_question(user, found.current.id)
    return flow.enter_interview(back, now=now, shown_s_ago=clock.elapsed_s, clock_restarted=clock.restarted)


def test_a_reload_keeps_the_clock_running_from_when_the_question_first_appeared(any_engine, make_user,
                                                                                make_service):
    wall, user, service, first = _first_timed_question(any_engine, make_user, make_service)
    assert first.shown_at == wall.now
    service.save_draft(user, first.id, "I led the")
    wall.advance(25)  # the reload and the device check
    state = _reload_into_the_room(make_service(any_engine, clock=wall), user, now=1000.0)
    assert state.question.id == first.id and state.question.draft == "I led the"
    assert not state.clock_restarted and flow.browser_time_left(state, 1000.0) == 55.0  # 30 + 50 - 25
    wall.advance(60)  # a second reload, past the 80 s: time is up at once, the draft is still there
    state = _reload_into_the_room(make_service(any_engine, clock=wall), user, now=2000.0)
    assert flow.browser_time_left(state, 2000.0) == 0.0 and state.question.draft == "I led the"
    with Session(any_engine) as db:
        assert db.get(Question, first.id).shown_at == first.shown_at  # a reload never moves it


def test_a_sent_answer_clears_the_draft_and_the_next_question_starts_when_it_first_appears(any_engine, make_user,
                                                                                         make_service):
    wall, user, service, first = _first_timed_question(any_engine, make_user, make_service)
    service.save_draft(user, first.id, ANSWER)
    service.submit_answer(user, service.begin_attempt(user, first.id, "text").id, text=ANSWER)
    wall.advance(300)  # the summary is read, then the page reloads before "Next"
    state = _reload_into_the_room(make_service(any_engine, clock=wall), user, now=50.0)
    assert state.question.id != first.id and state.question.draft == ""
    assert not state.clock_restarted and flow.browser_time_left(state, 50.0) == 80.0  # not shown before now
    with Session(any_engine) as db:
        assert db.get(Question, first.id).draft == ""


def test_a_session_from_before_the_stored_times_restarts_the_clock_once(any_engine, make_user, make_service):
    """Rows written before migration 0006 have no first-shown time: the clock restarts when
    the user comes back (and the page says so); from then on it is kept like any other."""
    wall, user, service, first = _first_timed_question(any_engine, make_user, make_service)
    with Session(any_engine) as db:  # as the migration leaves an older session
        db.exec(update(Question).where(col(Question.session_id) == first.session_id).values(shown_at=None))
        db.commit()
    wall.advance(500)
    state = _reload_into_the_room(service, user, now=10.0)
    assert state.clock_restarted and flow.browser_time_left(state, 10.0) == 80.0
    wall.advance(20)
    state = _reload_into_the_room(service, user, now=99.0)
    assert not state.clock_restarted and flow.browser_time_left(state, 99.0) == 60.0
