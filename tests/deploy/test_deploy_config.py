"""The deployment files agree with the code and with what the tests run.

Dockerfile and compose.yaml cannot be built here (no Docker engine), so this checks what
can be checked without one: every setting they set exists, they run the same commands as
tests/deploy/test_multi_instance.py, and the limits match the settings.
"""

from __future__ import annotations

import json
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from core.config import Settings
from tests.deploy.services import ROOT, chroma_command, streamlit_command

# Environment names the deployment files may set that are not ARES settings.
FOREIGN = {"ANONYMIZED_TELEMETRY", "PATH", "PYTHONUNBUFFERED", "UV_COMPILE_BYTECODE", "UV_LINK_MODE",
           "UV_PYTHON_DOWNLOADS", "UV_PROJECT_ENVIRONMENT",
           # read by streamlit-webrtc itself (TURN credentials), documented in the secrets template
           "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "CLOUDFLARE_TURN_KEY_ID", "CLOUDFLARE_TURN_KEY_API_TOKEN",
           "HF_TOKEN"}


def setting_names() -> set[str]:
    return {field.alias for field in Settings.model_fields.values() if field.alias}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def dockerfile_env(text: str) -> dict[str, str]:
    joined = re.sub(r"\\\n\s*", " ", text)
    env: dict[str, str] = {}
    for line in joined.splitlines():
        if line.startswith("ENV "):
            env.update(dict(re.findall(r"(\w+)=(\S+)", line)))
    return env


def app_services(compose: dict) -> dict[str, dict]:
    return {name: svc for name, svc in compose["services"].items() if svc.get("build")}


def test_every_variable_the_container_files_set_is_a_setting(compose: dict, dockerfile: str) -> None:
    known = setting_names() | FOREIGN
    names = set(dockerfile_env(dockerfile))
    for service in app_services(compose).values():
        names |= set(service["environment"])
    assert names - known == set(), f"not settings of core/config.py: {sorted(names - known)}"


def test_the_secrets_template_sets_only_settings_and_turn_providers() -> None:
    text = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    keys = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)\s*=", text, flags=re.MULTILINE))
    assert keys, "no keys found in the secrets template"
    assert keys - (setting_names() | FOREIGN) == set()
    # the uncommented part must itself be valid TOML with string values only
    values = tomllib.loads(text)
    assert values and all(isinstance(v, str) for v in values.values())


def test_the_image_runs_the_streamlit_command_the_tests_run(dockerfile: str) -> None:
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, flags=re.MULTILINE).group(1))
    assert cmd == streamlit_command("python", "0.0.0.0", 8501)
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, flags=re.MULTILINE)
    assert re.search(r"^USER (?!root)\w+$", dockerfile, flags=re.MULTILINE), "the app must not run as root"
    assert "/_stcore/health" in re.search(r"HEALTHCHECK[^\n]*\n[^\n]*", dockerfile).group(0)
    assert "uv sync --frozen --no-dev" in dockerfile  # the same lock file as everywhere else
    assert re.search(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+ ", dockerfile), "pin an exact uv version"


def test_compose_runs_the_chroma_server_the_tests_run(compose: dict) -> None:
    chroma = compose["services"]["chroma"]
    image, tag = chroma["image"].split(":")
    assert image == "chromadb/chroma"
    assert tag == version("chromadb"), "the server image must match the chromadb client in uv.lock"
    # the image's entrypoint is `chroma`; the arguments are the ones the test passes
    assert chroma["command"] == chroma_command("chroma", "/data", "0.0.0.0", 8000)[1:]
    assert {"chroma:/data"} <= set(chroma["volumes"])


def test_compose_app_instances_share_state_only_through_settings(compose: dict) -> None:
    apps = app_services(compose)
    assert len(apps) >= 2
    envs = [svc["environment"] for svc in apps.values()]
    assert all(env == envs[0] for env in envs), "instances must be configured alike"
    env = envs[0]
    assert env["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["CHROMA_HOST"] == "chroma"
    assert env["CHROMA_PORT"] == str(chroma_command("chroma", "/data", "0.0.0.0", 8000)[-1])
    for svc in apps.values():
        mounts = {v.split(":")[1]: v.split(":")[0] for v in svc["volumes"]}
        assert mounts.get(env["ARES_MEDIA_DIR"]) == "recordings", "recordings must be on the shared volume"
        assert env["ARES_DATA_DIR"] not in mounts, "the data dir is per instance, not shared"
    assert "recordings" in compose["volumes"]
    assert compose["services"]["postgres"]["image"].startswith("postgres:")


def test_upload_limits_agree(compose: dict) -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    default_mb = Settings.model_fields["max_upload_mb"].default
    assert config["server"]["maxUploadSize"] == default_mb
    for svc in app_services(compose).values():
        assert int(svc["environment"].get("ARES_MAX_UPLOAD_MB", default_mb)) == default_mb


def test_streamlit_config_keeps_the_settings_community_cloud_forces() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["runner"]["fastReruns"] is True
    assert config["client"]["showErrorDetails"] in (False, "none", "type", "stacktrace")
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["browser"]["gatherUsageStats"] is False


def test_streamlit_file_watcher_does_not_watch_the_checkout_recursively() -> None:
    """watchdog's recursive watch of Home.py's folder covers a `.venv` inside the checkout and
    floods the log with "Inotify queue overflowed" (issue 18); polling watches only our files."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] in ("poll", "none")


def test_the_image_leaves_out_local_state_and_secrets() -> None:
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", ".env", ".streamlit/secrets.toml", "data/runtime"} <= ignored
    assert "data" not in ignored and "data/samples" not in ignored  # demo companies ship in the image


def test_deploy_guide_covers_every_setting_that_moves_state() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name in ("DATABASE_URL", "CHROMA_HOST", "CHROMA_PORT", "ARES_MEDIA_DIR", "ARES_DATA_DIR", "OPENAI_BASE_URL",
                 "LLM_PROVIDER", "ARES_ICE_SERVERS", "TWILIO_ACCOUNT_SID", "CLOUDFLARE_TURN_KEY_ID", "HF_TOKEN"):
        assert name in guide, f"docs/deploy.md does not mention {name}"
    assert "not built in CI" in guide


def test_settings_document_where_every_path_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARES_DATA_DIR", str(tmp_path / "instance"))
    monkeypatch.setenv("ARES_MEDIA_DIR", str(tmp_path / "shared"))
    settings = Settings()
    assert settings.media_dir == tmp_path / "shared"
    assert settings.chroma_dir.is_relative_to(tmp_path / "instance")
    assert settings.model_cache_dir.is_relative_to(tmp_path / "instance")


def test_every_deploy_template_defaults_to_real_accounts_and_carries_no_key(compose: dict, dockerfile: str) -> None:
    """Issue 16 item 1: what a deployment starts from is never the demo, and no template
    holds a signing key (one is generated per install unless the operator sets one)."""
    assert dockerfile_env(dockerfile)["ARES_DEMO_MODE"] == "false"
    for service in app_services(compose).values():
        assert str(service["environment"]["ARES_DEMO_MODE"]) == "false"
        assert service["environment"].get("ARES_COOKIE_KEY", "") in ("", "${ARES_COOKIE_KEY:-}")
    env_example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^ARES_DEMO_MODE=false\b", env_example, flags=re.MULTILINE)
    assert not re.search(r"^ARES_COOKIE_KEY=\S", env_example, flags=re.MULTILINE)
    secrets = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    assert secrets["ARES_DEMO_MODE"] == "false" and "ARES_COOKIE_KEY" not in secrets
    for name, text in ((".env.example", env_example), ("Dockerfile", dockerfile)):
        assert "ares-demo-cookie-key" not in text, name
