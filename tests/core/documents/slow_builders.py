"""Small files that are a lot of work to parse (issue 16, item 6), built in the tests.

- `shared_stream_pdf`: a few kB; every page points at one big compressed content stream,
  so the parser re-reads all of it for each page (20 pages x 60 000 operators: about four
  minutes in-process here).
- `repeated_docx`: a valid DOCX whose body is one huge run of tiny paragraphs; it passes
  the zip-bomb checks (random words keep the compression ratio normal) and the parser
  builds millions of XML objects (200 000 paragraphs: ~1.4 MB on disk, >300 MB in memory).
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib


def shared_stream_pdf(pages: int = 20, operators: int = 60_000) -> bytes:
    body = b"BT /F1 1 Tf " + b"(a) Tj 0 0 Td " * operators + b" ET"
    stream = zlib.compress(body, 9)
    font = 4 + pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
               + b"] /Count " + str(pages).encode() + b" >>",
               b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream
               + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 3 0 R /Resources << /Font << /F1 "
                + str(font).encode() + b" 0 R >> >> >>"] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body_bytes in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body_bytes + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def repeated_docx(paragraphs: int = 200_000) -> bytes:
    from docx import Document

    blank = io.BytesIO()
    Document().save(blank)
    source = zipfile.ZipFile(io.BytesIO(blank.getvalue()))
    rnd = random.Random(1)
    words = ["".join(rnd.choice("abcdefghij") for _ in range(3)) for _ in range(5000)]
    body = "".join(f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{words[i % 5000]}'
                   f'</w:t></w:r><w:r><w:t xml:space="preserve"> {words[i * 7 % 5000]}</w:t></w:r></w:p>'
                   for i in range(paragraphs))
    head, tail = source.read("word/document.xml").decode().split("<w:body>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = head + "<w:body>" + body + tail if item.filename == "word/document.xml" else source.read(item)
            archive.writestr(item, data)
    return out.getvalue()
