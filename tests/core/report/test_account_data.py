"""Export all my data, delete a session, delete the account: rows and files."""

from __future__ import annotations

import json
import wave
import zipfile

import pytest
from doubles import FallbackInterviewer, add_user, link_coach
from sqlalchemy import func
from sqlmodel import Session, select

from core.config import get_settings
from core.db import crud
from core.db.models import (
    Analysis,
    Attempt,
    CoachComment,
    CoachLink,
    Company,
    Document,
    InterviewSession,
    Question,
    Report,
    User,
)
from core.export import delete_account, delete_session, export_user_data
from core.feedback.types import SpeechPart
from core.practice import PracticeService
from core.storage import get_media_store
from core.storage.keys import session_prefix


def _speech(path, language, transcript=None, **_context):
    text = "At my last job I cut build time by 50% with a cache. As a result we shipped daily."
    return SpeechPart.from_dict({"transcript": text, "words": [], "grades": {}, "duration_s": 1.0})


def _wav(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * 1600)
    return path


def _user(engine, name, role="candidate"):
    with Session(engine) as db:
        return add_user(db, name, role)


def _interview(engine, user_id, tmp_path, answers=2):
    service = PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(), retriever=None,
                              transcribe=_speech, use_default_retriever=False)
    session_id = service.start_session(user_id, company="Acme Private", role="Engineer", stages=[1],
                                       max_followup_depth=1)
    for i in range(answers):
        question = service.next_question(user_id, session_id)
        attempt = service.begin_attempt(user_id, question.id, "audio")
        service.submit_answer(user_id, attempt.id, audio_path=_wav(tmp_path / f"in{i}.wav"),
                              vision_timeline=[{"t_s": 0.0, "face_visible": True, "gaze_on_camera": True}])
    service.finish_session(user_id, session_id)
    return session_id


def _count(db, model, *where):
    return db.exec(select(func.count()).select_from(model).where(*where)).one()


def test_export_holds_every_row_and_recording_but_no_password_hash(any_engine, tmp_path):
    user = _user(any_engine, "alice")
    _interview(any_engine, user, tmp_path)
    out = export_user_data(any_engine, get_settings(), user_id=user, out=tmp_path / "export.zip")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert len(data["attempts"]) == 2 and len(data["analyses"]) == 2 and len(data["reports"]) == 1
    assert "password_hash" not in data["user"] and data["user"]["username"] == "alice"
    assert sum(1 for n in names if n.startswith("media/") and n.endswith(".wav")) == 2


def test_delete_session_removes_its_rows_and_recordings_only(any_engine, tmp_path):
    user = _user(any_engine, "alice")
    keep = _interview(any_engine, user, tmp_path)
    gone = _interview(any_engine, user, tmp_path)
    settings = get_settings()
    summary = delete_session(any_engine, settings, user_id=user, session_id=gone)
    assert summary.sessions == 1 and summary.files >= 2
    media = get_media_store(settings)
    assert list(media.keys(session_prefix(user, gone))) == []
    assert list(media.keys(session_prefix(user, keep)))
    with Session(any_engine) as db:
        assert _count(db, Question, Question.session_id == gone) == 0
        assert _count(db, Attempt, Attempt.session_id == gone) == 0
        assert _count(db, InterviewSession, InterviewSession.id == keep) == 1


def test_delete_account_leaves_no_rows_and_no_files(any_engine, tmp_path):
    alice, coach = _user(any_engine, "alice"), _user(any_engine, "coach", "coach")
    _interview(any_engine, alice, tmp_path)
    with Session(any_engine) as db:
        link_coach(db, coach_id=coach, candidate_id=alice)
        crud.set_share_scope(db, candidate_id=alice, coach_id=coach, scope="all")
        attempt = db.exec(select(Attempt).where(Attempt.user_id == alice)).first()
        crud.add_comment(db, coach_id=coach, attempt_id=attempt.id, text="good", score_override=80)
        crud.add_document(db, owner_id=alice, kind="resume", title="cv", text="Python developer")
    settings = get_settings()
    delete_account(any_engine, settings, user_id=alice)
    with Session(any_engine) as db:
        assert db.get(User, alice) is None and db.get(User, coach) is not None
        for model, column in ((InterviewSession, InterviewSession.user_id), (Attempt, Attempt.user_id),
                              (Report, Report.user_id), (Document, Document.owner_id), (Company, Company.owner_id)):
            assert _count(db, model, column == alice) == 0
        assert _count(db, Analysis) == 0 and _count(db, Question) == 0
        assert _count(db, CoachLink) == 0 and _count(db, CoachComment) == 0
    assert list(get_media_store(settings).keys()) == []


def test_someone_else_cannot_delete_my_session(db_engine, tmp_path):
    alice, bob = _user(db_engine, "alice"), _user(db_engine, "bob")
    session_id = _interview(db_engine, alice, tmp_path, answers=1)
    with pytest.raises(crud.AccessDenied):
        delete_session(db_engine, get_settings(), user_id=bob, session_id=session_id)
