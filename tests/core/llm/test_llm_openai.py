"""The real `openai` client against our own OpenAI-compatible server on loopback."""

from __future__ import annotations

import socket

import openai
import pytest
from pydantic import BaseModel

from core.config import get_settings
from core.llm import LLMBadReply, LLMTimeout, LLMUnavailable, OpenAIChatLLM, resolve_llm
from core.llm.openai_llm import extract_json, strict_json_schema
from tests.core.llm.openai_stub import ok, reject_schema, running_stub, slow, status


class Verdict(BaseModel):
    ask: bool
    text: str
    tags: list[str]


VALID = {"ask": True, "text": "What did you do?", "tags": ["ownership"]}


def make_llm(base_url: str, timeout: float = 5.0) -> OpenAIChatLLM:
    client = openai.OpenAI(api_key="test-key", base_url=base_url, max_retries=0, timeout=timeout)
    return OpenAIChatLLM(client, "stub-model", timeout=timeout, name="compatible")


def test_structured_output_request_shape_and_validated_reply() -> None:
    with running_stub(ok(VALID)) as stub:
        result = make_llm(stub.base_url).complete_json("system rules", "user data", Verdict)
    assert result == Verdict(**VALID)
    (request,) = stub.requests
    assert request.path.endswith("/chat/completions")
    assert request.headers["authorization"] == "Bearer test-key"
    body = request.body
    assert body["model"] == "stub-model"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][0]["content"] == "system rules" and body["messages"][1]["content"] == "user data"
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "Verdict" and fmt["json_schema"]["strict"] is True
    schema = fmt["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"ask", "text", "tags"}


def test_a_malformed_reply_is_retried_once_with_the_error_quoted() -> None:
    with running_stub(ok("this is not json"), ok(VALID)) as stub:
        result = make_llm(stub.base_url).complete_json("s", "u", Verdict)
    assert result.ask is True
    assert len(stub.requests) == 2
    retry = stub.requests[1].body["messages"]
    assert [m["role"] for m in retry] == ["system", "user", "assistant", "user"]
    assert retry[2]["content"] == "this is not json"
    assert "could not be used" in retry[3]["content"]


def test_two_malformed_replies_raise_bad_reply_after_exactly_one_retry() -> None:
    with running_stub(ok({"ask": "maybe"}), ok('{"ask": true}'), ok(VALID)) as stub:
        with pytest.raises(LLMBadReply):
            make_llm(stub.base_url).complete_json("s", "u", Verdict)
    assert len(stub.requests) == 2


def test_a_reply_wrapped_in_a_code_fence_is_accepted() -> None:
    with running_stub(ok('Sure!\n```json\n{"ask": false, "text": "", "tags": []}\n```')) as stub:
        assert make_llm(stub.base_url).complete_json("s", "u", Verdict).ask is False


def test_a_slow_reply_times_out() -> None:
    with running_stub(slow(10, VALID)) as stub:
        with pytest.raises(LLMTimeout):
            make_llm(stub.base_url, timeout=0.3).complete_json("s", "u", Verdict)
    assert len(stub.requests) == 1  # no hidden client retries


def test_a_server_error_raises_unavailable_without_client_retries() -> None:
    with running_stub(status(500, "boom"), ok(VALID)) as stub:
        with pytest.raises(LLMUnavailable, match="500"):
            make_llm(stub.base_url).complete_json("s", "u", Verdict)
    assert len(stub.requests) == 1


def test_a_refused_connection_raises_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(LLMUnavailable):
        make_llm(f"http://127.0.0.1:{port}/v1", timeout=2).complete_json("s", "u", Verdict)


def test_endpoints_without_json_schema_fall_back_to_json_object_and_remember_it() -> None:
    with running_stub(reject_schema(), ok(VALID), ok(VALID)) as stub:
        llm = make_llm(stub.base_url)
        assert llm.complete_json("rules", "u", Verdict).ask
        assert llm.complete_json("rules", "u", Verdict).ask
    first, second, third = (r.body for r in stub.requests)
    assert first["response_format"]["type"] == "json_schema"
    assert second["response_format"] == {"type": "json_object"}
    assert "JSON schema" in second["messages"][0]["content"] and "rules" in second["messages"][0]["content"]
    assert third["response_format"] == {"type": "json_object"}
    assert llm.mode == "json_object"


def test_endpoints_rejecting_every_response_format_get_plain_json_instructions() -> None:
    with running_stub(status(400, "response_format not supported"), status(400, "response_format not supported"),
                      ok("Here you go: " + '{"ask": true, "text": "x", "tags": []}')) as stub:
        llm = make_llm(stub.base_url)
        assert llm.complete_json("rules", "u", Verdict).text == "x"
    assert "response_format" not in stub.requests[2].body
    assert llm.mode == "plain"


def test_strict_schema_closes_nested_objects() -> None:
    class Inner(BaseModel):
        a: int = 1

    class Outer(BaseModel):
        items: list[Inner]

    schema = strict_json_schema(Outer)
    inner = schema["$defs"]["Inner"]
    assert inner["additionalProperties"] is False and inner["required"] == ["a"] and "default" not in str(inner)


def test_extract_json_finds_the_object_in_prose() -> None:
    assert extract_json('noise {"a": 1} trailing') == '{"a": 1}'


# --------------------------------------------------------------------------- resolver
def test_offline_and_incomplete_settings_resolve_to_no_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_llm(get_settings()) is None
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    get_settings.cache_clear()
    assert resolve_llm(get_settings()) is None  # no key


def test_compatible_provider_from_settings_talks_to_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    with running_stub(ok(VALID)) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        monkeypatch.setenv("LLM_MODEL", "local-model")
        get_settings.cache_clear()
        llm = resolve_llm(get_settings())
        assert llm is not None and llm.name == "compatible"
        assert llm.complete_json("s", "u", Verdict).ask
    assert stub.requests[0].body["model"] == "local-model"


def test_azure_provider_uses_the_deployment_path_version_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    with running_stub(ok(VALID)) as stub:
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", stub.endpoint)
        monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-key")
        monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", "interviewer-4o")
        monkeypatch.setenv("AZURE_OPENAI_API_VERSION", "2024-10-21")
        get_settings.cache_clear()
        assert get_settings().resolved_llm_provider == "azure"
        llm = resolve_llm(get_settings())
        assert llm is not None and llm.name == "azure"
        assert llm.complete_json("s", "u", Verdict).ask
    (request,) = stub.requests
    assert "/openai/deployments/interviewer-4o/chat/completions" in request.path
    assert "api-version=2024-10-21" in request.path
    assert request.headers["api-key"] == "azure-key"
    assert request.body["response_format"]["type"] == "json_schema"
