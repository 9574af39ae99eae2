"""Persona-toned phrasing helpers the feedback code reuses."""

from __future__ import annotations

import pytest

from core.interview.persona import (
    normalize_persona,
    persona_feedback_closing,
    persona_feedback_intro,
    persona_feedback_line,
    persona_label,
)


def test_each_persona_has_its_own_voice_in_both_languages() -> None:
    for lang in ("en", "ko"):
        assert persona_feedback_intro("lead", lang) != persona_feedback_intro("executive", lang)
        assert persona_feedback_closing("lead", lang) != persona_feedback_closing("executive", lang)
    assert "tools" in persona_feedback_intro("lead", "en") and "business" in persona_feedback_intro("executive", "en")
    assert "실무 리더" in persona_feedback_intro("lead", "ko") and "임원" in persona_feedback_intro("executive", "ko")


def test_feedback_lines_carry_the_detail() -> None:
    line = persona_feedback_line("executive", "improve", "ko", detail="결과를 숫자로 말해 보세요.")
    assert line.endswith("결과를 숫자로 말해 보세요.") and "경영진" in line
    with pytest.raises(ValueError):
        persona_feedback_line("lead", "praise", "en", detail="x")


def test_persona_names_are_normalised() -> None:
    assert normalize_persona("임원") == normalize_persona("exec") == "executive"
    assert normalize_persona(None) == normalize_persona("실무 리더") == "lead"
    assert persona_label("executive", "ko") == "임원"
