"""Fixtures shared by the tests that drive the LLM layer against the scripted server.

Import them into a conftest or a test module (``from tests.support.llm_fixtures import
no_llm_environment, server``): pytest then applies them there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.settings import Settings
from tests.support.openai_server import LLM_ENV, MODEL, ScriptedOpenAIServer


@pytest.fixture(autouse=True)
def no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own endpoint variables must not leak into these tests."""
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as running:
        yield running


def scripted_settings(base_url: str, **overrides: object) -> Settings:
    """Settings for the scripted model at ``base_url``, with no retries unless overridden."""
    values: dict[str, object] = {"llm_base_url": base_url, "llm_model": MODEL, "llm_max_retries": 0}
    return Settings(data_dir="/nonexistent", **{**values, **overrides})  # type: ignore[arg-type]
