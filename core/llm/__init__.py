"""LLM providers behind one small protocol (`core.llm.base.LLM`).

    from core.llm import resolve_llm
    llm = resolve_llm(get_settings())   # None means: use the offline interviewer

`settings.resolved_llm_provider` picks the provider: "offline" (None), "openai"
(api.openai.com with OPENAI_API_KEY), "compatible" (OPENAI_BASE_URL, any OpenAI-style
server: vLLM, Ollama, LM Studio...), "azure" (AZURE_OPENAI_ENDPOINT + key + deployment).
All use the official `openai` client; see `core.llm.openai_llm` for structured output,
fallbacks, retries and timeouts. `core.llm.fake.ScriptedLLM` is a scripted provider for
demos and tests.
"""

from __future__ import annotations

from core.config import Settings
from core.llm.base import (
    DATA_CLOSE,
    DATA_OPEN,
    LLM,
    UNTRUSTED_DATA_RULE,
    LLMBadReply,
    LLMError,
    LLMTimeout,
    LLMUnavailable,
    outside_data_blocks,
    wrap_untrusted,
)
from core.llm.openai_llm import OpenAIChatLLM

__all__ = [
    "DATA_CLOSE",
    "DATA_OPEN",
    "LLM",
    "UNTRUSTED_DATA_RULE",
    "LLMBadReply",
    "LLMError",
    "LLMTimeout",
    "LLMUnavailable",
    "OpenAIChatLLM",
    "outside_data_blocks",
    "resolve_llm",
    "wrap_untrusted",
]


def resolve_llm(settings: Settings) -> LLM | None:
    """The configured provider, or None for the offline interviewer (also when the
    configuration is incomplete: the app must work without a key)."""
    import openai  # imported here so offline runs never pay for it

    provider = settings.resolved_llm_provider
    timeout = settings.llm_timeout_s
    if provider == "azure":
        key = settings.azure_openai_api_key.get_secret_value() if settings.azure_openai_api_key else ""
        if not (settings.azure_openai_endpoint and key):
            return None
        client: openai.OpenAI = openai.AzureOpenAI(
            azure_endpoint=settings.azure_openai_endpoint,
            api_key=key,
            api_version=settings.azure_openai_api_version,
            timeout=timeout,
            max_retries=0,
        )
        # On Azure the "model" of a request is the deployment name.
        return OpenAIChatLLM(
            client, settings.azure_openai_deployment or settings.llm_model, timeout=timeout, name="azure"
        )
    if provider in ("openai", "compatible"):
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        if provider == "openai" and not key:
            return None
        if provider == "compatible" and not settings.openai_base_url:
            return None
        client = openai.OpenAI(
            api_key=key or "not-needed",  # many self-hosted servers accept any key
            base_url=settings.openai_base_url or None,
            timeout=timeout,
            max_retries=0,
        )
        return OpenAIChatLLM(client, settings.llm_model, timeout=timeout, name=provider)
    return None
