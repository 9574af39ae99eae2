"""The real faster-whisper base model on espeak-ng answers with known words, pauses and fillers.

Only English: espeak-ng's Korean voice is unintelligible to Whisper (Korean is tested on
transcripts in test_metrics.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from core.speech import ChunkedTranscriber, WhisperSTT, analyze_speech
from tests.media import build_speech, have_speech_tools, voiced_hum

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox are needed")]

STORY = ["In my last role I led the migration of our billing system to a new platform.",
         "We planned it in three phases.", "And I wrote most of", "the test plan myself.",
         "The hardest part was keeping the old system running while customers moved over."]


@pytest.fixture(scope="module")
def story_clip():
    # think time 1.2 s; 2.0 s between sentences; 1.6 s inside a clause; 0.8 s between sentences
    return build_speech([1.2, STORY[0], 2.0, STORY[1], 0.8, STORY[2], 1.6, STORY[3], 1.8, STORY[4]])


@pytest.fixture(scope="module")
def story(story_clip, whisper_stt: WhisperSTT):
    return analyze_speech(story_clip.audio, language="en", stt=whisper_stt)


def test_transcript_has_the_key_phrases(story) -> None:
    text = story.transcript.text.lower()
    for phrase in ("three phases", "test plan", "old system", "customers"):
        assert phrase in text
    starts = [w.start_s for w in story.transcript.words]
    assert starts == sorted(starts)


def test_pace_is_within_ten_percent_of_the_truth(story, story_clip) -> None:
    truth = story_clip.word_count / story_clip.speech_span_s * 60
    assert story.pace.words_per_min == pytest.approx(truth, rel=0.10)
    assert story.grade("pace").grade == "good"


def test_every_long_pause_is_found_at_the_right_time(story, story_clip) -> None:
    found = story.pauses.long_pauses
    for gap in [p for p in story_clip.silences if p.end_s - p.start_s >= 1.5]:
        match = [p for p in found if abs(p.start_s - gap.start_s) <= 0.3 and abs(p.end_s - gap.end_s) <= 0.3]
        assert match, f"pause {gap.start_s:.2f}-{gap.end_s:.2f} not found in {found}"
    kinds = [p.kind for p in found]
    assert len(kinds) == 3
    # what Whisper heard around each pause, printed in full if the kinds are wrong
    heard = "; ".join(f"{p.start_s}-{p.end_s} {p.kind}: " + " ".join(
        f"{w.text}@{w.start_s}-{w.end_s}" for w in story.transcript.words
        if w.end_s > p.start_s - 1.0 and w.start_s < p.end_s + 1.0) for p in found)
    assert kinds[0] == kinds[2] == "between_sentences", heard
    # "And I wrote most of | the test plan": inside the sentence, even when Whisper (as it
    # sometimes does under CPU contention) puts a full stop there — "of" cannot end a sentence
    assert kinds[1] in ("mid_clause", "between_clauses")
    # think time (1.2 s) is reported apart, and listed among the shorter pauses
    assert story.pauses.think_time_s == pytest.approx(1.2, abs=0.3)
    assert story.pauses.pauses[0].kind == "think_time"


def test_a_clean_answer_gets_no_invented_fillers(story) -> None:
    assert story.fillers.count == 0
    assert story.fillers.reliability == "transcript_acoustic"


def test_prompted_whisper_keeps_espeak_um_uh_and_erm(whisper_stt: WhisperSTT) -> None:
    clip = build_speech(["So", 0.3, "um", 0.4, "I led a team of five engineers.", 0.6, "uh", 0.4,
                         "the main challenge was testing.", 0.5, "and, erm", 0.5, "we fixed it."])
    result = analyze_speech(clip.audio, language="en", stt=whisper_stt)
    truth = {p.text.split()[-1]: p for p in clip.speech if p.text in ("um", "uh") or "erm" in p.text}
    found = {f.text: f for f in result.fillers.fillers}
    assert set(found) == {"um", "uh", "erm"}
    for name in ("um", "uh"):
        assert abs(found[name].start_s - truth[name].start_s) < 0.4


def test_auto_language_detects_english(whisper_stt: WhisperSTT, story_clip) -> None:
    transcript = whisper_stt.transcribe(story_clip.audio[: 16_000 * 8], "auto")
    assert transcript.language == "en"


def test_chunked_transcription_matches_one_shot(whisper_stt: WhisperSTT, story_clip, story) -> None:
    audio = np.concatenate([story_clip.audio, story_clip.audio])  # ~45 s, several chunks
    transcriber = ChunkedTranscriber(whisper_stt, "en", min_chunk_s=8.0, cut_at_pauses=False)
    for start in range(0, audio.size, 8000):
        transcriber.feed(audio[start:start + 8000])
    assert transcriber.chunks_submitted >= 2
    transcript = transcriber.finish()
    assert transcript.text.lower().count("phases") == 2
    assert transcript.text.lower().count("test plan") == 2
    second_half = [w for w in transcript.words if w.start_s >= story_clip.duration_s]
    assert len(second_half) == pytest.approx(len(story.transcript.words), abs=3)
    # the same words, shifted onto the answer timeline
    assert second_half[0].start_s == pytest.approx(story_clip.duration_s + story.transcript.words[0].start_s,
                                                   abs=0.4)
    assert analyze_speech(audio, transcript=transcript).pace.words_per_min == pytest.approx(
        story.pace.words_per_min, rel=0.15)


def test_like_and_you_know_set_off_by_commas_are_counted(whisper_stt: WhisperSTT) -> None:
    clip = build_speech(["Well, um, I think, uh, we could, like, you know, ship it earlier.", 0.5,
                         "Hmm, and, uh, the team agreed."])
    result = analyze_speech(clip.audio, language="en", stt=whisper_stt)
    counts = result.fillers.by_text()
    assert counts.get("like") == 1 and counts.get("you know") == 1
    assert result.fillers.count >= 5  # of 6 spoken (the base model heard 6 in our runs)
    assert [m.text for m in result.words.hedges] == ["i think"]


def test_a_hesitation_whisper_leaves_out_is_found_acoustically(whisper_stt: WhisperSTT) -> None:
    clip = build_speech(["We planned the work in three phases.", 0.5, ("hum", voiced_hum(0.8)), 0.5,
                         "Then we shipped it to every customer."])
    hum = next(p for p in clip.parts if p.kind == "audio")
    result = analyze_speech(clip.audio, language="en", stt=whisper_stt)
    near = [f for f in result.fillers.fillers if abs(f.start_s - hum.start_s) < 0.3]
    assert len(near) == 1  # counted once, whether Whisper wrote it down or only the audio shows it
    assert result.fillers.count == 1
