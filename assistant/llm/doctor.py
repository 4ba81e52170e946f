"""``study doctor``: which mode, endpoint and model are in use, and whether they answer.

The checks, in order; each one is ok, failed, or a note:

* mode, and why (the setting, or whether an endpoint is configured);
* endpoint, model, API key (set or not, and from which variable; never the key), the context
  budget, the timeout and retries;
* ``GET /models``: whether the server lists the configured model (a note if not: llama.cpp
  lists file names and serves any name), and whether its ``max_model_len`` (vLLM reports it)
  is below ``STUDY_LLM_CONTEXT_TOKENS``;
* a chat call ("Reply with the word OK"), with its latency;
* a tool call: is ``worked_example`` called when asked? (Models without tool support are
  refused by some servers, or answer in prose instead.)

Calls are made once each, without retries, so the report comes back quickly.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.llm.config import Endpoint, base_url_of, resolve_endpoint, resolve_mode
from assistant.llm.prompt import answer_reserve
from ingest.errors import ConfigError, LLMError, StoreError
from ingest.settings import Settings

CHAT_PROBE = [{"role": "user", "content": "Reply with the single word OK."}]
TOOL_PROBE = [
    {
        "role": "user",
        "content": "Call the worked_example tool with kind softmax and no params. Do not answer in text.",
    }
]


@dataclass(frozen=True)
class Check:
    """One line of the report: ``ok`` is True, False (a failure) or None (information)."""

    name: str
    ok: bool | None
    detail: str


@dataclass(frozen=True)
class DoctorReport:
    """What :func:`diagnose` found."""

    mode: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """False when any check failed."""
        return all(c.ok is not False for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "ok": self.ok, "checks": [dataclasses.asdict(c) for c in self.checks]}


def _embedder_check(settings: Settings) -> Check:
    """The embedding model in use: the base model, or the one tuned on this deck."""
    from ingest.active_model import pointer_path, read_serving, untuned

    try:
        serving = read_serving(pointer_path(settings)) or untuned(settings)
    except StoreError as exc:
        return Check("embedder", False, str(exc))
    return Check("embedder", None, serving.describe())


def diagnose(settings: Settings, client_factory: Callable[[Endpoint], Any] | None = None) -> DoctorReport:
    """Check the configuration and, when there is an endpoint, call it.

    Args:
        settings: The settings.
        client_factory: Builds the client for an endpoint (default: a
            :class:`~assistant.llm.client.ChatClient` with the ``worked_example`` tool).
    """
    mode = resolve_mode(settings)
    why = "set by STUDY_MODE / --mode" if settings.mode else "an endpoint is configured"
    base_url, url_source = base_url_of(settings)
    if base_url is None:
        why = why if settings.mode else "no endpoint configured"
    checks = [Check("mode", None, f"{mode} ({why})"), _embedder_check(settings)]
    if base_url is None:
        hint = "set STUDY_LLM_BASE_URL and STUDY_LLM_MODEL, or OPENAI_API_KEY, to use a model"
        checks.append(Check("endpoint", False if mode == "llm" else None, f"none configured: {hint}"))
        return DoctorReport(mode, tuple(checks))
    factory = client_factory or _default_client
    try:
        endpoint = resolve_endpoint(settings)
    except ConfigError as err:
        checks.append(Check("endpoint", None, f"{base_url} (from {url_source})"))
        checks.append(Check("model", False, str(err)))
        probe = Endpoint(
            base_url, "unset", "not-needed", {}, settings.llm_context_tokens, settings.llm_timeout, 0
        )
        checks.append(_models_check(factory(probe), None, settings.llm_context_tokens))
        return DoctorReport(mode, tuple(checks))
    checks += _config_checks(endpoint)
    client = factory(dataclasses.replace(endpoint, max_retries=0))
    checks.append(_models_check(client, endpoint.model, endpoint.context_tokens))
    checks.append(_chat_check(client))
    if checks[-1].ok:
        checks.append(_tool_check(client))
    return DoctorReport(mode, tuple(checks))


def _default_client(endpoint: Endpoint) -> Any:
    from assistant.llm.client import ChatClient
    from assistant.llm.tools import tools

    return ChatClient(endpoint, tools=tools())


def _config_checks(endpoint: Endpoint) -> list[Check]:
    key = (
        f"set (from {endpoint.sources['api_key']})"
        if endpoint.has_key
        else "not set (fine for local servers)"
    )
    reserve = answer_reserve(endpoint.context_tokens)
    return [
        Check("endpoint", None, f"{endpoint.base_url} (from {endpoint.sources['base_url']})"),
        Check("model", None, f"{endpoint.model} (from {endpoint.sources['model']})"),
        Check("api key", None, key),
        Check(
            "context",
            None,
            f"{endpoint.context_tokens} tokens (STUDY_LLM_CONTEXT_TOKENS), {reserve} kept for the answer; "
            "it must not exceed the server's context (Ollama: num_ctx)",
        ),
        Check(
            "timeout", None, f"{endpoint.timeout:g} s per call, {endpoint.max_retries} retries when answering"
        ),
    ]


def _models_check(client: Any, model: str | None, context_tokens: int) -> Check:
    try:
        models = client.list_models()
    except LLMError as err:
        return Check("models", None if model else False, f"GET /models failed: {err}")
    ids = [str(m.get("id")) for m in models]
    listed = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    if model is None:
        return Check("models", None, f"the server lists: {listed or 'nothing'}; set STUDY_LLM_MODEL to one")
    entry = next((m for m in models if m.get("id") == model), None)
    if entry is None:
        return Check("models", None, f"{model!r} is not among the listed models ({listed or 'none'})")
    max_len = entry.get("max_model_len")
    if isinstance(max_len, int) and max_len < context_tokens:
        return Check(
            "models",
            False,
            f"the server's max_model_len is {max_len}, below STUDY_LLM_CONTEXT_TOKENS={context_tokens}: "
            "long prompts would be refused",
        )
    return Check("models", True, f"{model!r} is listed" + (f" (max_model_len {max_len})" if max_len else ""))


def _chat_check(client: Any) -> Check:
    start = time.perf_counter()
    try:
        turn = client.complete(CHAT_PROBE)
    except LLMError as err:
        return Check("chat", False, str(err))
    ms = (time.perf_counter() - start) * 1000
    reply = " ".join(turn.text.split())[:40]
    if not reply:
        return Check("chat", False, f"answered with empty text in {ms:.0f} ms")
    return Check("chat", True, f"answered in {ms:.0f} ms: {reply!r}")


def _tool_check(client: Any) -> Check:
    try:
        turn = client.complete(TOOL_PROBE, tools=True)
    except LLMError as err:
        return Check("tools", False, f"a request with tools failed: {err}")
    if any(call.name == "worked_example" for call in turn.calls):
        return Check("tools", True, "the model called worked_example")
    return Check(
        "tools",
        None,
        "the model answered without calling worked_example: worked examples in answers may not work",
    )
