"""Answer again: the diff between two attempts of one question, the attempt marks, and how
many tries a question type usually takes."""

from __future__ import annotations

from core.feedback.outline import build_outline
from core.feedback.retry import diff_attempts, pick_attempts, tries_until_good
from core.feedback.types import AnswerAnalysis
from tests.readings import make_reading

QUESTION = "Tell me about a time you fixed a slow process."


def _payload(lines, *, attempt_id, content, speech=None, vision=None):
    reading, answer = make_reading(QUESTION, lines)
    return AnswerAnalysis.from_dict({"attempt_id": attempt_id, "transcript": answer, "language": "en",
                                     "outline": build_outline(reading).to_dict(),
                                     "scores": {"content": {"value": content}}, "speech": speech, "vision": vision})


FIRST = [("situation", "we", "Our monthly close took nine days."),
         ("action", "i", "I wrote a script that matched the invoices.")]
SECOND = [("situation", "we", "Our monthly close took nine days."),
          ("task", "i", "I was asked to get it under a week."),
          ("action", "i", "I wrote a script that matched the invoices."),
          ("result", "none", "The close now takes 4 days instead of 9.")]


def test_diff_names_star_parts_numbers_measures_and_the_key_sentence() -> None:
    before = _payload(FIRST, attempt_id=1, content=40,
                      speech={"filler_per_min": 9.0, "speech_rate_wpm": 170, "long_pauses": [{}, {}], "duration_s": 30},
                      vision={"camera_gaze_share": 0.5})
    after = _payload(SECOND, attempt_id=2, content=85,
                     speech={"filler_per_min": 3.0, "speech_rate_wpm": 140, "long_pauses": [], "duration_s": 40},
                     vision={"camera_gaze_share": 0.8})
    diff = diff_attempts(before, after)
    assert diff.star_added == ("task", "result") and diff.star_missing == ()
    assert "4 days" in diff.numbers_added
    changes = {c.name: c for c in diff.changes}
    assert changes["content_score"].delta == 45 and changes["content_score"].better is True
    assert changes["filler_per_min"].delta == -6 and changes["filler_per_min"].better is True
    assert changes["long_pauses"].after == 0 and changes["long_pauses"].better is True
    assert changes["camera_gaze_share"].after == 80 and changes["camera_gaze_share"].better is True
    assert changes["speech_rate_wpm"].better is None  # pace has no "more is better"
    assert changes["words"].after > changes["words"].before
    key = diff.key_sentence
    assert key is not None and key.reason == "star:task" and key.text == "I was asked to get it under a week."
    assert after.transcript[key.char_start:key.char_end] == key.text


def test_a_worse_retry_is_reported_as_worse_and_unmeasured_parts_stay_none() -> None:
    diff = diff_attempts(_payload(SECOND, attempt_id=1, content=85), _payload(FIRST, attempt_id=2, content=40))
    assert diff.star_added == () and diff.star_missing == ("task", "result")
    changes = {c.name: c for c in diff.changes}
    assert changes["content_score"].better is False
    assert changes["filler_per_min"].before is None and changes["filler_per_min"].delta is None
    assert diff.key_sentence is None


def test_a_new_number_is_the_key_sentence_when_no_star_part_was_added() -> None:
    lines = [("situation", "we", "Our monthly close was slow."), ("task", "i", "I had to speed it up."),
             ("action", "i", "I wrote a script."), ("result", "none", "It got faster.")]
    better = [*lines[:3], ("result", "none", "It went from 9 days to 4 days.")]
    diff = diff_attempts(_payload(lines, attempt_id=1, content=60), _payload(better, attempt_id=2, content=75))
    assert diff.key_sentence is not None and diff.key_sentence.reason.startswith("number:")
    assert diff.key_sentence.text == "It went from 9 days to 4 days."


def test_marks_best_and_last_and_the_last_counts_unless_another_is_picked() -> None:
    marks = pick_attempts([(1, 50.0), (2, 80.0), (3, 70.0)])
    assert [(m.best, m.last, m.counts) for m in marks] == [(False, False, False), (True, False, False),
                                                          (False, True, True)]
    picked = pick_attempts([(1, 50.0), (2, 80.0), (3, 70.0)], chosen=2)
    assert [m.counts for m in picked] == [False, True, False]
    assert [m.counts for m in pick_attempts([(1, None)], chosen=99)] == [True]


def test_tries_until_good_per_question_type() -> None:
    out = tries_until_good([("behavioural", [40, 60, 80]), ("behavioural", [76]), ("behavioural", [50, 55]),
                            ("motivation", [30, 80])], good=75)
    by_type = {row.question_type: row for row in out}
    assert [row.question_type for row in out] == ["behavioural", "motivation"]
    behavioural = by_type["behavioural"]
    assert (behavioural.questions, behavioural.reached, behavioural.median_tries, behavioural.never) == (3, 2, 2.0, 1)
    assert by_type["motivation"].median_tries == 2
    assert tries_until_good([("technical", [10, 20])], good=75)[0].median_tries is None  # never reached
