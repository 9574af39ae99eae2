"""The command-line contract: `link`, `assign`, `batch-analyze`, `cohort` (names, flags, JSON keys)."""

from __future__ import annotations

import json

import pytest
from coaching_answers import STRONG, WEAK
from media import build_speech, encode_audio, have_speech_tools, write_wav

from core.cli import main


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_link_records_consent_only_with_accept(capsys):
    code, out, _err = _run(capsys, "link", "--coach", "coachy", "--candidate", "cand", "--json")
    assert code == 0 and json.loads(out) | {"link_id": 0} == {
        "link_id": 0, "coach": "coachy", "candidate": "cand", "status": "invited", "share": "assignments"}
    code, out, _err = _run(capsys, "link", "--coach", "coachy", "--candidate", "cand", "--accept", "--share", "all",
                           "--json")
    assert code == 0 and json.loads(out)["status"] == "accepted" and json.loads(out)["share"] == "all"
    code, _out, err = _run(capsys, "link", "--coach", "coachy", "--candidate", "coachy")
    assert code == 2 and "different" in err


def test_assign_needs_a_linked_candidate_and_prints_the_assignment(capsys):
    _run(capsys, "link", "--coach", "coachy", "--candidate", "cand", "--accept")
    _run(capsys, "link", "--coach", "coachy", "--candidate", "other")  # invited, never accepted
    code, _out, err = _run(capsys, "assign", "--user", "coachy", "--candidate", "cand", "other", "--role", "PM",
                           "--json")
    assert code == 2 and "accepted" in err and "other" in err
    code, out, err = _run(capsys, "assign", "--user", "coachy", "--candidate", "cand", "--role", "PM", "--company",
                          "Acme", "--mode", "exam", "--questions", "4", "--due", "2026-12-24", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["assignment_id"] >= 1 and data["mode"] == "exam" and data["question_count"] == 4
    assert data["due"].startswith("2026-12-24T23:59:59") and data["candidates"][0]["state"] == "not_started"
    code, _out, err = _run(capsys, "assign", "--user", "coachy", "--candidate", "cand", "--role", "PM",
                           "--due", "next week")
    assert code == 2 and "--due" in err


@pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox are needed for a spoken answer")
def test_batch_analyze_then_cohort_from_a_manifest_with_a_recording(capsys, tmp_path):
    _run(capsys, "link", "--coach", "coachy", "--candidate", "cand", "--accept")
    clip = build_speech(["In my last job our release took two days.", 0.4, "I automated the tests, and as a "
                         "result releases went from two days to three hours."])
    write_wav(tmp_path / "spoken.wav", clip.audio)
    encode_audio(tmp_path / "filmed.mp4", clip.audio, container="mp4", codec="aac", with_video=True)
    (tmp_path / "typed.txt").write_text(WEAK, encoding="utf-8")
    (tmp_path / "typed2.txt").write_text(STRONG, encoding="utf-8")
    (tmp_path / "m.csv").write_text("question,file\nTell me about a release.,spoken.wav\nA conflict?,typed.txt\n"
                                    "A failure?,typed2.txt\nOn video?,filmed.mp4\n", encoding="utf-8")
    code, out, err = _run(capsys, "batch-analyze", "--user", "coachy", "--candidate", "cand", "--manifest",
                          str(tmp_path / "m.csv"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["session_id"] >= 1 and data["status"] == "done"
    assert [a["status"] for a in data["answers"]] == ["analyzed"] * 4
    assert set(data["answers"][0]) >= {"question", "file", "status", "attempt_id", "score", "error"}
    code, out, err = _run(capsys, "cohort", "--user", "coachy", "--csv", str(tmp_path / "c.csv"), "--json")
    assert code == 0, err
    cohort = json.loads(out)
    row = cohort["candidates"][0]
    assert row["candidate"] == "cand" and row["sessions"] == 1
    assert set(row) >= {"sessions", "competency_levels", "delivery_measures", "recurring_weaknesses"}
    assert row["delivery_measures"]["speech_rate_wpm"]["value"] is not None  # measured on the recordings
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("candidate,")


def test_batch_analyze_refuses_an_unlinked_candidate_and_a_bad_manifest(capsys, tmp_path):
    _run(capsys, "link", "--coach", "coachy", "--candidate", "cand")  # not accepted
    (tmp_path / "a.txt").write_text(STRONG, encoding="utf-8")
    (tmp_path / "m.csv").write_text("question,file\nQ?,a.txt\n", encoding="utf-8")
    code, _out, err = _run(capsys, "batch-analyze", "--user", "coachy", "--candidate", "cand", "--manifest",
                           str(tmp_path / "m.csv"), "--json")
    assert code == 2 and "not allowed" in err
    (tmp_path / "bad.csv").write_text("question,file\nQ?,nope.wav\n", encoding="utf-8")
    code, _out, err = _run(capsys, "batch-analyze", "--user", "coachy", "--candidate", "cand", "--manifest",
                           str(tmp_path / "bad.csv"))
    assert code == 2 and "nope.wav" in err


def test_cohort_of_an_unknown_assignment_is_one_clear_line(capsys):
    _run(capsys, "link", "--coach", "coachy", "--candidate", "cand", "--accept")
    code, _out, err = _run(capsys, "cohort", "--user", "coachy", "--assignment", "999", "--json")
    assert code == 2 and "999" in err
