"""The set-up form's default documents follow the interview's language (finding s22 #2)."""

from __future__ import annotations

from core.practice.documents import DocumentOption, default_document, document_language

KO = DocumentOption(3, "김서연 — 이력서 (KO)", "ko")
EN = DocumentOption(1, "Jordan Lee — resume (EN)", "en")


def test_english_interview_picks_the_newest_english_document_over_a_newer_korean_one():
    assert default_document((KO, EN), "en") == 1


def test_korean_interview_picks_the_korean_document():
    assert default_document((EN, KO), "ko") == 3


def test_without_a_document_in_the_language_the_newest_is_picked():
    assert default_document((KO,), "en") == 3


def test_no_documents_no_default():
    assert default_document((), "en") is None


def test_document_language_prefers_the_stored_language_then_detects_hangul():
    assert document_language("Built the dispatch pipeline", {"language": "ko"}) == "ko"
    assert document_language("로드웨이에서 배차 데이터 파이프라인을 만들었습니다. Kafka, Go", {}) == "ko"
    assert document_language("Led the billing rewrite at Fleetwise", None) == "en"
