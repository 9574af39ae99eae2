"""The S3 backend against a real S3 HTTP server on loopback (moto's server, the boto3 client)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from core.config import Settings
from core.storage import StorageError, get_media_store, s3
from core.storage.s3 import S3MediaStore, client_from_settings


def _store(work_dir: Path, prefix: str = "ares/") -> S3MediaStore:
    settings = Settings()
    return S3MediaStore(client_from_settings(settings), str(settings.s3_bucket), work_dir=work_dir, prefix=prefix)


def _objects(bucket: str) -> list[str]:
    client = client_from_settings(Settings())
    return sorted(str(o["Key"]) for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_settings_select_the_s3_backend(s3_env: str) -> None:
    store = get_media_store(Settings())
    assert isinstance(store, S3MediaStore) and store.bucket == s3_env and store.prefix == "ares/"


def test_a_committed_recording_survives_a_restart_with_an_empty_disk(s3_env: str, tmp_path: Path) -> None:
    first = _store(tmp_path / "instance-1")
    first.local_path("7/42/attempt-1.wav").write_bytes(b"RIFF-answer")
    first.commit("7/42/attempt-1.wav")
    # The working copy is gone once the bucket holds the object: a wiped disk loses nothing.
    assert not (tmp_path / "instance-1" / "7" / "42" / "attempt-1.wav").exists()
    assert _objects(s3_env) == ["ares/7/42/attempt-1.wav"]
    restarted = _store(tmp_path / "instance-2-fresh-disk")
    assert restarted.read_bytes("7/42/attempt-1.wav") == b"RIFF-answer"
    # Tools that need a file (transcription) get a downloaded copy.
    assert restarted.local_path("7/42/attempt-1.wav").read_bytes() == b"RIFF-answer"


def test_the_prefix_keeps_two_apps_apart_in_one_bucket(s3_env: str, tmp_path: Path) -> None:
    a, b = _store(tmp_path / "a", prefix="app-a"), _store(tmp_path / "b", prefix="app-b/")
    a.write_bytes("1/1/x.wav", b"a")
    b.write_bytes("1/1/x.wav", b"b")
    assert a.read_bytes("1/1/x.wav") == b"a" and b.read_bytes("1/1/x.wav") == b"b"
    assert a.delete("1") == 1
    assert list(b.keys()) == ["1/1/x.wav"]
    assert _objects(s3_env) == ["app-b/1/1/x.wav"]


def test_uploaded_objects_carry_a_playable_content_type(s3_env: str, tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.local_path("1/2/a.wav").write_bytes(b"RIFF")
    store.commit("1/2/a.wav")
    head = client_from_settings(Settings()).head_object(Bucket=s3_env, Key="ares/1/2/a.wav")
    assert head["ContentType"] in ("audio/x-wav", "audio/wav")


def test_a_presigned_playback_url_serves_the_recording(s3_env: str, tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.write_bytes("1/2/a.wav", b"RIFF-playback")
    with urllib.request.urlopen(store.playback_url("1/2/a.wav"), timeout=10) as response:  # loopback only
        assert response.read() == b"RIFF-playback"


def test_a_missing_bucket_is_an_error_not_an_empty_store(s3_env: str, tmp_path: Path) -> None:
    settings = Settings()
    store = S3MediaStore(client_from_settings(settings), "no-such-bucket-here", work_dir=tmp_path)
    with pytest.raises(StorageError, match="NoSuchBucket"):
        list(store.keys())
    with pytest.raises(OSError):  # StorageError is an OSError: callers catch both with one except
        store.write_bytes("1/2/a.wav", b"x")


def test_an_unreachable_endpoint_is_a_storage_error_not_a_hang(monkeypatch: pytest.MonkeyPatch, s3_env: str,
                                                               tmp_path: Path) -> None:
    monkeypatch.setenv("ARES_S3_ENDPOINT_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    store = get_media_store(Settings())
    with pytest.raises(StorageError):
        store.read_bytes("1/2/a.wav")


def test_a_long_folder_is_listed_and_deleted_past_one_page(s3_env: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Pages of 2 instead of 1,000 (the API's maximum): the same paging code, 7 objects not 1,001.
    monkeypatch.setattr(s3, "LIST_PAGE", 2)
    monkeypatch.setattr(s3, "DELETE_BATCH", 3)
    store = _store(tmp_path)
    for i in range(7):
        store.write_bytes(f"5/6/clip-{i}.wav", b"x")
    assert list(store.keys("5")) == [f"5/6/clip-{i}.wav" for i in range(7)]
    assert store.delete("5/6") == 7
    assert _objects(s3_env) == []


def test_s3_backend_without_a_bucket_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARES_MEDIA_BACKEND", "s3")
    monkeypatch.setenv("ARES_S3_ENDPOINT_URL", "http://127.0.0.1:9")
    with pytest.raises(ValueError, match="ARES_S3_BUCKET"):
        Settings()


def test_an_endpoint_with_a_path_is_accepted_as_supabase_needs(monkeypatch: pytest.MonkeyPatch, s3_env: str) -> None:
    monkeypatch.setenv("ARES_S3_ENDPOINT_URL", "https://project.supabase.co/storage/v1/s3")
    client = client_from_settings(Settings())
    assert client.meta.endpoint_url == "https://project.supabase.co/storage/v1/s3"


@pytest.mark.parametrize("endpoint", ["ftp://host", "host-without-scheme:9000"])
def test_an_endpoint_that_is_not_a_bare_http_origin_is_refused(monkeypatch: pytest.MonkeyPatch, s3_env: str,
                                                               endpoint: str) -> None:
    monkeypatch.setenv("ARES_S3_ENDPOINT_URL", endpoint)
    with pytest.raises(ValueError, match="ARES_S3_ENDPOINT_URL"):
        client_from_settings(Settings())



def test_the_settings_page_names_the_backend_but_never_the_keys(monkeypatch: pytest.MonkeyPatch, s3_env: str) -> None:
    from core.config import describe_settings

    monkeypatch.setenv("ARES_S3_ENDPOINT_URL", "https://user:inline-secret@storage.example.org/s3?token=t0ken")
    settings = Settings()
    assert describe_settings(settings)["settings.media"] == "S3"
    operator = describe_settings(settings, operator=True)["settings.media"]
    assert operator == f"S3 https://storage.example.org/s3 · {s3_env}"
    for secret in ("ares-test-secret", "inline-secret", "t0ken"):
        assert secret not in operator
