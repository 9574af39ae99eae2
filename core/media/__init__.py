"""Media decoding shared by the features: `load_audio` turns any recording into 16 kHz mono."""

from core.media.audio import (
    ERROR_CODES,
    MAX_AUDIO_S,
    SAMPLE_RATE,
    AudioError,
    AudioInfo,
    DecodedAudio,
    decode_audio,
    load_audio,
    probe_audio,
)
from core.media.conditioning import ChannelChoice, LevelReport, condition_level, mix_channels

__all__ = ["ERROR_CODES", "MAX_AUDIO_S", "SAMPLE_RATE", "AudioError", "AudioInfo", "ChannelChoice", "DecodedAudio",
           "LevelReport", "condition_level", "decode_audio", "load_audio", "mix_channels", "probe_audio"]
