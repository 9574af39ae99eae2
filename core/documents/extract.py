"""Text extraction from uploaded documents (PDF, DOCX, HTML, Markdown, plain text).

The type is decided by the CONTENT (magic bytes and markup), never by the file name:
a renamed file must not reach the wrong parser. Every failure a user can cause is a
`DocumentError` whose `message_key` is in `core/i18n/catalog/documents.json`.

Page model: `ExtractedDocument.pages` is a list of `PageText`. For a PDF each entry is a
real page (`number` = 1-based page number). Formats without pages (DOCX, HTML, TXT, MD)
are split into sections at their headings and numbered 1..n in reading order;
`ExtractedDocument.paginated` tells the two apart (citations show a page only when True).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

from core.documents.sense import check_text_layer
from core.language.decode import decode_text  # the one text decoder; kept importable from here

DocumentKind = Literal["pdf", "docx", "txt", "md", "html"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # same default as settings.max_upload_mb
# A DOCX is a ZIP: refuse archives that would inflate past this before opening them.
MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_DOCX_RATIO = 200  # uncompressed / compressed per member; real Word XML compresses ~5-20x
MAX_DOCX_MEMBERS = 5_000
MAX_PDF_PAGES = 2_000
# Fewer extractable characters than this per page means "no text layer" (a scan).
MIN_TEXT_CHARS_PER_PAGE = 8
MAX_HEADING_CHARS = 80

ERROR_CODES = ("corrupt", "encrypted", "scanned", "garbled", "unsupported", "too_large", "zip_bomb", "empty")


class DocumentError(Exception):
    """A document we cannot read. `code` is one of ERROR_CODES; `message_key` is an i18n key."""

    def __init__(self, code: str, message_key: str | None = None, detail: str = "") -> None:
        self.code = code
        self.message_key = message_key or f"documents.error.{code}"
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass(frozen=True)
class PageText:
    """One page (PDF) or one section (other formats). `heading` is the section title in
    effect at the start of the page ("" when none)."""

    number: int
    text: str
    heading: str = ""


@dataclass(frozen=True)
class ExtractedDocument:
    text: str
    pages: list[PageText]
    kind: DocumentKind
    title: str = ""  # document title when the file states one (PDF metadata, first H1)
    encoding: str = ""  # for text formats: the encoding that decoded it
    # i18n keys (core/i18n/catalog/realworld.json) of what could not be read, e.g.
    # "documents.warning.picture" for text inside pictures of a DOCX
    warnings: list[str] = field(default_factory=list)

    @property
    def paginated(self) -> bool:
        return self.kind == "pdf"


# ----------------------------------------------------------------------------- detection
# Only signatures no text file starts with (binaries with NUL bytes are caught anyway).
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"\xd0\xcf\x11\xe0", b"\x1f\x8b",
                 b"7z\xbc\xaf", b"Rar!\x1a")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(p|div|h[1-6]|table|br|ul|li|span|a)\b[^>]*>", re.I)
_MD_HINT = re.compile(r"^(#{1,6}\s+\S|[-*+]\s+\S|\d+\.\s+\S|>\s|```|\|.+\|\s*$)", re.M)


def detect_kind(data: bytes) -> DocumentKind:
    """The document kind from its bytes. Raises DocumentError("unsupported") for other binaries."""
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile as exc:
            raise DocumentError("corrupt", detail="broken ZIP container") from exc
        raise DocumentError("unsupported", detail="ZIP archive that is not a Word document")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: text
        return _text_kind(head.decode("utf-16", errors="ignore").encode("utf-8"))
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise DocumentError("unsupported", detail="binary file")
    return _text_kind(head)


def _text_kind(head: bytes) -> DocumentKind:
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    sample = head.decode("utf-8", errors="ignore")
    return "md" if len(_MD_HINT.findall(sample)) >= 2 or re.search(r"^#{1,6}\s+\S", sample, re.M) else "txt"


# ----------------------------------------------------------------------------- public entry
def extract_document(data: bytes, filename: str = "", *, max_bytes: int = DEFAULT_MAX_BYTES) -> ExtractedDocument:
    """Extract the text of `data` (the file name is only used in messages, never for the type).

    Raises DocumentError with code corrupt / encrypted / scanned / garbled (a PDF text layer
    that is not words: a font without a Unicode map) / unsupported / too_large / zip_bomb / empty.
    """
    if len(data) > max_bytes:
        raise DocumentError("too_large", detail=f"{len(data)} bytes > {max_bytes}")
    if not data.strip():
        raise DocumentError("empty", detail=filename)
    kind = detect_kind(data)
    if kind == "pdf":
        doc = _extract_pdf(data)
    elif kind == "docx":
        doc = _extract_docx(data)
    else:
        text, encoding = decode_text(data)
        if kind == "html":
            title, text = html_to_text(text)
        else:
            title = ""
        doc = _sectioned(text, kind, title=title, encoding=encoding)
    if not doc.text.strip():
        raise DocumentError("empty", detail=filename)
    return doc


# ----------------------------------------------------------------------------- text helpers
def normalize_text(text: str) -> str:
    """NFC (Korean from macOS files comes decomposed), unified newlines, no control chars,
    trailing spaces trimmed, at most two blank lines in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


_NUMBERED = re.compile(
    r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,5}\.|[가-하]\.|제\s?\d{1,3}\s?[장절조부]|\(\d{1,2}\)|[①-⑳]|\[[^\]]{1,40}\])\s*\S"
)
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def heading_of(line: str) -> str | None:
    """The heading text if `line` looks like a heading, else None.

    Heuristics for text without markup (PDF text layers, plain text): Markdown `#`
    headings; short numbered lines ("1. Overview", "II. 사업의 개요", "제2장 ..."), and
    short Title Case lines without final punctuation.
    """
    stripped = line.strip()
    if not stripped:
        return None
    md = _MD_HEADING.match(stripped)
    if md:
        return md.group(1).strip()
    if len(stripped) > MAX_HEADING_CHARS or stripped.endswith((".", ",", ";", ":", "다.", "요.")):
        return None
    if _NUMBERED.match(stripped):
        # "1. 2025년 매출은 ..." style sentences are list items, not headings: cap words.
        return stripped if len(stripped.split()) <= 8 and not stripped.endswith("다") else None
    words = stripped.split()
    if 1 <= len(words) <= 8 and not any(ch.isdigit() for ch in stripped[:1]):
        letters = [w for w in words if w[:1].isalpha() and w[:1].isascii()]
        small = {"and", "of", "the", "for", "in", "to", "a", "an", "on", "at", "with", "our", "from", "by", "as",
                 "vs", "&"}
        if letters and len(letters) == len(words) and all(w[:1].isupper() or w in small for w in words):
            return stripped
    return None


def split_sections(text: str, initial_heading: str = "") -> list[tuple[str, str]]:
    """Split text into (heading, body) pairs at heading-like lines, in order.

    The body keeps the heading line itself, so a search for the heading's words finds it.
    """
    sections: list[tuple[str, str]] = []
    heading, lines = initial_heading, list[str]()
    for line in text.split("\n"):
        found = heading_of(line)
        if found is not None and any(x.strip() for x in lines):
            sections.append((heading, "\n".join(lines).strip()))
            lines = []
        if found is not None:
            heading = found
        lines.append(line)
    if any(x.strip() for x in lines):
        sections.append((heading, "\n".join(lines).strip()))
    return sections


def _sectioned(text: str, kind: DocumentKind, *, title: str = "", encoding: str = "") -> ExtractedDocument:
    text = normalize_text(text)
    sections = split_sections(text) if text else []
    pages = [PageText(number=i, text=body, heading=head) for i, (head, body) in enumerate(sections, 1)]
    if not title and kind == "md":
        first = next((heading_of(x) for x in text.split("\n") if x.startswith("# ")), None)
        title = first or ""
    return ExtractedDocument(text=text, pages=pages, kind=kind, title=title, encoding=encoding)


# ----------------------------------------------------------------------------- HTML
class _HTMLText(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "footer"})
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "section", "article", "header", "table", "ul", "ol",
              "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "main", "aside"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n" if tag[0] == "h" and tag[1:].isdigit() else "\n")
            if tag[0] == "h" and tag[1:].isdigit():
                self.parts.append("#" * int(tag[1]) + " ")
        elif tag == "td" or tag == "th":
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skip_depth:
            return
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> tuple[str, str]:
    """(title, text) of an HTML page; scripts and styles dropped, headings kept as `#` lines."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return parser.title.strip(), text


# ----------------------------------------------------------------------------- PDF
def _extract_pdf(data: bytes) -> ExtractedDocument:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed files warn on every object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # owner-password-only PDFs open with an empty password
            except (DependencyError, NotImplementedError) as exc:
                raise DocumentError("encrypted", detail=str(exc)) from exc
            if not opened:
                raise DocumentError("encrypted")
        count = len(reader.pages)
        if count == 0:
            raise DocumentError("empty", detail="PDF has no pages")
        if count > MAX_PDF_PAGES:
            raise DocumentError("too_large", detail=f"{count} pages > {MAX_PDF_PAGES}")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        title = ""
        try:
            meta = reader.metadata
            title = str(meta.title or "") if meta else ""
        except Exception:  # noqa: BLE001 - broken metadata must not cost the text
            title = ""
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise DocumentError("encrypted", detail=str(exc)) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise DocumentError("corrupt", detail=f"{type(exc).__name__}: {exc}") from exc

    # justified lines come out with runs of spaces; one space reads (and embeds) the same
    texts = [normalize_text(re.sub(r"[ \u00a0]{2,}", " ", t)) for t in raw_pages]
    chars = sum(len(re.sub(r"\s", "", t)) for t in texts)
    if chars < MIN_TEXT_CHARS_PER_PAGE * max(1, min(count, 3)):
        raise DocumentError("scanned", detail=f"{chars} characters of text in {count} pages")
    layer = check_text_layer("\n".join(raw_pages))
    if not layer.readable:
        # looks right on screen, copies as junk: refuse like a scan, never index or cite it
        raise DocumentError("garbled", detail=f"script {layer.script or '-'} letters {layer.script_letter_share}, "
                                              f"known words {layer.word_rate} of {layer.words}")
    pages: list[PageText] = []
    heading = ""
    for number, text in enumerate(texts, 1):
        sections = split_sections(text, heading)
        # the heading in effect at the top of the page: the page's own first line when that
        # is a heading, else the section running over from the previous page
        page_heading = sections[0][0] if sections else heading
        if sections:
            heading = sections[-1][0]
        pages.append(PageText(number=number, text=text, heading=page_heading))
    full = "\n\n".join(t for t in texts if t)
    return ExtractedDocument(text=full, pages=pages, kind="pdf", title=title.strip())


# ----------------------------------------------------------------------------- DOCX
def _check_zip(data: bytes) -> None:
    """Refuse ZIP bombs by reading the central directory only (nothing is inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise DocumentError("corrupt", detail="broken ZIP container") from exc
    if len(infos) > MAX_DOCX_MEMBERS:
        raise DocumentError("zip_bomb", detail=f"{len(infos)} members")
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise DocumentError("zip_bomb", detail=f"{total} bytes uncompressed")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_DOCX_RATIO * max(1, info.compress_size):
            raise DocumentError("zip_bomb", detail=f"{info.filename} inflates {info.file_size} bytes")


def _docx_heading(paragraph: object) -> bool:
    style = getattr(paragraph, "style", None)
    name = (getattr(style, "name", "") or "").lower()
    style_id = (getattr(style, "style_id", "") or "").lower()
    if name.startswith(("heading", "title", "제목")) or style_id.startswith(("heading", "title")):
        return True
    # localized Word (e.g. Korean "제목 1" with numeric style ids) still sets an outline level,
    # on the paragraph or on its style
    element = getattr(paragraph, "_p", None)
    if element is not None and element.xpath("./w:pPr/w:outlineLvl"):
        return True
    style_element = getattr(style, "element", None)
    return style_element is not None and bool(style_element.xpath("./w:pPr/w:outlineLvl"))


# WordprocessingML namespaces the walker needs (ECMA-376; `mc` = markup compatibility).
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _tag(element: object) -> str:
    """"w:local" / "mc:local" for the two namespaces we walk, the bare local name otherwise."""
    raw = getattr(element, "tag", "")
    if not isinstance(raw, str):  # comments and processing instructions
        return ""
    if raw.startswith("{" + _W + "}"):
        return "w:" + raw[len(_W) + 2:]
    if raw.startswith("{" + _MC + "}"):
        return "mc:" + raw[len(_MC) + 2:]
    return raw.rsplit("}", 1)[-1]


@dataclass
class _DocxWalk:
    """State of one pass over a Word document's content tree (body, then headers/footers).

    Blocks are emitted in reading order as (text, is_heading) pairs. What cannot be read
    (pictures, charts, SmartArt, embedded objects, equations) is counted for a warning.
    """

    document: object
    blocks: list[tuple[str, bool]] = field(default_factory=list)
    unreadable: dict[str, int] = field(default_factory=dict)
    heading_styles: dict[str, bool] = field(default_factory=dict)

    def note(self, what: str) -> None:
        self.unreadable[what] = self.unreadable.get(what, 0) + 1

    # -- block level: body, cells, text boxes, content controls, headers and footers
    def blocks_of(self, container: object) -> None:
        for child in container:  # type: ignore[attr-defined]
            tag = _tag(child)
            if tag == "w:p":
                self.paragraph(child)
            elif tag == "w:tbl":
                self.table(child)
            elif tag == "w:sdt":  # block-level content control: its content is ordinary blocks
                for content in child.iterchildren(f"{{{_W}}}sdtContent"):
                    self.blocks_of(content)
            elif tag in ("w:customXml", "w:ins", "w:moveTo"):  # wrappers whose children are blocks
                self.blocks_of(child)
            elif tag == "mc:AlternateContent":
                branch = self.alternate(child)
                if branch is not None:
                    self.blocks_of(branch)

    def alternate(self, element: object) -> object | None:
        """The ONE branch of an `mc:AlternateContent` to read: the first `mc:Choice`, else the
        `mc:Fallback`. Word writes a text box twice (DrawingML choice + VML fallback); reading
        both would duplicate every line."""
        choices = [c for c in element if _tag(c) == "mc:Choice"]  # type: ignore[attr-defined]
        fallbacks = [c for c in element if _tag(c) == "mc:Fallback"]  # type: ignore[attr-defined]
        return choices[0] if choices else (fallbacks[0] if fallbacks else None)

    # -- paragraphs and runs
    def paragraph(self, element: object) -> None:
        parts: list[str] = []
        boxes: list[object] = []
        self.inline(element, parts, boxes)
        text = re.sub(r"[ \t]+", " ", "".join(parts)).strip()
        if text:
            heading = self.is_heading(element)
            for line in text.split("\n"):
                if line.strip():
                    self.blocks.append((line.strip(), heading))
        # a text box anchored in this paragraph is read after the paragraph's own words
        for box in boxes:
            self.blocks_of(box)

    def is_heading(self, element: object) -> bool:
        """Heading style or outline level; decided once per style id (python-docx looks a
        style up by scanning styles.xml, which costs milliseconds per paragraph)."""
        from docx.text.paragraph import Paragraph

        if element.find(f"{{{_W}}}pPr/{{{_W}}}outlineLvl") is not None:  # type: ignore[attr-defined]
            return True
        style = element.find(f"{{{_W}}}pPr/{{{_W}}}pStyle")  # type: ignore[attr-defined]
        style_id = "" if style is None else str(style.get(f"{{{_W}}}val") or "")
        if style_id not in self.heading_styles:
            self.heading_styles[style_id] = _docx_heading(Paragraph(element, self.document))  # type: ignore[arg-type]
        return self.heading_styles[style_id]

    def inline(self, element: object, parts: list[str], boxes: list[object]) -> None:
        for child in element:  # type: ignore[attr-defined]
            tag = _tag(child)
            if tag == "w:t":
                parts.append(child.text or "")
            elif tag in ("w:tab", "w:ptab"):
                parts.append("\t")
            elif tag in ("w:br", "w:cr"):
                parts.append("\n")
            elif tag == "w:noBreakHyphen":
                parts.append("-")
            elif tag == "w:sym":
                parts.append("")  # a symbol-font glyph: no Unicode text to give
            elif tag in ("w:del", "w:moveFrom", "w:pPr", "w:rPr", "w:instrText", "w:delText",
                         "w:fldChar", "w:commentReference", "w:footnoteReference", "w:endnoteReference"):
                continue
            elif tag == "w:txbxContent":
                boxes.append(child)
            elif tag == "mc:AlternateContent":
                branch = self.alternate(child)
                if branch is not None:
                    self.inline(branch, parts, boxes)
            elif tag == "w:sdt":  # run-level content control
                for content in child.iterchildren(f"{{{_W}}}sdtContent"):
                    self.inline(content, parts, boxes)
            elif tag in ("w:drawing", "w:pict"):
                if not self.has_text_box(child):
                    self.picture(child)
                self.inline(child, parts, boxes)
            elif tag == "w:object":
                self.note("object")
            elif tag in ("oMath", "oMathPara"):
                self.note("equation")
            else:
                # runs, hyperlinks, smart tags, field wrappers, insertions and drawing
                # internals: descend (text boxes and text may sit anywhere below)
                self.inline(child, parts, boxes)

    @staticmethod
    def has_text_box(element: object) -> bool:
        return bool(element.xpath(".//*[local-name()='txbxContent']"))  # type: ignore[attr-defined]

    def picture(self, element: object) -> None:
        uris = element.xpath(".//*[local-name()='graphicData']/@uri")  # type: ignore[attr-defined]
        kind = "picture"
        for uri in uris:
            if uri.endswith("/chart"):
                kind = "chart"
            elif uri.endswith("/diagram"):
                kind = "diagram"
        self.note(kind)

    # -- tables (nested at any depth; rows and cells may sit inside content controls)
    def table(self, element: object) -> None:
        for row in self.children_through_sdt(element, "w:tr"):
            cells: list[list[tuple[str, bool]]] = []
            nested = False
            for cell in self.children_through_sdt(row, "w:tc"):
                outer = self.blocks
                self.blocks = []
                self.blocks_of(cell)
                nested = nested or cell.find(f".//{{{_W}}}tbl") is not None  # type: ignore[attr-defined]
                cells.append(self.blocks)
                self.blocks = outer
            if nested or any(heading for blocks in cells for _, heading in blocks):
                # a form whose cells hold their own tables: the rows read one after another
                for blocks in cells:
                    self.blocks.extend(blocks)
                continue
            values: list[str] = []
            for blocks in cells:
                value = "\n".join(text for text, _ in blocks)
                if value and (not values or values[-1] != value):  # merged cells repeat
                    values.append(value)
            if values:
                for line in " | ".join(values).split("\n"):
                    self.blocks.append((line, False))

    @staticmethod
    def children_through_sdt(element: object, wanted: str) -> list[object]:
        found: list[object] = []
        for child in element:  # type: ignore[attr-defined]
            tag = _tag(child)
            if tag == wanted:
                found.append(child)
            elif tag in ("w:sdt", "w:customXml"):
                inner = child.find(f"{{{_W}}}sdtContent") if tag == "w:sdt" else child
                if inner is not None:
                    found.extend(_DocxWalk.children_through_sdt(inner, wanted))
        return found


def _header_footer_elements(document: object) -> tuple[list[object], list[object]]:
    """The distinct header and footer parts of all sections (a header linked to the previous
    section is the same part, read once)."""
    headers: list[object] = []
    footers: list[object] = []
    seen: set[int] = set()
    for section in document.sections:  # type: ignore[attr-defined]
        for target, items in ((headers, (section.first_page_header, section.header, section.even_page_header)),
                              (footers, (section.first_page_footer, section.footer, section.even_page_footer))):
            for item in items:
                if item.is_linked_to_previous:
                    continue
                part = item.part
                if id(part) in seen:
                    continue
                seen.add(id(part))
                target.append(part.element)
    return headers, footers


def _extract_docx(data: bytes) -> ExtractedDocument:
    """Walk the whole content tree once, in reading order: headers (where resumes keep the
    contact line), the body with text boxes, content controls and nested tables, footers.
    Pictures, charts, SmartArt, embedded objects and equations are counted in `warnings`."""
    _check_zip(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        walk = _DocxWalk(document)
        headers, footers = _header_footer_elements(document)
        for element in headers:
            walk.blocks_of(element)
        walk.blocks_of(document.element.body)
        for element in footers:
            walk.blocks_of(element)
        title = (document.core_properties.title or "").strip()
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError("corrupt", detail=f"{type(exc).__name__}: {exc}") from exc
    sections: list[tuple[str, list[str]]] = [("", [])]
    for text, is_heading in walk.blocks:
        if is_heading:
            sections.append((text, [text]))
        else:
            sections[-1][1].append(text)
    pages: list[PageText] = []
    for heading, lines in sections:
        body = normalize_text("\n".join(lines))
        if body:
            pages.append(PageText(number=len(pages) + 1, text=body, heading=heading))
    text = "\n\n".join(p.text for p in pages)
    warnings = [f"documents.warning.{kind}" for kind in ("picture", "chart", "diagram", "object", "equation")
                if walk.unreadable.get(kind)]
    return ExtractedDocument(text=text, pages=pages, kind="docx", title=title, warnings=warnings)
