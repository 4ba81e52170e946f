"""The ChatOpenAI adapter against a scripted OpenAI-compatible server: what is sent, what comes
back, one-line errors, and retries with backoff."""

from __future__ import annotations

import pytest

from assistant.llm.client import ChatClient, ModelTurn
from ingest.errors import LLMError
from tests.assistant.llm.conftest import make_endpoint
from tests.support.openai_server import MODEL, Reply, closed_port_url

USER = [{"role": "user", "content": "Say OK"}]


def test_complete_sends_the_messages_and_reads_the_reply(server, client):
    server.script(Reply(content="OK"))
    turn = client.complete([{"role": "system", "content": "Be brief."}, *USER])
    assert turn == ModelTurn(text="OK", calls=(), finish_reason="stop")
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer not-needed"
    body = request["body"]
    assert body["model"] == MODEL
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Say OK"},
    ]
    assert "tools" not in body and not body.get("stream")


def test_stream_yields_pieces_then_the_turn(server, client):
    server.script(Reply(content="Scaling keeps it soft [1].", chunk_chars=5))
    items = list(client.stream(USER))
    assert items[:-1] == ["Scali", "ng ke", "eps i", "t sof", "t [1]", "."]
    assert items[-1] == ModelTurn("Scaling keeps it soft [1].", (), "stop")
    body = server.chat_requests[0]
    assert body["stream"] is True and "stream_options" not in body


@pytest.mark.parametrize("streaming", [False, True])
def test_tools_schema_is_sent_and_tool_calls_are_parsed(server, client, streaming):
    call = {"name": "worked_example", "arguments": {"kind": "softmax", "params": {"scores": [1, 2, 3]}}}
    server.script(Reply(tool_calls=[call, {**call, "id": "call_b", "arguments": "{not json"}]))
    turn = list(client.stream(USER, tools=True))[-1] if streaming else client.complete(USER, tools=True)
    assert isinstance(turn, ModelTurn) and turn.finish_reason == "tool_calls"
    good, bad = turn.calls
    assert (good.id, good.name, good.arguments) == ("call_1", "worked_example", call["arguments"])
    assert (bad.id, bad.arguments, bad.raw_arguments) == ("call_b", None, "{not json")
    assert bad.error
    body = server.chat_requests[0]
    assert "tool_choice" not in body and "temperature" not in body  # server defaults: portable
    (tool,) = body["tools"]
    assert tool["type"] == "function"
    function = tool["function"]
    assert function["name"] == "worked_example"
    assert function["parameters"]["required"] == ["kind"]
    assert "attention" in function["parameters"]["properties"]["kind"]["enum"]
    assert function["parameters"]["properties"]["params"]["type"] == "object"


def test_tool_results_go_back_as_tool_messages(server, client):
    server.script(Reply(content="Done."))
    call = {"id": "call_1", "name": "worked_example", "arguments": {"kind": "softmax"}}
    messages = [
        *USER,
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{**call, "raw_arguments": '{"kind": "softmax"}', "error": None}],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": '{"outputs": {}}'},
    ]
    client.complete(messages, tools=True)
    sent = server.chat_requests[0]["messages"]
    assert sent[1]["role"] == "assistant" and sent[1]["content"] is None
    assert sent[1]["tool_calls"] == [
        {
            "type": "function",
            "id": "call_1",
            "function": {"name": "worked_example", "arguments": '{"kind": "softmax"}'},
        }
    ]
    assert sent[2] == {"role": "tool", "tool_call_id": "call_1", "content": '{"outputs": {}}'}


def test_list_models(server, client):
    assert [m["id"] for m in client.list_models()] == [MODEL]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (
            Reply(status=401, error="Incorrect API key provided"),
            "authentication failed (HTTP 401): Incorrect API key provided",
        ),
        (
            Reply(status=404, error="model 'x' not found"),
            "not found (HTTP 404): model 'x' not found; check the model name",
        ),
        (Reply(status=400, error="does not support tools"), "HTTP 400: does not support tools"),
        (Reply(body="{not json"), "malformed response (JSONDecodeError: Expecting property name"),
        (
            Reply(body='{"unexpected": true}'),
            "malformed response (TypeError: Received response with null value for 'choices'",
        ),
    ],
)
def test_errors_become_one_line_llm_errors(server, client, reply, reason):
    server.script(reply)
    with pytest.raises(LLMError) as info:
        client.complete(USER)
    assert str(info.value).startswith(reason)
    assert "\n" not in str(info.value)


def test_a_malformed_stream_is_an_llm_error(server, client):
    server.script(Reply(body="{not json"))
    with pytest.raises(LLMError, match=r"^malformed response"):
        list(client.stream(USER))


def test_an_unreachable_endpoint(sleeps):
    client = ChatClient(make_endpoint(closed_port_url(), llm_max_retries=2), sleep=sleeps)
    with pytest.raises(LLMError, match=r"^unreachable \(connection refused\)$"):
        client.complete(USER)
    assert sleeps == [0.5, 1.0]  # two retries, with exponential backoff


def test_a_timeout(server, sleeps):
    client = ChatClient(make_endpoint(server.base_url, llm_timeout=0.3), sleep=sleeps)
    server.script(Reply(content="late", delay=2.0))
    with pytest.raises(LLMError, match=r"^timed out after 0.3 s$"):
        client.complete(USER)


def test_transient_failures_are_retried_with_backoff(server, sleeps):
    client = ChatClient(make_endpoint(server.base_url, llm_max_retries=3), backoff=0.25, sleep=sleeps)
    server.script(Reply(status=503), Reply(status=429), Reply(content="OK"))
    assert client.complete(USER).text == "OK"
    assert len(server.chat_requests) == 3
    assert sleeps == [0.25, 0.5]


def test_retries_are_bounded(server, sleeps):
    client = ChatClient(make_endpoint(server.base_url, llm_max_retries=1), sleep=sleeps)
    server.script(Reply(status=500), Reply(status=500), Reply(content="never"))
    with pytest.raises(LLMError, match=r"^HTTP 500: scripted error$"):
        client.complete(USER)
    assert len(server.chat_requests) == 2 and server.pending == 1


def test_auth_errors_are_not_retried(server, sleeps):
    client = ChatClient(make_endpoint(server.base_url, llm_max_retries=3), sleep=sleeps)
    server.script(Reply(status=401))
    with pytest.raises(LLMError, match="HTTP 401"):
        client.complete(USER)
    assert len(server.chat_requests) == 1 and sleeps == []


def test_a_stream_is_retried_only_before_text_was_shown(server, sleeps):
    client = ChatClient(make_endpoint(server.base_url, llm_max_retries=2), sleep=sleeps)
    server.script(Reply(status=502), Reply(content="OK then"))
    assert list(client.stream(USER))[:-1] == ["OK t", "hen"]
    server.script(Reply(content="Half an answer", break_stream_after=2), Reply(content="never"))
    shown = []
    with pytest.raises(LLMError, match="malformed response"):
        for item in client.stream(USER):
            shown.append(item)
    assert shown == ["Half", " an "] and server.pending == 1  # not retried: text was already shown
