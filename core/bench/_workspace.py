"""A private data directory for benchmarks that build their own users and sessions."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def private_data_dir(prefix: str) -> Iterator[Path]:
    """Point ARES_DATA_DIR at a fresh temporary directory for the duration (then restore)."""
    from core.config import get_settings

    previous = os.environ.get("ARES_DATA_DIR")
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["ARES_DATA_DIR"] = str(tmp)
    get_settings.cache_clear()
    try:
        yield tmp
    finally:
        if previous is None:
            os.environ.pop("ARES_DATA_DIR", None)
        else:
            os.environ["ARES_DATA_DIR"] = previous
        get_settings.cache_clear()
        shutil.rmtree(tmp, ignore_errors=True)
