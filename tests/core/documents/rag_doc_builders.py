"""Builders of real document files for the extraction and RAG tests (fpdf2, pypdf, python-docx).

Imported by tests/core/documents and tests/core/rag (the rag conftest puts this folder on
sys.path). Korean PDFs need a Hangul TTF; `korean_font()` finds one or returns None.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

KOREAN_FONTS = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


def korean_font() -> str | None:
    return next((p for p in KOREAN_FONTS if Path(p).exists()), None)


def text_pdf(pages: list[str], *, font: str | None = None, title: str = "") -> bytes:
    """A real PDF with one page per string (lines split on \\n)."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    if font:
        pdf.add_font("Body", "", font)
        pdf.set_font("Body", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        for line in text.split("\n"):
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def image_only_pdf(pages: int = 2) -> bytes:
    """What a scanner produces: pages with pictures and no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    for i in range(pages):
        pdf.add_page()
        pdf.set_fill_color(40 * i % 255, 120, 200)
        pdf.rect(20, 20, 150, 200, style="F")
    return bytes(pdf.output())


def encrypted_pdf(user_password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(["Confidential strategy"]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_file(blocks: list[tuple[str, str]], table: list[list[str]] | None = None) -> bytes:
    """A DOCX from (style, text) blocks, e.g. ("Heading 1", "Strategy"), ("Normal", "...")."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        if style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(inflated_mb: int = 30) -> bytes:
    """A 'DOCX' whose document.xml inflates from a few KB to `inflated_mb` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(chunk)
    return out.getvalue()
