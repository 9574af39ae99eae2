"""Speech analysis: transcript, pace, pauses, fillers, voice and word habits of one answer.

Public API:
- `analyze_speech(audio, *, language, transcript=None, question=None, target_s=None)
  -> SpeechAnalysis` (`.to_dict()` is the stored / CLI shape, docs/contracts.md);
- `ChunkedTranscriber(stt, language)` to transcribe while the user speaks;
- `get_stt(settings, language) -> WhisperSTT`, `resolve_model(...)`, `load_whisper_model(...)`;
- pure metrics: `compute_pace`, `find_pauses`, `count_fillers`, `word_stats`,
  `measure_pitch`, `measure_volume`, `detect_voiced_hesitations`, and `grade_*`.
"""

from core.speech.acoustics import (
    PitchStats,
    Span,
    VolumeStats,
    detect_voiced_hesitations,
    find_silences,
    frame_features,
    measure_pitch,
    measure_volume,
)
from core.speech.analysis import SpeechAnalysis, analyze_speech
from core.speech.grading import (
    Grade,
    grade_fillers,
    grade_hedges,
    grade_length,
    grade_pace,
    grade_pauses,
    grade_pitch,
    grade_volume,
)
from core.speech.metrics import (
    Filler,
    FillerReport,
    Pace,
    Pause,
    PauseReport,
    WordStats,
    compute_pace,
    count_fillers,
    find_pauses,
    word_stats,
)
from core.speech.models import ModelLocation, ModelUnavailable, load_whisper_model, resolve_model
from core.speech.streaming import ChunkedTranscriber
from core.speech.stt import FILLER_PROMPTS, SpeechToText, WhisperSTT, get_stt
from core.speech.types import Language, Transcript, Word

__all__ = [
    "FILLER_PROMPTS",
    "ChunkedTranscriber",
    "Filler",
    "FillerReport",
    "Grade",
    "Language",
    "ModelLocation",
    "ModelUnavailable",
    "Pace",
    "Pause",
    "PauseReport",
    "PitchStats",
    "Span",
    "SpeechAnalysis",
    "SpeechToText",
    "Transcript",
    "VolumeStats",
    "WhisperSTT",
    "Word",
    "WordStats",
    "analyze_speech",
    "compute_pace",
    "count_fillers",
    "detect_voiced_hesitations",
    "find_pauses",
    "find_silences",
    "frame_features",
    "get_stt",
    "grade_fillers",
    "grade_hedges",
    "grade_length",
    "grade_pace",
    "grade_pauses",
    "grade_pitch",
    "grade_volume",
    "load_whisper_model",
    "measure_pitch",
    "measure_volume",
    "resolve_model",
    "word_stats",
]
