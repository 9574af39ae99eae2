"""What an assignment's measure switches take out of each view the candidate sees (pure)."""

from __future__ import annotations

from sqlmodel import Session

from core.coaching.visibility import hide_in_summary
from core.live.summary import AnswerSummary, Observation, TimelinePoint


def _summary() -> AnswerSummary:
    return AnswerSummary(
        attempt_id=1, status="analyzed", transcript="I led the rewrite.", score=64.0,
        observations=(Observation("No measured result.", "needs_improvement", "", kind="content", key="star.result"),
                      Observation("6 fillers a minute.", "average", "", kind="delivery", key="delivery.fillers"),
                      Observation("150 words a minute.", "good", "", kind="delivery", key="delivery.pace"),
                      Observation("Looked away often.", "average", "", kind="camera", key="camera.gaze")),
        camera_gaze_share=0.4, posture_ok_share=0.9, frames=30,
        timeline=(TimelinePoint(0.0, True, True), TimelinePoint(0.5, False, True)))


def test_nothing_hidden_leaves_the_summary_as_it_is():
    assert hide_in_summary(_summary(), ()) == _summary()
    everything = ("scores", "content", "fillers", "pace", "pauses", "length", "pitch", "volume", "camera")
    assert hide_in_summary(_summary(), everything) == _summary()


def test_showing_only_fillers_and_pace_drops_the_score_content_and_camera():
    out = hide_in_summary(_summary(), ("fillers", "pace"))
    assert out.score is None
    assert [o.key for o in out.observations] == ["delivery.fillers", "delivery.pace"]
    assert (out.camera_gaze_share, out.posture_ok_share, out.frames, out.timeline) == (None, None, 0, ())
    assert out.transcript == "I led the rewrite."  # the answer itself always stays


def test_hiding_one_delivery_measure_keeps_the_others_and_the_score():
    shown = ("scores", "content", "pace", "pauses", "length", "pitch", "volume", "camera")
    out = hide_in_summary(_summary(), shown)
    assert out.score == 64.0 and out.frames == 30
    assert [o.key for o in out.observations] == ["star.result", "delivery.pace", "camera.gaze"]


STRONG = ("At my previous company our release process took two days. My task was to shorten it. I automated the "
          "tests and split the deploy into stages. As a result, releases went from 2 days to 3 hours.")


def _two_tries(engine, service, coach: int, alice: int, visible: tuple[str, ...]) -> tuple[int, int, int]:
    """An assigned question answered twice ("Answer again"); (session, first, second attempt)."""
    from core.coaching.assignments import AssignmentSpec, create_assignment, start_assignment

    assignment_id = create_assignment(engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(
        role="Engineer", questions=("Tell me about a release you sped up.",), visible_measures=visible))
    session_id = start_assignment(engine, service, candidate_id=alice, assignment_id=assignment_id)
    question = service.next_question(alice, session_id)
    tries = []
    for text in ("We made releases better together.", STRONG):
        attempt = service.begin_attempt(alice, question.id, "text")
        service.submit_answer(alice, attempt.id, text=text)
        tries.append(attempt.id)
    return session_id, tries[0], tries[1]


def test_the_answer_again_diff_compares_only_what_the_candidate_may_see(any_engine, people, service_for):
    from core.coaching.visibility import visible_measures_by_session

    coach, alice, _bob = people(any_engine)
    service = service_for(any_engine)
    _shown_session, *shown = _two_tries(any_engine, service, coach, alice, visible=())
    hidden_session, *hidden = _two_tries(any_engine, service, coach, alice, visible=("fillers", "pace"))
    with Session(any_engine) as db:
        assert visible_measures_by_session(db, owner_id=alice) == {hidden_session: ("fillers", "pace")}
    everything = service.compare_attempts(alice, *shown)
    assert {c.name: c.after for c in everything.changes}["content_score"] is not None
    assert everything.star_added  # the second try added the result (content feedback)
    limited = service.compare_attempts(alice, *hidden)
    assert {c.name: c.after for c in limited.changes}["content_score"] is None
    # Content hidden: no STAR parts claimed as added or as missing (unknown, not absent).
    assert limited.star_added == () and limited.star_missing == ()


def test_the_review_pages_camera_timeline_follows_the_camera_switch(db_engine, people, service_for):
    from core.coaching.assignments import AssignmentSpec, create_assignment, start_assignment
    from core.coaching.review import answer_detail

    coach, alice, _bob = people(db_engine)
    service = service_for(db_engine)
    frames = [{"t_s": t / 5, "face_visible": True, "gaze_on_camera": t % 3 > 0, "posture_ok": True}
              for t in range(20)]
    attempts = {}
    for visible in ((), ("fillers", "pace")):
        assignment_id = create_assignment(db_engine, coach_id=coach, candidate_ids=[alice], spec=AssignmentSpec(
            role="Engineer", questions=("Tell me about a release.",), visible_measures=visible))
        session_id = start_assignment(db_engine, service, candidate_id=alice, assignment_id=assignment_id)
        question = service.next_question(alice, session_id)
        attempt = service.begin_attempt(alice, question.id, "text")
        service.submit_answer(alice, attempt.id, text=STRONG, vision_timeline=frames)
        attempts[visible] = attempt.id
    everything, limited = attempts[()], attempts[("fillers", "pace")]
    assert len(answer_detail(db_engine, viewer_id=alice, attempt_id=everything).vision_timeline) == 20
    assert answer_detail(db_engine, viewer_id=alice, attempt_id=limited).vision_timeline == ()
    assert len(answer_detail(db_engine, viewer_id=coach, attempt_id=limited).vision_timeline) == 20  # coach: all
