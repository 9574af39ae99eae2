"""The MediaStore contract, held by both backends: a directory and an S3 bucket on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings
from core.storage import LocalMediaStore, MediaStore, StorageKeyError, get_media_store
from core.storage.s3 import S3MediaStore


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStore:
    if request.param == "local":
        return LocalMediaStore(tmp_path / "media")
    request.getfixturevalue("s3_env")
    made = get_media_store(Settings())
    assert isinstance(made, S3MediaStore)
    return made


def test_a_recording_written_during_the_answer_is_readable_after_commit(store: MediaStore) -> None:
    path = store.local_path("1/2/attempt-3.wav")
    with open(path, "wb") as handle:  # the recorder appends while the candidate speaks
        handle.write(b"RIFF")
        handle.write(b"....WAVE")
    assert store.exists("1/2/attempt-3.wav")  # visible while still being written
    store.commit("1/2/attempt-3.wav")
    assert store.exists("1/2/attempt-3.wav")
    assert store.read_bytes("1/2/attempt-3.wav") == b"RIFF....WAVE"
    assert store.local_path("1/2/attempt-3.wav").read_bytes() == b"RIFF....WAVE"


def test_commit_without_a_written_file_is_an_error(store: MediaStore) -> None:
    with pytest.raises(FileNotFoundError):
        store.commit("1/2/never-written.wav")


def test_reading_a_missing_key_raises_file_not_found(store: MediaStore) -> None:
    assert not store.exists("1/2/missing.wav")
    with pytest.raises(FileNotFoundError):
        store.read_bytes("1/2/missing.wav")


def test_keys_list_a_folder_or_a_single_key_but_not_a_sibling_with_the_same_start(store: MediaStore) -> None:
    store.write_bytes("1/2/attempt-3.wav", b"abc")
    store.write_bytes("1/2/attempt-4.webm", b"video")
    store.write_bytes("1/22/attempt-9.wav", b"other session")
    assert list(store.keys("1/2")) == ["1/2/attempt-3.wav", "1/2/attempt-4.webm"]
    assert list(store.keys("1/2/attempt-3.wav")) == ["1/2/attempt-3.wav"]
    assert list(store.keys("9")) == []
    assert list(store.keys()) == ["1/2/attempt-3.wav", "1/2/attempt-4.webm", "1/22/attempt-9.wav"]


def test_delete_removes_a_file_or_a_whole_folder_committed_or_not(store: MediaStore) -> None:
    for name in ("a.wav", "b.wav"):
        store.write_bytes(f"1/2/{name}", b"x")
    store.local_path("1/2/c.wav").write_bytes(b"cut off mid-answer, never committed")
    store.write_bytes("1/3/a.wav", b"x")
    assert store.delete("1/2/a.wav") == 1
    assert store.delete("1/2") == 2
    assert store.delete("1/2") == 0
    assert not store.exists("1/2/c.wav")
    assert list(store.keys()) == ["1/3/a.wav"]


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../x.wav", "1/../../x", "C:/x"])
def test_keys_cannot_leave_the_media_root(store: MediaStore, key: str) -> None:
    with pytest.raises(StorageKeyError):
        store.local_path(key)
    with pytest.raises(StorageKeyError):
        store.delete(key)
