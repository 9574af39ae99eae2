"""The OpenAI embedder against an OpenAI-compatible server of our own on loopback: the real
client code, batching, order by index, and one clear error when the server fails."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from core.rag.embeddings import EmbeddingError, OpenAIEmbedder


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []
    fail = False

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if type(self).fail:
            self.send_response(400)
            payload = {"error": {"message": "bad model", "type": "invalid_request_error"}}
        else:
            self.send_response(200)
            # reversed on purpose: the client must order by "index"
            data = [{"object": "embedding", "index": i, "embedding": [float(len(text)), float(i), 1.0]}
                    for i, text in enumerate(body["input"])][::-1]
            payload = {"object": "list", "data": data, "model": body["model"],
                       "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        raw = json.dumps(payload).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    _Handler.fail = False
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_openai_embedder_sends_batches_and_keeps_input_order(server):
    embedder = OpenAIEmbedder("text-embedding-3-small", "sk-test", base_url=server, timeout_s=5)
    vectors = embedder.embed_documents(["a", "bbb", "cc"])
    assert [v[0] for v in vectors] == [1.0, 3.0, 2.0]
    assert embedder.embed_query("hello")[0] == 5.0
    first = _Handler.requests[0]
    assert first["path"] == "/v1/embeddings" and first["body"]["model"] == "text-embedding-3-small"
    assert first["auth"] == "Bearer sk-test"
    assert embedder.name == "openai:text-embedding-3-small"


def test_openai_embedder_failure_is_one_embedding_error(server):
    _Handler.fail = True
    embedder = OpenAIEmbedder("no-such-model", "sk-test", base_url=server, timeout_s=5)
    with pytest.raises(EmbeddingError, match="embedding request failed"):
        embedder.embed_query("hello")


def test_unknown_model_size_is_probed_before_opening_its_collection(server, chroma_client):
    from core.rag.index import CompanyIndex

    index = CompanyIndex(embedder=OpenAIEmbedder("my-local-model", None, base_url=server, timeout_s=5),
                         client=chroma_client)
    assert index.collection.metadata["embedding_dim"] == 3
    assert index.collection.metadata["embedding_model"] == "openai:my-local-model"
