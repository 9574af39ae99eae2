"""Batch analysis: many recorded answers of one linked candidate, analysed in the background.

The manifest is a CSV with the columns `question` and `file` (paths relative to the CSV,
or names inside the uploaded zip). A job row (`BatchJob`) owns the work: its items carry
each answer's status, `done`/`total` give the progress bar, and `heartbeat_at` says a worker
still holds it. Every answer walks the practice service exactly as `run-session` does
(session with the coach's questions -> begin_attempt -> submit_answer -> finish_session).

Restarts: a job whose heartbeat is older than `STALE_AFTER_S` has lost its worker; the next
`resume_stale_jobs` (the page calls it on every load) claims it atomically and continues
with the items not yet analysed — an answer that was mid-analysis is re-analysed from its
kept recording (`PracticeService.reanalyze`), so nothing is lost or analysed twice.
"""

from __future__ import annotations

import csv
import io
import logging
import shutil
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching.errors import WorkspaceError
from core.coaching.sessions import start_with_questions
from core.config import Settings
from core.db import crud
from core.db.models import Assignment, AssignmentMember, BatchJob, utcnow
from core.practice.service import PracticeService
from core.storage import MediaStore, get_media_store
from core.storage.keys import batch_key, batch_prefix

log = logging.getLogger(__name__)

MEDIA_SUFFIXES = {".wav", ".mp3", ".m4a", ".ogg", ".oga", ".opus", ".flac", ".webm", ".mp4", ".mov", ".mkv"}
TEXT_SUFFIXES = {".txt"}  # typed answers, as `run-session` accepts them
MAX_ANSWERS = 50  # one batch = one session; more answers than a long interview belongs in several
MAX_ZIP_BYTES = 500 * 1024 * 1024  # uncompressed total; a zip bomb stops here
STALE_AFTER_S = 120.0  # s without a heartbeat = the worker is gone (a slow answer takes < 30 s here)
HEARTBEAT_EVERY_S = 15.0


@dataclass(frozen=True)
class ManifestRow:
    question: str
    file: Path


@dataclass(frozen=True)
class BatchItem:
    question: str
    file: str
    status: str  # queued | analyzing | analyzed | failed
    attempt_id: int | None
    score: float | None
    error: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class BatchProgress:
    job_id: int
    candidate_id: int
    session_id: int | None
    status: str
    done: int
    total: int
    items: tuple[BatchItem, ...]
    error: str
    created_at: datetime
    finished_at: datetime | None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "session_id": self.session_id, "status": self.status, "done": self.done,
                "total": self.total, "answers": [i.to_dict() for i in self.items], "error": self.error}


# ----------------------------------------------------------------------------- manifests
def parse_manifest(text: str, base: Path) -> list[ManifestRow]:
    """Rows of a `question,file` CSV; files resolved against `base` and required to exist
    inside it. Raises `WorkspaceError` naming the row to fix."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
    if not {"question", "file"} <= fields:
        raise WorkspaceError("coaching.error.manifest_columns")
    rows = []
    root = base.resolve()
    for number, raw in enumerate(reader, start=2):
        data = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not data.get("question") and not data.get("file"):
            continue
        if not data.get("question") or not data.get("file"):
            raise WorkspaceError("coaching.error.manifest_row", str(number))
        path = (root / data["file"]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise WorkspaceError("coaching.error.manifest_file", f"{number}: {data['file']}")
        if path.suffix.lower() not in MEDIA_SUFFIXES | TEXT_SUFFIXES:
            raise WorkspaceError("coaching.error.manifest_type", f"{number}: {data['file']}")
        rows.append(ManifestRow(question=data["question"][:500], file=path))
    if not rows:
        raise WorkspaceError("coaching.error.manifest_empty")
    if len(rows) > MAX_ANSWERS:
        raise WorkspaceError("coaching.error.manifest_long", str(MAX_ANSWERS))
    return rows


def read_manifest(path: Path) -> list[ManifestRow]:
    if not path.is_file():
        raise WorkspaceError("coaching.error.manifest_missing", str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp949", errors="strict")
    return parse_manifest(text, path.parent)


def unpack_zip(data: bytes, dest: Path, manifest_csv: bytes | None = None) -> list[ManifestRow]:
    """Unpack an uploaded zip of answers into `dest` (names kept, paths never leaving it) and
    read its manifest: `manifest_csv`, else the one .csv inside the zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise WorkspaceError("coaching.error.zip") from exc
    with archive:
        if sum(i.file_size for i in archive.infolist()) > MAX_ZIP_BYTES:
            raise WorkspaceError("coaching.error.zip_large")
        dest.mkdir(parents=True, exist_ok=True)
        for info in archive.infolist():
            name = PurePosixPath(info.filename)
            if info.is_dir() or name.is_absolute() or ".." in name.parts or name.name.startswith("."):
                continue
            target = dest.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
    if manifest_csv is None:
        found = sorted(p for p in dest.rglob("*.csv"))
        if len(found) != 1:
            raise WorkspaceError("coaching.error.manifest_missing", "zip")
        return parse_manifest(found[0].read_text(encoding="utf-8"), found[0].parent)
    try:
        text = manifest_csv.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkspaceError("coaching.error.manifest_encoding") from exc
    return parse_manifest(text, dest)


def job_media(settings: Settings, service: PracticeService | None = None) -> MediaStore:
    """The store a job keeps its answers in until they are analysed (`batch_key`; the
    service's store when there is one, so the attempts and the job share a backend)."""
    return service.media if service is not None else get_media_store(settings)


# ----------------------------------------------------------------------------- jobs
def create_job(engine: Engine, settings: Settings, *, coach_id: int, candidate_id: int, rows: list[ManifestRow],
               company: str = "", role: str = "", language: str = "en", persona: str = "lead",
               assignment_id: int | None = None, service: PracticeService | None = None) -> int:
    """Queue the analysis of `rows` for a linked candidate; returns the job id. The candidate's
    session (with the manifest's questions) exists before the first answer is analysed, so
    its id is known at once. Files are copied next to the job so a restart finds them."""
    with Session(engine) as db:
        if candidate_id not in crud.accepted_candidate_ids(db, coach_id=coach_id):
            raise crud.AccessDenied("not your candidate")
        if assignment_id is not None:
            assignment = db.get(Assignment, assignment_id)
            member = db.exec(select(AssignmentMember).where(AssignmentMember.assignment_id == assignment_id,
                                                            AssignmentMember.candidate_id == candidate_id)).first()
            if assignment is None or assignment.coach_id != coach_id or member is None:
                raise crud.AccessDenied("no such assignment")
            company, role = company or assignment.company, role or assignment.role
            language, persona = assignment.language, assignment.persona
        job = BatchJob(coach_id=coach_id, candidate_id=candidate_id, assignment_id=assignment_id, total=len(rows),
                       items=[])
        db.add(job)
        db.commit()
        db.refresh(job)
        job_id = int(job.id or 0)
    service = service or PracticeService(engine, settings)
    media = job_media(settings, service)
    items = []
    for i, row in enumerate(rows):
        key = batch_key(job_id, i, row.file.suffix)
        kept = media.local_path(key)
        if row.file.resolve() != kept.resolve():
            shutil.copyfile(row.file, kept)
        media.commit(key)  # durable before the job is queued (S3: uploaded)
        items.append({"question": row.question, "file": row.file.name, "stored": key, "status": "queued",
                      "attempt_id": None, "score": None, "error": ""})
    session_id = start_with_questions(service, candidate_id, questions=[r.question for r in rows], company=company,
                                      role=role, persona=persona, language=language, max_followup_depth=0,
                                      options={"source": "batch", "batch_job_id": job_id,
                                               **({"assignment_id": assignment_id} if assignment_id else {})})
    with Session(engine) as db:
        stored = db.get(BatchJob, job_id)
        assert stored is not None
        stored.items, stored.session_id = items, session_id
        db.add(stored)
        if assignment_id is not None:
            member = db.exec(select(AssignmentMember).where(AssignmentMember.assignment_id == assignment_id,
                                                            AssignmentMember.candidate_id == candidate_id)).one()
            if member.session_id is None:
                member.session_id, member.started_at = session_id, utcnow()
                db.add(member)
        db.commit()
    return job_id


def _stored_key(job_id: int, item: dict[str, Any]) -> str:
    """The media key of a queued answer: stored as a key, or (jobs queued before keys) as a
    file name in the job's folder."""
    stored = str(item.get("stored", ""))
    return stored if "/" in stored else f"{batch_prefix(job_id)}/{stored}"


def _progress(job: BatchJob) -> BatchProgress:
    items = tuple(BatchItem(question=str(i.get("question", "")), file=str(i.get("file", "")),
                            status=str(i.get("status", "queued")), attempt_id=i.get("attempt_id"),
                            score=i.get("score"), error=str(i.get("error", ""))) for i in job.items or [])
    return BatchProgress(job_id=job.id or 0, candidate_id=job.candidate_id, session_id=job.session_id,
                         status=job.status, done=job.done, total=job.total, items=items, error=job.error,
                         created_at=job.created_at, finished_at=job.finished_at)


def job_progress(engine: Engine, *, coach_id: int, job_id: int) -> BatchProgress:
    with Session(engine) as db:
        job = db.get(BatchJob, job_id)
        if job is None or job.coach_id != coach_id:
            raise crud.AccessDenied("no such job")
        return _progress(job)


def list_jobs(engine: Engine, *, coach_id: int, limit: int = 20) -> list[BatchProgress]:
    with Session(engine) as db:
        jobs = db.exec(select(BatchJob).where(BatchJob.coach_id == coach_id)
                       .order_by(col(BatchJob.id).desc()).limit(limit)).all()
        return [_progress(j) for j in jobs]


def _save_item(engine: Engine, job_id: int, index: int, **fields: Any) -> None:
    with Session(engine) as db:
        job = db.get(BatchJob, job_id)
        if job is None:
            return
        items = [dict(i) for i in job.items]
        items[index].update(fields)
        job.items = items
        job.done = sum(1 for i in items if i.get("status") in ("analyzed", "failed"))
        job.heartbeat_at = utcnow()
        db.add(job)
        db.commit()


def _claim(engine: Engine, job_id: int, now: datetime) -> bool:
    """Take the job for this worker: queued, or running with a stale heartbeat (atomic, so two
    server instances never run one job twice)."""
    stale = now - timedelta(seconds=STALE_AFTER_S)
    with Session(engine) as db:
        result = db.exec(update(BatchJob).where(  # type: ignore[call-overload]
            col(BatchJob.id) == job_id,
            or_(col(BatchJob.status) == "queued",
                (col(BatchJob.status).in_(["running", "interrupted"]))
                & or_(col(BatchJob.heartbeat_at).is_(None), col(BatchJob.heartbeat_at) < stale)))
            .values(status="running", heartbeat_at=now))
        db.commit()
        return bool(result.rowcount)


def run_job(engine: Engine, settings: Settings, job_id: int, *, service: PracticeService | None = None,
            on_progress: Callable[[BatchProgress], None] | None = None) -> BatchProgress:
    """Analyse every answer of the job not yet analysed, in this thread; returns the final
    progress. Returns at once (unchanged) when another worker holds the job."""
    if not _claim(engine, job_id, utcnow()):
        with Session(engine) as db:
            job = db.get(BatchJob, job_id)
            if job is None:
                raise crud.AccessDenied("no such job")
            return _progress(job)
    service = service or PracticeService(engine, settings)
    with Session(engine) as db:
        job = db.get(BatchJob, job_id)
        assert job is not None and job.session_id is not None
        candidate, session_id, items = job.candidate_id, job.session_id, [dict(i) for i in job.items]
    try:
        with Session(engine) as db:
            questions = crud.list_questions(db, viewer_id=candidate, session_id=session_id)
        mains = [q for q in questions if q.parent_id is None]
        media = job_media(settings, service)
        for index, item in enumerate(items):
            if item.get("status") in ("analyzed", "failed"):
                continue
            question = mains[index]
            path = media.local_path(_stored_key(job_id, item))
            attempt_id = item.get("attempt_id")
            if attempt_id:  # the worker died mid-analysis: the recording was kept with the attempt
                result = service.reanalyze(candidate, int(attempt_id))
            else:
                is_text = path.suffix.lower() in TEXT_SUFFIXES
                attempt = service.begin_attempt(candidate, question.id or 0, "text" if is_text else "upload")
                _save_item(engine, job_id, index, status="analyzing", attempt_id=attempt.id)
                if is_text:
                    result = service.submit_answer(candidate, attempt.id or 0,
                                                   text=path.read_text(encoding="utf-8", errors="replace"))
                else:
                    result = service.submit_answer(candidate, attempt.id or 0, audio_path=path)
            _save_item(engine, job_id, index, status=result.status, attempt_id=result.attempt_id,
                       score=result.score, error=result.error[:300])
            if on_progress is not None:
                on_progress(job_progress_any(engine, job_id))
        service.finish_session(candidate, session_id)
        status, error = "done", ""
    except Exception as exc:
        log.exception("batch job %s failed", job_id)
        status, error = "failed", f"{type(exc).__name__}: {exc}"[:500]
    with Session(engine) as db:
        job = db.get(BatchJob, job_id)
        assert job is not None
        job.status, job.error, job.finished_at, job.heartbeat_at = status, error, utcnow(), utcnow()
        db.add(job)
        db.commit()
        final = _progress(job)
    if status == "done":
        job_media(settings, service).delete(batch_prefix(job_id))  # the attempts keep their own copies
    return final


def job_progress_any(engine: Engine, job_id: int) -> BatchProgress:
    """Progress without an access check: for the worker that owns the job."""
    with Session(engine) as db:
        job = db.get(BatchJob, job_id)
        assert job is not None
        return _progress(job)


# ----------------------------------------------------------------------------- background workers
_WORKERS: dict[int, threading.Thread] = {}
_WORKERS_LOCK = threading.Lock()


def start_in_background(engine: Engine, settings: Settings, job_id: int,
                        service: PracticeService | None = None) -> bool:
    """Run the job on a daemon thread of this process (one per job); False when one runs."""
    with _WORKERS_LOCK:
        running = _WORKERS.get(job_id)
        if running is not None and running.is_alive():
            return False
        thread = threading.Thread(target=_work, args=(engine, settings, job_id, service), daemon=True,
                                  name=f"batch-{job_id}")
        _WORKERS[job_id] = thread
        thread.start()
        return True


def _work(engine: Engine, settings: Settings, job_id: int, service: PracticeService | None) -> None:
    stop = threading.Event()

    def beat() -> None:  # a long answer must not look like a dead worker
        while not stop.wait(HEARTBEAT_EVERY_S):
            with Session(engine) as db:
                job = db.get(BatchJob, job_id)
                if job is None or job.status != "running":
                    return
                job.heartbeat_at = utcnow()
                db.add(job)
                db.commit()

    heart = threading.Thread(target=beat, daemon=True, name=f"batch-{job_id}-heartbeat")
    heart.start()
    try:
        run_job(engine, settings, job_id, service=service)
    except Exception:
        log.exception("batch worker %s stopped", job_id)
    finally:
        stop.set()


def mark_interrupted(engine: Engine, *, now: datetime | None = None) -> list[int]:
    """Jobs whose worker is gone (stale heartbeat): marked "interrupted" so the page says so
    until one is resumed. Returns their ids."""
    stale = (now or utcnow()) - timedelta(seconds=STALE_AFTER_S)
    with Session(engine) as db:
        jobs = db.exec(select(BatchJob).where(BatchJob.status == "running")).all()
        ids = []
        for job in jobs:
            beat = job.heartbeat_at
            if beat is not None and beat.tzinfo is None:
                stale_cmp = stale.replace(tzinfo=None)
            else:
                stale_cmp = stale
            if beat is None or beat < stale_cmp:
                job.status = "interrupted"
                db.add(job)
                ids.append(job.id or 0)
        db.commit()
        return ids


def resume_stale_jobs(engine: Engine, settings: Settings, *, coach_id: int,
                      service: PracticeService | None = None) -> list[int]:
    """Restart this coach's queued or interrupted jobs (and running ones whose worker is
    gone) in the background; returns the ids started."""
    mark_interrupted(engine)
    with Session(engine) as db:
        ids = [j.id or 0 for j in db.exec(select(BatchJob).where(
            BatchJob.coach_id == coach_id, col(BatchJob.status).in_(["queued", "interrupted"]))).all()]
    return [job_id for job_id in ids if start_in_background(engine, settings, job_id, service)]
