"""Every text file a command reads goes through the one decoder document reading uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx_tree_builders import docx_with_body, para, picture

from core.cli import main
from core.cli.session import _read_text

ANSWER = ("작년 물류 대시보드 프로젝트에서 기획팀과 개발팀이 배포 일정을 두고 충돌했습니다. 저는 양쪽이 걱정하는 "
          "위험을 표로 정리해서 회의에 가져갔고, 핵심 기능만 먼저 배포하는 2단계 일정을 제안했습니다. 그 결과 "
          "예정보다 1주일 빨리 1차 배포를 마쳤고, 고객 문의가 30% 줄었습니다.")
QUESTION = "프로젝트에서 갈등을 해결한 경험을 말씀해 주세요"
ENCODINGS = ["utf-8", "utf-8-sig", "cp949", "utf-16"]


def _write(tmp_path: Path, text: str, encoding: str, name: str = "answer.txt") -> Path:
    path = tmp_path / f"{encoding}-{name}"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_followup_judges_a_legacy_encoded_answer_like_the_utf8_one(tmp_path, capsys, encoding):
    decisions = []
    for enc in ("utf-8", encoding):
        assert main(["followup", "--question", QUESTION, "--answer-file", str(_write(tmp_path, ANSWER, enc)),
                     "--lang", "ko", "--offline", "--json"]) == 0
        decisions.append(json.loads(capsys.readouterr().out))
    assert decisions[0]["kind"] == decisions[1]["kind"] != "off_topic"
    assert decisions[0]["reason"] == decisions[1]["reason"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_run_session_typed_answers_and_documents_decode_the_same(tmp_path, encoding):
    assert _read_text(_write(tmp_path, ANSWER, encoding)) == ANSWER


@pytest.mark.parametrize("encoding", ["cp949", "utf-16"])
def test_analyze_resume_reads_a_legacy_encoded_resume(tmp_path, capsys, encoding):
    resume = "경력\n주식회사 누리물류 대리 (2021.03 ~ 현재)\n배송 지연 예측 모델 개발로 지연 배송 18% 감소\n"
    outputs = []
    for enc in ("utf-8", encoding):
        assert main(["analyze-resume", str(_write(tmp_path, resume, enc, "cv.txt")), "--lang", "ko", "--json"]) == 0
        outputs.append({c["value"] for c in json.loads(capsys.readouterr().out)["claims"]})
    assert outputs[0] == outputs[1] and "18%" in outputs[0]


def test_analyze_resume_names_what_it_could_not_read_in_the_session_language(tmp_path, capsys):
    cv = tmp_path / "cv.docx"
    body = para("경력", "Heading1") + para("데이터 분석 5년, 보고 자동화로 마감 80% 단축") + picture()
    cv.write_bytes(docx_with_body(body))
    assert main(["analyze-resume", str(cv), "--lang", "ko", "--json"]) == 0
    out = capsys.readouterr()
    warnings = json.loads(out.out)["warnings"]
    assert len(warnings) == 1 and "그림" in warnings[0]
    assert "warning: cv.docx:" in out.err


def test_unreadable_resume_error_follows_the_session_language(tmp_path, capsys):
    broken = tmp_path / "cv.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage without objects")
    assert main(["analyze-resume", str(broken), "--lang", "ko"]) == 2
    assert "파일" in capsys.readouterr().err


def test_profile_upload_reports_what_it_could_not_read():
    from core.resume.service import read_upload_with_warnings

    data = docx_with_body(para("Experience", "Heading1") + para("Built dashboards for 120 stores.") + picture())
    text, pages, warnings = read_upload_with_warnings(data, "cv.docx")
    assert "120 stores" in text and pages >= 1
    assert warnings == ["documents.warning.picture"]
