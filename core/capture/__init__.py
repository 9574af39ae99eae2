"""Audio capture for live answers: streaming resampling and crash-safe WAV recording."""

from core.capture.recorder import AnswerRecorder, LevelMeter, RecordingInfo, dbfs, repair_wav, to_mono_float
from core.capture.resample import StreamingResampler

__all__ = ["AnswerRecorder", "LevelMeter", "RecordingInfo", "StreamingResampler", "dbfs", "repair_wav",
           "to_mono_float"]
