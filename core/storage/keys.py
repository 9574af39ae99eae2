"""Media keys: the one place the name of a stored recording is made.

A key is the POSIX path relative to the media root (`normalise_key` checks it); the
practice service asks for keys here and stores them on the `Attempt` row, and every other
module reads the stored key and passes it to a `MediaStore`. Nothing else joins media
paths by hand.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from core.storage import normalise_key

MAX_SUFFIX_CHARS = 6  # ".webm", ".m4a" ...; anything odd becomes ".bin"


def _suffix(suffix: str) -> str:
    clean = suffix.lower()
    return clean if clean.startswith(".") and clean[1:].isalnum() and len(clean) <= MAX_SUFFIX_CHARS else ".bin"


def attempt_key(user_id: int, session_id: int, attempt_id: int, suffix: str = ".wav") -> str:
    """The key of an attempt's recording: `<user>/<session>/attempt-<id><suffix>`
    (".wav" from the live recorder, ".webm" for kept video, an upload's own type)."""
    return normalise_key(f"{int(user_id)}/{int(session_id)}/attempt-{int(attempt_id)}{_suffix(suffix)}")


def with_suffix(key: str, suffix: str) -> str:
    """The same key with another file type (an attempt's video next to its audio)."""
    return normalise_key(str(PurePosixPath(normalise_key(key)).with_suffix(_suffix(suffix))))


def user_prefix(user_id: int) -> str:
    """The folder of every recording of one user (deleted with the account)."""
    return str(int(user_id))


def session_prefix(user_id: int, session_id: int) -> str:
    """The folder of one interview session's recordings (deleted with the session)."""
    return f"{int(user_id)}/{int(session_id)}"


def batch_prefix(job_id: int) -> str:
    """The folder of one coach's batch job: its answers wait there until they are analysed."""
    return f"batch/{int(job_id)}"


def batch_key(job_id: int, index: int, suffix: str) -> str:
    """The key of answer `index` (0-based, the manifest's order) of a batch job: `batch/<job>/<index:03d><suffix>`."""
    return normalise_key(f"{batch_prefix(job_id)}/{int(index):03d}{_suffix(suffix)}")
