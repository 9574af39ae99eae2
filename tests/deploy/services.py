"""Real services on loopback for the deployment tests: a fresh PostgreSQL database, a Chroma
server (`chroma run` from the installed chromadb), app/CLI processes with their own
ARES_DATA_DIR. Every wait is bounded and every process started here is killed by its id.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("ARES_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

# Settings that must not leak from the developer's shell into an instance under test.
_ISOLATED = ("ARES_DATA_DIR", "ARES_MEDIA_DIR", "DATABASE_URL", "CHROMA_HOST", "CHROMA_PORT", "OPENAI_API_KEY",
             "OPENAI_BASE_URL", "LLM_PROVIDER", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "ARES_COOKIE_KEY",
             "ARES_DEMO_MODE", "ARES_ICE_SERVERS", "EMBEDDING_PROVIDER")


# Loopback requests never go through a proxy configured in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_http(url: str, *, proc: subprocess.Popen | None = None, timeout_s: float = 120.0,
              log: Path | None = None) -> tuple[int, str]:
    """Poll `url` until it answers 200 (bounded); fail early if `proc` exits."""
    deadline = time.monotonic() + timeout_s
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{proc.args!r} exited with {proc.returncode} before {url} answered\n{tail(log)}")
        try:
            status, body = http_get(url, timeout=3.0)
            if status == 200:
                return status, body
            last = f"HTTP {status}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout_s:.0f} s ({last})\n{tail(log)}")


def tail(log: Path | None, lines: int = 40) -> str:
    if log is None or not log.exists():
        return ""
    return "\n".join(log.read_text("utf-8", "replace").splitlines()[-lines:])


def stop(proc: subprocess.Popen) -> None:
    """Terminate a process started by these helpers (its own process group), then kill it."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def start(cmd: Sequence[str], *, env: Mapping[str, str], log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    out = log.open("wb")
    try:
        return subprocess.Popen(list(cmd), cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    finally:
        out.close()  # the child keeps its own descriptor


def base_env(**settings: str) -> dict[str, str]:
    """The current environment without any ARES setting, plus offline guards and `settings`."""
    env = {k: v for k, v in os.environ.items() if k not in _ISOLATED}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8",
                "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    env.update(settings)
    return env


@dataclass
class Instance:
    """One app instance: its own data directory and the shared settings."""

    name: str
    data_dir: Path
    env: dict[str, str]

    def cli(self, *args: str, timeout_s: float = 300.0, python: str = sys.executable) -> subprocess.CompletedProcess:
        result = subprocess.run([python, "-m", "core", *args], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, (f"instance {self.name}: python -m core {' '.join(args)} -> "
                                        f"{result.returncode}\n{result.stderr[-3000:]}")
        return result

    def cli_json(self, *args: str, timeout_s: float = 300.0) -> dict:
        return json.loads(self.cli(*args, timeout_s=timeout_s).stdout)

    def python(self, code: str, *args: str, timeout_s: float = 300.0) -> dict:
        """Run `code` (prints one JSON object) in a fresh interpreter with this instance's settings."""
        result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, f"instance {self.name}: script failed\n{result.stderr[-3000:]}"
        return json.loads(result.stdout.strip().splitlines()[-1])


def pg_available() -> bool:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001
        return False


def require_pg() -> None:
    if not pg_available():
        if os.environ.get("REQUIRE_PG") == "1" or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required but not reachable at {PG_ADMIN_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")


@contextlib.contextmanager
def fresh_pg_database(prefix: str = "ares_mi") -> Iterator[str]:
    """CREATE DATABASE <prefix>_<random> on the local server; yields a `postgresql://` URL (the
    form users put in DATABASE_URL); dropped afterwards, even with connections still open."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    require_pg()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(drivername="postgresql", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        admin.dispose()  # a fresh connection: a pooled one may have been closed by the server
        for attempt in range(3):
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except OperationalError:
                if attempt == 2:
                    raise
                admin.dispose()
                time.sleep(1)
        admin.dispose()


def chroma_command(chroma: str, path: str, host: str, port: int) -> list[str]:
    """The Chroma server command; compose.yaml runs the same one in the chromadb/chroma image."""
    return [chroma, "run", "--path", path, "--host", host, "--port", str(port)]


def streamlit_command(python: str, address: str, port: int) -> list[str]:
    """The app server command; the Dockerfile's CMD is the same one."""
    return [python, "-m", "streamlit", "run", "Home.py", "--server.address", address, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]


def chroma_executable() -> str:
    candidate = Path(sys.executable).with_name("chroma")
    if not candidate.exists():
        pytest.fail(f"the chroma CLI of the installed chromadb package is missing: {candidate}")
    return str(candidate)


@contextlib.contextmanager
def chroma_server(path: Path, log_dir: Path) -> Iterator[int]:
    """`chroma run --path <path> --host 127.0.0.1 --port <free>`; yields the port once its
    heartbeat answers; killed afterwards."""
    port = free_port()
    log = log_dir / f"chroma-{port}.log"
    proc = start(chroma_command(chroma_executable(), str(path), "127.0.0.1", port), env=base_env(), log=log)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc=proc, timeout_s=60, log=log)
        yield port
    finally:
        stop(proc)


@contextlib.contextmanager
def streamlit_app(env: Mapping[str, str], log: Path, *extra: str, python: str = sys.executable,
                  timeout_s: float = 120.0) -> Iterator[int]:
    """`streamlit run Home.py` headless on a free loopback port; yields the port once
    /_stcore/health answers; killed afterwards."""
    port = free_port()
    proc = start([*streamlit_command(python, "127.0.0.1", port), *extra], env=env, log=log)
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc=proc, timeout_s=timeout_s, log=log)
        yield port
    finally:
        stop(proc)


def files_under(directory: Path) -> list[str]:
    """Every file below `directory` (relative POSIX paths), sorted."""
    if not directory.exists():
        return []
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())
