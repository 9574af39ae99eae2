"""PDFs whose text layer is junk: the font's ToUnicode map is removed, as some PDF tools
write subset CID fonts (the page looks right; copying gives glyph ids)."""

from __future__ import annotations

import io
from pathlib import Path

from rag_doc_builders import text_pdf


def dejavu_font() -> str:
    """A TTF shipped by matplotlib (a project dependency), so the test needs no system font."""
    import matplotlib

    return str(Path(matplotlib.__file__).resolve().parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf")


def pdf_without_tounicode(pages: list[str], font: str | None = None) -> bytes:
    """`text_pdf` with an embedded subset font, then every /ToUnicode map deleted."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(text_pdf(pages, font=font or dejavu_font())))
    writer = PdfWriter()
    writer.append(reader)
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for name in list(fonts):
            font_dict = fonts[name].get_object()
            if NameObject("/ToUnicode") in font_dict:
                del font_dict[NameObject("/ToUnicode")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
