"""`python -m core read-answer --json` carries the outline and the blind-hiring check
(issue 15's contract: "outline": [{"part", "text", "placeholder"}], "protected_details":
[{"sentence", "category"}])."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import main
from core.feedback.outline import new_facts

ANSWER_EN = ("I'm 31 and I grew up in Daegu. Last year our checkout page failed about 3 % of payments. "
             "I rewrote the retry logic and added alerts on the payment gateway.")
ANSWER_KO = "저희 아버지는 은행 지점장이십니다. 작년에 결제 오류가 많아서 제가 재시도 로직을 다시 짰습니다."


def _read(tmp_path: Path, capsys: pytest.CaptureFixture[str], question: str, answer: str, lang: str) -> dict:
    path = tmp_path / "answer.txt"
    path.write_text(answer, encoding="utf-8")
    assert main(["read-answer", "--question", question, "--answer-file", str(path), "--lang", lang, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_read_answer_json_has_outline_and_protected_details(tmp_path: Path, capsys) -> None:
    out = _read(tmp_path, capsys, "Tell me about a time you fixed a production problem.", ANSWER_EN, "en")
    assert out["outline"] and all(set(line) == {"part", "text", "placeholder"} for line in out["outline"])
    parts = {line["part"] for line in out["outline"]}
    assert {"situation", "task", "action", "result"} <= parts
    own = [line["text"] for line in out["outline"] if not line["placeholder"]]
    assert own and all(text in ANSWER_EN for text in own)
    assert new_facts("\n".join(own), [ANSWER_EN]) == []
    assert [set(d) for d in out["protected_details"]] == [{"sentence", "category"}]
    assert out["protected_details"][0]["sentence"].startswith("I'm 31")


def test_korean_read_answer_flags_family_background(tmp_path: Path, capsys) -> None:
    out = _read(tmp_path, capsys, "어려운 문제를 해결한 경험을 말해 주세요.", ANSWER_KO, "ko")
    assert out["protected_details"] == [{"sentence": "저희 아버지는 은행 지점장이십니다.", "category": "family"}]
    assert any(line["placeholder"] and line["text"].startswith("[") for line in out["outline"])
