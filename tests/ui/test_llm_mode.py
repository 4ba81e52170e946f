"""LLM mode in the UI, against the scripted OpenAI server: the mode each session chooses in
Settings, streamed cited answers, tool calls, the offline fallback, and the launched app.

Retrieval is real (the bundled decks); only the model is scripted. The assistant of this module
has an endpoint but settings that say offline, so that a session starts offline and can switch.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import threading
from typing import Any

import pytest

from assistant.answers import Citation
from assistant.api import StudyAssistant
from assistant.llm.config import PLACEHOLDER_API_KEY
from ingest.settings import Settings
from tests.support.openai_server import MODEL, Reply, ScriptedOpenAIServer, closed_port_url
from tests.ui.conftest import SMALL_DECK, TIMEOUT, RecordingLock, join, start_thread, wait_for_state
from ui import handlers, modes, render
from ui.app import build_app
from ui.store_lock import LockState

pytestmark = pytest.mark.slow

QUESTION = "Why divide by sqrt(d_k)?"
SCRIPTED = "Scaling keeps the dot products from growing with d_k [1]."
EXAMPLE_QUESTION = "Work through attention with 3 tokens and d_k = 4"
ATTENTION_CALL = {
    "name": "worked_example",
    "arguments": {"kind": "attention", "params": {"tokens": 3, "d_k": 4}},
}
SOFTMAX_CALL = {"name": "worked_example", "arguments": {"kind": "softmax", "params": {}}}
OFFLINE_LINE = '<p class="answered-by">Offline answer, built from the sentences of your cards</p>'
LLM_LINE = '<p class="answered-by">LLM answer, written by the model from your cards</p>'
NO_ENDPOINT = {"llm_base_url": None, "openai_base_url": None, "llm_api_key": None, "openai_api_key": None}
NEEDS_ENDPOINT = (
    "LLM mode needs an endpoint: set STUDY_LLM_BASE_URL (and STUDY_LLM_MODEL), or OPENAI_API_KEY for "
    "OpenAI; then restart `study ui`"
)
TIMEOUT_MS = 30_000


def final(generator):
    *_, last = generator
    return last


def uid_of(message) -> str:
    match = re.search(r'href="#src-([0-9a-f]{8})-1"', message["content"])
    assert match, message["content"]
    return match.group(1)


def llm_settings(bundled_settings, base_url: str, mode: str | None = None) -> Settings:
    """The session's settings with an endpoint at ``base_url`` (never a developer's own key)."""
    endpoint = {"llm_base_url": base_url, "llm_model": MODEL, "llm_max_retries": 0, "llm_timeout": 5.0}
    return bundled_settings.model_copy(update={**NO_ENDPOINT, **endpoint, "mode": mode})


@pytest.fixture(scope="module")
def server():
    with ScriptedOpenAIServer() as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_requests(server):
    """Each test sees only its own requests, and uses every reply it scripts."""
    server.requests.clear()
    yield
    assert server.pending == 0


@pytest.fixture(scope="module")
def llm_sa(bundled_settings, study, server) -> StudyAssistant:
    return StudyAssistant(llm_settings(bundled_settings, server.base_url, mode="offline"))


# -- the chat handler ---------------------------------------------------------------------------


def test_llm_mode_streams_the_scripted_answer_with_a_panel_for_the_cited_card(llm_sa, server, tmp_path):
    server.script(Reply(content=SCRIPTED))
    steps = list(handlers.chat(llm_sa, QUESTION, [], k=5, mode="llm", media_dir=tmp_path))
    partials = [step[-1]["content"] for step in steps[1:-1]]
    assert len(partials) > 5 and partials[-1] == SCRIPTED
    user, answer, sources = steps[-1]
    assert user == {"role": "user", "content": QUESTION}
    top = llm_sa.retrieve(QUESTION, k=5)[0]
    uid = uid_of(answer)
    assert answer["content"] == (
        "Scaling keeps the dot products from growing with d_k "
        f'<a class="cite" href="#src-{uid}-1" title="Source 1: {render.escape_html(top.question)}">[1]</a>.'
        f"\n\n{LLM_LINE}"
    )
    assert sources == {"role": "assistant", "content": render.sources_block([Citation.from_hit(1, top)], uid)}
    [request] = server.chat_requests
    assert request["stream"] is True and request["model"] == MODEL


def test_offline_mode_sends_nothing_to_the_endpoint(llm_sa, server):
    messages = final(handlers.chat(llm_sa, QUESTION, [], k=5, mode="offline"))
    offline = llm_sa.ask(QUESTION, k=5, mode="offline")
    assert messages[1:] == render.answer_messages(offline, uid_of(messages[1]), typed=QUESTION)
    assert messages[1]["content"].endswith(OFFLINE_LINE)
    assert server.requests == []


def test_the_settings_mode_is_the_default(llm_sa, server):
    messages = final(handlers.chat(llm_sa, QUESTION, [], k=5))
    assert messages[1]["content"].endswith(OFFLINE_LINE) and server.requests == []


def test_a_dead_endpoint_gives_the_offline_answer_with_the_fallback_note(bundled_settings, study):
    url = closed_port_url()
    sa = StudyAssistant(llm_settings(bundled_settings, url))
    messages = final(handlers.chat(sa, QUESTION, [], k=5, mode="llm"))
    warning = f"LLM endpoint {url} failed (unreachable (connection refused)); answered offline"
    offline = dataclasses.replace(sa.ask(QUESTION, k=5, mode="offline"), warnings=(warning,))
    assert messages[1:] == render.answer_messages(offline, uid_of(messages[1]), typed=QUESTION)
    assert messages[1]["content"].endswith(f'{OFFLINE_LINE}\n\n<p class="note">Note: {warning}</p>')


def test_a_tool_call_in_llm_mode_shows_tables_heatmap_and_sources(llm_sa, server, tmp_path):
    server.script(Reply(tool_calls=[ATTENTION_CALL]), Reply(content="Here are the weights [1]."))
    messages = final(handlers.chat(llm_sa, EXAMPLE_QUESTION, [], mode="llm", media_dir=tmp_path))
    tool, answer, image, sources = messages[1:]
    assert tool["metadata"]["title"] == "Tool call: worked_example(attention)"
    body = answer["content"]
    assert body.startswith('Here are the weights <a class="cite"') and body.endswith(LLM_LINE)
    assert body.count("### Worked example: attention") == 1
    assert "| 0 | 0.4921 | 0.3399 | 0.1680 |" in body  # the attention weights, from the local reference
    assert image["content"]["path"].startswith(str(tmp_path))
    concept = llm_sa.examples.concept_hits("attention")[0]
    assert f"card {concept.card_id}" in sources["content"].split("</details>")[0]
    assert len(server.chat_requests) == 2


def test_an_unknown_mode_is_a_message_not_a_traceback(llm_sa, server):
    messages = final(handlers.chat(llm_sa, QUESTION, [], mode="gpt"))
    assert messages[-1] == render.error_message("mode must be 'offline' or 'llm', got 'gpt'")
    assert handlers.ask(llm_sa, QUESTION, 3, "gpt") == {"error": "mode must be 'offline' or 'llm', got 'gpt'"}


@pytest.fixture
def own_llm_sa(bundled_settings, study, server, tmp_path) -> StudyAssistant:
    """An assistant like ``llm_sa`` over a private copy of the store, for tests that ingest."""
    data_dir = tmp_path / "study-data"
    shutil.copytree(bundled_settings.data_dir, data_dir)
    settings = llm_settings(bundled_settings, server.base_url, mode="offline")
    return StudyAssistant(settings.model_copy(update={"data_dir": data_dir}))


def test_an_llm_answer_in_flight_holds_up_no_other_question_but_an_ingest_waits(own_llm_sa, server, tmp_path):
    """Two sessions share the store lock as the app's do. The LLM chat stops after the model's
    first piece, as if the model were slow; meanwhile an offline chat completes, an ingest waits
    for the LLM chat to end, and a question asked after the ingest started waits for the ingest."""
    server.script(Reply(content=SCRIPTED))
    lock = RecordingLock()
    streaming, resume = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def llm_chat() -> None:
        for step in handlers.chat(own_llm_sa, QUESTION, [], k=5, mode="llm", lock=lock, media_dir=tmp_path):
            if len(step) == 2 and not streaming.is_set():  # the question and the model's first piece
                streaming.set()
                assert resume.wait(TIMEOUT)
        results["llm chat"] = step

    def offline_chat() -> None:
        results["offline chat"] = final(
            handlers.chat(own_llm_sa, QUESTION, [], k=5, mode="offline", lock=lock)
        )

    deck = tmp_path / "flash_attention.csv"
    deck.write_text(SMALL_DECK)

    def ingest() -> None:
        results["ingest"] = handlers.ingest(own_llm_sa, [deck], lock=lock)

    def late_question() -> None:
        results["late question"] = handlers.ask(
            own_llm_sa, "What is FlashAttention?", 3, "offline", lock=lock
        )

    llm = start_thread("llm chat", llm_chat)
    assert streaming.wait(TIMEOUT)
    join(start_thread("offline chat", offline_chat))
    writer = start_thread("ingest", ingest)
    wait_for_state(lock, LockState(readers=1, writers_waiting=1))
    late = start_thread("late question", late_question)
    wait_for_state(lock, LockState(readers=1, readers_waiting=1, writers_waiting=1))
    assert list(results) == ["offline chat"]
    resume.set()
    for thread in (llm, writer, late):
        join(thread)

    assert lock.events == [
        "llm chat reads",
        "offline chat reads",
        "offline chat done",
        "llm chat done",
        "ingest writes",
        "ingest done",
        "late question reads",
        "late question done",
    ]
    assert results["offline chat"][1]["content"].endswith(OFFLINE_LINE)
    assert results["llm chat"][1]["content"].endswith(LLM_LINE)
    assert "| 3 | 0 | 0 | 0 | 0 |" in results["ingest"]
    assert results["late question"]["citations"][0]["source"] == "flash_attention.csv"  # the new deck
    assert lock.state() == LockState()


# -- the Settings tab ---------------------------------------------------------------------------


def test_the_mode_choice_offers_llm_only_with_an_endpoint(tmp_path):
    none = modes.mode_choice(Settings(data_dir=tmp_path, mode=None, llm_model=None, **NO_ENDPOINT))
    assert none == modes.ModeChoice("offline", None, NEEDS_ENDPOINT)
    assert modes.radio_choices(none) == [(modes.OFFLINE_LABEL, "offline"), ("LLM: needs an endpoint", "llm")]
    assert modes.radio_info(none) == NEEDS_ENDPOINT

    url = "http://127.0.0.1:9/v1"
    values = {**NO_ENDPOINT, "llm_base_url": url}
    no_model = modes.mode_choice(Settings(data_dir=tmp_path, mode=None, llm_model=None, **values))
    assert not no_model.llm_available and no_model.reason == (
        f"STUDY_LLM_MODEL is not set: name the model the server at {url} serves (`study doctor` lists them); "
        "then restart `study ui`"
    )

    values = {**values, "llm_model": MODEL}
    configured = modes.mode_choice(Settings(data_dir=tmp_path, mode=None, **values))
    assert configured.default == "llm" and configured.reason == ""
    assert configured.endpoint is not None and configured.endpoint.api_key == PLACEHOLDER_API_KEY
    assert modes.radio_choices(configured)[1] == (f"LLM: {MODEL} writes the answers from your cards", "llm")
    assert modes.radio_info(configured) == modes.LLM_INFO
    pinned = modes.mode_choice(Settings(data_dir=tmp_path, mode="offline", **values))
    assert pinned.default == "offline" and pinned.llm_available


def test_without_an_endpoint_the_settings_tab_offers_offline_only(bundled_settings, study, tmp_path):
    sa = StudyAssistant(bundled_settings.model_copy(update={**NO_ENDPOINT, "mode": None}))
    demo = build_app(sa.settings, assistant=sa, media_dir=tmp_path)
    [radio] = [b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "mode"]
    assert radio.interactive is False and radio.value == "offline"
    assert radio.info == NEEDS_ENDPOINT
    status = handlers.status_markdown(sa)
    assert "| mode | offline: answers are built from your cards' own sentences |" in status
    assert modes.endpoint_rows(sa.settings) == [
        ("default mode", "offline (no endpoint configured)"),
        ("embedder", "all-MiniLM-L6-v2 (not tuned), collection cards"),
        (
            "endpoint",
            "none configured: set STUDY_LLM_BASE_URL and STUDY_LLM_MODEL, or OPENAI_API_KEY, to use a model",
        ),
    ]


def test_the_status_follows_the_selected_mode_and_the_endpoint_check_is_doctors(llm_sa, server):
    line = "| mode | {} |\n"
    assert line.format("offline: answers are built from your cards' own sentences") in (
        handlers.status_markdown(llm_sa)
    )
    llm = (
        f"llm: {MODEL} at {server.base_url} writes the answers from your cards; "
        "offline, with a note, when it fails"
    )
    assert line.format(llm) in handlers.status_markdown(llm_sa, "llm")

    server.script(Reply(content="OK"), Reply(tool_calls=[SOFTMAX_CALL]))  # the chat and tool probes
    rows = dict(modes.endpoint_rows(llm_sa.settings))
    assert list(rows) == [
        "default mode", "embedder", "endpoint", "model", "api key", "context", "timeout",
        "models", "chat", "tools",
    ]  # fmt: skip
    assert rows["default mode"] == "offline (set by STUDY_MODE / --mode)"
    assert rows["endpoint"] == f"{server.base_url} (from STUDY_LLM_BASE_URL)"
    assert rows["models"] == f"ok: {MODEL!r} is listed"
    assert re.fullmatch(r"ok: answered in \d+ ms: 'OK'", rows["chat"])
    assert rows["tools"] == "ok: the model called worked_example"


# -- the launched app ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(llm_sa, launch_ui):
    return launch_ui(llm_sa)


def test_the_chat_api_takes_the_mode_and_defaults_to_the_settings(app, server):
    from gradio_client import Client

    client = Client(app.url, verbose=False, analytics_enabled=False, download_files=False)
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    parameters = endpoints["/chat"]["parameters"]
    assert parameters[-1]["label"] == "Mode" and parameters[-1]["parameter_default"] == "offline"

    server.script(Reply(content=SCRIPTED))
    _, messages = client.predict(QUESTION, [], 5, True, "llm", api_name="/chat")
    answer = messages[1]["content"][0]["text"]
    assert answer.startswith('Scaling keeps the dot products from growing with d_k <a class="cite"')
    assert answer.endswith(LLM_LINE) and len(server.chat_requests) == 1

    _, messages = client.predict(QUESTION, [], 5, True, api_name="/chat")  # an older client: no mode
    assert messages[1]["content"][0]["text"].endswith(OFFLINE_LINE) and len(server.chat_requests) == 1
    assert client.predict(QUESTION, 3, "offline", api_name="/ask")["mode"] == "offline"


@pytest.mark.browser
def test_switching_to_llm_in_settings_answers_from_the_model_in_this_tab_only(
    app, server, browser, screenshots
):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    server.script(Reply(content="OK"), Reply(tool_calls=[SOFTMAX_CALL]))  # the endpoint check on first load
    page.goto(app.url)
    page.wait_for_selector("#question textarea", timeout=TIMEOUT_MS)

    page.get_by_role("tab", name="Settings").click()
    page.locator("#endpoint").get_by_text("the model called worked_example").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#mode input[value=offline]").is_checked()
    llm = page.locator("#mode input[value=llm]")
    assert llm.is_enabled() and not llm.is_checked()
    page.locator("#mode").get_by_text(f"LLM: {MODEL} writes the answers from your cards").click()
    page.locator("#status").get_by_text(f"llm: {MODEL} at {server.base_url}").wait_for(timeout=TIMEOUT_MS)
    assert llm.is_checked()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "6a-settings-llm-mode.png"), full_page=True)

    page.get_by_role("tab", name="Chat").click()
    server.script(Reply(content=SCRIPTED, chunk_delay=0.01))
    page.fill("#question textarea", QUESTION)
    page.keyboard.press("Enter")
    mode_line = page.locator("#chat .answered-by").last
    mode_line.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert mode_line.inner_text() == "LLM answer, written by the model from your cards"
    assert page.locator("#chat").get_by_text("Scaling keeps the dot products from growing").is_visible()
    assert page.locator("#chat a.cite").first.inner_text() == "[1]"
    page.wait_for_timeout(400)
    page.screenshot(path=str(screenshots / "6b-llm-answer.png"))
    requests = len(server.requests)

    # Another visitor's tab still starts offline: the choice belongs to the session.
    other = browser.new_context(viewport={"width": 1280, "height": 1000})
    second = other.new_page()
    second.goto(app.url)
    second.fill("#question textarea", QUESTION)
    second.keyboard.press("Enter")
    line = second.locator("#chat .answered-by").last
    line.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert line.inner_text() == "Offline answer, built from the sentences of your cards"
    assert len(server.requests) == requests
    other.close()
    context.close()
    assert errors == [], errors
