"""Document-extraction benchmark: time to extract the sample company documents and two
generated ones (a 40-page report PDF, a Word resume form with nested tables), in-process
and through the upload sandbox (`sandbox_*`: a budgeted child process per file).

    from core.bench.documents import bench_documents; bench_documents(quick=True)

`first_pdf_ms` is the first PDF of the process (it includes loading the vocabulary the
text-layer check uses, once per process); the other figures are medians of warm runs.
Also prints the text-layer measures (`core.documents.sense`) of each PDF, the figures the
garbled-PDF thresholds were set from.
"""

from __future__ import annotations

import io
import statistics
import time
from typing import Any

from core.config import SAMPLES_DIR

REPORT_PARAGRAPH = ("Northwind Robotics builds autonomous mobile robots for warehouses. Revenue grew 14 percent "
                    "to 412 million pounds, driven by the logistics segment and new service contracts in Germany "
                    "and Japan. The board expects margins to improve as the new factory reaches full output.")


def _report_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"{number}. Section {number}", new_x="LMARGIN", new_y="NEXT")
        for _ in range(6):
            pdf.multi_cell(0, 6, REPORT_PARAGRAPH, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _form_docx(rows: int) -> bytes:
    """A Korean standard-form resume: each section is a cell holding its own table."""
    import docx

    document = docx.Document()
    document.add_heading("이 력 서", level=1)
    form = document.add_table(rows=3, cols=1)
    for section, title in enumerate(("인적사항", "경력사항", "학력사항")):
        cell = form.cell(section, 0)
        cell.paragraphs[0].text = title
        inner = cell.add_table(rows=rows, cols=4)
        for r in range(rows):
            for c, value in enumerate((f"20{10 + r % 15}.03 ~ 20{11 + r % 15}.02", f"주식회사 누리물류 {r}",
                                       "대리", f"배송 지연 예측 모델 개발로 지연 배송 {r % 30}% 감소")):
                inner.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _time_ms(function: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def bench_documents(quick: bool = True) -> dict[str, Any]:
    """Median extraction time (ms) per document, and the text-layer measures of the PDFs."""
    from pypdf import PdfReader

    from core.documents import extract_document

    repeats = 3 if quick else 10
    companies = SAMPLES_DIR / "companies"
    inputs: dict[str, bytes] = {
        "report_pdf_40p": _report_pdf(40),
        "sample_annual_report_pdf": (companies / "northwind_robotics" / "annual_report_2025.pdf").read_bytes(),
        "sample_business_report_ko_pdf": (companies / "hanbit_mobility" / "business_report_2025.pdf").read_bytes(),
        "sample_press_release_docx": (companies / "hanbit_mobility" / "press_release_2026.docx").read_bytes(),
        "form_resume_nested_docx": _form_docx(40),
    }
    result: dict[str, Any] = {}
    started = time.perf_counter()
    extract_document(inputs["sample_annual_report_pdf"], "first.pdf")
    result["first_pdf_ms"] = round((time.perf_counter() - started) * 1000, 1)
    for name, data in inputs.items():
        result[f"{name}_ms"] = _time_ms(lambda data=data, name=name: extract_document(data, name), repeats)
    # The same inputs through the upload path: a forked, budgeted child process per file
    # (core.documents.sandbox). The first call also starts the fork server.
    from core.documents.sandbox import extract_untrusted

    started = time.perf_counter()
    extract_untrusted(inputs["sample_annual_report_pdf"], "first.pdf")
    result["sandbox_first_pdf_ms"] = round((time.perf_counter() - started) * 1000, 1)
    for name, data in inputs.items():
        result[f"sandbox_{name}_ms"] = _time_ms(lambda data=data, name=name: extract_untrusted(data, name), repeats)
    from core.documents.sense import check_text_layer

    layers = {}
    for name, data in inputs.items():
        if name.endswith("_pdf") or name.endswith("_40p"):
            text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
            check = check_text_layer(text)
            layers[name] = {"script": check.script, "script_letter_share": check.script_letter_share,
                            "word_rate": check.word_rate, "words": check.words}
    result["text_layer"] = layers
    return result
