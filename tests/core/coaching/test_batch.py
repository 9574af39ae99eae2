"""Batch analysis: manifests and zips checked row by row, every answer through the practice
service, progress on the job row, and a job whose worker died resumes without losing or
re-analysing answers."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from coaching_answers import STRONG, WEAK
from sqlmodel import Session, select

from core.coaching import batch
from core.coaching.errors import WorkspaceError
from core.config import get_settings
from core.db import crud
from core.db.models import Analysis, BatchJob, utcnow
from core.storage import get_media_store
from core.storage.keys import batch_prefix


def _answers(folder: Path, texts: list[str]) -> Path:
    lines = ["question,file"]
    for i, text in enumerate(texts):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
        lines.append(f"\"Question {i}, please?\",a{i}.txt")
    manifest = folder / "manifest.csv"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


@pytest.mark.parametrize(("body", "key"), [
    ("q,f\nx,y\n", "coaching.error.manifest_columns"),
    ("question,file\n,a0.txt\n", "coaching.error.manifest_row"),
    ("question,file\nQ,missing.wav\n", "coaching.error.manifest_file"),
    ("question,file\nQ,../outside.txt\n", "coaching.error.manifest_file"),
    ("question,file\nQ,notes.pdf\n", "coaching.error.manifest_type"),
    ("question,file\n", "coaching.error.manifest_empty"),
])
def test_a_bad_manifest_names_the_row_to_fix(tmp_path, body, key):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a0.txt").write_text("x", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    with pytest.raises(WorkspaceError) as err:
        batch.parse_manifest(body, folder)
    assert err.value.key == key


def test_a_zip_is_unpacked_safely_with_its_manifest(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("answers/manifest.csv", "question,file\nWhy us?,one.txt\n")
        archive.writestr("answers/one.txt", STRONG)
        archive.writestr("../escape.txt", "never written outside")
    rows = batch.unpack_zip(data.getvalue(), tmp_path / "job")
    assert [(r.question, r.file.name) for r in rows] == [("Why us?", "one.txt")]
    assert not (tmp_path / "escape.txt").exists()
    with pytest.raises(WorkspaceError) as err:
        batch.unpack_zip(b"not a zip", tmp_path / "other")
    assert err.value.key == "coaching.error.zip"


def test_a_batch_runs_every_answer_through_the_service_for_a_linked_candidate_only(
        any_engine, people, service_for, tmp_path):
    coach, alice, bob = people(any_engine)
    rows = batch.read_manifest(_answers(tmp_path, [STRONG, WEAK, STRONG]))
    settings = get_settings()
    service = service_for(any_engine)
    with pytest.raises(crud.AccessDenied):
        batch.create_job(any_engine, settings, coach_id=coach, candidate_id=bob, rows=rows, service=service)
    job_id = batch.create_job(any_engine, settings, coach_id=coach, candidate_id=alice, rows=rows, service=service,
                              role="Engineer")
    seen = []
    final = batch.run_job(any_engine, settings, job_id, service=service, on_progress=lambda p: seen.append(p.done))
    assert final.status == "done" and final.done == final.total == 3 and seen == [1, 2, 3]
    assert [i.status for i in final.items] == ["analyzed"] * 3 and final.items[0].score > final.items[1].score
    with Session(any_engine) as db:  # the coach reads the batch session (it is theirs to see) …
        session = crud.get_session(db, viewer_id=coach, session_id=final.session_id)
        assert session.user_id == alice and session.status == "finished"
        questions = crud.list_questions(db, viewer_id=coach, session_id=final.session_id)
        assert [q.text for q in questions] == ["Question 0, please?", "Question 1, please?", "Question 2, please?"]
    with pytest.raises(crud.AccessDenied):  # … and nobody else reads the job
        batch.job_progress(any_engine, coach_id=bob, job_id=job_id)
    # The queued answers are gone from the media store; the attempts keep their own copies.
    assert list(get_media_store(settings).keys(batch_prefix(job_id))) == []
    with Session(any_engine) as db:
        kept = [a.audio_path for a in crud.list_attempts(db, viewer_id=alice, session_id=final.session_id)]
    assert not any(key.startswith("batch/") for key in kept)


def test_a_job_whose_worker_died_resumes_where_it_stopped(db_engine, people, service_for, tmp_path):
    coach, alice, _bob = people(db_engine)
    settings = get_settings()
    service = service_for(db_engine)
    rows = batch.read_manifest(_answers(tmp_path, [STRONG, WEAK, STRONG]))
    job_id = batch.create_job(db_engine, settings, coach_id=coach, candidate_id=alice, rows=rows, service=service)
    # A worker analysed answer 0, saved answer 1 and then the server stopped mid-analysis.
    with Session(db_engine) as db:
        job = db.get(BatchJob, job_id)
        questions = crud.list_questions(db, viewer_id=alice, session_id=job.session_id)
    first = service.begin_attempt(alice, questions[0].id, "text")
    service.submit_answer(alice, first.id, text=STRONG)
    second = service.begin_attempt(alice, questions[1].id, "text")
    crud_update = {"status": "saved", "text_answer": WEAK}
    with Session(db_engine) as db:
        crud.update_attempt(db, owner_id=alice, attempt_id=second.id, **crud_update)
        job = db.get(BatchJob, job_id)
        items = [dict(i) for i in job.items]
        items[0].update(status="analyzed", attempt_id=first.id, score=90.0)
        items[1].update(status="analyzing", attempt_id=second.id)
        job.items, job.done, job.status = items, 1, "running"
        job.heartbeat_at = utcnow() - timedelta(seconds=batch.STALE_AFTER_S + 60)
        db.add(job)
        db.commit()
    assert batch.mark_interrupted(db_engine) == [job_id]
    assert batch.job_progress(db_engine, coach_id=coach, job_id=job_id).status == "interrupted"
    final = batch.run_job(db_engine, settings, job_id, service=service)
    assert final.status == "done" and final.done == 3
    assert final.items[1].attempt_id == second.id and final.items[1].status == "analyzed"
    with Session(db_engine) as db:
        analysed = [a.attempt_id for a in db.exec(select(Analysis)).all()]
    assert sorted(analysed) == sorted({first.id, second.id, final.items[2].attempt_id})  # none twice


def test_a_running_job_with_a_live_worker_is_not_taken_twice(db_engine, people, service_for, tmp_path):
    coach, alice, _bob = people(db_engine)
    settings = get_settings()
    rows = batch.read_manifest(_answers(tmp_path, [STRONG]))
    job_id = batch.create_job(db_engine, settings, coach_id=coach, candidate_id=alice, rows=rows,
                              service=service_for(db_engine))
    with Session(db_engine) as db:
        job = db.get(BatchJob, job_id)
        job.status, job.heartbeat_at = "running", utcnow()
        db.add(job)
        db.commit()
    untouched = batch.run_job(db_engine, settings, job_id, service=service_for(db_engine))
    assert untouched.status == "running" and untouched.done == 0
    assert batch.mark_interrupted(db_engine) == []


def _face_video_with_speech(path: Path, seconds: float = 3.0, fps: int = 15) -> Path:
    """An MP4 of the astronaut's face (tests/media.py) with a spoken answer on its audio
    track (espeak-ng, or a hum without it): what a candidate's recorded video looks like."""
    import numpy as np

    from core.bench.batch import write_video_answer
    from tests.media import SPEECH_RATE, espeak_speech, face_frame, have_speech_tools, voiced_hum

    audio = espeak_speech("I cut release time from two days to three hours.") if have_speech_tools() \
        else voiced_hum(seconds)
    audio = np.pad(audio, (0, max(0, int(seconds * SPEECH_RATE) - audio.size)))[: int(seconds * SPEECH_RATE)]
    write_video_answer(path, audio, SPEECH_RATE, frames=[face_frame()], fps=fps)
    return path


def test_a_batch_video_answer_gets_the_camera_timeline_like_a_live_answer(db_engine, people, tmp_path):
    """The real vision (MediaPipe on the astronaut's face) and the real speech path."""
    from doubles import FallbackInterviewer

    from core.coaching.review import answer_detail
    from core.practice import PracticeService
    from core.practice.integration import VIDEO_VISION_FPS

    coach, alice, _bob = people(db_engine)
    settings = get_settings()
    _face_video_with_speech(tmp_path / "answer.mp4")
    (tmp_path / "manifest.csv").write_text("question,file\nTell me about a release.,answer.mp4\n", encoding="utf-8")
    service = PracticeService(db_engine, settings, interviewer=FallbackInterviewer(), use_default_retriever=False)
    job_id = batch.create_job(db_engine, settings, coach_id=coach, candidate_id=alice, service=service,
                              rows=batch.read_manifest(tmp_path / "manifest.csv"))
    final = batch.run_job(db_engine, settings, job_id, service=service)
    assert final.status == "done" and final.items[0].status == "analyzed", final.items
    attempt_id = final.items[0].attempt_id
    with Session(db_engine) as db:
        attempt = crud.get_attempt(db, viewer_id=alice, attempt_id=attempt_id)
        payload = crud.get_analysis(db, viewer_id=alice, attempt_id=attempt_id).payload
    frames = attempt.vision_timeline
    # ~3 s at 5 analysed frames a second (of 15 decoded), each in the live timeline's shape
    assert 3 * VIDEO_VISION_FPS - 2 <= len(frames) <= 3 * VIDEO_VISION_FPS + 2, len(frames)
    assert all({"t_s", "face_visible", "gaze_on_camera", "posture_ok"} <= set(f) for f in frames)
    assert sum(bool(f["face_visible"]) for f in frames) >= len(frames) - 1  # the astronaut is in view
    assert payload["vision"]["frames"] == len(frames) and payload["vision"]["camera_gaze_share"] is not None
    assert any(item["kind"] == "camera" for item in payload["feedback"])
    # The coach's answer review: the recording is the video, with its camera timeline.
    detail = answer_detail(db_engine, viewer_id=coach, attempt_id=attempt_id)
    assert detail.media_key.endswith(".mp4") and len(detail.vision_timeline) == len(frames)
