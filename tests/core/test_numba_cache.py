"""core.numba_cache: the app owns numba's on-disk cache and fills it one process at a time.

Two first runs of `python -m core analyze-audio` started together compiled librosa into the
same empty numba cache and left it corrupt (numba issue #10128): every later run ended in
SIGSEGV (exit 139).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import get_settings
from core.numba_cache import READY, cache_dir, exclusive

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from pathlib import Path
from core.numba_cache import exclusive
with exclusive() as directory:
    Path(sys.argv[1]).write_text(str(directory))
    while not Path(sys.argv[2]).exists():
        time.sleep(0.05)
"""


@pytest.fixture
def own_root(tmp_path, monkeypatch):
    monkeypatch.setenv("ARES_NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    get_settings.cache_clear()
    yield tmp_path / "numba"
    get_settings.cache_clear()


def test_the_cache_is_a_versioned_directory_under_the_data_dir_by_default(monkeypatch, data_dir):
    monkeypatch.delenv("ARES_NUMBA_CACHE_DIR", raising=False)
    get_settings.cache_clear()
    directory = cache_dir()
    assert directory.parent == data_dir / "cache"
    assert directory.name.startswith("numba-") and "librosa-" in directory.name
    assert directory.name.endswith(f"-py{sys.version_info.major}.{sys.version_info.minor}")


def test_numba_is_pointed_at_it_and_it_is_marked_complete_only_on_success(own_root, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/somewhere/else")
    with pytest.raises(RuntimeError), exclusive() as directory:
        assert os.environ["NUMBA_CACHE_DIR"] == str(directory)
        raise RuntimeError("compile failed")
    assert not (directory / READY).exists()
    with exclusive() as again:
        assert again == directory
    assert (directory / READY).exists()
    if "numba" in sys.modules:
        assert sys.modules["numba"].config.CACHE_DIR == str(directory)


def test_a_directory_left_half_written_is_emptied_before_compiling(own_root):
    directory = cache_dir()
    directory.mkdir(parents=True)
    (directory / "utils._localmax-1035.py311.1.nbc").write_bytes(b"half")
    with exclusive():
        assert not (directory / "utils._localmax-1035.py311.1.nbc").exists()
    (directory / "kept.nbc").write_bytes(b"complete")  # a complete cache is kept
    with exclusive():
        pass
    assert (directory / "kept.nbc").exists()


def test_a_second_process_cannot_take_the_cache_while_one_holds_it(own_root, tmp_path):
    entered, release = tmp_path / "entered", tmp_path / "release"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(entered), str(release)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        for _ in range(1200):  # up to 60 s for the holder to start
            if entered.exists() and entered.read_text():
                break
            try:
                holder.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"holder exited early: {holder.returncode}")
        directory = Path(entered.read_text())
        with open(directory.with_name(directory.name + ".lock"), "ab") as handle:
            with pytest.raises(BlockingIOError):
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            release.touch()
            assert holder.wait(timeout=120) == 0
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the holder is done
        assert (directory / READY).exists()
    finally:
        release.touch()
        if holder.poll() is None:
            holder.kill()


@pytest.mark.slow
def test_librosa_compiles_into_the_apps_cache_under_the_lock(tmp_path) -> None:
    """A real first run (the shared test cache of tests/conftest.py: compiled once per machine)."""
    code = ("import numpy as np; from core.numba_cache import exclusive\n"
            "with exclusive():\n"
            "    import librosa; librosa.yin(np.ones(4000, np.float32), fmin=65, fmax=400, sr=16000)\n"
            "import numba; print(numba.config.CACHE_DIR)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "NUMBA_CACHE_DIR": "/elsewhere"},
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    directory = cache_dir()
    assert done.stdout.strip() == str(directory)
    assert (directory / READY).exists()
    assert any(directory.rglob("*.nbi")), "librosa's kernels are not cached there"
