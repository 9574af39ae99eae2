"""Write requirements.txt from uv.lock: `uv run python tests/deploy/export_requirements.py`.

Run it after every `uv lock`; tests/deploy/test_cloud_requirements.py fails until you do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ["export", "--no-hashes", "--no-dev", "--frozen", "--no-emit-project"]
HEADER = """\
# Python packages for hosts that read only requirements.txt (pip or `uv pip install -r`).
# GENERATED from uv.lock — do not edit by hand. After every `uv lock` run:
#   uv run python tests/deploy/export_requirements.py
# (= `uv export --no-hashes --no-dev --frozen --no-emit-project` below this header);
# tests/deploy/test_cloud_requirements.py fails when this file and uv.lock disagree.
#
# Streamlit Community Cloud: the repository root also holds uv.lock, which Cloud finds
# FIRST and installs with uv (it honours our [tool.uv] override that drops the GUI OpenCV
# builds). This file is the same pinned set for pip-only hosts; installed with pip or
# `uv pip`, mediapipe pulls opencv-contrib-python (GUI build) back in, so packages.txt
# carries libgl1 and libglib2.0-0 (plus libegl1 and libgles2 for MediaPipe). Left out on
# purpose: the project itself (`-e .`; the app runs from the checkout) and the test extra.
# See docs/deploy.md.
# ---- end of header
"""


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        raise SystemExit("uv not found: run this with `uv run python tests/deploy/export_requirements.py`")
    return found


def exported() -> str:
    out = subprocess.run([uv(), *EXPORT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True).stdout
    return "".join(line + "\n" for line in out.splitlines() if not line.startswith("#"))


def main() -> None:
    (ROOT / "requirements.txt").write_text(HEADER + exported(), encoding="utf-8")


if __name__ == "__main__":
    main()
