"""`python -m core run-session` and `report`, end to end with typed answers (and a spoken one)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from core.cli import main

ANSWERS = [
    "At my previous company our release process took two days. My task was to shorten it. I automated the test "
    "suite with GitHub Actions and split the deploy into stages. As a result, releases went from 2 days to 3 hours.",
    "We worked on it together as a team and it got better.",
    "I talked to both people separately, then we agreed on one plan and I checked in weekly.",
]


def _run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_run_session_with_typed_answers_stores_the_report_and_prints_json(tmp_path, capsys, data_dir):
    files = []
    for i, text in enumerate(ANSWERS):
        path = tmp_path / f"a{i}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    html_out = tmp_path / "report.html"
    code, out, err = _run(capsys, ["run-session", "--company", "Acme", "--role", "Backend engineer", "--stages", "1",
                                   "--answers", *files, "--report", str(html_out), "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["session_id"] >= 1 and len(data["answers"]) == 3
    first = data["answers"][0]
    assert first["question"] and first["transcript"].startswith("At my previous company")
    assert first["score"] is not None and first["feedback"] and "start_s" in first["feedback"][0]
    assert {"content", "delivery", "camera"} <= set(first["grades"])
    assert data["answers"][0]["score"] > data["answers"][1]["score"]
    assert data["overall"]["explanation"] and data["stage_scores"]
    assert "<script" in html_out.read_text(encoding="utf-8")
    code, out, err = _run(capsys, ["report", str(data["session_id"]), "--json"])
    assert code == 0, err
    stored = json.loads(out)
    assert stored["overall"]["value"] == data["overall"]["value"] and len(stored["answers"]) == 3


def test_report_of_another_users_session_is_refused(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(ANSWERS[0], encoding="utf-8")
    code, out, _ = _run(capsys, ["run-session", "--company", "Acme", "--no-library", "--stages", "3",
                                 "--questions-per-stage", "1",
                                 "--max-followup-depth", "0", "--answers", str(path), "--json"])
    session_id = json.loads(out)["session_id"]
    code, _, err = _run(capsys, ["run-session", "--company", "Acme", "--no-library", "--user", "mallory",
                                 "--stages", "3",
                                 "--questions-per-stage", "1", "--answers", str(path), "--json"])
    code, _, err = _run(capsys, ["report", str(session_id), "--user", "mallory"])
    assert code == 2 and "no session" in err


def test_missing_answer_file_is_one_clear_line(capsys):
    code, _, err = _run(capsys, ["run-session", "--company", "Acme", "--answers", "/nonexistent.wav"])
    assert code == 2 and err.startswith("error: /nonexistent.wav")


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")), reason="needs espeak-ng and sox")
def test_run_session_with_a_spoken_answer_transcribes_and_measures_delivery(tmp_path, capsys):
    raw, wav = tmp_path / "raw.wav", tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw),
                    "In my last job our builds took forty minutes. I rewrote the cache. As a result the builds "
                    "took eight minutes."], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(wav)], check=True)
    code, out, err = _run(capsys, ["run-session", "--company", "Acme", "--no-library", "--stages", "1",
                                   "--questions-per-stage", "1", "--max-followup-depth", "0", "--answers", str(wav),
                                   "--json"])
    assert code == 0, err
    answer = json.loads(out)["answers"][0]
    assert answer["status"] == "analyzed", answer["error"]
    # espeak-ng is not a human voice: check key words, not exact text.
    assert "minutes" in answer["transcript"].lower() and "job" in answer["transcript"].lower()
    assert answer["grades"]["delivery"] is not None
    assert any(item["kind"] == "delivery" for item in answer["feedback"])
