"""Regenerate the sample company PDF/DOCX files from their Markdown sources.

    uv run --extra test python scripts/make_sample_company_docs.py

Needs fpdf2 (test extra) and, for the Korean PDF, a Hangul TTF (Debian: fonts-nanum).
The generated files are committed, so the app never needs this script at run time.
Each `## ` section starts a new PDF page, so citations land on known pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples" / "companies"
FONTS = {
    "ko": ["/usr/share/fonts/truetype/nanum/NanumGothic.ttf"],
    "en": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
}


def _font(lang: str) -> str | None:
    return next((p for p in FONTS[lang] if Path(p).exists()), None)


def markdown_to_pdf(source: Path, target: Path, lang: str) -> None:
    from fpdf import FPDF

    lines = source.read_text(encoding="utf-8").splitlines()
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=18)
    font = _font(lang)
    if font is None and lang == "ko":
        sys.exit("no Hangul font: apt-get install fonts-nanum")
    family = "Body"
    if font:
        pdf.add_font(family, "", font)
    else:
        family = "Helvetica"
    title = next((x[2:] for x in lines if x.startswith("# ")), source.stem)
    pdf.set_title(title)
    pdf.add_page()
    first_section = True
    for line in lines:
        if line.startswith("## "):
            if not first_section:
                pdf.add_page()
            first_section = False
            pdf.set_font(family, size=14)
            pdf.multi_cell(0, 9, line[3:], new_x="LMARGIN", new_y="NEXT")
        elif line.startswith("### "):
            pdf.set_font(family, size=12)
            pdf.multi_cell(0, 8, line[4:], new_x="LMARGIN", new_y="NEXT")
        elif line.startswith("# "):
            pdf.set_font(family, size=17)
            pdf.multi_cell(0, 11, line[2:], new_x="LMARGIN", new_y="NEXT")
        elif line.strip():
            pdf.set_font(family, size=10.5)
            pdf.multi_cell(0, 6.2, line, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    pdf.output(str(target))


def markdown_to_docx(source: Path, target: Path) -> None:
    import docx

    document = docx.Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = line[level:].strip()
            if level == 1:
                document.core_properties.title = text
                document.add_heading(text, level=0)
            else:
                document.add_heading(text, level=level - 1)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)
    document.save(str(target))


def main() -> None:
    hanbit = SAMPLES / "hanbit_mobility"
    northwind = SAMPLES / "northwind_robotics"
    markdown_to_pdf(hanbit / "source" / "business_report_2025.md", hanbit / "business_report_2025.pdf", "ko")
    markdown_to_docx(hanbit / "source" / "press_release_2026.md", hanbit / "press_release_2026.docx")
    markdown_to_pdf(northwind / "source" / "annual_report_2025.md", northwind / "annual_report_2025.pdf", "en")
    for path in sorted(SAMPLES.rglob("*")):
        if path.suffix in {".pdf", ".docx"}:
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
