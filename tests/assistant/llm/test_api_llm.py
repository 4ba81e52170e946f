"""StudyAssistant in LLM mode over the bundled decks, against the scripted server (slow: real
embedding model). Retrieval is real; only the model is scripted."""

from __future__ import annotations

import pytest

from assistant.answers import Answer
from assistant.api import StudyAssistant
from ingest.errors import ConfigError
from tests.support.openai_server import MODEL, Reply, closed_port_url

pytestmark = pytest.mark.slow

QUESTION = "Why divide by sqrt(d_k)?"


def llm_assistant(bundled_settings, base_url: str, **overrides: object) -> StudyAssistant:
    values = {
        "llm_base_url": base_url,
        "llm_model": MODEL,
        "llm_max_retries": 0,
        "llm_timeout": 5.0,
        "mode": None,
        "llm_api_key": None,  # never send a developer's own key, even to loopback
        "openai_api_key": None,
    }
    return StudyAssistant(bundled_settings.model_copy(update={**values, **overrides}))


@pytest.fixture
def sa(bundled_settings, study, server) -> StudyAssistant:
    return llm_assistant(bundled_settings, server.base_url)


def test_llm_is_the_default_mode_with_an_endpoint_and_cites_retrieved_cards(sa, server):
    server.script(Reply(content="Scaling keeps the dot products from growing with d_k [1]."))
    answer = sa.ask(QUESTION, k=3)
    assert sa.mode == "llm" and answer.mode == "llm" and not answer.abstained
    retrieved = sa.retrieve(QUESTION, k=3)
    assert [c.card_id for c in answer.citations] == [retrieved[0].card_id]
    content = server.chat_requests[0]["messages"][1]["content"]
    assert content.count("<source n=") == 3
    assert f"Q: {retrieved[0].question}" in content.split('<source n="2"')[0]


def test_a_follow_up_is_rewritten_before_retrieval(sa, server):
    history = [
        {"role": "user", "content": "Do we scale the dot product in attention?"},
        {"role": "assistant", "content": "Yes, by 1/sqrt(d_k) [1]."},
    ]
    rewritten = "Why is the dot product in attention scaled by 1/sqrt(d_k)?"
    server.script(Reply(content=rewritten), Reply(content="It keeps the softmax out of saturation [1]."))
    answer = sa.ask("why?", history=history)
    rewrite_request, answer_request = server.chat_requests
    assert "Follow-up message: why?" in rewrite_request["messages"][1]["content"]
    assert "user: Do we scale the dot product in attention?" in rewrite_request["messages"][1]["content"]
    assert answer_request["messages"][1]["content"].endswith(f"Question: {rewritten}")
    assert answer.question == rewritten
    assert "scal" in answer.citations[0].question.lower()


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(status=401, error="Incorrect API key"), "authentication failed (HTTP 401): Incorrect API key"),
        (Reply(body="{not json"), "malformed response (JSONDecodeError: Expecting property name"),
        (Reply(content="late", delay=3.0), "timed out after 0.5 s"),
    ],
)
def test_a_failing_endpoint_falls_back_to_offline_with_a_message(
    bundled_settings, study, server, reply, reason
):
    sa = llm_assistant(bundled_settings, server.base_url, llm_timeout=0.5)
    server.script(reply)
    answer = sa.ask(QUESTION)
    assert answer.mode == "offline"
    assert answer.text == sa.ask(QUESTION, mode="offline").text
    (warning,) = answer.warnings
    assert warning.startswith(f"LLM endpoint {server.base_url} failed ({reason}")
    assert warning.endswith("; answered offline") and "\n" not in warning


def test_an_unreachable_endpoint_falls_back_to_offline(bundled_settings, study):
    url = closed_port_url()
    sa = llm_assistant(bundled_settings, url)
    *pieces, answer = sa.stream(QUESTION)
    assert answer.mode == "offline" and "".join(pieces) == answer.text
    assert answer.warnings == (
        f"LLM endpoint {url} failed (unreachable (connection refused)); answered offline",
    )


def test_stream_yields_the_model_tokens_then_the_answer(sa, server):
    server.script(Reply(content="Scaling keeps dot products small [1]. Not [7].", chunk_chars=3))
    *pieces, answer = sa.stream(QUESTION, k=5)
    assert isinstance(answer, Answer) and answer.mode == "llm"
    assert len(pieces) > 5 and "".join(pieces) == answer.text == "Scaling keeps dot products small [1]. Not."
    assert server.chat_requests[0]["stream"] is True


def test_a_failure_mid_stream_ends_with_the_offline_answer(sa, server):
    server.script(Reply(content="Scaling keeps dot products small [1].", break_stream_after=3))
    *pieces, answer = sa.stream(QUESTION)
    assert answer.mode == "offline" and "malformed response" in answer.warnings[0]
    assert "".join(pieces).endswith(answer.text)  # the offline answer follows what was shown


def test_a_worked_example_in_llm_mode(sa, server):
    call = {"name": "worked_example", "arguments": {"kind": "attention", "params": {"tokens": 3, "d_k": 4}}}
    server.script(Reply(tool_calls=[call]), Reply(content="Here are the weights [1]."))
    question = "work through attention with 3 tokens and d_k = 4"
    answer = sa.ask(question)
    offline = sa.ask(question, mode="offline")
    assert answer.tool_calls[0].result["outputs"] == offline.tool_calls[0].result["outputs"]
    concept_cards = [h.card_id for h in sa.examples.concept_hits("attention")]
    content = server.chat_requests[0]["messages"][1]["content"]
    assert content.count("<source n=") == len(concept_cards)
    assert answer.citations[0].card_id == concept_cards[0]


def test_mode_can_be_chosen_per_question(sa, server):
    answer = sa.ask(QUESTION, mode="offline")
    assert answer.mode == "offline" and server.chat_requests == []


def test_llm_mode_without_an_endpoint_is_a_config_error(bundled_settings, study):
    no_endpoint = {"llm_base_url": None, "openai_base_url": None, "llm_api_key": None, "openai_api_key": None}
    offline = bundled_settings.model_copy(update={"mode": None, **no_endpoint})
    with pytest.raises(ConfigError, match="LLM mode needs an endpoint"):
        StudyAssistant(offline.model_copy(update={"mode": "llm"}))
    sa = StudyAssistant(offline)
    assert sa.mode == "offline"
    with pytest.raises(ConfigError, match="LLM mode needs an endpoint"):
        sa.ask(QUESTION, mode="llm")


def test_a_context_too_small_for_the_best_card_answers_offline(bundled_settings, study, server):
    sa = llm_assistant(bundled_settings, server.base_url, llm_context_tokens=1024)
    answer = sa.ask(QUESTION)
    assert answer.mode == "offline" and server.chat_requests == []  # nothing is cut to make it fit
    (warning,) = answer.warnings
    assert warning.startswith(
        "LLM mode not used: the context budget (STUDY_LLM_CONTEXT_TOKENS=1024, of which 256"
    )
    assert warning.endswith("; answered offline")
