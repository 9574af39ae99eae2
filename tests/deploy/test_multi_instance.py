"""Several app instances share state through settings alone, on loopback.

One fresh PostgreSQL database (DATABASE_URL), one Chroma server started from the installed
chromadb (`chroma run`, CHROMA_HOST/CHROMA_PORT), one recordings directory (ARES_MEDIA_DIR);
each instance has its own ARES_DATA_DIR. What one instance writes, the other reads; and no
instance keeps anything another one needs in its own data directory (only a model cache).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.services import (
    Instance,
    base_env,
    chroma_server,
    files_under,
    fresh_pg_database,
    http_get,
    streamlit_app,
)
from tests.media import build_speech, have_speech_tools, voiced_hum, write_wav

COMPANY = "Zephyr Widgets"
DOCUMENT = """\
# Zephyr Widgets annual report 2025

Zephyr Widgets builds solar-powered irrigation controllers for small farms in Kenya.
In 2025 revenue grew 34 percent to 18 million dollars, driven by the Rainmaker 3 controller.
The company values frugal engineering, field testing with farmers, and honest reporting.
"""
ANSWER_A = ("I led a team of four engineers to cut our release time from two weeks to three days. "
            "I automated the regression tests and measured the result over six releases.")
ANSWER_B = ("We interviewed twenty farmers first. Then I built a prototype controller, "
            "and the pilot reduced water use by 30 percent in one season.")
# Local data that an instance may keep: caches it can rebuild on its own.
LOCAL_ONLY = ("models/", "cache/")  # downloaded models; compiled numba kernels (core/numba_cache.py)

# One practice session driven through the same service the Practice page uses.
SESSION_DRIVER = textwrap.dedent("""
    import json, sys
    from core.config import get_settings
    from core.db.engine import get_engine
    from core.cli.session import resolve_user
    from core.practice import PracticeService
    from core.storage import get_media_store
    from core.db import crud
    from sqlmodel import Session

    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    user_id = resolve_user(engine, settings, "mi_continue")
    service = PracticeService(engine, settings)
    step = sys.argv[1]
    if step == "start":
        sid = service.start_session(user_id, company=sys.argv[2], stages=[1], questions_per_stage=2,
                                    max_followup_depth=0)
        question = service.next_question(user_id, sid)
        attempt = service.begin_attempt(user_id, question.id, "text")
        result = service.submit_answer(user_id, attempt.id, text=open(sys.argv[3], encoding="utf-8").read())
        print(json.dumps({"session_id": sid, "question_id": question.id, "status": result.status}))
    elif step == "continue":
        sid = int(sys.argv[2])
        state = service.resume(user_id, sid)
        question = service.next_question(user_id, sid)
        attempt = service.begin_attempt(user_id, question.id, "audio")
        result = service.submit_answer(user_id, attempt.id, audio_path=sys.argv[3])
        report = service.finish_session(user_id, sid)
        print(json.dumps({"resumed": state is not None, "question_id": question.id, "attempt_id": attempt.id,
                          "status": result.status, "overall": report.to_dict()["overall"]}))
    elif step == "read-recording":
        with Session(engine) as db:
            attempt = crud.get_attempt(db, viewer_id=user_id, attempt_id=int(sys.argv[2]))
        store = get_media_store(settings)
        data = store.read_bytes(attempt.audio_path) if attempt.audio_path and store.exists(attempt.audio_path) else b""
        print(json.dumps({"audio_path": attempt.audio_path, "bytes": len(data), "riff": data[:4] == b"RIFF"}))
""")


@dataclass
class Cluster:
    a: Instance
    b: Instance
    database_url: str
    chroma_port: int
    media_dir: Path
    work: Path

    def assert_nothing_shared_kept_locally(self) -> None:
        """Every file in an instance's own data directory is a rebuildable cache."""
        for instance in (self.a, self.b):
            kept = [f for f in files_under(instance.data_dir) if not f.startswith(LOCAL_ONLY)]
            assert kept == [], f"instance {instance.name} wrote shared state to its own data dir: {kept}"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    work = tmp_path_factory.mktemp("multi-instance")
    media = work / "shared-media"
    media.mkdir()
    with fresh_pg_database() as database_url, chroma_server(work / "chroma-server", work) as chroma_port:
        shared = {"DATABASE_URL": database_url, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port),
                  "ARES_MEDIA_DIR": str(media), "ARES_DEMO_MODE": "true", "LLM_PROVIDER": "offline"}
        instances = []
        for name in ("a", "b"):
            data_dir = work / f"instance-{name}"
            instances.append(Instance(name, data_dir, base_env(ARES_DATA_DIR=str(data_dir), **shared)))
        yield Cluster(instances[0], instances[1], database_url, chroma_port, media, work)


def test_a_document_indexed_through_one_instance_is_found_through_the_other(cluster: Cluster) -> None:
    document = cluster.work / "zephyr-annual-report.md"
    document.write_text(DOCUMENT, encoding="utf-8")

    indexed = cluster.a.cli_json("index", "--company", COMPANY, str(document))
    assert indexed["failed"] == [] and indexed["indexed"][0]["chunks"] >= 1

    found = cluster.b.cli_json("search", "--company", COMPANY, "How much did revenue grow in 2025?", "--json")
    assert found["results"], "instance B found nothing that instance A indexed"
    assert "34 percent" in found["results"][0]["text"]
    assert found["results"][0]["source"] == "Zephyr Widgets annual report 2025"
    cluster.assert_nothing_shared_kept_locally()


def test_a_session_run_on_one_instance_is_reported_by_the_other(cluster: Cluster) -> None:
    answers = []
    for i, text in enumerate((ANSWER_A, ANSWER_B)):
        path = cluster.work / f"answer-{i}.txt"
        path.write_text(text, encoding="utf-8")
        answers.append(str(path))

    run = cluster.a.cli_json("run-session", "--company", COMPANY, "--user", "mi_candidate", "--stages", "1",
                             "--questions-per-stage", "2", "--max-followup-depth", "0", "--answers", *answers,
                             "--json")
    assert [a["status"] for a in run["answers"]] == ["analyzed", "analyzed"]

    report = cluster.b.cli_json("report", str(run["session_id"]), "--user", "mi_candidate", "--json")
    assert report["session_id"] == run["session_id"]
    assert report["overall"] == run["overall"]
    assert [a["transcript"] for a in run["answers"]] == [ANSWER_A, ANSWER_B]
    assert len(report["answers"]) == 2
    cluster.assert_nothing_shared_kept_locally()


@pytest.mark.slow  # transcribes the recorded answer with the real speech model
def test_a_session_started_on_one_instance_is_continued_on_the_other_with_a_shared_recording(
        cluster: Cluster) -> None:
    first = cluster.work / "first-answer.txt"
    first.write_text(ANSWER_A, encoding="utf-8")
    wav = cluster.work / "second-answer.wav"
    if have_speech_tools():
        write_wav(wav, build_speech([0.5, ANSWER_B, 0.5]).audio)
    else:  # still a real recording to share; its analysis may find no words
        write_wav(wav, voiced_hum(3.0))

    started = cluster.a.python(SESSION_DRIVER, "start", COMPANY, str(first))
    assert started["status"] == "analyzed"

    continued = cluster.b.python(SESSION_DRIVER, "continue", str(started["session_id"]), str(wav))
    assert continued["resumed"] is True
    assert continued["question_id"] != started["question_id"]
    assert continued["overall"] is not None

    # the recording B stored is on the shared mount, and A reads it through the media store
    recording = cluster.a.python(SESSION_DRIVER, "read-recording", str(continued["attempt_id"]))
    assert recording["riff"] is True and recording["bytes"] == wav.stat().st_size
    assert (cluster.media_dir / recording["audio_path"]).is_file()

    report = cluster.a.cli_json("report", str(started["session_id"]), "--user", "mi_continue", "--json")
    assert report["session_id"] == started["session_id"] and len(report["answers"]) == 2
    cluster.assert_nothing_shared_kept_locally()


def test_two_app_processes_serve_the_app_from_one_database(cluster: Cluster) -> None:
    with streamlit_app(cluster.a.env, cluster.work / "streamlit-a.log") as port_a, \
            streamlit_app(cluster.b.env, cluster.work / "streamlit-b.log") as port_b:
        assert port_a != port_b
        for port in (port_a, port_b):
            status, body = http_get(f"http://127.0.0.1:{port}/_stcore/health")
            assert (status, body.strip()) == (200, "ok")
            status, body = http_get(f"http://127.0.0.1:{port}/")
            assert status == 200 and "<div id=\"root\">" in body
    cluster.assert_nothing_shared_kept_locally()



REBUILD_AND_SEARCH = textwrap.dedent("""
    import json, sys
    from core.config import get_settings
    from core.db.engine import get_engine
    from core.rag import get_retriever
    from core.rag.service import ensure_index_current

    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    before = get_retriever(settings).search(sys.argv[1], sys.argv[2], k=3)
    ensure_index_current(engine, settings)
    after = get_retriever(settings).search(sys.argv[1], sys.argv[2], k=3)
    print(json.dumps({"before": len(before), "after": [p.text for p in after]}))
""")


def test_an_instance_that_lost_its_disk_rebuilds_the_library_index_from_the_database(cluster: Cluster) -> None:
    """Community Cloud: hosted PostgreSQL, a local Chroma directory, a disk wiped on restart."""
    shared = {"DATABASE_URL": cluster.database_url, "ARES_DEMO_MODE": "true", "LLM_PROVIDER": "offline"}
    before_restart = Instance("cloud-1", cluster.work / "cloud-1",
                              base_env(ARES_DATA_DIR=str(cluster.work / "cloud-1"), **shared))
    after_restart = Instance("cloud-2", cluster.work / "cloud-2",
                             base_env(ARES_DATA_DIR=str(cluster.work / "cloud-2"), **shared))
    document = cluster.work / "aurora-bakery.md"
    document.write_text("# Aurora Bakery careers\n\nAurora Bakery bakes 12,000 rye loaves a day in Tartu and "
                        "trains every new baker for six weeks.\n", encoding="utf-8")
    before_restart.cli_json("index", "--company", "Aurora Bakery", str(document))
    assert (cluster.work / "cloud-1" / "chroma").is_dir()  # the index lived on the (lost) local disk

    out = after_restart.python(REBUILD_AND_SEARCH, "Aurora Bakery", "How many loaves a day?")
    assert out["before"] == 0, "a fresh disk has no index yet"
    assert any("12,000 rye loaves" in text for text in out["after"])
