"""OpenAI, Azure OpenAI and OpenAI-compatible endpoints through the official `openai` client.

Structured output: the request first asks for `response_format={"type": "json_schema",
"json_schema": {"name", "schema", "strict": true}}` (a strict schema generated from the
pydantic model). Endpoints that reject it with 400/422 (older Azure API versions, many
self-hosted servers) are retried with `{"type": "json_object"}`, then with no
response_format and a JSON-only instruction; the mode that worked is remembered.

Every reply is parsed and validated with pydantic. A malformed reply is retried once with
the validation error quoted back; a second malformed reply raises `LLMBadReply`. The client
is built with `max_retries=0` so a dead endpoint costs one timeout, not three: the
interviewer falls back to its offline path instead of making the user wait.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import openai
from pydantic import BaseModel, ValidationError

from core.llm.base import LLMBadReply, LLMTimeout, LLMUnavailable, M

MODES = ("json_schema", "json_object", "plain")
MAX_ERROR_ECHO_CHARS = 300  # how much of a validation error is quoted back to the model


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form strict structured outputs require: every object
    closed (`additionalProperties: false`) with all properties required; no defaults/titles."""
    schema = copy.deepcopy(model.model_json_schema())

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("title", None)
            node.pop("default", None)
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
                node["required"] = list(node["properties"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(schema)
    return schema


def extract_json(text: str) -> str:
    """The JSON object inside a reply that may wrap it in a code fence or prose."""
    text = text.strip()
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.DOTALL)
    if fenced:
        return fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


class OpenAIChatLLM:
    """`LLM` over the chat-completions API of any OpenAI-style client (`OpenAI`, `AzureOpenAI`)."""

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        *,
        timeout: float = 30.0,
        name: str = "openai",
        mode: str = "json_schema",
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.client = client
        self.model = model
        self.timeout = timeout
        self.name = name
        self.mode = mode  # downgraded when the endpoint rejects structured output

    # -- request building -----------------------------------------------------------
    def _response_format(self, schema: type[BaseModel]) -> dict[str, Any] | None:
        if self.mode == "json_schema":
            return {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__[:64], "schema": strict_json_schema(schema), "strict": True},
            }
        if self.mode == "json_object":
            return {"type": "json_object"}
        return None

    def _system(self, system: str, schema: type[BaseModel]) -> str:
        if self.mode == "json_schema":
            return system
        # json_object and plain modes need the schema in the prompt (json_object also
        # requires the word "JSON" to appear in the messages).
        return (
            f"{system}\n\nReply with one JSON object only, no prose, matching this JSON schema:\n"
            f"{json.dumps(strict_json_schema(schema), ensure_ascii=False)}"
        )

    def _create(self, messages: list[dict[str, str]], schema: type[BaseModel], timeout: float) -> str:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "timeout": timeout}
        response_format = self._response_format(schema)
        if response_format is not None:
            kwargs["response_format"] = response_format
        try:
            completion = self.client.chat.completions.create(**kwargs)
        except openai.APITimeoutError as exc:
            raise LLMTimeout(f"{self.name}: no reply within {timeout:g} s") from exc
        except (openai.BadRequestError, openai.UnprocessableEntityError):
            raise
        except openai.APIStatusError as exc:
            raise LLMUnavailable(f"{self.name}: HTTP {exc.status_code}") from exc
        except openai.APIConnectionError as exc:
            raise LLMUnavailable(f"{self.name}: connection failed") from exc
        except openai.OpenAIError as exc:
            raise LLMUnavailable(f"{self.name}: {type(exc).__name__}") from exc
        choices = getattr(completion, "choices", None) or []
        content = choices[0].message.content if choices else None
        return content or ""

    def _create_with_downgrade(
        self, system: str, turns: list[dict[str, str]], schema: type[BaseModel], timeout: float
    ) -> str:
        while True:
            messages = [{"role": "system", "content": self._system(system, schema)}, *turns]
            try:
                return self._create(messages, schema, timeout)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                index = MODES.index(self.mode)
                if index == len(MODES) - 1:
                    raise LLMUnavailable(f"{self.name}: request rejected (HTTP {exc.status_code})") from exc
                self.mode = MODES[index + 1]

    # -- the protocol -------------------------------------------------------------------
    def complete_json(self, system: str, user: str, schema: type[M], timeout: float | None = None) -> M:
        """One JSON object validated as `schema` (see the module docstring for the fallbacks)."""
        budget = float(timeout if timeout is not None else self.timeout)
        turns = [{"role": "user", "content": user}]
        last_error = ""
        for attempt in range(2):  # the first try and one retry on a malformed reply
            content = self._create_with_downgrade(system, turns, schema, budget)
            try:
                return schema.model_validate_json(extract_json(content))
            except (ValidationError, ValueError) as exc:
                last_error = str(exc)[:MAX_ERROR_ECHO_CHARS]
                if attempt == 0:
                    turns = [
                        *turns,
                        {"role": "assistant", "content": content[:2000]},
                        {
                            "role": "user",
                            "content": "Your reply could not be used: "
                            + last_error
                            + "\nReply again with only the JSON object that matches the schema.",
                        },
                    ]
        raise LLMBadReply(f"{self.name}: malformed reply twice ({last_error.splitlines()[0] if last_error else ''})")
