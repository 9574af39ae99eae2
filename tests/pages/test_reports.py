"""The Reports page under AppTest: a finished interview's report, escaped user text, deletion."""

from __future__ import annotations

import wave
from pathlib import Path

from doubles import FallbackInterviewer
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db.models import InterviewSession
from core.feedback.types import SpeechPart
from core.practice import PracticeService
from tests.doubles import add_user
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/reports.py"
TYPED = "I led the billing rewrite and cut invoice errors by 40 percent."
EVIL = "<script>alert('x')</script> At my last job I cut costs by 30%. As a result we saved $2,000 a month."


def _speech(path, language, transcript=None, **_context):
    words = [{"word": w, "start_s": i * 0.4, "end_s": i * 0.4 + 0.3} for i, w in enumerate(EVIL.split())]
    return SpeechPart.from_dict({"transcript": EVIL, "words": words, "duration_s": 8.0, "language": "en",
            "fillers": [{"text": "um", "start_s": 1.0, "end_s": 1.2}], "long_pauses": [],
            "pace_curve": [{"t_s": 2.0, "rate": 130}, {"t_s": 6.0, "rate": 150}],
            "grades": {"speech_rate": {"grade": "good", "value": 140, "unit": "wpm", "explanation": ""}}})


def _user(engine, name):
    with Session(engine) as db:
        return add_user(db, name)


def _wav(path):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * 8000)
    return path


def _finished_interview(engine, user_id, tmp_path, mode="audio"):
    """A finished one-question interview answered by a recording with camera samples
    (`mode` "audio") or by typing ("text": no speech, no vision)."""
    service = PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(), transcribe=_speech,
                              use_default_retriever=False)
    session_id = service.start_session(user_id, company="Acme", role="Engineer", stages=[1], questions_per_stage=1,
                                       max_followup_depth=0)
    question = service.next_question(user_id, session_id)
    attempt = service.begin_attempt(user_id, question.id, mode)
    if mode == "text":
        service.submit_answer(user_id, attempt.id, text=TYPED)
    else:
        service.submit_answer(user_id, attempt.id, audio_path=_wav(tmp_path / "a.wav"),
                              vision_timeline=[{"t_s": t / 2, "face_visible": True, "gaze_on_camera": t % 3 != 0,
                                                "posture_ok": True, "smile": False} for t in range(16)])
    service.finish_session(user_id, session_id)
    return session_id


def _open(user_id, lang="en"):
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    sign_in(at, user_id)
    at.session_state["ares_lang"] = lang
    return at.run()


def test_report_page_shows_scores_feedback_and_escapes_user_text(app_engine, tmp_path):
    uid = _user(app_engine, "rita")
    _finished_interview(app_engine, uid, tmp_path)
    at = _open(uid)
    assert not at.exception, at.exception
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Overall" in markdown and "/100" in markdown
    assert "&#60;script&#62;" in markdown and "<script>" not in markdown
    assert any("measurable result" in m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) >= 4
    assert at.selectbox(key="moment_1_0").options[0] == "from the start"


def test_report_page_in_korean_and_with_no_interviews(app_engine, tmp_path):
    uid = _user(app_engine, "kim")
    at = _open(uid, "ko")
    assert not at.exception
    assert "아직 면접 기록이 없습니다" in at.info[0].value


def test_deleting_the_session_from_the_page_removes_it(app_engine, tmp_path):
    uid = _user(app_engine, "del")
    _finished_interview(app_engine, uid, tmp_path)
    at = _open(uid)
    assert at.button(key="delete_session").disabled
    at.checkbox(key="delete_session_sure").check().run()
    at.button(key="delete_session").click().run()
    assert not at.exception
    with Session(app_engine) as db:
        assert db.exec(select(InterviewSession).where(InterviewSession.user_id == uid)).first() is None
    assert "No interviews yet" in at.info[0].value


def test_the_interview_picker_names_only_what_a_session_has_in_the_users_language(app_engine, tmp_path):
    uid = _user(app_engine, "pia")
    session_id = _finished_interview(app_engine, uid, tmp_path)
    at = _open(uid, "ko")
    assert not at.exception, at.exception
    label = at.selectbox(key="report_pick").options[0]
    assert label.startswith(f"#{session_id} · ") and label.endswith(" · 완료")  # status in Korean
    assert " - " not in label and "· -" not in label  # no placeholder for a missing company


def test_a_typed_session_gets_a_note_instead_of_an_empty_speaking_rate_chart(app_engine, tmp_path):
    """Finding s22 #7: typed answers have no speaking rate; the report says so in one line
    instead of drawing empty axes (a spoken session keeps its chart: the test above)."""
    uid = _user(app_engine, "tess")
    _finished_interview(app_engine, uid, tmp_path, mode="text")
    at = _open(uid)
    assert not at.exception, at.exception
    typed_charts = len(at.get("plotly_chart"))
    assert any("no spoken answers in this session" in c.value for c in at.caption)
    spoken = _user(app_engine, "sam")
    _finished_interview(app_engine, spoken, tmp_path)
    at = _open(spoken)
    assert not any("no spoken answers" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) > typed_charts
