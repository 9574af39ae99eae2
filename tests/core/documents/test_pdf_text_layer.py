"""A PDF text layer that is not language (a font without a Unicode map) is refused like a scan."""

from __future__ import annotations

import random

import pytest
from pdf_font_builders import dejavu_font, pdf_without_tounicode
from rag_doc_builders import text_pdf

from core.documents import DocumentError, extract_document
from core.documents.sense import check_text_layer
from core.i18n import t

REPORT = ("Company Overview\nOrbitline Logistics runs 14 cross-dock warehouses in the Midwest and employs "
          "2,300 people. It was founded in 2004 in Columbus, Ohio.\nResults for 2025\nRevenue reached 612 "
          "million dollars in 2025, up 9 percent. On-time delivery improved to 96.4 percent after the new "
          "routing system went live in June.")
KOREAN = ("서림에너지는 2025년 태양광 발전 설비를 두 배로 늘렸습니다. 매출은 전년보다 12% 증가한 "
          "3,400억 원을 기록했고, 영업이익률은 8.1%로 개선되었습니다. 회사는 2026년까지 충청 지역에 "
          "에너지 저장 장치 공장을 세우고, 협력사와 함께 안전 관리 체계를 강화할 계획입니다.")


def test_pdf_whose_font_has_no_unicode_map_is_refused_with_what_to_do():
    with pytest.raises(DocumentError) as caught:
        extract_document(pdf_without_tounicode([REPORT, REPORT]), "report.pdf")
    assert caught.value.code == "garbled"
    assert "DOCX" in t(caught.value.message_key, "en") and "DOCX" in t(caught.value.message_key, "ko")
    assert "다시 내보내" in t(caught.value.message_key, "ko")


def test_the_same_pdf_with_its_unicode_map_is_read():
    doc = extract_document(text_pdf([REPORT], font=dejavu_font()), "report.pdf")
    assert "cross-dock warehouses" in doc.text


@pytest.mark.parametrize("text", [REPORT, KOREAN, KOREAN + "\n" + REPORT])
def test_real_english_and_korean_text_reads_as_language(text):
    check = check_text_layer(text)
    assert check.readable, check


def test_korean_report_with_many_number_tables_still_reads():
    table = "\n".join(f"{2020 + i} | {1200 + 37 * i:,} | {3.1 + i:.1f}% | {88 + i}" for i in range(40))
    check = check_text_layer(KOREAN + "\n" + table)
    assert check.script == "HANGUL"
    assert check.readable, check


def test_letters_mapped_to_the_wrong_glyphs_are_not_language():
    # a font whose map is shifted: every letter present, no word real
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    shuffled = "".join(rng.sample(alphabet, len(alphabet)))
    scrambled = REPORT.lower().translate(str.maketrans(alphabet, shuffled))
    check = check_text_layer(scrambled * 2)
    assert check.script_letter_share > 0.7  # looks like letters...
    assert not check.readable, check  # ...but they are not words


def test_random_hangul_syllables_are_not_language():
    rng = random.Random(3)
    junk = " ".join("".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(rng.randint(2, 4)))
                    for _ in range(120))
    check = check_text_layer(junk)
    assert check.script == "HANGUL"
    assert not check.readable, check
