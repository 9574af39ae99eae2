"""PDF export of a report with fpdf2 (pure Python: no browser, no image renderer).

Charts become plain bars drawn with rectangles; every score keeps its explanation.
Korean needs a font with Hangul: we look for Debian's `fonts-nanum` (installed by
`.ci/run`; `packages.txt` on Streamlit Community Cloud) and a few common system fonts;
fpdf2 embeds only the glyphs used, so files stay small.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from core.feedback.types import Score
from core.i18n import t
from core.interview.competencies import competency_label
from core.report.types import SessionReport

# The first existing font wins. Hangul-capable ones first; DejaVu covers Latin text only.
KOREAN_FONTS = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",  # Debian/Ubuntu: apt-get install fonts-nanum
    "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf",
    "/usr/share/fonts/nanum/NanumGothic.ttf",  # other distributions' layout
    "/Library/Fonts/AppleGothic.ttf",  # macOS
    "/System/Library/Fonts/Supplemental/AppleGothic.ttf",
    "C:/Windows/Fonts/malgun.ttf",  # Windows: Malgun Gothic
)
LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
BAND_RGB = {"good": (46, 125, 50), "average": (249, 168, 37), "needs_improvement": (198, 40, 40), None: (158, 158, 158)}


class PdfFontMissing(RuntimeError):
    """No font that can draw this report's text; `message_key` explains the fix to the user."""

    message_key = "report.pdf.no_font"


def find_font(needs_korean: bool) -> Path | None:
    for candidate in KOREAN_FONTS + (() if needs_korean else LATIN_FONTS):
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def _report_text(report: SessionReport) -> str:
    """Every text of the report, to see whether it needs a Hangul font."""
    import json

    return json.dumps(report.to_dict(), ensure_ascii=False)


def render_pdf(report: SessionReport, lang: str | None = None, *, font_path: Path | None = None) -> bytes:
    """The report as PDF bytes. Raises `PdfFontMissing` when no usable font is installed."""
    from fpdf import FPDF

    # fontTools reports every TrueType hinting table it drops while subsetting: noise, not a problem.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

    lang = lang or report.language
    needs_korean = lang == "ko" or bool(_HANGUL.search(_report_text(report)))
    font = font_path or find_font(needs_korean)
    if font is None:
        raise PdfFontMissing("no Unicode font found (install fonts-nanum)")
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("Body", "", str(font))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, size: float = 10, rgb: tuple[int, int, int] = (34, 34, 34), gap: float = 1.5) -> None:
        pdf.set_font("Body", size=size)
        pdf.set_text_color(*rgb)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def bar(label: str, score: Score | None) -> None:
        value = score.value if score is not None else None
        pdf.set_font("Body", size=9)
        pdf.set_text_color(34, 34, 34)
        pdf.cell(55, 6, label[:40])
        x, y = pdf.get_x(), pdf.get_y() + 1
        pdf.set_fill_color(230, 230, 230)
        pdf.rect(x, y, 90, 4, style="F")
        if score is not None and value is not None:
            pdf.set_fill_color(*BAND_RGB.get(score.band, BAND_RGB[None]))
            pdf.rect(x, y, 90 * float(value) / 100, 4, style="F")
        pdf.set_x(x + 93)
        shown = f"{value:g}" if value is not None else t("grade.not_measured", lang)
        pdf.cell(0, 6, shown, new_x="LMARGIN", new_y="NEXT")
        if score is not None and score.explanation:
            para(score.explanation, 7.5, (102, 102, 102), 0.5)

    session = report.session
    para(t("report.title_for", lang, company=session.company or "-", role=session.role or "-"), 16)
    para(f"{t('persona.' + session.persona, lang)} · {(session.created_at or '')[:16]}", 9, (102, 102, 102))
    bar(t("report.overall", lang), report.overall)
    pdf.ln(2)
    for key, score in report.competency_scores.items():
        bar(competency_label(key, lang), score)
    for key, score in report.stage_scores.items():
        bar(t(f"stage.{key}", lang), score)
    for values, heading in ((report.strengths, "report.strengths"), (report.weaknesses, "report.weaknesses"),
                            (report.practice_next, "report.practice_next")):
        if values:
            para(t(heading, lang), 13, gap=0.5)
            for value in values:
                para(f"• {value}", 9.5, gap=0.5)
            pdf.ln(1)
    para(t("report.answers", lang), 13)
    for number, answer in zip(report.answer_numbers(), report.answers, strict=True):
        para(f"Q{number}. {answer.question}", 11, gap=0.5)
        bar(t("report.ai_score", lang), answer.answer_score)
        if answer.coach_score is not None:
            para(f"{t('report.coach_score', lang)}: {answer.coach_score:g}", 9)
        para(answer.transcript, 9, (68, 68, 68))
        for item in answer.feedback:
            grade = t(f"grade.{item.grade}", lang) if item.grade else t("report.note", lang)
            when = item.evidence.start_s
            stamp = f" @ {int(when) // 60}:{int(when) % 60:02d}" if when is not None else ""
            para(f"[{grade}] {item.text} → {item.next_step}{stamp}", 8.5, gap=0.5)
        for comment in answer.comments:
            para(f"{t('report.coach_comment', lang)}: {comment.text}", 8.5, (21, 101, 192), 0.5)
        pdf.ln(2)
    for guide in report.answer_guides:
        para(f"{t('report.guides', lang)}: {guide.question}", 11, gap=0.5)
        for part in guide.outline:
            source = t("report.guide.from." + part.source, lang)
            para(f"{t('outline.part.' + part.part, lang)}: {part.text} ({source})", 9, gap=0.3)
    return bytes(pdf.output())
