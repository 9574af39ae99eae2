from pathlib import Path

import pytest

from core.config import Settings
from core.storage import LocalMediaStore, StorageKeyError, get_media_store, normalise_key


def test_recordings_default_to_the_data_dir_media_folder(data_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("ARES_MEDIA_DIR", raising=False)
    store = get_media_store(Settings())
    assert isinstance(store, LocalMediaStore)
    assert store.root == data_dir / "media"


def test_ares_media_dir_moves_recordings_out_of_the_data_dir(tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared-media"
    monkeypatch.setenv("ARES_MEDIA_DIR", str(shared))
    settings = Settings()
    assert settings.media_dir == shared
    get_media_store(settings).write_bytes("7/42/attempt-1.wav", b"RIFF")
    assert (shared / "7" / "42" / "attempt-1.wav").read_bytes() == b"RIFF"
    assert not (settings.ares_data_dir / "media").exists()


def test_two_stores_on_one_directory_see_each_others_files(tmp_path: Path) -> None:
    a, b = LocalMediaStore(tmp_path), LocalMediaStore(tmp_path)
    a.write_bytes("1/2/attempt-3.wav", b"abc")
    target = a.local_path("1/2/attempt-4.webm")
    target.write_bytes(b"video")
    assert b.exists("1/2/attempt-3.wav") and b.read_bytes("1/2/attempt-3.wav") == b"abc"
    assert list(b.keys("1/2")) == ["1/2/attempt-3.wav", "1/2/attempt-4.webm"]
    assert list(b.keys("1/2/attempt-3.wav")) == ["1/2/attempt-3.wav"]
    assert list(b.keys("9")) == []


def test_delete_removes_a_file_or_a_whole_session_folder(tmp_path: Path) -> None:
    store = LocalMediaStore(tmp_path)
    for name in ("a.wav", "b.wav", "c.webm"):
        store.write_bytes(f"1/2/{name}", b"x")
    store.write_bytes("1/3/a.wav", b"x")
    assert store.delete("1/2/a.wav") == 1
    assert store.delete("1/2") == 2
    assert store.delete("1/2") == 0
    assert list(store.keys()) == ["1/3/a.wav"]


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../x.wav", "1/../../x", "C:/x"])
def test_keys_cannot_leave_the_media_root(tmp_path: Path, key: str) -> None:
    with pytest.raises(StorageKeyError):
        LocalMediaStore(tmp_path).local_path(key)


def test_keys_are_normalised_to_posix_form() -> None:
    assert normalise_key("7\\42\\attempt-1.wav") == "7/42/attempt-1.wav"
    assert normalise_key("./7/42/a.wav") == "7/42/a.wav"
