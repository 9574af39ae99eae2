"""`python -m core questions` / `followup` print the documented JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import core.cli.interview as cli_module
from core.cli import main
from core.rag.types import Passage


class Library:
    def search(self, company: str, query: str, k: int = 5) -> list[Passage]:
        if company != "Acme":
            return []
        return [Passage("In 2025 Acme plans to enter the Japanese market through a joint venture, targeting 500 "
                        "stores by 2027.", "Acme 2025 Annual Report", 12, "Strategy", 0.9)]


@pytest.fixture
def library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_module, "_retriever", lambda settings: Library())


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_questions_json_shape_with_company_sources(library: None, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "questions", "--company", "Acme", "--role", "Analyst", "--persona", "executive",
                   "--stage", "2", "--lang", "en", "--count", "2", "--json")
    assert len(out["questions"]) == 2
    for q in out["questions"]:
        assert {"text", "stage", "persona", "competency", "sources", "origin", "reason"} <= set(q)
        assert q["stage"] == 2 and q["persona"] == "executive"
    company = next(q for q in out["questions"] if q["origin"] == "company")
    source = company["sources"][0]
    assert (source["source"], source["page"]) == ("Acme 2025 Annual Report", 12)
    assert "joint venture" in source["text"]


def test_questions_reads_resume_and_job_files(library: None, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    resume = tmp_path / "cv.txt"
    resume.write_text("- 고객 이탈률을 18%에서 12%로 낮춘 리텐션 캠페인 기획\n", encoding="utf-8")
    jd = tmp_path / "jd.txt"
    jd.write_text("자격요건\n- SQL 활용 능력\n", encoding="utf-8")
    out = run_json(capsys, "questions", "--company", "Unknown", "--persona", "lead", "--stage", "1", "--lang", "ko",
                   "--resume", str(resume), "--jd", str(jd), "--count", "3", "--json")
    origins = {q["origin"] for q in out["questions"]}
    assert {"resume", "job"} <= origins
    assert out["notices"]  # the company has no documents


def test_questions_rejects_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["questions", "--resume", str(tmp_path / "nope.txt"), "--json"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_followup_json_states_a_decision(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("저희 팀은 일정이 촉박했지만 저희가 함께 기능을 나눠 개발했고, 우리 팀 모두 노력해서 결국 "
                      "저희는 제때 출시했습니다.", encoding="utf-8")
    out = run_json(capsys, "followup", "--question", "어려운 일정을 맞췄던 경험을 말씀해 주세요.", "--answer-file",
                   str(answer), "--lang", "ko", "--json")
    # one sentence of team actions: the reader reads it as the setting (no action of the speaker)
    # or as team actions; either way the follow-up quotes the candidate's "저희" words
    assert out["ask"] is True and out["kind"] in {"ownership", "action"} and "저희" in out["text"] and out["reason"]

    strong = tmp_path / "strong.txt"
    strong.write_text("Last year at my previous company our release was at risk. My task was to recover the plan. "
                      "I cut the scope with the product owner, then I moved two engineers to the payment work. "
                      "As a result we shipped on 3 May, one week later than planned instead of five.", encoding="utf-8")
    out = run_json(capsys, "followup", "--question", "Tell me about a time you recovered a late project.",
                   "--answer-file", str(strong), "--lang", "en", "--json")
    assert out["ask"] is False and out["kind"] == "move_on" and out["reason"].startswith("Moving on")
