"""Word documents are read through their whole content tree, once, in reading order."""

from __future__ import annotations

from docx_tree_builders import cell, docx_with_body, para, picture, row, sdt, table, text_box, vml_text_box

from core.documents import extract_document
from core.i18n import t
from core.resume.analysis import analyze_resume

EXPERIENCE = (
    para("Experience", "Heading1")
    + para("Senior Data Analyst — Harbourline Freight, Rotterdam")
    + para("03/2021 – Present")
    + para("Built a delivery-delay forecast in Python that cut late shipments by 18% in one year.")
    + para("Led a team of 3 analysts and moved 40 weekly Excel reports to a single Power BI dashboard.")
    + para("Skills", "Heading1")
    + para("Python, SQL, Power BI, forecasting")
)


def test_text_box_is_read_once_although_word_writes_it_twice():
    data = docx_with_body(para("Mira Verhoeven", "Title") + text_box(EXPERIENCE, fallback=True))
    doc = extract_document(data, "two_column.docx")
    assert doc.text.count("cut late shipments by 18%") == 1
    assert doc.text.index("Mira Verhoeven") < doc.text.index("Experience") < doc.text.index("Skills")
    assert "Experience" in [p.heading for p in doc.pages]
    assert doc.warnings == []


def test_old_vml_only_text_box_is_read():
    doc = extract_document(docx_with_body(vml_text_box(para("Led a team of 3 analysts."))), "old.docx")
    assert doc.text == "Led a team of 3 analysts."


def test_resume_in_text_boxes_gives_the_same_claims_as_its_plain_text():
    boxed = extract_document(docx_with_body(para("Mira Verhoeven", "Title") + text_box(EXPERIENCE)), "r.docx")
    plain = "Mira Verhoeven\n\n" + "\n".join(
        ["Experience", "Senior Data Analyst — Harbourline Freight, Rotterdam", "03/2021 – Present",
         "Built a delivery-delay forecast in Python that cut late shipments by 18% in one year.",
         "Led a team of 3 analysts and moved 40 weekly Excel reports to a single Power BI dashboard.",
         "", "Skills", "Python, SQL, Power BI, forecasting"])
    from_box = {c["value"] for c in analyze_resume(boxed.text, lang="en").claims}
    from_text = {c["value"] for c in analyze_resume(plain, lang="en").claims}
    assert from_box == from_text
    assert {"18%", "3 analysts"} <= from_box


def test_nested_table_rows_of_a_korean_form_are_read_as_rows():
    career = table(
        row(cell(para("근무기간")), cell(para("회사명")), cell(para("담당업무"))),
        row(cell(para("2021.03 ~ 현재")), cell(para("주식회사 누리물류")), cell(para("지연 배송 18% 감소"))),
    )
    form = table(row(cell(para("인적사항") + table(row(cell(para("성명")), cell(para("김하늘")))) + para(""))),
                 row(cell(para("경력사항") + career + para(""))))
    doc = extract_document(docx_with_body(para("이 력 서", "Title") + form), "ko.docx")
    lines = doc.text.split("\n")
    assert "성명 | 김하늘" in lines
    assert "2021.03 ~ 현재 | 주식회사 누리물류 | 지연 배송 18% 감소" in lines
    assert lines.index("경력사항") < lines.index("근무기간 | 회사명 | 담당업무")
    claims = {c["value"] for c in analyze_resume(doc.text, lang="ko").claims}
    assert "18%" in claims


def test_content_controls_at_body_row_cell_and_run_level_are_read():
    body = (
        sdt(para("Body control: Rotterdam office"))
        + table(
            sdt(row(cell(para("Row control")), cell(para("kept")))),
            row(sdt(cell(para("Cell control"))), cell(para("also kept"))),
        )
        + '<w:p><w:r><w:t xml:space="preserve">Run </w:t></w:r>'
        + sdt('<w:r><w:t>control</w:t></w:r>') + '<w:r><w:t xml:space="preserve"> inline</w:t></w:r></w:p>'
    )
    doc = extract_document(docx_with_body(body), "forms.docx")
    lines = doc.text.split("\n")
    assert lines == ["Body control: Rotterdam office", "Row control | kept", "Cell control | also kept",
                     "Run control inline"]


def test_header_contact_line_is_read_first_and_footer_last():
    doc = extract_document(docx_with_body(para("Experience", "Heading1") + para("Built dashboards."),
                                          header="Mira Verhoeven · mira@example.com", footer="Page footer note"),
                           "hf.docx")
    assert doc.text.startswith("Mira Verhoeven · mira@example.com")
    assert doc.text.rstrip().endswith("Page footer note")


def test_deleted_revisions_are_not_read():
    body = ('<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del w:id="1" w:author="x">'
            '<w:r><w:delText>removed</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>added</w:t>'
            '</w:r></w:ins></w:p>')
    assert extract_document(docx_with_body(body), "rev.docx").text == "Kept added"


def test_what_cannot_be_read_is_named_in_a_warning():
    doc = extract_document(docx_with_body(para("Skills chart below.") + picture()), "pic.docx")
    assert doc.warnings == ["documents.warning.picture"]
    assert "그림" in t(doc.warnings[0], "ko")
    assert "pictures" in t(doc.warnings[0], "en")
