"""Streamlit Community Cloud packaging: requirements.txt, the sqlite fix, a cold boot.

`requirements.txt` must equal `uv export` of uv.lock (minus the project itself). The slow
tests install it into a FRESH virtual environment (uv's cache makes that quick) and boot
the app there with the settings Cloud forces; and they install uv.lock the way Cloud does
(Cloud finds uv.lock before requirements.txt) to check the OpenCV override holds there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.export_requirements import exported
from tests.deploy.services import ROOT, base_env, http_get, streamlit_app

# What Community Cloud forces (docs: status-and-limitations), plus a private data dir.
CLOUD_FLAGS = ("--server.enableXsrfProtection", "true", "--runner.fastReruns", "true",
               "--client.showErrorDetails", "false")


def uv_binary() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        pytest.skip("uv is not available (run the tests with `uv run`)")
    return found


def requirement_lines(text: str) -> list[str]:
    """The requirement lines of a requirements file (no comments, no `# via` notes)."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_requirements_txt_is_exported_from_uv_lock() -> None:
    uv_binary()
    ours = requirement_lines((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    assert ours == requirement_lines(exported()), (
        "requirements.txt is out of date with uv.lock: run `uv run python tests/deploy/export_requirements.py`")


def test_requirements_txt_leaves_out_the_project_and_the_test_extra() -> None:
    lines = requirement_lines((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    names = {re.split(r"[=<>; \[]", line, maxsplit=1)[0].lower() for line in lines}
    assert not any(line.startswith(("-e", ".", "file:")) for line in lines)
    assert {"pytest", "ruff", "mypy", "playwright"}.isdisjoint(names)
    assert {"streamlit", "chromadb", "pysqlite3-binary", "psycopg", "mediapipe"} <= names


def test_packages_txt_lists_only_the_system_packages_the_app_needs() -> None:
    packages = [line.strip() for line in (ROOT / "packages.txt").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    # GUI OpenCV (pip-style installs pull it back): libGL + GLib; MediaPipe: libEGL + libGLESv2;
    # fonts-nanum: Korean glyphs in the PDF report export.
    assert packages == ["libgl1", "libglib2.0-0", "libegl1", "libgles2", "fonts-nanum"]


def test_sqlite_swap_happens_only_when_the_system_sqlite_is_too_old() -> None:
    code = textwrap.dedent("""
        import json, sys
        import core.rag  # the early import: sqlite3 is checked before anything imports chromadb
        from core.rag import _sqlite_compat as compat
        first = compat.STATUS
        forced = compat.ensure_sqlite((99, 0, 0))  # pretend the system sqlite is too old
        import sqlite3
        print(json.dumps({"first": first, "forced": forced, "module": sys.modules["sqlite3"].__name__,
                          "version": sqlite3.sqlite_version}))
    """)
    out = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base_env(), capture_output=True,
                                    text=True, timeout=120, check=True).stdout)
    assert out["first"] == "system"  # this machine's sqlite is new enough: nothing swapped
    if sys.platform == "linux" and os.uname().machine == "x86_64":
        assert (out["forced"], out["module"]) == ("pysqlite3", "pysqlite3")
        assert tuple(int(p) for p in out["version"].split(".")) >= (3, 35, 0)


@pytest.fixture(scope="module")
def cloud_venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """requirements.txt installed into a brand-new virtual environment."""
    uv = uv_binary()
    venv = tmp_path_factory.mktemp("cloud") / "venv"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python), "-r",
                              str(ROOT / "requirements.txt")], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    yield python
    shutil.rmtree(venv, ignore_errors=True)


@pytest.mark.slow
def test_requirements_install_boots_the_app_with_cloud_settings(cloud_venv: Path, tmp_path: Path) -> None:
    env = base_env(ARES_DATA_DIR=str(tmp_path / "cloud-data"), ARES_DEMO_MODE="true", STT_MODEL="base",
                   STT_THREADS="2", EMBEDDING_PROVIDER="offline")
    with streamlit_app(env, tmp_path / "cloud-streamlit.log", *CLOUD_FLAGS, python=str(cloud_venv)) as port:
        assert http_get(f"http://127.0.0.1:{port}/_stcore/health") == (200, "ok")
        status, body = http_get(f"http://127.0.0.1:{port}/")
        assert status == 200 and '<div id="root">' in body


@pytest.mark.slow
def test_requirements_install_imports_every_native_stack(cloud_venv: Path, tmp_path: Path) -> None:
    """Three cv2 distributions end up side by side in a pip-style install; they must still work."""
    code = ("import cv2, mediapipe, av, aiortc, faster_whisper, librosa, chromadb, psycopg, numpy; "
            "assert cv2.imdecode(cv2.imencode('.png', numpy.zeros((8, 8, 3), 'uint8'))[1], 1).shape == (8, 8, 3); "
            "print(cv2.__version__)")
    result = subprocess.run([str(cloud_venv), "-c", code], cwd=tmp_path, env=base_env(), capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_requirements_install_renders_the_login_page_in_demo_mode(cloud_venv: Path, tmp_path: Path) -> None:
    """The entry script runs to the end in the fresh environment: imports, migrations,
    the demo candidate and sample companies, the login page."""
    code = textwrap.dedent("""
        import json, resource, sys
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file(sys.argv[1], default_timeout=300).run()
        from sqlmodel import Session, select
        from core.config import get_settings
        from core.db.engine import get_engine
        from core.db.models import Company
        with Session(get_engine(get_settings().sqlalchemy_url)) as db:
            companies = sorted(c.name for c in db.exec(select(Company)).all())
        print(json.dumps({"exceptions": [e.message for e in at.exception], "errors": [e.value for e in at.error],
                          "buttons": [b.label for b in at.button], "companies": companies,
                          "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
    """)
    env = base_env(ARES_DATA_DIR=str(tmp_path / "cloud-data"), ARES_DEMO_MODE="true",
                   STREAMLIT_CLIENT_SHOW_ERROR_DETAILS="full")
    result = subprocess.run([str(cloud_venv), "-c", code, str(ROOT / "Home.py")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["exceptions"] == [] and out["errors"] == [], out
    assert "Continue as the demo candidate" in out["buttons"], out["buttons"]
    assert len(out["companies"]) >= 2, f"sample companies not loaded: {out['companies']}"
    print(f"login page in the fresh environment: peak RSS {out['peak_rss_mb']} MB")


@pytest.mark.slow
def test_uv_lock_install_as_on_cloud_keeps_only_the_headless_opencv(tmp_path: Path) -> None:
    """Cloud installs uv.lock (found first); our override must keep the GUI OpenCV builds out."""
    uv = uv_binary()
    venv = tmp_path / "uvlock-venv"
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)}
    sync = subprocess.run([uv, "sync", "--frozen", "--no-dev", "--quiet", "--python", sys.executable], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert sync.returncode == 0, sync.stderr[-3000:]
    listed = subprocess.run([uv, "pip", "list", "--python", str(venv / "bin" / "python"), "--format", "json"],
                            capture_output=True, text=True, timeout=120, check=True).stdout
    names = {p["name"].lower() for p in json.loads(listed)}
    assert {n for n in names if n.startswith("opencv")} == {"opencv-contrib-python-headless"}
    assert "pysqlite3-binary" in names or sys.platform != "linux"
    check = subprocess.run([str(venv / "bin" / "python"), "-c", "import cv2, mediapipe, chromadb, core.rag"],
                           cwd=tmp_path, env=base_env(), capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr[-3000:]
    shutil.rmtree(venv, ignore_errors=True)
