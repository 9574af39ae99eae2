"""One typed `AnswerAnalysis` per answer: a dict only at the database row, and back."""

from __future__ import annotations

from core.feedback import AnswerInput, analyze_answer
from core.feedback.types import AnswerAnalysis, SpeechPart
from core.interview.reading import AnswerReading, NumberReading, SentenceReading
from core.vision import summarize_timeline

ANSWER = "At my last job builds took 40 minutes. I rewrote the cache. As a result they took 8 minutes."
QUESTION = "Tell me about a time you improved a process."


def _speech() -> SpeechPart:
    words = [{"word": w, "start_s": i * 0.4, "end_s": i * 0.4 + 0.3} for i, w in enumerate(ANSWER.split())]
    return SpeechPart.from_dict({
        "transcript": ANSWER, "language": "en", "words": words, "duration_s": 8.0, "speech_rate_wpm": 150.0,
        "fillers": [{"text": "um", "start_s": 1.0, "end_s": 1.2, "source": "transcript"}],
        "long_pauses": [{"start_s": 2.0, "end_s": 5.0, "duration_s": 3.0, "kind": "mid_clause"}],
        "grades": {"speech_rate": {"grade": "good", "value": 150.0, "unit": "wpm", "explanation": "100-165"}},
        "pitch": {"median_hz": 180.0}, "stt_model": "tiny.en"})


def test_analysis_round_trips_through_the_stored_dict():
    vision = summarize_timeline([{"t_s": i / 10, "face_visible": True, "gaze_on_camera": i < 60,
                                  "posture_ok": True, "smile": False} for i in range(100)])
    analysis = analyze_answer(AnswerInput(ANSWER, QUESTION, speech=_speech(), vision=vision))
    stored = analysis.to_dict()
    again = AnswerAnalysis.from_dict(stored)
    assert again == analysis
    assert again.to_dict() == stored
    assert stored["speech"]["pitch"] == {"median_hz": 180.0}  # measures nobody reads stay for the export
    assert again.speech is not None and again.speech.fillers[0].start_s == 1.0
    assert again.vision is not None and again.vision.camera_gaze_share == analysis.vision.camera_gaze_share


def test_a_payload_stored_by_the_first_release_still_reads():
    old = {"version": 1, "language": "en", "transcript": "I led it.", "question": "Q?", "score": 55.0,
           "scores": {"answer": {"value": 55.0, "band": "average", "explanation": "x", "components": {}}},
           "feedback": [{"kind": "content", "key": "result.missing", "grade": "needs_improvement", "text": "t",
                         "next_step": "n", "evidence": {"start_s": 1.0}}],
           "signals": {"star_present": ["action"], "words": 3}, "speech": None, "vision": None}
    analysis = AnswerAnalysis.from_dict(old)
    assert analysis.score == 55.0 and analysis.version == 1
    assert analysis.feedback[0].evidence.start_s == 1.0
    assert analysis.content.signals.star_present == ("action",) and analysis.content.reading is None
    assert analysis.scores.content.value is None  # not stored then: not measured, never a guessed 0
    assert AnswerAnalysis.from_dict({}).feedback == ()


def test_the_answer_readers_judgement_is_kept_with_the_content():
    reading = AnswerReading(language="en", question=QUESTION, question_type="behavioural", answers_question=True,
                            relevance=0.7, competency="problem_solving", word_count=17,
                            sentences=(SentenceReading(index=0, text="As a result they took 8 minutes.",
                                                       char_start=60, char_end=92, role="result",
                                                       role_confidence=0.9, actor="none", concrete=True,
                                                       numbers=(NumberReading("8 minutes", 84, 93, True),)),))
    analysis = AnswerAnalysis.from_dict(analyze_answer(AnswerInput(ANSWER, QUESTION)).to_dict())
    stored = analysis.to_dict() | {"reading": reading.to_dict()}
    assert AnswerAnalysis.from_dict(stored).content.reading == reading
