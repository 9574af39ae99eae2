"""House rules that keep the layers apart."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import core

ROOT = Path(__file__).resolve().parents[2]


def _core_modules() -> list[str]:
    names = ["core"]
    for info in pkgutil.walk_packages(core.__path__, prefix="core."):
        if ".migrations" in info.name:
            continue
        names.append(info.name)
    return names


def test_core_modules_never_import_streamlit() -> None:
    modules = _core_modules()
    code = (
        "import importlib, sys\n"
        f"mods = {modules!r}\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "loaded = sorted(k for k in sys.modules if k == 'streamlit' or k.startswith('streamlit.'))\n"
        "print('LOADED:' + ','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "LOADED:", result.stdout


def test_every_cli_command_is_documented_in_the_readme() -> None:
    from core.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in commands if f"python -m core {name}" not in readme]
    assert not missing, f"undocumented CLI commands: {missing}"


def test_every_setting_is_documented_in_env_example() -> None:
    from core.config import Settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    aliases = [field.alias for field in Settings.model_fields.values() if field.alias]
    missing = [alias for alias in aliases if alias not in example]
    assert not missing, f"settings missing from .env.example: {missing}"
