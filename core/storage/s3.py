"""Recordings in a bucket of any S3-compatible service (AWS S3, Cloudflare R2, MinIO, Supabase).

Chosen with `ARES_MEDIA_BACKEND=s3` (settings: `ARES_S3_*`, see `.env.example`). The object
name of a key is `ARES_S3_PREFIX` + key, e.g. `ares/7/42/attempt-3.wav`.

Audio is written as it is spoken, to a local file, so a crash mid-answer still leaves a
playable recording; an object store cannot be appended to. So the local directory
(`settings.media_dir`) is a *working area*: `local_path(key)` is where the recorder writes
during the answer, `commit(key)` uploads the finished file when the answer ends and then
removes the local copy. Reads go to the bucket (`read_bytes`), or download into the working
area when a tool needs a file (`local_path` of an object that is not there). The store is
the union of both places: `exists`, `keys` and `delete` see committed objects and working
copies alike, so deleting a session also removes an answer that was never committed.

Limits: a copy downloaded for reading stays in the working area of that instance until
the key is deleted there (or the disk is wiped by a restart); objects are written once
per key, so such a copy is never stale. Deleting on one instance cannot reach another
instance's downloaded copies.

Client: boto3. The smaller `minio` SDK was tried first but refuses an endpoint with a path,
and Supabase's S3 endpoint is `https://<project>.supabase.co/storage/v1/s3`; boto3 takes
any endpoint URL and speaks to AWS, R2, MinIO and Supabase alike (signature v4, path-style
addressing). A boto3 client is thread-safe: one connection pool shared by all sessions.
Failures other than "no such object" surface as `StorageError` (an `OSError`).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.storage import StorageError, _remove_tree, _tree_keys, normalise_key

if TYPE_CHECKING:
    from core.config import Settings

# Network bounds: a hung storage service must not hang an answer forever. 10 s to connect,
# 120 s per read (a 10-minute WAV is ~19 MB), 3 attempts with backoff ("standard" retry mode
# also retries throttling: a 503 SlowDown on AWS or R2).
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 120.0
MAX_ATTEMPTS = 3
POOL_CONNECTIONS = 10  # sessions uploading or playing back at once
# Presigned playback links live long enough to listen to one answer, not to share it.
PLAYBACK_URL_TTL = timedelta(minutes=15)
DELETE_BATCH = 1000  # the S3 API's DeleteObjects limit
LIST_PAGE = 1000  # the S3 API's ListObjectsV2 maximum
_MISSING = {"404", "NoSuchKey", "NotFound"}


def _object_prefix(prefix: str) -> str:
    """`ARES_S3_PREFIX` as an object-name prefix: `""` or `"a/b/"`."""
    cleaned = prefix.strip().strip("/")
    return normalise_key(cleaned) + "/" if cleaned else ""


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def client_from_settings(settings: Settings) -> Any:
    """A boto3 S3 client for `ARES_S3_ENDPOINT_URL` (`http(s)://host[:port][/path]`)."""
    if not settings.s3_endpoint_url or not settings.s3_bucket:
        raise ValueError("ARES_MEDIA_BACKEND=s3 needs ARES_S3_ENDPOINT_URL and ARES_S3_BUCKET")
    url = urlsplit(settings.s3_endpoint_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise ValueError(f"ARES_S3_ENDPOINT_URL must start with http:// or https://, got {settings.s3_endpoint_url!r}")
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path"},  # bucket in the path: works on every S3 API and on plain IPs
        connect_timeout=CONNECT_TIMEOUT_S,
        read_timeout=READ_TIMEOUT_S,
        retries={"max_attempts": MAX_ATTEMPTS, "mode": "standard"},
        max_pool_connections=POOL_CONNECTIONS,
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=settings.s3_endpoint_url.rstrip("/"),
        aws_access_key_id=settings.s3_access_key_id.get_secret_value() if settings.s3_access_key_id else None,
        aws_secret_access_key=(settings.s3_secret_access_key.get_secret_value()
                               if settings.s3_secret_access_key else None),
        region_name=settings.s3_region or "us-east-1",  # R2 wants "auto"; MinIO accepts us-east-1
        config=config,
    )


class S3MediaStore:
    """Recordings as objects in one bucket, with a local working area for answers in progress."""

    def __init__(self, client: Any, bucket: str, *, work_dir: Path, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = _object_prefix(prefix)
        self.work_dir = Path(work_dir)

    @classmethod
    def from_settings(cls, settings: Settings) -> S3MediaStore:
        return cls(client_from_settings(settings), str(settings.s3_bucket), work_dir=settings.media_dir,
                   prefix=settings.s3_prefix)

    # ------------------------------------------------------------------ helpers
    def _name(self, key: str) -> str:
        return self.prefix + normalise_key(key)

    def _work(self, key: str) -> Path:
        return self.work_dir.joinpath(*normalise_key(key).split("/"))

    def _call(self, operation: str, **params: Any) -> Any:
        """One S3 request; `None` when the object does not exist, else `StorageError`."""
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **params)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return None
            raise StorageError(f"S3 {operation} on bucket {self.bucket!r} failed: {_code(exc)}") from exc
        except BotoCoreError as exc:  # unreachable endpoint, timeout, bad credentials format
            raise StorageError(f"S3 {operation} on bucket {self.bucket!r} failed: {exc}") from exc

    def _stored(self, key: str) -> bool:
        return self._call("head_object", Key=self._name(key)) is not None

    def _list(self, object_prefix: str) -> list[str]:
        names: list[str] = []
        token: dict[str, str] = {}
        while True:
            page = self._call("list_objects_v2", Prefix=object_prefix, MaxKeys=LIST_PAGE, **token)
            if page is None:
                raise StorageError(f"S3 bucket {self.bucket!r} does not exist")
            names.extend(str(item["Key"]) for item in page.get("Contents", []))
            if not page.get("IsTruncated"):
                return names
            token = {"ContinuationToken": str(page["NextContinuationToken"])}

    def _remote_keys(self, prefix: str) -> list[str]:
        if prefix:
            key = normalise_key(prefix)
            if self._stored(key):  # a key, not a folder ("7/4" must not match "7/42/...")
                return [key]
            names = self._list(self._name(key) + "/")
        else:
            names = self._list(self.prefix)
        return [name[len(self.prefix):] for name in names]

    def _download(self, key: str, path: Path) -> bool:
        """Object -> `path` via a `.partial` file and a rename; False when there is no object."""
        response = self._call("get_object", Key=self._name(key))
        if response is None:
            return False
        partial = path.with_name(path.name + ".partial")
        try:
            with open(partial, "wb") as out:
                for chunk in response["Body"].iter_chunks(1 << 20):
                    out.write(chunk)
        except (BotoCoreError, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise StorageError(f"download of media key {key!r} failed: {exc}") from exc
        partial.replace(path)
        return True

    # ------------------------------------------------------------------ MediaStore
    def local_path(self, key: str) -> Path:
        path = self._work(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            self._download(key, path)  # nothing there yet = a new recording: write it here
        return path

    def commit(self, key: str) -> None:
        path = self._work(key)
        if not path.is_file():
            raise FileNotFoundError(f"nothing written at media key {key!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        try:  # upload_file switches to a multipart upload for long videos
            self.client.upload_file(str(path), self.bucket, self._name(key), ExtraArgs={"ContentType": content_type})
        except (BotoCoreError, ClientError, boto3.exceptions.S3UploadFailedError) as exc:
            raise StorageError(f"upload of media key {key!r} failed: {exc}") from exc
        path.unlink(missing_ok=True)  # the bucket holds it now; the disk may be wiped any time

    def exists(self, key: str) -> bool:
        return self._work(key).is_file() or self._stored(key)

    def read_bytes(self, key: str) -> bytes:
        path = self._work(key)
        if path.is_file():  # an answer still being written, or a copy downloaded before
            return path.read_bytes()
        response = self._call("get_object", Key=self._name(key))
        if response is None:
            raise FileNotFoundError(f"no media at key {key!r}")
        try:
            return bytes(response["Body"].read())
        except BotoCoreError as exc:
            raise StorageError(f"read of media key {key!r} failed: {exc}") from exc

    def write_bytes(self, key: str, data: bytes) -> None:
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        self._call("put_object", Key=self._name(key), Body=data, ContentType=content_type)
        self._work(key).unlink(missing_ok=True)  # an older working copy must not shadow it

    def keys(self, prefix: str = "") -> Iterator[str]:
        yield from sorted(set(self._remote_keys(prefix)) | set(_tree_keys(self.work_dir, prefix)))

    def delete(self, prefix: str) -> int:
        normalise_key(prefix)  # as on disk: "" (the whole store) is refused, not emptied
        remote = self._remote_keys(prefix)
        local = _tree_keys(self.work_dir, prefix)
        for start in range(0, len(remote), DELETE_BATCH):
            batch = [{"Key": self._name(k)} for k in remote[start : start + DELETE_BATCH]]
            result = self._call("delete_objects", Delete={"Objects": batch, "Quiet": True})
            errors = (result or {}).get("Errors") or []
            if errors:  # reported per object: never claim a deletion that failed
                raise StorageError(f"could not delete {len(errors)} recording(s): {errors[0].get('Code')}")
        _remove_tree(self.work_dir, prefix)
        return len(set(remote) | set(local))

    def playback_url(self, key: str, *, ttl: timedelta = PLAYBACK_URL_TTL) -> str:
        """A presigned GET link to the object (for a browser that can reach the endpoint)."""
        return str(self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self._name(key)},
            ExpiresIn=int(ttl.total_seconds())))


__all__ = ["S3MediaStore", "client_from_settings"]
