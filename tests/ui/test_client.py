"""A real client: ``gradio_client`` against a launched UI asks questions and gets cited answers."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.slow

QUESTION = "What problem does scaling the dot product by sqrt(d_k) solve?"


@pytest.fixture(scope="module")
def server(study, launch_ui):
    return launch_ui(study)


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server.url, verbose=False, analytics_enabled=False, download_files=False)


def test_api_lists_the_endpoints(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/chat", "/ask", "/example", "/ingest"} <= set(endpoints)


def test_ask_returns_a_cited_answer(client, study):
    data = client.predict(QUESTION, 3, api_name="/ask")
    [card] = [c for c in study.cards() if c.question == QUESTION]
    assert data["abstained"] is False and "[1]" in data["answer"]
    assert data["citations"][0]["card_id"] == card.card_id
    assert data["citations"][0]["source"] == card.source


def test_chat_returns_the_linked_answer_and_its_source_panel(client, study):
    box, messages = client.predict(QUESTION, [], 5, True, api_name="/chat")
    assert box == ""
    assert [m["role"] for m in messages] == ["user", "assistant", "assistant"]
    answer, sources = (m["content"][0]["text"] for m in messages[1:])
    [card] = [c for c in study.cards() if c.question == QUESTION]
    anchor = re.search(r'<a class="cite" href="#(src-[0-9a-f]{8}-1)"', answer)
    assert anchor, answer
    assert f'<details class="source" id="{anchor.group(1)}">' in sources
    assert f"card {card.card_id}" in sources


def test_scores_can_be_hidden(client):
    _, messages = client.predict(QUESTION, [], 5, False, api_name="/chat")
    sources = messages[-1]["content"][0]["text"]
    assert '<details class="source"' in sources and "score" not in sources


def test_chat_follow_up_uses_the_history_sent_by_the_client(client):
    _, first = client.predict("Why do we scale the dot products in attention?", [], 5, True, api_name="/chat")
    _, second = client.predict("why?", first, 5, True, api_name="/chat")
    assert "Read as a follow-up" in second[len(first) + 1]["content"][0]["text"]


def test_example_endpoint(client):
    rows = [["tokens", "2", "", "", ""], ["d_k", "2", "", "", ""]]
    text, image = client.predict("attention", {"headers": ["parameter", "value", "default", "limit", "about"],
                                               "data": rows}, api_name="/example")  # fmt: skip
    assert text.startswith("### Worked example: attention")
    assert image is not None


def test_login_is_required_when_auth_is_set(study, launch_ui):
    from gradio_client import Client

    server = launch_ui(study, auth=("ada", "secret"))
    assert httpx.get(server.url + "config", timeout=10).status_code == 401
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do; the client has no typed error
        Client(server.url, verbose=False, analytics_enabled=False)
    authed = Client(server.url, auth=("ada", "secret"), verbose=False, analytics_enabled=False)
    assert authed.predict(QUESTION, 3, api_name="/ask")["citations"]
