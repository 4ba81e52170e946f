"""``study doctor``'s checks against the scripted server."""

from __future__ import annotations

from assistant.llm.doctor import CHAT_PROBE, TOOL_PROBE, diagnose
from ingest.settings import Settings
from tests.support.openai_server import MODEL, Reply, ScriptedOpenAIServer, closed_port_url


def settings(**values) -> Settings:
    return Settings(data_dir="/nonexistent", **values)


def rows(report) -> list[tuple[str, bool | None]]:
    return [(c.name, c.ok) for c in report.checks]


def test_a_working_endpoint(server):
    call = {"name": "worked_example", "arguments": {"kind": "softmax"}}
    server.script(Reply(content="OK"), Reply(tool_calls=[call]))
    report = diagnose(settings(llm_base_url=server.base_url, llm_model=MODEL, llm_api_key="sk-secret"))
    assert report.ok and report.mode == "llm"
    assert rows(report) == [
        ("mode", None),
        ("embedder", None),
        ("endpoint", None),
        ("model", None),
        ("api key", None),
        ("context", None),
        ("timeout", None),
        ("models", True),
        ("chat", True),
        ("tools", True),
    ]
    details = {c.name: c.detail for c in report.checks}
    assert details["mode"] == "llm (an endpoint is configured)"
    assert details["embedder"] == "all-MiniLM-L6-v2 (not tuned), collection cards"
    assert details["endpoint"] == f"{server.base_url} (from STUDY_LLM_BASE_URL)"
    assert details["model"] == f"{MODEL} (from STUDY_LLM_MODEL)"
    assert details["api key"] == "set (from STUDY_LLM_API_KEY)"
    assert details["timeout"] == "120 s per call, 2 retries when answering"
    assert "sk-secret" not in str(report.to_dict())
    assert details["chat"].endswith("'OK'")
    assert [r["messages"] for r in server.chat_requests] == [CHAT_PROBE, TOOL_PROBE]
    assert "tools" in server.chat_requests[1]


def test_a_model_that_does_not_call_tools_is_a_note(server):
    server.script(Reply(content="OK"), Reply(content="The softmax of ..."))
    report = diagnose(settings(llm_base_url=server.base_url, llm_model=MODEL))
    assert report.ok and rows(report)[-1] == ("tools", None)
    assert "answered without calling worked_example" in report.checks[-1].detail


def test_an_unreachable_endpoint_fails():
    report = diagnose(settings(llm_base_url=closed_port_url(), llm_model="m"))
    assert not report.ok
    chat = report.checks[-1]
    assert (chat.name, chat.ok, chat.detail) == ("chat", False, "unreachable (connection refused)")


def test_an_auth_error_fails(server):
    server.script(Reply(status=401, error="invalid key"))
    report = diagnose(settings(llm_base_url=server.base_url, llm_model=MODEL))
    assert report.checks[-1].detail == "authentication failed (HTTP 401): invalid key" and not report.ok


def test_a_missing_model_lists_what_the_server_serves():
    with ScriptedOpenAIServer(models=("llama3.1:8b", "qwen2.5:7b")) as server:
        report = diagnose(settings(llm_base_url=server.base_url))
    assert not report.ok
    assert rows(report) == [
        ("mode", None),
        ("embedder", None),
        ("endpoint", None),
        ("model", False),
        ("models", None),
    ]
    assert report.checks[-1].detail == "the server lists: llama3.1:8b, qwen2.5:7b; set STUDY_LLM_MODEL to one"


def test_an_unlisted_model_is_a_note(server):
    server.script(Reply(content="OK"), Reply(content="no tools"))
    report = diagnose(settings(llm_base_url=server.base_url, llm_model="other"))
    models = next(c for c in report.checks if c.name == "models")
    assert (models.ok, models.detail) == (None, f"'other' is not among the listed models ({MODEL})")


def test_without_an_endpoint_offline_is_fine_and_llm_is_not():
    report = diagnose(settings())
    assert report.ok and report.mode == "offline"
    assert report.checks[0].detail == "offline (no endpoint configured)"
    forced = diagnose(settings(mode="llm"))
    assert not forced.ok and forced.checks[2].detail.startswith("none configured")
