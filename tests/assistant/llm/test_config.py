"""Endpoint resolution: STUDY_LLM_* settings, OPENAI_* fallbacks read by the settings, and the mode."""

from __future__ import annotations

import pytest

from assistant.llm.config import (
    DEFAULT_OPENAI_MODEL,
    OPENAI_BASE_URL,
    PLACEHOLDER_API_KEY,
    resolve_endpoint,
    resolve_mode,
)
from ingest.errors import ConfigError
from ingest.settings import load_settings
from tests.support.openai_server import LLM_ENV as LLM_VARS


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in LLM_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STUDY_DATA_DIR", str(tmp_path))


def test_no_endpoint_means_offline():
    settings = load_settings()
    assert resolve_mode(settings) == "offline"
    with pytest.raises(ConfigError, match="LLM mode needs an endpoint"):
        resolve_endpoint(settings)


def test_study_variables_configure_a_local_server(monkeypatch):
    monkeypatch.setenv("STUDY_LLM_BASE_URL", "http://localhost:11434/v1/")
    monkeypatch.setenv("STUDY_LLM_MODEL", "qwen2.5:7b")
    settings = load_settings()
    endpoint = resolve_endpoint(settings)
    assert resolve_mode(settings) == "llm"
    assert (endpoint.base_url, endpoint.model, endpoint.api_key) == (
        "http://localhost:11434/v1",
        "qwen2.5:7b",
        PLACEHOLDER_API_KEY,
    )
    assert endpoint.sources == {
        "base_url": "STUDY_LLM_BASE_URL",
        "model": "STUDY_LLM_MODEL",
        "api_key": "not set",
    }
    assert (endpoint.context_tokens, endpoint.timeout, endpoint.max_retries) == (8192, 120.0, 2)


def test_openai_variables_are_fallbacks(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://proxy.local/v1")
    monkeypatch.setenv("STUDY_LLM_MODEL", "gpt-x")
    endpoint = resolve_endpoint(load_settings())
    assert (endpoint.base_url, endpoint.api_key) == ("http://proxy.local/v1", "sk-env")
    assert (
        endpoint.sources["base_url"] == "OPENAI_BASE_URL" and endpoint.sources["api_key"] == "OPENAI_API_KEY"
    )
    monkeypatch.setenv("STUDY_LLM_API_KEY", "sk-study")
    monkeypatch.setenv("STUDY_LLM_BASE_URL", "http://vllm:8000/v1")
    endpoint = resolve_endpoint(load_settings())
    assert (endpoint.base_url, endpoint.api_key) == ("http://vllm:8000/v1", "sk-study")


def test_an_openai_key_alone_means_openai_with_the_default_model(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    settings = load_settings()
    endpoint = resolve_endpoint(settings)
    assert resolve_mode(settings) == "llm"
    assert (endpoint.base_url, endpoint.model) == (OPENAI_BASE_URL, DEFAULT_OPENAI_MODEL)
    assert "sk-env" not in repr(endpoint) and "sk-env" not in repr(settings)


def test_a_local_server_without_a_model_is_a_config_error(monkeypatch):
    monkeypatch.setenv("STUDY_LLM_BASE_URL", "http://127.0.0.1:8080/v1")
    with pytest.raises(ConfigError, match="STUDY_LLM_MODEL is not set.*127.0.0.1:8080"):
        resolve_endpoint(load_settings())


def test_mode_setting_overrides_the_default(monkeypatch):
    monkeypatch.setenv("STUDY_LLM_BASE_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("STUDY_MODE", "offline")
    assert resolve_mode(load_settings()) == "offline"
    assert resolve_mode(load_settings(mode="llm")) == "llm"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"llm_base_url": "localhost:11434"},
            "STUDY_LLM_BASE_URL: Value error, must start with http:// or https://",
        ),
        ({"openai_base_url": "ftp://x"}, "OPENAI_BASE_URL: Value error, must start with http"),
        (
            {"llm_context_tokens": 100},
            "STUDY_LLM_CONTEXT_TOKENS: Input should be greater than or equal to 1024",
        ),
        ({"llm_timeout": 0}, "STUDY_LLM_TIMEOUT: Input should be greater than 0"),
        ({"mode": "cloud"}, "STUDY_MODE: Input should be 'offline' or 'llm'"),
    ],
)
def test_bad_settings_name_the_variable(overrides, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(**overrides)


def test_blank_values_are_unset(monkeypatch):
    monkeypatch.setenv("STUDY_LLM_BASE_URL", "")
    monkeypatch.setenv("OPENAI_API_KEY", " ")
    assert resolve_mode(load_settings()) == "offline"
