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

    @classmethod
    def from_words(cls, words: list[Word] | tuple[Word, ...], language: str, *, model: str = "",
                   filler_prompt: bool = False) -> Transcript:
        """A transcript whose text is the words joined by spaces."""
        ordered = tuple(sorted(words, key=lambda w: (w.start_s, w.end_s)))
        return cls(text=" ".join(w.text for w in ordered).strip(), words=ordered,
                   language=to_language(language), model=model, filler_prompt=filler_prompt)
