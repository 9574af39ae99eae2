"""The practice service with fakes, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from practice_fakes import FakeInterviewer, FakeSpeech, write_wav
from sqlmodel import Session, select

from core.db import crud
from core.db.models import Analysis, Attempt, Question
from core.practice import PracticeError, PracticeService


def _start(service: PracticeService, user_id: int, **kw) -> int:
    kw.setdefault("company", "Acme")
    kw.setdefault("role", "Backend engineer")
    return service.start_session(user_id, **kw)


def test_attempt_row_is_created_first_and_saved_before_analysis(any_engine, make_user, make_service, tmp_path):
    user = make_user(any_engine)
    speech = FakeSpeech()
    service = make_service(any_engine, transcribe=speech)
    session_id = _start(service, user)
    question = service.next_question(user, session_id)
    attempt = service.begin_attempt(user, question.id, "audio")
    assert attempt.id is not None and attempt.status == "recording"
    assert attempt.audio_path == f"{user}/{session_id}/attempt-{attempt.id}.wav"
    seen = {}

    def check_row(path):
        with Session(any_engine) as db:
            row = db.get(Attempt, attempt.id)
            seen["status"] = row.status
            seen["analyses"] = len(db.exec(select(Analysis)).all())
        seen["media"] = path.is_file()

    speech.on_call = check_row
    result = service.submit_answer(user, attempt.id, audio_path=write_wav(tmp_path / "a.wav"))
    assert seen == {"status": "analyzing", "analyses": 0, "media": True}
    assert result.status == "analyzed" and result.score is not None
    assert service.media_path(attempt).is_file()


def test_analysis_is_computed_once_and_rereads_return_the_stored_payload(any_engine, make_user, make_service,
                                                                          tmp_path):
    user = make_user(any_engine)
    speech = FakeSpeech()
    service = make_service(any_engine, transcribe=speech)
    session_id = _start(service, user)
    question = service.next_question(user, session_id)
    attempt = service.begin_attempt(user, question.id, "audio")
    first = service.submit_answer(user, attempt.id, audio_path=write_wav(tmp_path / "a.wav"))
    again = service.submit_answer(user, attempt.id, audio_path=write_wav(tmp_path / "b.wav"))
    assert service.reanalyze(user, attempt.id).analysis == first.analysis
    assert again.analysis == first.analysis
    assert len(speech.calls) == 1
    assert service.get_result(user, attempt.id).score == first.score
    with Session(any_engine) as db:
        assert len(db.exec(select(Analysis).where(Analysis.attempt_id == attempt.id)).all()) == 1


def test_failed_analysis_keeps_media_marks_failed_and_can_be_reanalysed(any_engine, make_user, make_service,
                                                                         tmp_path):
    user = make_user(any_engine)
    speech = FakeSpeech(fail=True)
    service = make_service(any_engine, transcribe=speech)
    session_id = _start(service, user)
    question = service.next_question(user, session_id)
    attempt = service.begin_attempt(user, question.id, "audio")
    result = service.submit_answer(user, attempt.id, audio_path=write_wav(tmp_path / "a.wav"))
    assert result.status == "failed" and "decoder exploded" in result.error
    with Session(any_engine) as db:
        row = db.get(Attempt, attempt.id)
        assert row.status == "failed" and "decoder exploded" in row.error
    assert service.media_path(attempt).is_file()
    assert service.resume(user).failed_attempt_ids == [attempt.id]
    speech.fail = False
    retry = service.reanalyze(user, attempt.id)
    assert retry.status == "analyzed" and retry.feedback


def test_resume_after_reload_finds_the_current_question_and_the_interrupted_recording(any_engine, make_user,
                                                                                       make_service):
    user = make_user(any_engine)
    service = make_service(any_engine)
    session_id = _start(service, user)
    first = service.next_question(user, session_id)
    done = service.begin_attempt(user, first.id, "text")
    service.submit_answer(user, done.id, text="I reduced build time from 40 to 8 minutes by caching. As a result "
                                              "we shipped twice as often.")
    current = service.next_question(user, session_id)
    interrupted = service.begin_attempt(user, current.id, "live")
    # A reload: a brand-new service object, nothing but the database.
    reloaded = make_service(any_engine, interviewer=FakeInterviewer())
    state = reloaded.resume(user)
    assert state.session_id == session_id and state.current.id == current.id
    assert state.open_attempt.id == interrupted.id and state.answered == 1 and state.total == 2
    again = reloaded.begin_attempt(user, current.id, "live")
    with Session(any_engine) as db:
        assert db.get(Attempt, interrupted.id).status == "lost"
    assert again.status == "recording"


def test_follow_up_is_asked_after_an_answer_without_a_number_and_depth_is_capped(any_engine, make_user,
                                                                                 make_service):
    user = make_user(any_engine)
    interviewer = FakeInterviewer()
    service = make_service(any_engine, interviewer=interviewer)
    session_id = _start(service, user, max_followup_depth=1)
    question = service.next_question(user, session_id)
    attempt = service.begin_attempt(user, question.id, "text")
    result = service.submit_answer(user, attempt.id, text="We worked hard together and things got better.")
    assert result.follow_up is not None
    follow = service.next_question(user, session_id)
    assert follow.id == result.follow_up.question_id and follow.parent_id == question.id and follow.depth == 1
    attempt = service.begin_attempt(user, follow.id, "text")
    assert service.submit_answer(user, attempt.id, text="Not sure, it just felt faster.").follow_up is None
    assert service.next_question(user, session_id).stage == 2
    assert interviewer.plans == 1


def test_typed_answer_and_finish_store_the_report(any_engine, make_user, make_service):
    user = make_user(any_engine)
    service = make_service(any_engine, interviewer=FakeInterviewer())
    session_id = _start(service, user, max_followup_depth=0)
    while (question := service.next_question(user, session_id)) is not None:
        attempt = service.begin_attempt(user, question.id, "text")
        service.submit_answer(user, attempt.id, text="I led the migration of 12 services to Kubernetes. As a "
                                                     "result, costs fell by 30% in 6 months.")
    report = service.finish_session(user, session_id)
    assert len(report.answers) == 2 and report.overall.value is not None
    with Session(any_engine) as db:
        stored = crud.get_report(db, viewer_id=user, session_id=session_id)
        assert stored.overall == report.overall.value
        assert crud.get_session(db, viewer_id=user, session_id=session_id).status == "finished"
    assert service.resume(user) is None


def test_another_user_cannot_answer_or_read_my_session(any_engine, make_user, make_service):
    alice, bob = make_user(any_engine, "alice"), make_user(any_engine, "bob")
    service = make_service(any_engine)
    session_id = _start(service, alice)
    question = service.next_question(alice, session_id)
    attempt = service.begin_attempt(alice, question.id, "text")
    with pytest.raises(crud.AccessDenied):
        service.submit_answer(bob, attempt.id, text="hijack")
    with pytest.raises(crud.AccessDenied):
        service.next_question(bob, session_id)


def test_empty_answer_is_refused_with_a_message_key(db_engine, make_user, make_service):
    user = make_user(db_engine)
    service = make_service(db_engine)
    session_id = _start(service, user)
    question = service.next_question(db_engine and user, session_id)
    attempt = service.begin_attempt(user, question.id, "text")
    with pytest.raises(PracticeError) as err:
        service.submit_answer(user, attempt.id, text="   ")
    assert err.value.key == "practice.error.empty_answer"
    with Session(db_engine) as db:
        assert db.get(Attempt, attempt.id).status == "recording"
        assert len(db.exec(select(Question)).all()) == 2


def test_follow_up_answer_keeps_the_star_parts_of_the_answer_it_follows(db_engine, make_user, make_service):
    user = make_user(db_engine)
    service = make_service(db_engine, interviewer=FakeInterviewer())
    session_id = _start(service, user)
    question = service.next_question(user, session_id)
    attempt = service.begin_attempt(user, question.id, "text")
    result = service.submit_answer(user, attempt.id, text="At my last job the build was slow. My task was to fix "
                                                          "it. I rewrote the cache and the team was happier.")
    follow = service.next_question(user, session_id)
    assert follow.id == result.follow_up.question_id
    attempt = service.begin_attempt(user, follow.id, "text")
    answer = service.submit_answer(user, attempt.id, text="As a result builds went from 40 to 8 minutes.")
    # the situation and the action were told in the main answer: the follow-up answer is not
    # asked for them again (the reader may or may not hear "My task was…" as the task)
    missing = " ".join(f.text for f in answer.feedback if f.key == "star.missing").lower()
    assert "situation" not in missing and "action" not in missing
    assert any(f.key in ("star.complete", "star.missing") for f in answer.feedback)
    assert any(f.key == "result.measured" for f in answer.feedback)


def test_concurrent_first_calls_plan_the_interview_once(db_engine, make_user, make_service):
    import threading

    user = make_user(db_engine)
    interviewer = FakeInterviewer()
    service = make_service(db_engine, interviewer=interviewer)
    session_id = _start(service, user)
    results = []
    threads = [threading.Thread(target=lambda: results.append(service.next_question(user, session_id)))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert interviewer.plans == 1 and len({q.id for q in results}) == 1
    with Session(db_engine) as db:
        assert len(db.exec(select(Question)).all()) == 2


def test_attempt_status_changes_only_along_the_allowed_transitions():
    from core.practice.service import ATTEMPT_TRANSITIONS, move_attempt

    attempt = Attempt(question_id=1, session_id=1, user_id=1, status="analyzed")
    with pytest.raises(PracticeError):
        move_attempt(attempt, "analyzing")  # an analysis is never recomputed
    attempt.status = "recording"
    move_attempt(attempt, "analyzing")
    assert attempt.status == "analyzing"
    assert set(ATTEMPT_TRANSITIONS) == {"recording", "saved", "analyzing", "analyzed", "failed", "lost"}


def test_live_transcript_is_reused_when_it_has_words_and_the_file_is_transcribed_otherwise(db_engine, make_user,
                                                                                          make_service):
    from core.practice.service import reuse_live_transcript
    from core.speech.types import Transcript, Word

    live = Transcript(text="I cut build time by 80 percent.", language="en",
                      words=(Word("I", 0.0, 0.2), Word("cut", 0.3, 0.5)))
    assert reuse_live_transcript(live) and not reuse_live_transcript(None)
    assert not reuse_live_transcript(Transcript(text="", words=(), language="en"))
    looped = Transcript.from_words([Word(w, i * 0.3, i * 0.3 + 0.2) for i, w in enumerate(
        "I'm not a real boss, I'm not a real boss. I'm not a real boss.".split())], "en")
    assert not reuse_live_transcript(looped)  # misheard live chunks: the whole file is transcribed
    user = make_user(db_engine)
    speech = FakeSpeech()
    seen = []
    speech.on_call = lambda path: seen.append(path)
    service = make_service(db_engine, transcribe=speech)
    question = service.next_question(user, _start(service, user))
    started = service.start_recording(user, question.id)
    write_wav(started.audio_path)  # the live recorder wrote the answer while the user spoke
    result = service.submit_answer(user, started.attempt_id, transcript=live)
    assert result.transcript == live.text and seen == [started.audio_path]


def test_uploaded_audio_is_stored_under_the_attempts_key_with_its_own_type(db_engine, make_user, make_service,
                                                                           tmp_path):
    user = make_user(db_engine)
    service = make_service(db_engine)
    session_id = _start(service, user)
    question = service.next_question(user, session_id)
    attempt = service.begin_attempt(user, question.id, "upload")
    data = write_wav(tmp_path / "upload.wav").read_bytes()
    result = service.submit_answer(user, attempt.id, audio_bytes=data, audio_suffix=".OGG")
    assert result.status == "analyzed"
    with Session(db_engine) as db:
        row = db.get(Attempt, attempt.id)
    assert row.audio_path == f"{user}/{session_id}/attempt-{attempt.id}.ogg"
    assert service.media.read_bytes(row.audio_path) == data
