"""The answer reader's committed weights are what `scripts/train_reader.py` produces from the
committed corpus (issue 14: the training script is reproducible)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.interview.reader import MODEL_PATH

ROOT = Path(__file__).resolve().parents[3]
# Float arrays may differ by float32 rounding of BLAS sums (measured 1.2e-7 between runs);
# anything larger is a different model.
TOLERANCE = 1e-5


@pytest.mark.slow
def test_retraining_reproduces_the_committed_weights(tmp_path: Path) -> None:
    out = tmp_path / "reader.npz"
    result = subprocess.run([sys.executable, "scripts/train_reader.py", "--no-eval", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-2000:]
    with np.load(MODEL_PATH, allow_pickle=False) as committed, np.load(out, allow_pickle=False) as fresh:
        assert sorted(committed.files) == sorted(fresh.files)
        for name in committed.files:
            a, b = committed[name], fresh[name]
            assert a.shape == b.shape, name
            if a.dtype.kind == "f":
                assert float(np.abs(a - b).max(initial=0.0)) <= TOLERANCE, name
            else:
                assert (a == b).all(), name
