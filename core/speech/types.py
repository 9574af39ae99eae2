"""Value types shared by the speech modules: timed words and transcripts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from core.speech.acoustics import FrameFeatures

Language = Literal["en", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "ko")


def to_language(value: str | None) -> Language:
    """'ko', 'ko-KR', 'korean' -> 'ko'; anything else -> 'en' (the metrics know two languages)."""
    return "ko" if (value or "").lower().startswith("ko") else "en"


@dataclass(frozen=True)
class Word:
    """One transcribed word on the answer timeline (seconds from the start of the recording)."""

    text: str
    start_s: float
    end_s: float
    probability: float | None = None

    def shifted(self, offset_s: float) -> Word:
        return replace(self, start_s=self.start_s + offset_s, end_s=self.end_s + offset_s)

    def to_dict(self) -> dict[str, object]:
        return {"word": self.text, "start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3)}


LOOP_REPEATS = 3  # a 2-8 word phrase said this many times in a row (see Transcript.has_decoding_loop)


@dataclass(frozen=True)
class Transcript:
    """What speech-to-text heard. `words` are in time order; `language` is 'en' or 'ko'."""

    text: str
    words: tuple[Word, ...]
    language: Language
    model: str = ""
    filler_prompt: bool = False  # a filler style prompt was used (Whisper drops fillers without one)
    # Acoustic features computed while the answer was spoken (ChunkedTranscriber), so the
    # analysis after Stop does not redo them; ignored when they do not fit the audio.
    features: FrameFeatures | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        """JSON-able (the acoustic features are not included)."""
        return {"text": self.text, "language": self.language, "model": self.model,
                "words": [w.to_dict() for w in self.words]}

    def has_decoding_loop(self, repeats: int = LOOP_REPEATS) -> bool:
        """Whisper's repetition loop: one phrase of 2-8 words said `repeats` times in a row.

        Whisper falls into it on audio it cannot read (time-stretched, stuttering or
        garbled input: "I'm so sorry, I'm so sorry, I'm so sorry" for a recording played at
        half speed), and its own guard (gzip compression ratio > 2.4, Radford et al. 2022)
        misses short loops like that one (ratio 2.37). People repeat a single word ("very,
        very") or restart a phrase once; saying the same 2+ word phrase three times running
        is not how answers sound. Punctuation and case are ignored."""
        tokens = [w.text.strip(".,!?;:\"'").lower() for w in self.words]
        tokens = [t for t in tokens if t]
        for size in range(2, 9):
            for start in range(0, len(tokens) - size * repeats + 1):
                phrase = tokens[start:start + size]
                if all(tokens[start + k * size:start + (k + 1) * size] == phrase for k in range(1, repeats)):
                    return True
        return False

    @classmethod
    def from_words(cls, words: list[Word] | tuple[Word, ...], language: str, *, model: str = "",
                   filler_prompt: bool = False) -> Transcript:
        """A transcript whose text is the words joined by spaces."""
        ordered = tuple(sorted(words, key=lambda w: (w.start_s, w.end_s)))
        return cls(text=" ".join(w.text for w in ordered).strip(), words=ordered,
                   language=to_language(language), model=model, filler_prompt=filler_prompt)
