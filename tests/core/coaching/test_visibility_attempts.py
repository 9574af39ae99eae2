"""What a coach hides stays hidden in the attempts side by side ("Answer again") and in the
summary's better-answer outline."""

from __future__ import annotations

from core.coaching.visibility import hide_in_diff, hide_in_summary, hide_measures
from core.feedback.outline import Outline, OutlineLine
from core.feedback.retry import AttemptDiff, KeySentence, MeasureChange
from core.live.summary import AnswerSummary
from core.report.types import AnswerReport, SessionReport

DIFF = AttemptDiff(
    before_attempt_id=1, after_attempt_id=2, star_added=("result",), star_missing=("task",),
    numbers_added=("40 percent",),
    changes=tuple(MeasureChange(name=n, unit="", before=1.0, after=2.0, delta=1.0, better=None)
                  for n in ("content_score", "words", "filler_per_min", "speech_rate_wpm", "long_pauses",
                            "camera_gaze_share")),
    key_sentence=KeySentence(text="Errors fell by 40 percent.", char_start=0, char_end=26, reason="star:result"),
    before_transcript="We did it.", after_transcript="Errors fell by 40 percent.")


def _shown(diff: AttemptDiff) -> list[str]:
    """The measures that still carry values (a hidden one keeps its row, empty)."""
    assert [c.name for c in diff.changes] == [c.name for c in DIFF.changes]
    return [c.name for c in diff.changes if c.after is not None]


def test_nothing_hidden_keeps_the_diff():
    assert hide_in_diff(DIFF, []) == DIFF


def test_each_measure_goes_with_its_switch():
    shown = hide_in_diff(DIFF, ["scores", "content", "pace", "camera"])
    assert _shown(shown) == ["content_score", "speech_rate_wpm", "camera_gaze_share"]
    assert shown.key_sentence is not None and shown.star_added == ("result",)


def test_hidden_content_drops_the_star_parts_numbers_and_highlight_but_keeps_the_answers():
    shown = hide_in_diff(DIFF, ["fillers", "pace", "pauses", "length", "camera", "scores"])
    assert "content_score" not in _shown(shown)
    assert (shown.star_added, shown.star_missing, shown.numbers_added, shown.key_sentence) == ((), (), (), None)
    assert (shown.before_transcript, shown.after_transcript) == (DIFF.before_transcript, DIFF.after_transcript)


def test_hidden_content_drops_the_summary_outline():
    outline = Outline(lines=(OutlineLine(part="result", text="[the result?]", placeholder=True),))
    summary = AnswerSummary(attempt_id=1, status="analyzed", transcript="x", outline=outline)
    assert hide_in_summary(summary, ["content"]).outline == outline
    assert hide_in_summary(summary, ["scores"]).outline is None


def test_report_attempts_follow_the_switches():
    answer = AnswerReport.from_dict({"attempt_id": 2, "question_id": 5, "attempts": {
        "marks": [{"attempt_id": 1, "score": 40.0, "best": False, "last": False, "counts": False},
                  {"attempt_id": 2, "score": 70.0, "best": True, "last": True, "counts": True}],
        "diffs": [DIFF.to_dict()]}})
    report = SessionReport.from_dict({"answers": [answer.to_dict()]})
    history = hide_measures(report, ["fillers"]).answers[0].attempts
    assert [m.score for m in history.marks] == [None, None]
    assert _shown(history.diffs[0]) == ["filler_per_min"]
    assert history.diffs[0].key_sentence is None
    assert report.answers[0].attempts.diffs[0].key_sentence is not None  # the report itself is untouched
