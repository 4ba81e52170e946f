"""The UI's handlers over the real assistant and the bundled decks, without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import RetrievalError
from tests.ui.conftest import SMALL_DECK, RecordingLock
from ui import handlers, render
from ui.store_lock import LockState

pytestmark = pytest.mark.slow

OWN_QUESTION = "What problem does scaling the dot product by sqrt(d_k) solve?"


def final(generator):
    *_, last = generator
    return last


def card_by_question(sa, question):
    [card] = [c for c in sa.cards() if c.question == question]
    return card


def test_chat_shows_the_question_first_then_a_cited_answer(study, tmp_path):
    lock = RecordingLock()
    steps = list(handlers.chat(study, OWN_QUESTION, [], k=5, lock=lock, media_dir=tmp_path))
    assert steps[0] == [{"role": "user", "content": OWN_QUESTION}]
    messages = steps[-1]
    assert [m["role"] for m in messages] == ["user", "assistant", "assistant"]
    answer, sources = messages[1]["content"], messages[2]["content"]
    links = re.findall(r'href="#(src-[0-9a-f]{8}-\d+)"', answer)
    panels = re.findall(r'<details class="source" id="(src-[0-9a-f]{8}-\d+)">', sources)
    assert links and links[0] == panels[0] and set(links) <= set(panels)
    card = card_by_question(study, OWN_QUESTION)
    first_panel = sources.split("</details>")[0]
    assert f"card {card.card_id}" in first_panel and f"deck {card.source}" in first_panel
    assert re.search(r"score \d\.\d\d</span>", first_panel)
    assert lock.events == ["MainThread reads", "MainThread done"]  # the whole answer, read once


def test_closing_a_chat_mid_answer_lets_go_of_the_store(study):
    lock = RecordingLock()
    steps = handlers.chat(study, "what are residual connections for", [], lock=lock)
    assert len(next(steps)) == 1 and lock.state() == LockState()  # the question: nothing held yet
    assert len(next(steps)) == 2 and lock.state() == LockState(readers=1)  # the first line
    steps.close()  # what Gradio does when the visitor leaves
    assert lock.events == ["MainThread reads", "MainThread done"] and lock.state() == LockState()


def test_questions_read_the_store_together(study):
    lock = RecordingLock()
    assert "citations" in handlers.ask(study, OWN_QUESTION, 3, lock=lock)
    handlers.cards_table(study, lock=lock)
    handlers.status_markdown(study, lock=lock)
    handlers.run_example(study, "lr_schedule", handlers.example_param_rows("lr_schedule"), lock=lock)
    assert lock.events == ["MainThread reads", "MainThread done"] * 4


def test_answer_streams_line_by_line(study):
    steps = list(handlers.chat(study, "what are residual connections for", []))
    partials = [step[-1]["content"] for step in steps[1:-1]]
    assert len(partials) >= 2
    assert all(b.startswith(a) for a, b in zip(partials, partials[1:], strict=False))


def test_blank_message_changes_nothing(study):
    history = [{"role": "user", "content": "hi"}]
    assert list(handlers.chat(study, "   ", history)) == [history]


def test_follow_up_uses_the_history(study, tmp_path):
    first = final(
        handlers.chat(study, "Why do we scale the dot products in attention?", [], media_dir=tmp_path)
    )
    follow = final(handlers.chat(study, "why?", first, media_dir=tmp_path))
    assert follow[: len(first)] == first
    assert follow[len(first)] == {"role": "user", "content": "why?"}
    assert (
        "Read as a follow-up: why? (follow-up to: Why do we scale the dot products"
        in follow[len(first) + 1]["content"]
    )


def test_out_of_scope_question_abstains_visibly(study):
    messages = final(handlers.chat(study, "What is the capital of Australia?", []))
    [answer] = messages[1:]
    assert answer["content"].startswith(
        '<div class="abstain" role="note"><p class="abstain-title">Not in your cards'
    )
    assert 'class="cite"' not in answer["content"]


def test_worked_example_shows_tool_call_tables_heatmap_and_sources(study, tmp_path):
    messages = final(
        handlers.chat(study, "Work through attention with 3 tokens and d_k = 4", [], media_dir=tmp_path)
    )
    tool, answer, image, sources = messages[1:]
    assert tool["metadata"]["title"] == "Tool call: worked_example(attention)"
    assert "### Worked example: attention" in answer["content"]
    assert "| 0 | 0.4921 | 0.3399 | 0.1680 |" in answer["content"]  # the attention weights table
    png = Path(image["content"]["path"])
    assert png.parent == tmp_path and png.read_bytes().startswith(b"\x89PNG")
    assert '<details class="source"' in sources["content"]


def test_out_of_bounds_example_says_which_limit(study, tmp_path):
    messages = final(handlers.chat(study, "work through attention with 100 tokens", [], media_dir=tmp_path))
    assert messages[1]["metadata"]["title"].endswith("refused")
    assert "tokens" in messages[2]["content"] and "16" in messages[2]["content"]
    assert list(tmp_path.iterdir()) == []


def test_over_long_question_is_answered_with_a_note(study):
    messages = final(handlers.chat(study, "softmax " * 300, []))
    assert (
        '<p class="note">Note: question cut to its first 1000 characters (the limit)</p>'
        in messages[1]["content"]
    )


class Failing:
    """Stands in for the assistant where a real one cannot fail on demand."""

    settings = None

    def stream(self, question, k=None, history=None, mode=None):
        raise RetrievalError("the lexical index is unusable")


def test_errors_become_a_message_not_a_traceback():
    messages = final(handlers.chat(Failing(), "why?", []))  # type: ignore[arg-type]
    assert messages[-1] == render.error_message("the lexical index is unusable")


def test_plain_history_reads_every_content_shape():
    history = [
        {"role": "user", "content": [{"type": "text", "text": "What is attention?"}]},
        {"role": "assistant", "content": "tool args", "metadata": {"title": "Tool call: x"}},
        {"role": "assistant", "content": [{"type": "file", "file": {"path": "/tmp/h.png"}}]},
        {"role": "assistant", "content": "An answer."},
    ]
    assert handlers.plain_history(history) == [
        {"role": "user", "content": "What is attention?"},
        {"role": "assistant", "content": "An answer."},
    ]


def test_ask_returns_the_json_shape_or_an_error(study):
    data = handlers.ask(study, OWN_QUESTION, 3)
    assert data["citations"][0]["card_id"] == card_by_question(study, OWN_QUESTION).card_id
    assert handlers.ask(study, "  ") == {"error": "the question is empty"}


def test_try_it_form_rows_round_trip():
    rows = handlers.example_param_rows("attention")
    assert rows[0][:3] == ["Q", "", ""] and rows[3][:3] == ["tokens", "", "3"]
    assert handlers.parse_param_rows(rows) == {}
    rows[3][1] = "2"
    rows[0][1] = "[[1, 0], [0, 1]]"
    params = handlers.parse_param_rows(rows)
    assert params["tokens"] == 2 and params["Q"] == [[1, 0], [0, 1]]
    assert "K" not in params  # empty means default
    assert handlers.parse_param_rows([["mask", "causal"], ["", "x"]]) == {"mask": "causal"}
    assert handlers.example_param_rows("no-such-kind") == []


def test_try_it_runs_the_example_with_edited_parameters(study, tmp_path):
    rows = handlers.example_param_rows("attention")
    rows[0][1], rows[1][1], rows[2][1] = "[[1, 0], [0, 1]]", "[[1, 0], [0, 1]]", "[[1, 2], [3, 4]]"
    text, heatmap = handlers.run_example(study, "attention", rows, media_dir=tmp_path)
    assert text.startswith("### Worked example: attention")
    assert "**Cards that explain it**" in text
    assert heatmap is not None and Path(heatmap).read_bytes().startswith(b"\x89PNG")
    text, heatmap = handlers.run_example(study, "lr_schedule", handlers.example_param_rows("lr_schedule"))
    assert "learning_rate" in text and heatmap is None


def test_try_it_refuses_out_of_bounds_values_with_the_limit(study):
    rows = handlers.example_param_rows("attention")
    rows[3][1] = "100"
    text, heatmap = handlers.run_example(study, "attention", rows)
    assert text.startswith('<div class="error" role="alert">')
    assert "&#x27;tokens&#x27;: Input should be less than or equal to 16 (got 100)" in text
    assert heatmap is None


def test_cards_table_and_status(study):
    # Counted from the store, not assumed: other tests of the session may add a deck to it.
    cards = study.cards(include_practice=True)
    answered = [c for c in cards if not c.is_practice]
    rows, count = handlers.cards_table(study)
    assert count == f"{len(answered)} cards" and len(rows) == len(answered) >= 118
    rows, count = handlers.cards_table(study, "sqrt d_k")
    assert 0 < len(rows) < len(answered) and count == f"{len(rows)} of {len(answered)} cards shown"
    rows, count = handlers.cards_table(study, lint_only=True)
    assert rows and all(r[4] for r in rows) and count.endswith("cards with lint notes")
    status = handlers.status_markdown(study, "offline")
    decks = len({c.source for c in cards})
    practice = len(cards) - len(answered)
    assert f"| cards | {len(answered)} answered and {practice} practice prompts in {decks} decks |" in status
    assert "| mode | offline: answers are built from your cards' own sentences |" in status


@pytest.fixture(scope="module")
def own_study(copy_store):
    return copy_store()


def test_ingest_upload_reports_the_diff_then_answers_from_it(own_study, tmp_path):
    deck = tmp_path / "flash_attention.csv"
    deck.write_text(SMALL_DECK)
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    calls = []
    lock = RecordingLock()
    text = handlers.ingest(own_study, [deck, binary], lock=lock, progress=lambda f, d: calls.append((f, d)))
    assert "Read `flash_attention.csv` (semicolon-csv)." in text
    assert "| 3 | 0 | 0 | 0 | 1 |" in text
    assert "- What is FlashAttention? · `flash_attention.csv`" in text
    assert "- **photo.png**: binary file, not a text deck" in text
    assert calls[0] == (0.0, "checking files") and calls[-1] == (1.0, "done")
    assert lock.events == ["MainThread writes", "MainThread done"]
    assert (own_study.settings.data_dir / "uploads" / "flash_attention.csv").read_text() == SMALL_DECK

    messages = final(handlers.chat(own_study, "Does FlashAttention approximate the softmax?", []))
    assert "flash_attention.csv" in messages[2]["content"].split("</details>")[0]

    again = handlers.ingest(own_study, [deck])
    assert "| 0 | 0 | 3 | 0 | 0 |" in again and "Nothing changed" in again


def test_ingest_folder_rules(own_study, tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "more.csv").write_text(SMALL_DECK.replace("c0ffee00", "c0ffee11"))
    off = handlers.ingest(own_study, None, str(folder), allow_folders=False)
    assert "reading folders on the server is off; upload the files instead" in off
    missing = handlers.ingest(own_study, None, str(tmp_path / "nope"))
    assert "no such folder on the server" in missing
    done = handlers.ingest(own_study, None, str(folder))
    assert "Read `more.csv` (semicolon-csv)." in done and "| 3 | 0 | 0 | 0 | 0 |" in done
    assert handlers.ingest(own_study, None, "").startswith("Choose deck files")
