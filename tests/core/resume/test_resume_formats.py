"""Real PDF and DOCX files (as users upload them) through extraction, parsing and claims."""

import io
import re
from pathlib import Path

import pytest

from core.documents import extract_document
from core.resume import extract_claims, parse_cover_letter, parse_resume

HANGUL_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
needs_font = pytest.mark.skipif(not HANGUL_FONT.exists(), reason="needs a Unicode TTF (fonts-nanum)")


def _pdf(markdown: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Body", "", str(HANGUL_FONT))
    pdf.set_font("Body", size=10)
    pdf.add_page()
    for line in markdown.splitlines():
        line = re.sub(r"^#+\s*", "", line)
        line = "• " + line[2:] if line.startswith("- ") else line
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")  # long bullets wrap
    return bytes(pdf.output())


def _docx(markdown: str) -> bytes:
    import docx

    document = docx.Document()
    for line in markdown.splitlines():
        heading = re.match(r"^(#+)\s*(.*)", line)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _check_resume(text):
    experience = parse_resume(text)["experience"]
    assert [(e["role"], e["organization"], e["start"]) for e in experience] == [
        ("Senior Backend Engineer", "Fleetwise Logistics", "2024-03"), ("Data Engineer", "Brightcart", "2021-09"),
        ("Software Engineering Intern", "Orbital Maps", "2020-06")]
    assert [len(e["bullets"]) for e in experience] == [4, 4, 1]
    values = {c.value for c in extract_claims(text)}
    assert {"45%", "£18,000", "from 8M to 40M events per day", "3 engineers", "from 9 to 3 per quarter"} <= values


@needs_font
def test_a_pdf_resume_with_wrapped_bullets_parses_like_the_markdown(resume_en):
    _check_resume(extract_document(_pdf(resume_en), "cv.pdf").text)


def test_a_docx_resume_whose_bullets_lost_their_markers_parses(resume_en):
    _check_resume(extract_document(_docx(resume_en), "cv.docx").text)


@needs_font
def test_a_korean_cover_letter_pdf_keeps_its_questions(letter_ko):
    text = extract_document(_pdf(letter_ko), "자기소개서.pdf").text
    items = parse_cover_letter(text)["items"]
    assert [i["limit"] for i in items] == [700, 800, 600, 500]
    assert "6시간에서 40분으로" in items[1]["answer"]  # a change split by a line wrap is rejoined
    claims = extract_claims(text, document="cover_letter")
    assert "6시간에서 40분으로" in {c.value for c in claims}
