"""core.language: the one decoder, sentence splitting, numbers with context, word lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.language import (
    decode_text,
    detect_language,
    find_numbers,
    keywords,
    looks_binary,
    read_text_file,
    split_sentences,
)
from core.language.lexicon import KO_HABIT_WORDS, hedges_in, vague_in


def test_decoder_reads_utf8_cp949_and_utf16_with_bom(tmp_path: Path) -> None:
    text = "저는 결제 시스템을 개선했습니다. Latency fell 40%."
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
    assert decode_text(text.encode("cp949"))[0] == text
    assert decode_text(text.encode("utf-16"))[0] == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text
    path = tmp_path / "answer.txt"
    path.write_bytes(text.encode("cp949"))
    assert read_text_file(path) == text


def test_binary_bytes_are_refused_not_decoded(tmp_path: Path) -> None:
    blob = bytes(range(256)) * 20
    assert looks_binary(blob)
    assert not looks_binary(b"plain text\n")
    path = tmp_path / "x.txt"
    path.write_bytes(blob)
    with pytest.raises(ValueError):
        read_text_file(path)


def test_language_detection_tolerates_english_terms_in_korean() -> None:
    assert detect_language("SQL 쿼리를 최적화해서 API 응답 시간을 줄였습니다") == "ko"
    assert detect_language("I rewrote the SQL query") == "en"
    assert detect_language("") == "en"


def test_sentences_keep_offsets_and_decimals() -> None:
    text = "Load time went from 4.2 to 2.5 seconds. I profiled it first!"
    sentences = split_sentences(text, "en")
    assert [s.text for s in sentences] == ["Load time went from 4.2 to 2.5 seconds.", "I profiled it first!"]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_unpunctuated_korean_transcript_splits_at_sentence_endings_and_markers() -> None:
    text = ("음 그 이제 저희 팀이 앱을 만들었는데요 저희가 API를 새로 짰고요 "
            "그리고 프론트는 다른 친구가 했고 결과적으로 우수상을 받았어요")
    pieces = [s.text for s in split_sentences(text, "ko")]
    assert "저희가 API를 새로 짰고요" in pieces
    assert any(p.startswith("결과적으로") for p in pieces)
    assert len(pieces) >= 4


def test_unpunctuated_english_transcript_splits_at_new_subjects_and_markers() -> None:
    text = ("okay so um first i'd ask them what problem the feature solves and then i'd sit down with the PM "
            "and check if it fits in the two days if not i would offer a smaller version")
    pieces = [s.text for s in split_sentences(text, "en")]
    assert len(pieces) >= 3
    assert any(p.startswith("and then i'd sit down") for p in pieces)
    assert all(text[s.start:s.end] == s.text for s in split_sentences(text, "en"))


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Open rates went up 40 %.", "en", [("40 %", False)]),
    ("Crash-free sessions went from 96 % to 99.5 % by the end of the quarter.", "en",
     [("96 %", True), ("99.5 %", True)]),
    ("I split the change into four feature flags.", "en", [("four", True)]),
    ("We moved all 1,200 customers two weeks ahead of the deadline.", "en", [("1,200", True), ("two weeks", True)]),
    ("그 결과 마감 이틀 전에 배포했고, 첫 달 오류 건수가 0건이었습니다.", "ko", [("이틀", True), ("0건", True)]),
    ("매출이 30% 늘었습니다.", "ko", [("30%", False)]),
    ("전년 대비 매출이 20% 증가했습니다.", "ko", [("20%", True)]),
])
def test_numbers_carry_their_unit_and_context(text: str, lang: str, expected: list[tuple[str, bool]]) -> None:
    found = [(n.text, n.has_context) for n in find_numbers(text, lang)]
    assert found == expected


def test_years_are_not_numbers_to_probe() -> None:
    assert find_numbers("In 2019 I joined the team.", "en") == []


def test_one_hedge_and_vague_list_for_both_languages() -> None:
    assert [h[2].lower() for h in hedges_in("I think it maybe worked.", "en")] == ["i think", "maybe"]
    assert hedges_in("아마 잘 된 것 같습니다", "ko")
    assert vague_in("I worked hard and did a lot of things", "en")
    assert {"그", "뭐", "약간", "진짜", "이제", "좀", "막"} == set(KO_HABIT_WORDS)


def test_keywords_strip_particles_and_stopwords() -> None:
    assert {"회사", "매출"} <= keywords("회사는 매출이 늘었습니다")
    assert "the" not in keywords("the revenue grew")
