"""`run-session --mode practice|exam --retry N`: each answer file answered N times in a row;
the JSON and the stored report hold every attempt, the marks and the diff."""

from __future__ import annotations

import json

from core.cli import main

WEAK = "We worked on it together as a team and it got better."


def _run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_retry_answers_each_question_n_times_with_a_diff_and_marks(tmp_path, capsys, data_dir):
    path = tmp_path / "a.txt"
    path.write_text(WEAK, encoding="utf-8")
    code, out, err = _run(capsys, ["run-session", "--company", "Acme", "--no-library", "--stages", "1",
                                   "--questions-per-stage", "1", "--max-followup-depth", "0", "--mode", "practice",
                                   "--retry", "3", "--answers", str(path), "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["mode"] == "practice"
    assert [a["attempt"] for a in data["answers"]] == [1, 2, 3]
    assert len({a["question_id"] for a in data["answers"]}) == 1
    assert "diff" not in data["answers"][0]
    diff = data["answers"][1]["diff"]
    assert {"star_added", "star_missing", "numbers_added", "changes", "key_sentence"} <= set(diff)
    assert {c["name"] for c in diff["changes"]} >= {"content_score", "words", "filler_per_min", "speech_rate_wpm",
                                                    "long_pauses", "camera_gaze_share"}
    code, out, err = _run(capsys, ["report", str(data["session_id"]), "--json"])
    assert code == 0, err
    stored = json.loads(out)
    assert stored["session"]["mode"] == "practice"
    history = stored["answers"][0]["attempts"]
    marks = history["marks"]
    assert len(marks) == 3 and len(history["diffs"]) == 2
    assert [m["last"] for m in marks] == [False, False, True] and [m["counts"] for m in marks] == [False, False, True]
    assert sum(m["best"] for m in marks) == 1
    assert stored["answers"][0]["attempt_id"] == marks[-1]["attempt_id"]  # the session score uses the last


def test_exam_mode_allows_one_take_and_is_stored_on_the_session(tmp_path, capsys, data_dir):
    path = tmp_path / "a.txt"
    path.write_text(WEAK, encoding="utf-8")
    code, _, err = _run(capsys, ["run-session", "--company", "Acme", "--no-library", "--mode", "exam",
                                 "--retry", "2", "--answers", str(path), "--json"])
    assert code == 2 and "one take per question" in err
    code, out, err = _run(capsys, ["run-session", "--company", "Acme", "--no-library", "--stages", "1",
                                   "--questions-per-stage", "1", "--max-followup-depth", "0", "--mode", "exam",
                                   "--answers", str(path), "--json"])
    assert code == 0, err
    session_id = json.loads(out)["session_id"]
    code, out, _ = _run(capsys, ["report", str(session_id), "--json"])
    assert json.loads(out)["session"]["mode"] == "exam"
