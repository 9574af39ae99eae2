"""Give Chroma a new enough sqlite3 on hosts whose system library is too old.

chromadb refuses to import when `sqlite3.sqlite_version_info < (3, 35, 0)`. Streamlit
Community Cloud runs Debian bullseye (sqlite 3.34.1), so there we put the `pysqlite3`
module from the `pysqlite3-binary` wheel (its own, newer sqlite) in place of the
standard `sqlite3` before chromadb is imported. Everywhere else (sqlite new enough, or no
pysqlite3 installed) nothing changes. `core/rag/__init__.py` imports this module first, and
every import of chromadb in the project goes through `core.rag`.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys

CHROMA_MIN_SQLITE = (3, 35, 0)


def ensure_sqlite(minimum: tuple[int, int, int] = CHROMA_MIN_SQLITE) -> str:
    """Swap in pysqlite3 when the loaded sqlite3 is older than `minimum`.

    Returns what happened: "system" (new enough, untouched), "pysqlite3" (swapped) or
    "too-old" (old, and pysqlite3 is not installed: chromadb will say so itself).
    """
    current = sys.modules.get("sqlite3", sqlite3)
    if tuple(current.sqlite_version_info) >= minimum:
        return "system" if current is sqlite3 else "pysqlite3"
    try:
        replacement = importlib.import_module("pysqlite3")
    except ImportError:
        return "too-old"
    sys.modules["sqlite3"] = replacement
    # `from sqlite3 import dbapi2` style imports look for the submodule too
    if hasattr(replacement, "dbapi2"):
        sys.modules["sqlite3.dbapi2"] = replacement.dbapi2
    return "pysqlite3"


STATUS = ensure_sqlite()
