"""Deleting an account removes every derived copy (issue 16, item 10).

Before: export zips stayed on disk after "Delete my account", and SQLite kept the deleted
rows' text in free pages. The user's unique marker is put into every field and file
(name, resume, company library with indexed passages, answers, a recording, an export zip);
after `python -m core delete-account` and after the Reports page's deletion, the whole data
directory is listed and read — including inside zips — and nothing of the user is left.
On SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import wave
import zipfile
from pathlib import Path

import pytest
import streamlit as st
from login import sign_in
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db import crud
from core.db.engine import get_engine
from core.db.models import UserCreate
from core.feedback.types import SpeechPart
from core.practice import PracticeService
from core.rag import service as library

ROOT = Path(__file__).resolve().parents[2]
MARK = "QUOKKA7781"
USERNAME = "zoe-quokka7781"


def _speech(path, language, transcript=None, **_context):
    return SpeechPart.from_dict({"transcript": f"At {MARK} I cut build time by 50% with a cache.", "words": [],
                                 "grades": {}, "duration_s": 1.0})


def _wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(MARK.encode() * 400)  # the recording itself carries the marker
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request, monkeypatch, data_dir, tmp_path):
    if request.param == "postgresql":
        pg = request.getfixturevalue("pg_engine")
        monkeypatch.setenv("DATABASE_URL", pg.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    st.cache_resource.clear()
    get_engine.cache_clear()
    monkeypatch.setattr("core.demo.load_demo_data", lambda *a, **k: None)
    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    with Session(engine, expire_on_commit=False) as db:
        user = crud.create_user(db, user_in=UserCreate(username=USERNAME, name=f"Zoe {MARK}",
                                                       password="correct horse battery"))
        crud.add_document(db, owner_id=user.id, kind="resume", title=f"CV {MARK}", text=f"Led {MARK} at Acme.")
        company = crud.create_company(db, owner_id=user.id, name=f"{MARK} Robotics")
    library.add_company_document(engine, settings, user_id=user.id, company_id=company.id or 0,
                                 extracted=library.extract_pasted(f"{MARK} Robotics builds warehouse robots. " * 20,
                                                                  settings),
                                 title=f"About {MARK}")
    service = PracticeService(engine, settings, transcribe=_speech, use_default_retriever=False,
                              interviewer=__import__("doubles").FallbackInterviewer())
    sid = service.start_session(user.id, company=f"{MARK} Robotics", role=f"Engineer {MARK}", stages=[1],
                                questions_per_stage=2, max_followup_depth=0)
    question = service.next_question(user.id, sid)
    attempt = service.begin_attempt(user.id, question.id, "audio")
    service.submit_answer(user.id, attempt.id, audio_path=_wav(tmp_path / "a.wav"))
    question = service.next_question(user.id, sid)
    attempt = service.begin_attempt(user.id, question.id, "text")
    service.submit_answer(user.id, attempt.id, text=f"In 2024 I led {MARK} and cut latency by 40%.")
    service.finish_session(user.id, sid)
    yield {"engine": engine, "settings": settings, "user_id": user.id, "data_dir": settings.ares_data_dir}
    st.cache_resource.clear()
    get_engine.cache_clear()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=dict(os.environ))


def traces(data_dir: Path, user_id: int) -> list[str]:
    """Every file under the data directory that names or holds the user (zips read inside)."""
    found = []
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(data_dir).as_posix()
        if MARK.lower() in rel.lower() or rel.startswith((f"media/{user_id}/", f"exports/{user_id}/")):
            found.append(rel)
            continue
        blobs = [path.read_bytes()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                blobs += [archive.read(name) for name in archive.namelist()]
        if any(MARK.encode() in blob or MARK.encode("utf-16-le") in blob for blob in blobs):
            found.append(rel)
    return found


def test_the_marker_is_everywhere_before_deletion(world):
    exported = _cli("export-data", "--user", USERNAME)
    assert exported.returncode == 0, exported.stderr
    zip_path = Path(exported.stdout.strip())
    assert zip_path.is_file() and zip_path.is_relative_to(world["data_dir"])
    found = traces(world["data_dir"], world["user_id"])
    assert any(f.startswith("exports/") for f in found) and any(f.startswith("media/") for f in found)
    assert any(f.startswith("chroma/") for f in found)  # the indexed passages


def test_delete_account_on_the_command_line_leaves_nothing_of_the_user(world):
    assert _cli("export-data", "--user", USERNAME).returncode == 0
    refused = _cli("delete-account", "--user", USERNAME)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    from core.sessions import count_live_sessions, create_session

    with Session(world["engine"]) as db:
        create_session(world["engine"], world["settings"], crud.get_user(db, user_id=world["user_id"]))
    assert count_live_sessions(world["engine"], world["user_id"]) == 1
    deleted = _cli("delete-account", "--user", USERNAME, "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert traces(world["data_dir"], world["user_id"]) == []
    with Session(world["engine"]) as db:
        assert crud.get_user_by_username(db, username=USERNAME) is None
    assert count_live_sessions(world["engine"], world["user_id"]) == 0
    again = _cli("delete-account", "--user", USERNAME, "--yes")
    assert again.returncode == 2 and "no user" in again.stderr


def test_delete_account_on_the_reports_page_leaves_nothing_of_the_user(world):
    at = AppTest.from_file(str(ROOT / "pages/reports.py"), default_timeout=120)
    token = sign_in(at, world["user_id"], world["engine"])
    at.session_state["ares_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    from core.export import export_user_data

    export_user_data(world["engine"], world["settings"], user_id=world["user_id"])  # an earlier download
    at.text_input(key="delete_confirm").input(USERNAME).run()
    at.button(key="delete_account").click().run()
    assert not at.exception, at.exception
    assert traces(world["data_dir"], world["user_id"]) == []
    from core.sessions import resolve_session

    assert not resolve_session(world["engine"], world["settings"], token).ok  # the login ended too
