"""Which endpoint and model the LLM mode uses, and whether the mode is on.

Resolution, from the one settings object (nothing here reads the environment):

* base URL: ``STUDY_LLM_BASE_URL``, else ``OPENAI_BASE_URL``, else OpenAI's own
  (``https://api.openai.com/v1``) when an API key is set; with none of these there is no endpoint;
* API key: ``STUDY_LLM_API_KEY``, else ``OPENAI_API_KEY``; local servers (vLLM, Ollama,
  llama.cpp) usually need none, and a placeholder is sent because the client requires one;
* model: ``STUDY_LLM_MODEL``, else :data:`DEFAULT_OPENAI_MODEL` for OpenAI's own endpoint; any
  other endpoint needs it named (``study doctor`` lists what the server serves);
* mode: ``STUDY_MODE`` / ``--mode`` / ``StudyAssistant(mode=...)`` when given, else ``"llm"``
  when there is an endpoint and ``"offline"`` otherwise.

Example:
    >>> settings = Settings(llm_base_url="http://localhost:11434/v1", llm_model="qwen2.5:7b")
    >>> resolve_mode(settings), resolve_endpoint(settings).model
    ('llm', 'qwen2.5:7b')
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.errors import ConfigError
from ingest.settings import Settings

OPENAI_BASE_URL = "https://api.openai.com/v1"
#: Used only with OpenAI's own endpoint when no model is named.
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
#: Sent when no key is configured: the client insists on one; local servers ignore it.
PLACEHOLDER_API_KEY = "not-needed"


@dataclass(frozen=True)
class Endpoint:
    """A resolved endpoint. ``repr`` never shows the key.

    Attributes:
        base_url: Base URL of the OpenAI-compatible API (ends in ``/v1`` for most servers).
        model: Model name sent with every request.
        api_key: The key, or :data:`PLACEHOLDER_API_KEY`.
        sources: Where each value came from, e.g. ``{"base_url": "OPENAI_BASE_URL"}``.
        context_tokens: The context window the prompt is fitted into.
        timeout: Seconds per call (see :class:`~ingest.settings.Settings`).
        max_retries: Retries of a transient failure.
    """

    base_url: str
    model: str
    api_key: str
    sources: dict[str, str]
    context_tokens: int
    timeout: float
    max_retries: int

    def __repr__(self) -> str:
        return f"Endpoint(base_url={self.base_url!r}, model={self.model!r})"

    @property
    def has_key(self) -> bool:
        return self.api_key != PLACEHOLDER_API_KEY


def base_url_of(settings: Settings) -> tuple[str | None, str]:
    """The endpoint's base URL (or ``None``) and the setting it came from."""
    if settings.llm_base_url:
        return settings.llm_base_url, "STUDY_LLM_BASE_URL"
    if settings.openai_base_url:
        return settings.openai_base_url, "OPENAI_BASE_URL"
    if settings.llm_api_key or settings.openai_api_key:
        return OPENAI_BASE_URL, "default for an API key without a base URL"
    return None, "not set"


def is_configured(settings: Settings) -> bool:
    """True when some endpoint is configured (a base URL, or an API key for OpenAI)."""
    return base_url_of(settings)[0] is not None


def resolve_mode(settings: Settings) -> str:
    """``"llm"`` or ``"offline"``: the setting when given, else LLM whenever an endpoint is configured."""
    if settings.mode:
        return settings.mode
    return "llm" if is_configured(settings) else "offline"


def resolve_endpoint(settings: Settings) -> Endpoint:
    """The endpoint the LLM mode talks to.

    Raises:
        ConfigError: when no endpoint is configured, or no model is named for one that is not
            OpenAI's own.
    """
    base_url, url_source = base_url_of(settings)
    if base_url is None:
        raise ConfigError(
            "LLM mode needs an endpoint: set STUDY_LLM_BASE_URL (and STUDY_LLM_MODEL), "
            "or OPENAI_API_KEY for OpenAI"
        )
    sources = {"base_url": url_source}
    if settings.llm_model:
        model, sources["model"] = settings.llm_model, "STUDY_LLM_MODEL"
    elif base_url.rstrip("/") == OPENAI_BASE_URL:
        model, sources["model"] = DEFAULT_OPENAI_MODEL, "default for OpenAI"
    else:
        raise ConfigError(
            f"STUDY_LLM_MODEL is not set: name the model the server at {base_url} serves "
            "(`study doctor` lists them)"
        )
    key = settings.llm_api_key or settings.openai_api_key
    sources["api_key"] = (
        "STUDY_LLM_API_KEY" if settings.llm_api_key else "OPENAI_API_KEY" if key else "not set"
    )
    return Endpoint(
        base_url=base_url,
        model=model,
        api_key=key.get_secret_value() if key else PLACEHOLDER_API_KEY,
        sources=sources,
        context_tokens=settings.llm_context_tokens,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
    )
