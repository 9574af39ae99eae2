"""A Korean standard-form resume (표준이력서): every section is a table whose first row names
the columns. Read as content, "근무기간 | 회사명 | 직위 | 담당업무" became a job titled 근무기간
at 회사명 and "기간 | 학교명 | 전공" a degree — two nonsense claims, and questions about them.
"""

from __future__ import annotations

from core.documents import extract_document
from core.resume import extract_claims, parse_resume
from core.resume.analysis import analyze_resume
from core.resume.text import split_lines
from tests.core.documents.docx_tree_builders import cell, docx_with_body, para, row, table

LABELS = {"성명", "생년월일", "연락처", "이메일", "근무기간", "회사명", "직위", "담당업무", "기간", "학교명", "전공",
          "졸업구분", "취득일", "자격증명", "발급기관"}


def _table(*rows: tuple[str, ...]) -> str:
    return table(*(row(*(cell(para(value)) for value in values)) for values in rows))


def _standard_form() -> bytes:
    """The form's outer table holds one section per row, each with its own nested table."""
    sections = [
        ("인적사항", _table(("성명", "생년월일", "연락처", "이메일"),
                        ("김하늘", "1994.05.12", "010-5550-1234", "haneul.kim@example.com"))),
        ("학력사항", _table(("기간", "학교명", "전공", "졸업구분"),
                        ("2012.03 ~ 2018.02", "한빛대학교", "통계학과", "졸업"))),
        ("경력사항", _table(("근무기간", "회사명", "직위", "담당업무"),
                        ("2021.03 ~ 현재", "주식회사 누리물류", "대리",
                         "배송 지연 예측 모델 개발로 지연 배송 18% 감소"),
                        ("2018.07 ~ 2021.02", "한결리테일(주)", "사원",
                         "120개 매장 매출 보고 자동화, 월말 마감 5일에서 1일로 단축"))),
        ("자격사항", _table(("취득일", "자격증명", "발급기관"), ("2020.06", "SQLD", "한국데이터산업진흥원"))),
    ]
    form = table(*(row(cell(para(title) + nested + para(""))) for title, nested in sections))
    return docx_with_body(para("이 력 서", "Title") + form)


def _text() -> str:
    return extract_document(_standard_form(), "표준이력서.docx").text


def test_column_label_rows_become_no_claims():
    text = _text()
    assert "근무기간 | 회사명 | 직위 | 담당업무" in text.split("\n")  # the form was read, header rows included
    claims = extract_claims(text)
    header_lines = {ln.number for ln in split_lines(text) if ln.column_header}
    assert len(header_lines) == 4
    from_headers = [c for c in claims if c.source.get("line") in header_lines]
    assert not from_headers, from_headers
    assert not [c for c in claims if set(c.value.replace("|", " ").split()) & LABELS], claims
    values = {(c.kind, c.value) for c in claims}
    assert {("role", "대리"), ("role", "사원"), ("percentage", "18%"), ("count", "120개")} <= values
    credentials = {c.value for c in claims if c.kind == "credential"}
    assert any("한빛대학교" in v for v in credentials) and any("SQLD" in v for v in credentials)
    assert not any(v.startswith("|") for v in credentials), credentials


def test_the_parsed_form_has_no_job_or_school_named_after_a_column():
    parsed = parse_resume(_text())
    assert [(e["role"], e["organization"]) for e in parsed["experience"]] == [
        ("대리", "주식회사 누리물류"), ("사원", "한결리테일(주)")]
    assert [e["degree_org"] for e in parsed["education"]] == ["한빛대학교 | 통계학과 | 졸업"]
    assert parsed["certifications"] == ["2020.06 | SQLD | 한국데이터산업진흥원"]


def test_no_question_is_about_a_column_label():
    analysis = analyze_resume(_text(), lang="ko")
    asked = " ".join(q["question"] if isinstance(q, dict) else str(q) for q in analysis.expected_questions)
    for label in ("근무기간", "회사명", "학교명"):
        assert label not in asked, asked


def test_a_row_of_words_above_a_row_of_words_is_content_not_a_header():
    """Only a label row above rows that carry dates or counts is a header: two rows of words
    (a role and its organisation, say) stay content."""
    lines = split_lines("경력사항\n데이터 분석가 | 누리물류\n물류 데이터 | 분석 담당\n")
    assert not any(ln.column_header for ln in lines)
    lines = split_lines("Skills\n| Tool | Level |\n|---|---|\n| SQL | 5 years |\n")
    assert [ln.text for ln in lines if ln.column_header] == ["| Tool | Level |"]
