"""Whisper's OpenMP threads sleep while they wait (set before ctranslate2 is loaded)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import os, sys
os.environ.pop("OMP_WAIT_POLICY", None)
import core.speech, core.speech.models as models
assert "ctranslate2" not in sys.modules, "ctranslate2 (and its libgomp) loaded before the policy is set"
try:
    models._load_whisper_model("/nonexistent-model-dir", "int8", 1)
except Exception:
    pass  # no model here: only the environment at the moment faster-whisper was imported matters
assert "ctranslate2" in sys.modules
print(os.environ.get("OMP_WAIT_POLICY"))
"""


def test_the_wait_policy_is_passive_when_ctranslate2_loads() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "PASSIVE"


def test_an_operators_own_policy_is_kept() -> None:
    script = SCRIPT.replace('os.environ.pop("OMP_WAIT_POLICY", None)', 'os.environ["OMP_WAIT_POLICY"] = "ACTIVE"')
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "ACTIVE"
