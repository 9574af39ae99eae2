"""Speech-to-text: a small protocol and the faster-whisper implementation.

Whisper leaves out "um"/"uh" because its training transcripts do (faster-whisper #319,
#901). A short filler-laden *style sample* as `initial_prompt` brings them back; it must
stay short (long prompts truncate or hallucinate, wassgha/rescript #59) and it is a style
sample, not an instruction (an imperative Korean prompt was echoed back on silence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from core.config import Settings, get_settings
from core.speech.models import ModelLocation, load_whisper_model, resolve_model
from core.speech.types import Language, Transcript, Word, to_language

SAMPLE_RATE = 16_000
# Style samples, <= ~40 characters each, full of the fillers we want transcribed.
FILLER_PROMPTS: dict[Language, str] = {
    "en": "Um, uh, erm... like, you know, I mean.",
    "ko": "음, 어... 그, 저, 뭐 이제 약간...",
}
# Silero VAD: drop silences >= 0.5 s before decoding (fewer hallucinations in long pauses);
# faster-whisper maps the word timestamps back to the original timeline.
VAD_PARAMETERS: dict[str, float | int] = {
    "threshold": 0.4,  # a little below the default 0.5 so quiet "mmm" hesitations are kept
    "min_silence_duration_ms": 500,
    "speech_pad_ms": 400,  # faster-whisper's default; 200 ms clipped word edges in our tests
}
BEAM_SIZE = 1  # greedy decoding: ~2x faster than beam 5 on CPU, accuracy fine for feedback
# A bound on the tokens decoded per 30 s window, from the audio's length: a repetition loop
# otherwise runs to Whisper's 448 tokens at each of the 6 fallback temperatures. One 4 s live
# chunk did that for 105 s on a busy 2-core machine (issue 18 browser benchmark, 17:36 UTC), and
# the Stop that waited for it gave up after 90 s. Fast speech is ~3.5 words/s (~5 tokens/s in
# English; Korean syllables cost 1-3 tokens each, ~9 tokens/s) plus timestamp tokens.
MAX_TOKENS_PER_S = 12.0
MIN_NEW_TOKENS = 24  # a short clip may still hold a few words
WHISPER_WINDOW_S = 30.0  # faster-whisper decodes 30 s windows; the bound is per window
# faster-whisper refuses prompt + max_new_tokens > 448 (Whisper's text context): the prompt is
# <|startofprev|>, the filler style sample (14 tokens in English, 12 in Korean) and 3-4 start
# tokens, so 48 tokens are left for it.
MAX_NEW_TOKENS = 448 - 48


def max_new_tokens(duration_s: float) -> int:
    """Tokens Whisper may decode per window of audio lasting `duration_s` seconds."""
    window = min(max(duration_s, 0.0), WHISPER_WINDOW_S)
    return min(MAX_NEW_TOKENS, MIN_NEW_TOKENS + int(MAX_TOKENS_PER_S * window))


class SpeechToText(Protocol):
    """Anything that turns 16 kHz mono audio into a timed transcript."""

    def transcribe(self, audio: np.ndarray, language: str = "auto") -> Transcript:
        """Words with times in seconds from the start of `audio`."""
        ...


@dataclass
class WhisperSTT:
    """faster-whisper with word timestamps, VAD and a per-language filler style prompt."""

    model: Any
    model_id: str = "whisper"
    beam_size: int = BEAM_SIZE
    vad_parameters: dict[str, float | int] = field(default_factory=lambda: dict(VAD_PARAMETERS))
    filler_prompts: dict[Language, str] = field(default_factory=lambda: dict(FILLER_PROMPTS))
    english_only: bool = False

    def detect_language(self, audio: np.ndarray) -> Language:
        """'ko' or 'en' from the first 30 s (English-only models always say 'en')."""
        if self.english_only:
            return "en"
        language, _prob, _all = self.model.detect_language(audio=audio.astype(np.float32, copy=False),
                                                           vad_filter=True)
        return to_language(language)

    def transcribe(self, audio: np.ndarray, language: str = "auto") -> Transcript:
        """Transcribe `audio`; `language` 'en', 'ko' or 'auto' (detected first, so the
        prompt of the right language can be used)."""
        samples = audio.astype(np.float32, copy=False)
        if samples.size < SAMPLE_RATE // 10:
            return Transcript("", (), to_language(language), self.model_id, True)
        lang: Language = self.detect_language(samples) if language == "auto" else to_language(language)
        segments, _info = self.model.transcribe(
            samples,
            language=lang,
            task="transcribe",
            beam_size=self.beam_size,
            word_timestamps=True,
            initial_prompt=self.filler_prompts.get(lang),
            vad_filter=True,
            vad_parameters=self.vad_parameters,
            condition_on_previous_text=False,  # chunks are short; avoids repetition loops
            max_new_tokens=max_new_tokens(samples.size / SAMPLE_RATE),  # a loop ends early (see constant)
        )
        words: list[Word] = []
        for segment in segments:
            for word in segment.words or ():
                text = word.word.strip()
                if text:
                    words.append(Word(text, float(word.start), float(word.end), float(word.probability)))
        return Transcript.from_words(words, lang, model=self.model_id, filler_prompt=True)


def get_stt(settings: Settings | None = None, language: str | None = None, *,
            allow_download: bool = True) -> WhisperSTT:
    """The configured speech-to-text (model resolved and loaded once per process)."""
    settings = settings or get_settings()
    location: ModelLocation = resolve_model(settings, language or settings.stt_language,
                                            allow_download=allow_download)
    model = load_whisper_model(str(location.path), settings.stt_compute_type, settings.stt_threads)
    multilingual = bool(getattr(getattr(model, "model", None), "is_multilingual", True))
    return WhisperSTT(model=model, model_id=location.name, english_only=not multilingual)
