"""Word files whose text sits below the body's first level, built here with python-docx plus
raw WordprocessingML (the shapes Word itself writes): text boxes with their VML fallback,
content controls (`w:sdt`) at body, row, cell and run level, nested tables, headers and
footers, and a picture."""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def para(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def text_box(paragraphs: str, *, fallback: bool = True) -> str:
    """A paragraph anchoring a DrawingML text box; with `fallback` also the VML copy Word writes."""
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="5400000" cy="4200000"/>'
        '<wp:docPr id="1" name="Text Box 1"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>'
        '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    )
    vml = (f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent>'
           '</v:textbox></v:shape></w:pict></mc:Fallback>') if fallback else ""
    return f"<w:p><w:r><mc:AlternateContent>{choice}{vml}</mc:AlternateContent></w:r></w:p>"


def vml_text_box(paragraphs: str) -> str:
    """An old-style (Word 2003) VML text box with no DrawingML choice at all."""
    return f"<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox>" \
           "</v:shape></w:pict></w:r></w:p>"


def sdt(content: str) -> str:
    """A content control around `content` (blocks, a row, a cell or runs)."""
    return f"<w:sdt><w:sdtPr><w:alias w:val=\"field\"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def cell(content: str) -> str:
    return f"<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>"


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def table(*rows: str) -> str:
    return "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>" + "".join(rows) + "</w:tbl>"


def picture() -> str:
    return ('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="9" name="Picture 9"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def docx_with_body(body_xml: str, *, header: str = "", footer: str = "",
                   edit: Callable[[object], None] | None = None) -> bytes:
    """A real DOCX (python-docx's template: styles, sections) whose body is `body_xml`."""
    import docx
    from lxml import etree

    document = docx.Document()
    body = document.element.body
    sect = body[-1]  # keep the section properties, the last child of the body
    for child in list(body)[:-1]:
        body.remove(child)
    wrapper = etree.fromstring(f"<w:body {NSDECL}>{body_xml}</w:body>".encode())
    for child in list(wrapper):
        sect.addprevious(child)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    if edit is not None:
        edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
