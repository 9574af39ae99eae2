"""What an assignment's measure switches take out of each view the candidate sees (pure)."""

from __future__ import annotations

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
