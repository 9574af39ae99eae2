"""A real S3-compatible HTTP server on loopback for the S3 media store tests.

moto's server (`moto.server.ThreadedMotoServer`) speaks the S3 REST API over HTTP on
127.0.0.1; the store's real client (boto3) signs and sends real requests to it — nothing
in the client is mocked. One server per test module; each test gets its own bucket.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer

ACCESS_KEY = "ares-test-key"
SECRET_KEY = "ares-test-secret"  # moto accepts any credentials
REGION = "us-east-1"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """`http://127.0.0.1:<port>` of a fresh S3 server (port chosen by the OS)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A new empty bucket on the loopback server."""
    name = f"ares-{uuid.uuid4().hex[:12]}"
    client = boto3.session.Session().client("s3", endpoint_url=s3_endpoint, aws_access_key_id=ACCESS_KEY,
                                            aws_secret_access_key=SECRET_KEY, region_name=REGION)
    client.create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch, s3_endpoint: str, s3_bucket: str) -> str:
    """Settings that select the S3 backend on the loopback server; returns the bucket."""
    for name, value in (("ARES_MEDIA_BACKEND", "s3"), ("ARES_S3_ENDPOINT_URL", s3_endpoint),
                        ("ARES_S3_BUCKET", s3_bucket), ("ARES_S3_ACCESS_KEY_ID", ACCESS_KEY),
                        ("ARES_S3_SECRET_ACCESS_KEY", SECRET_KEY), ("ARES_S3_REGION", REGION),
                        ("ARES_S3_PREFIX", "ares/")):
        monkeypatch.setenv(name, value)
    from core.config import get_settings

    get_settings.cache_clear()
    return s3_bucket
