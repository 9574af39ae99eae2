"""Korean delivery figures say they are not yet checked on real Korean speech (issue 17)."""

from __future__ import annotations

import pytest

from core.speech import analyze_speech
from core.speech.types import Transcript, Word
from tests.media import build_speech, have_speech_tools

pytestmark = pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox are needed")


def _analysis(language: str):
    clip = build_speech([1.0, "one two three four five six seven eight", 1.6, "nine ten eleven twelve thirteen"])
    tokens = ("저는 그 프로젝트에서 결제 시스템을 개선했습니다. 저희 팀이 장애를 절반으로 줄였습니다"
              if language == "ko" else "I improved the payment system in that project and we halved outages").split()
    start, step = clip.speech[0].start_s, clip.speech_span_s / len(tokens)
    words = [Word(tok, start + i * step, start + (i + 0.9) * step) for i, tok in enumerate(tokens)]
    return analyze_speech(clip.audio, transcript=Transcript.from_words(words, language))  # type: ignore[arg-type]


@pytest.mark.parametrize("ui_lang", ["ko", "en"])
def test_korean_pace_pauses_and_fillers_are_marked_unverified(ui_lang):
    grades = _analysis("ko").to_dict(ui_lang)["grades"]
    note = "실제 한국어 음성으로 아직 검증하지" if ui_lang == "ko" else "not yet checked on real Korean speech"
    for name in ("pace", "pauses", "fillers"):
        assert grades[name]["verified_on_real_speech"] is False  # graded or not: the measure is unverified
        if grades[name]["grade"] is not None:
            assert note in grades[name]["explanation"]
    assert grades["pace"]["grade"] is not None
    assert grades["pitch_variation"]["verified_on_real_speech"] is True


def test_english_figures_carry_no_such_note():
    grades = _analysis("en").to_dict("en")["grades"]
    assert all(g["verified_on_real_speech"] for g in grades.values())
    assert not any("Korean" in str(g["explanation"]) for g in grades.values())
