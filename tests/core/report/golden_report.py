"""A demo session for the golden export tests: three typed answers through the real service,
one of them given a spoken answer's stored speech and vision measures, its camera timeline
and a coach's comment, so every part of the export (charts, highlights, comments, guides)
is drawn. `normalize` removes what changes between runs (plotly's random div ids, the
export time and the rows' timestamps)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from doubles import FallbackInterviewer, add_user
from report_answers import STRONG, WEAK
from sqlmodel import Session, select

from core.config import get_settings
from core.db.models import Analysis, Attempt, CoachComment, InterviewSession
from core.feedback.types import MeasureGrade, PacePoint, SpeechMoment, SpeechPart, TimedWord
from core.practice import PracticeService
from core.vision.summary import VisionEvent, VisionSummary

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
EVIL = "<img src=x onerror=alert(1)> " + WEAK

SPEECH = SpeechPart(
    transcript=STRONG, language="en", duration_s=21.5,
    words=(TimedWord("At", 0.4, 0.6), TimedWord("my", 0.6, 0.8)),
    speech_rate_wpm=132.0, syllables_per_min=190.0, filler_count=2, filler_per_min=5.6,
    fillers=(SpeechMoment(3.1, 3.4, text="um", source="lexical"), SpeechMoment(9.0, 9.3, text="uh", source="lexical")),
    pauses=(SpeechMoment(0.0, 0.4, kind="think_time"), SpeechMoment(6.2, 8.9, kind="long")),
    long_pauses=(SpeechMoment(6.2, 8.9, kind="long"),),
    pace_curve=(PacePoint(5.0, 120.0), PacePoint(10.0, 140.0), PacePoint(15.0, None), PacePoint(20.0, 130.0)),
    think_time_s=0.4,
    grades=(MeasureGrade("pace", "good", 132.0, "wpm", "Pace 132 wpm."),
            MeasureGrade("fillers", "average", 5.6, "/min", "5.6 fillers a minute.")),
    measures={"pitch_sd_hz": 21.3})
VISION = VisionSummary(frames=40, face_visible_share=1.0, camera_gaze_share=0.625, smile_share=0.1,
                       posture_ok_share=0.9, processing_fps=12.0, events=(VisionEvent("gaze_away", 4.0, 7.5),))
TIMELINE = [{"t_s": round(i * 0.5, 3), "face_visible": True, "gaze_on_camera": not 8 <= i < 15,
             "posture_ok": i % 10 != 0, "smile": i == 3, "yaw_deg": 1.5} for i in range(40)]


def demo_session(engine: Any, interview: Any) -> tuple[int, int]:
    """(owner id, session id) of the demo session, with a coach comment on the second answer."""
    with Session(engine) as db:
        user = add_user(db, "golden", "candidate")
        coach = add_user(db, "golden-coach", "coach")
    session_id = interview(engine, user, [STRONG, EVIL, WEAK], finish=False)
    with Session(engine) as db:
        attempts = db.exec(select(Attempt).where(Attempt.session_id == session_id).order_by(Attempt.id)).all()
        first, second = attempts[0], attempts[1]
        analysis = db.exec(select(Analysis).where(Analysis.attempt_id == first.id)).one()
        payload = dict(analysis.payload)
        payload.update(speech=SPEECH.to_dict(), vision=VISION.to_dict())
        analysis.payload = payload
        first.vision_timeline = TIMELINE
        first.mode, first.duration_s = "live", 21.5
        db.add(analysis)
        db.add(first)
        db.add(CoachComment(coach_id=coach, attempt_id=second.id or 0, text="Say <what> you did.",
                            score_override=61.0, created_at=WHEN))
        row = db.get(InterviewSession, session_id)
        row.created_at = WHEN  # shown in the exports: fixed, so the PDF's glyph subset is the same every run
        db.add(row)
        db.commit()
    PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(),
                    use_default_retriever=False).finish_session(user, session_id)
    return user, session_id


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_WHEN = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(\+00:00| UTC)?")


def normalize(text: str) -> str:
    return _WHEN.sub("<when>", _UUID.sub("<id>", text))
