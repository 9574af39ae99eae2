"""Media decoding shared by the features: `load_audio` turns any recording into 16 kHz mono."""

from core.media.audio import (
    ERROR_CODES,
    MAX_AUDIO_S,
    SAMPLE_RATE,
    AudioError,
    AudioInfo,
    load_audio,
    probe_audio,
)

__all__ = ["ERROR_CODES", "MAX_AUDIO_S", "SAMPLE_RATE", "AudioError", "AudioInfo", "load_audio", "probe_audio"]
