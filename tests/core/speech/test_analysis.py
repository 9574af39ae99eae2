"""`analyze_speech` with a given transcript (no model): the contract shape, Korean answers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.speech import SpeechAnalysis, Transcript, Word, analyze_speech
from tests.media import build_speech, have_speech_tools, voiced_hum

pytestmark = pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox are needed")


def words_for(clip) -> list[Word]:
    """Spread each spoken segment's words evenly over the segment (a stand-in transcript)."""
    words = []
    for part in clip.speech:
        tokens = part.text.split()
        step = (part.end_s - part.start_s) / len(tokens)
        words += [Word(tok, part.start_s + i * step, part.start_s + (i + 0.9) * step) for i, tok in enumerate(tokens)]
    return words


@pytest.fixture(scope="module")
def analysis() -> SpeechAnalysis:
    clip = build_speech([2.0, "I think we shipped the new billing flow in March.", 1.8,
                         "The error rate fell by half,", 0.4, ("hum", voiced_hum(0.6)), 0.4,
                         "and support tickets dropped too."])
    transcript = Transcript.from_words(words_for(clip), "en", model="given")
    return analyze_speech(clip.audio, transcript=transcript, question="Tell me about an impact", target_s=50.0)


def test_result_is_json_and_has_the_contract_keys(analysis: SpeechAnalysis) -> None:
    payload = json.loads(json.dumps(analysis.to_dict()))
    assert {"transcript", "language", "words", "duration_s", "speech_rate_wpm", "syllables_per_min", "pace_curve",
            "filler_count", "fillers", "filler_reliability", "pauses", "long_pauses", "think_time_s", "pitch",
            "volume", "words_stats", "grades"} <= set(payload)
    assert set(payload["grades"]) == {"pace", "pauses", "fillers", "pitch_variation", "volume", "hedges", "length"}
    assert payload["target_s"] == [40.0, 50.0]
    assert payload["question"] == "Tell me about an impact"


def test_measures_come_together(analysis: SpeechAnalysis) -> None:
    assert analysis.pauses.think_time_s == pytest.approx(2.0, abs=0.05)
    assert [p.kind for p in analysis.pauses.long_pauses] == ["think_time", "between_sentences"]
    assert [(f.text, f.source) for f in analysis.fillers.fillers] == [("…", "acoustic")]
    assert [m.text for m in analysis.words.hedges] == ["i think"]
    assert analysis.words.we_count == 1
    assert analysis.grade("length").grade == "needs_improvement"  # ~14 s for a 50 s format


def test_explanations_follow_the_requested_language(analysis: SpeechAnalysis) -> None:
    english = analysis.to_dict("en")["grades"]["pace"]["explanation"]
    korean = analysis.to_dict("ko")["grades"]["pace"]["explanation"]
    assert "words per minute" in english and "분당" in korean


def test_korean_answer_is_measured_from_its_transcript() -> None:
    # espeak-ng's Korean is unintelligible to Whisper: give the transcript, use any voice audio.
    clip = build_speech([1.0, "one two three four five six seven eight", 1.0, "nine ten eleven twelve thirteen"])
    tokens = "음, 저는 그 프로젝트에서 이제 결제 시스템을 개선했습니다. 저희 팀이 성공한 것 같습니다".split()
    span = clip.speech_span_s
    step = span / len(tokens)
    start = clip.speech[0].start_s
    words = [Word(tok, start + i * step, start + (i + 0.9) * step) for i, tok in enumerate(tokens)]
    result = analyze_speech(clip.audio, transcript=Transcript.from_words(words, "ko"))
    syllables = sum(1 for ch in "".join(tokens[1:]) if "가" <= ch <= "힣")  # the filler 음 is not counted
    assert result.language == "ko"
    assert result.pace.syllables_per_min == pytest.approx(syllables / (words[-1].end_s - words[0].start_s) * 60)
    assert result.to_dict()["syllables_per_min"] is not None
    assert [f.text for f in result.fillers.fillers] == ["음"]
    assert result.fillers.reliability == "low_ko_stt_unverified"
    assert [m.text for m in result.words.hedges] == ["것 같습니다"]
    assert (result.words.i_count, result.words.we_count) == (1, 1)
    assert "음절" in result.to_dict()["grades"]["pace"]["explanation"]


def test_no_words_means_not_measurable_not_zero() -> None:
    noise = (np.random.default_rng(0).standard_normal(16_000 * 3) * 0.01).astype(np.float32)
    result = analyze_speech(noise, transcript=Transcript("", (), "en"))
    payload = result.to_dict()
    assert payload["speech_rate_wpm"] is None and payload["think_time_s"] is None
    assert payload["grades"]["pace"]["grade"] is None and payload["grades"]["length"]["grade"] is None
    assert payload["grades"]["pace"]["explanation"]
