"""Text extraction: type by content, pages and headings kept, every bad file a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rag_doc_builders import (
    docx_file,
    encrypted_pdf,
    image_only_pdf,
    korean_font,
    text_pdf,
    zip_bomb_docx,
)

from core.documents import DocumentError, extract_document
from core.documents.extract import ERROR_CODES, heading_of
from core.i18n import load_catalog


def test_pdf_keeps_page_numbers_and_headings():
    data = text_pdf(["1. Company Overview\nNorthwind builds warehouse robots.",
                     "It also sells software to run them.",
                     "Strategy\nWe expand to Japan in 2026.\nMore detail follows here."], title="Annual Report")
    doc = extract_document(data, "report.pdf")
    assert doc.kind == "pdf" and doc.paginated
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "warehouse robots" in doc.pages[0].text
    assert doc.pages[0].heading == "1. Company Overview"
    assert doc.pages[1].heading == "1. Company Overview"  # the section runs into page 2
    assert doc.pages[2].heading == "Strategy"
    assert doc.title == "Annual Report"


def test_type_is_detected_from_content_not_file_name():
    pdf = text_pdf(["A plain page of text for detection."])
    assert extract_document(pdf, "notes.txt").kind == "pdf"
    docx = docx_file([("Normal", "Word paragraph text.")])
    assert extract_document(docx, "weird.pdf").kind == "docx"
    html = b"<!DOCTYPE html><html><body><p>Hello page</p></body></html>"
    assert extract_document(html, "page.docx").kind == "html"


@pytest.mark.skipif(korean_font() is None, reason="no Hangul font to write a Korean PDF")
def test_korean_pdf_text_is_extracted():
    data = text_pdf(["사업의 개요\n한빛모빌리티는 전기 이륜차를 만듭니다."], font=korean_font())
    doc = extract_document(data, "k.pdf")
    assert "전기 이륜차" in doc.text


def test_docx_heading_styles_become_sections_and_tables_are_kept():
    data = docx_file([("Heading 1", "Our Values"), ("Normal", "Customers first."),
                      ("Heading 2", "Risks"), ("Normal", "Supply chain delays.")],
                     table=[["Segment", "Revenue"], ["Logistics", "120"]])
    doc = extract_document(data, "x.docx")
    assert [p.heading for p in doc.pages] == ["Our Values", "Risks"]
    assert "Supply chain delays." in doc.pages[1].text
    assert "Logistics | 120" in doc.text


def test_html_drops_scripts_and_styles_and_keeps_headings():
    html = (b"<html><head><title>About</title><style>p{color:red}</style></head><body>"
            b"<h1>About us</h1><p>We build robots.</p><script>alert('x')</script>"
            b"<h2>Careers</h2><p>Join&nbsp;us.</p></body></html>")
    doc = extract_document(html, "about.html")
    assert "alert" not in doc.text and "color:red" not in doc.text
    assert [p.heading for p in doc.pages] == ["About us", "Careers"]
    assert doc.title == "About"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr", "utf-16"])
def test_korean_text_files_decode_in_common_encodings(encoding):
    text = "한빛모빌리티 주식회사\n\n핵심가치: 도전, 신뢰, 고객 중심."
    doc = extract_document(text.encode(encoding), "k.txt")
    assert doc.text == text
    assert doc.kind == "txt"


def test_undecodable_bytes_become_replacement_characters():
    doc = extract_document(b"caf\xe9 au lait \xff\xfe\xfd menu", "x.txt")
    assert "au lait" in doc.text and "\ufffd" in doc.text


def test_markdown_is_recognised_and_split_at_headings():
    doc = extract_document(b"# Title\n\nIntro.\n\n## Strategy\n\nGrow.\n", "a")
    assert doc.kind == "md" and [p.heading for p in doc.pages] == ["Title", "Strategy"]


def test_one_megabyte_single_line_emoji_and_rtl_text_are_extracted():
    line = ("Robots 🤖 help people. مرحبا بالعالم שלום " * 30000)[: 1024 * 1024]
    doc = extract_document(line.encode(), "long.txt")
    assert doc.text.startswith("Robots 🤖") and "مرحبا" in doc.text and len(doc.text) > 900_000


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage", "corrupt"),
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unsupported"),
        (b"PK\x03\x04 not really a zip", "corrupt"),
        (b"\x00\x01\x02binary", "unsupported"),
    ],
)
def test_bad_bytes_raise_the_right_document_error(data, code):
    with pytest.raises(DocumentError) as info:
        extract_document(data, "bad")
    assert info.value.code == code


def test_encrypted_pdf_is_refused_as_encrypted():
    with pytest.raises(DocumentError) as info:
        extract_document(encrypted_pdf(), "locked.pdf")
    assert info.value.code == "encrypted"


def test_image_only_pdf_is_reported_as_scanned():
    with pytest.raises(DocumentError) as info:
        extract_document(image_only_pdf(), "scan.pdf")
    assert info.value.code == "scanned"


def test_zip_bomb_docx_is_refused_before_inflating():
    with pytest.raises(DocumentError) as info:
        extract_document(zip_bomb_docx(30), "bomb.docx")
    assert info.value.code == "zip_bomb"


def test_file_over_the_size_limit_is_refused():
    with pytest.raises(DocumentError) as info:
        extract_document(b"a" * 2000, "big.txt", max_bytes=1000)
    assert info.value.code == "too_large"


def test_non_word_zip_is_unsupported():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(DocumentError) as info:
        extract_document(out.getvalue(), "a.zip")
    assert info.value.code == "unsupported"


def test_every_error_code_has_english_and_korean_messages():
    catalog = load_catalog()
    for code in ERROR_CODES:
        key = DocumentError(code).message_key
        assert set(catalog[key]) == {"en", "ko"}
    scanned = json.loads((Path("core/i18n/catalog/documents.json")).read_text(encoding="utf-8"))
    assert "scanned" in scanned["documents.error.scanned"]["en"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("II. 사업의 개요", "II. 사업의 개요"), ("Letter from the CEO", "Letter from the CEO"),
     ("## Risks", "Risks"), ("We grew revenue by 12% in 2025.", None), ("매출은 1,200억 원을 기록했다.", None)],
)
def test_heading_heuristics(line, expected):
    assert heading_of(line) == expected


def test_docx_heading_found_by_outline_level_of_a_localized_style():
    import io

    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    style = document.styles.add_style("사용자제목", WD_STYLE_TYPE.PARAGRAPH)
    ppr = style.element.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    ppr.append(level)
    document.add_paragraph("회사 소개", style="사용자제목")
    document.add_paragraph("전기 스쿠터를 만듭니다.")
    out = io.BytesIO()
    document.save(out)
    doc = extract_document(out.getvalue(), "k.docx")
    assert doc.pages[0].heading == "회사 소개"
