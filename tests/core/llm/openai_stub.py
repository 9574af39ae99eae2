"""A small OpenAI-compatible chat-completions server on loopback, with scripted replies.

The real `openai` client talks to it through `base_url`, so tests exercise the client's own
request building, error mapping and timeouts. Each request consumes the next script item:

    ok(content)            200 with `content` as the assistant message
    status(code, message)  an error status with an OpenAI-style error body
    slow(seconds, content) waits (cut short when the server stops), then 200
    reject_schema()        400 "response_format json_schema not supported" when the request
                           asks for json_schema, else consumes the next item
An empty script answers 500. Every request body, path and header set is recorded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Item:
    kind: str
    content: str = ""
    code: int = 200
    seconds: float = 0.0


def ok(content: str | dict[str, Any]) -> Item:
    return Item("ok", content if isinstance(content, str) else json.dumps(content, ensure_ascii=False))


def status(code: int, message: str = "error") -> Item:
    return Item("status", message, code=code)


def slow(seconds: float, content: str | dict[str, Any] = "{}") -> Item:
    return Item("slow", content if isinstance(content, str) else json.dumps(content), seconds=seconds)


def reject_schema() -> Item:
    return Item("reject_schema")


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class StubOpenAI:
    script: list[Item] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    port: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def next_item(self, body: dict[str, Any]) -> Item:
        while self.script:
            item = self.script.pop(0)
            if item.kind == "reject_schema":
                fmt = (body.get("response_format") or {}).get("type")
                if fmt == "json_schema":
                    return Item("status", "Invalid parameter: response_format of type 'json_schema' is not supported "
                                "with this model", code=400)
                continue
            return item
        return Item("status", "script exhausted", code=500)


def _completion(content: str) -> bytes:
    payload = {
        "id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _handler(stub: StubOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            stub.requests.append(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            item = stub.next_item(body)
            if item.kind == "slow":
                stub._stop.wait(item.seconds)
                item = Item("ok", item.content)
            if item.kind == "ok":
                data, code = _completion(item.content), 200
            else:
                data = json.dumps({"error": {"message": item.content, "type": "invalid_request_error",
                                             "code": None, "param": None}}).encode()
                code = item.code
            try:
                self.send_response(code)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                pass

    return Handler


@contextmanager
def running_stub(*items: Item) -> Iterator[StubOpenAI]:
    """A started stub server (127.0.0.1, free port) that stops when the block ends."""
    stub = StubOpenAI(script=list(items))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub._stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
