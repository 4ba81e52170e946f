"""Chat rendering on hand-built answers: exact links, panels, abstention, tool calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answers import Answer, Citation, Hit, ToolCall
from ingest.cards import Card
from ui import render

OFFLINE_LINE = '<p class="answered-by">Offline answer, built from the sentences of your cards</p>'
LLM_LINE = '<p class="answered-by">LLM answer, written by the model from your cards</p>'


def cite(n: int, question: str = "Why scale?", answer: str = "To keep softmax soft.") -> Citation:
    return Citation(n, f"card-{n}", "deck.txt", question, answer, 0.6123)


def test_markers_of_cited_cards_become_links_to_their_panels():
    text = render.link_citations(
        "Scaling keeps values small. [1] It helps. [2] See [3].", "u1", [cite(1), cite(2)]
    )
    assert text == (
        'Scaling keeps values small. <a class="cite" href="#src-u1-1" title="Source 1: Why scale?">[1]</a> '
        'It helps. <a class="cite" href="#src-u1-2" title="Source 2: Why scale?">[2]</a> See [3].'
    )


def test_tensor_index_lines_and_markdown_links_are_not_citations():
    text = "heads:\n\n[1]\n\n| 0 | 1 |\nsee [1](http://x) and [1]"
    out = render.link_citations(text, "u", [cite(1)])
    assert out.split("\n")[2] == "[1]"
    assert "[1](http://x)" in out
    assert out.endswith('and <a class="cite" href="#src-u-1" title="Source 1: Why scale?">[1]</a>')


def test_link_title_is_escaped():
    out = render.link_citations("x [1]", "u", [cite(1, question='Is "a<b" & c?')])
    assert 'title="Source 1: Is &quot;a&lt;b&quot; &amp; c?"' in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the <eos> token", "the &lt;eos> token"),
        ("</s> and <br>", "&lt;/s> and &lt;br>"),
        ("a < b and x<2", "a < b and x<2"),
        # The chat decodes the entity before KaTeX reads the formula, so it still sees a<b.
        (r"\(a<b\)", r"\(a&lt;b\)"),
    ],
)
def test_only_tag_like_angle_brackets_are_escaped(text, expected):
    assert render.escape_tags(text) == expected


def test_source_panel_holds_number_question_deck_score_and_answer():
    panel = render.source_panel(cite(2, "What is <eos>?", r"The end token; $x_i$ stays \(LaTeX\)."), "u9")
    assert panel == (
        '<details class="source" id="src-u9-2"><summary><span class="src-n">[2]</span> '
        '<span class="src-q">What is &lt;eos&gt;?</span> '
        '<span class="src-meta">deck deck.txt · score 0.61</span></summary>\n\n'
        "The end token; $x_i$ stays \\(LaTeX\\).\n\n"
        '<p class="src-id">card card-2</p>\n\n'
        "</details>"
    )


def test_scores_can_be_hidden():
    assert "score" not in render.source_panel(cite(1), "u", show_score=False)


def test_answer_messages_for_a_cited_answer():
    answer = Answer("Why scale?", "Small values. [1]", False, (cite(1),))
    messages = render.answer_messages(answer, "abc", typed="Why scale?")
    assert [m["role"] for m in messages] == ["assistant", "assistant"]
    assert messages[0]["content"] == (
        'Small values. <a class="cite" href="#src-abc-1" title="Source 1: Why scale?">[1]</a>\n\n'
        + OFFLINE_LINE
    )
    assert messages[1]["content"].startswith('<p class="sources-head">Sources</p>\n\n<details class="source"')
    assert 'id="src-abc-1"' in messages[1]["content"]


def test_follow_up_and_warnings_are_noted():
    answer = Answer(
        "why? (follow-up to: Do we scale?)", "Yes. [1]", False, (cite(1),), warnings=("question cut",)
    )
    body = render.answer_messages(answer, "u", typed="why?")[0]["content"]
    assert body.endswith(
        f"{OFFLINE_LINE}\n\n"
        '<p class="note">Read as a follow-up: why? (follow-up to: Do we scale?)</p>\n\n'
        '<p class="note">Note: question cut</p>'
    )


def test_the_mode_that_answered_and_a_fallback_warning_are_shown():
    llm = Answer("Why scale?", "Small values. [1]", False, (cite(1),), mode="llm")
    assert render.answer_messages(llm, "u")[0]["content"].endswith(f"</a>\n\n{LLM_LINE}")
    warning = "LLM endpoint http://127.0.0.1:9/v1 failed (unreachable (connection refused)); answered offline"
    fell_back = Answer("Why scale?", "Small values. [1]", False, (cite(1),), warnings=(warning,))
    assert render.answer_messages(fell_back, "u")[0]["content"].endswith(
        f"</a>\n\n{OFFLINE_LINE}\n\n"
        '<p class="note">Note: LLM endpoint http://127.0.0.1:9/v1 failed (unreachable (connection refused)); '
        "answered offline</p>"
    )


def test_abstention_is_styled_apart_and_cites_nothing():
    card = Card("c7", "deck.txt", "What is a key?", "The identifier.")
    hit = Hit(card, score=0.3, similarity=0.1234, lexical=0.0, rank=1)
    text = "I can't answer that from your cards: none of them is close enough to the question.\n"
    text += "The nearest cards are:\n- What is a key? (deck.txt, similarity 0.12)"
    answer = Answer("capital of Australia?", text, True, nearest=(hit,))
    [message] = render.answer_messages(answer, "u")
    body = message["content"]
    assert body.startswith('<div class="abstain" role="note"><p class="abstain-title">Not in your cards</p>')
    assert body.endswith(f"</details>\n\n{OFFLINE_LINE}")
    assert (
        "<p>I can&#x27;t answer that from your cards: none of them is close enough to the question.</p>"
        in body
    )
    assert '<details class="nearest"><summary><span class="src-q">What is a key?</span>' in body
    assert "score 0.12" in body
    assert 'class="cite"' not in body and "[1]" not in body


def attention_call() -> ToolCall:
    """A real ``worked_example`` call: attention with 3 tokens and d_k = 4."""
    from assistant.examples.catalog import run_request
    from assistant.examples.render import to_json

    params = {"tokens": 3, "d_k": 4}
    record = json.loads(to_json(run_request("attention", params)))
    return ToolCall("worked_example", {"kind": "attention", "params": params}, record)


def test_worked_example_shows_tool_call_then_answer_then_heatmap_then_sources(tmp_path: Path):
    # An offline answer holds the walk-through in its text: it is not shown twice.
    text = "Numbers [1].\n\n### Worked example: attention\n\n[0]\n\n| 0 |"
    answer = Answer("work through attention", text, False, (cite(1),), tool_calls=(attention_call(),))
    png = tmp_path / "h.png"
    messages = render.answer_messages(answer, "u", heatmap=png)
    assert messages[0]["metadata"] == {"title": "Tool call: worked_example(attention)", "status": "done"}
    assert messages[0]["content"].startswith('```json\n{\n "kind": "attention",')
    assert messages[1]["content"] == (
        'Numbers <a class="cite" href="#src-u-1" title="Source 1: Why scale?">[1]</a>.\n\n'
        f"### Worked example: attention\n\n[0]\n\n| 0 |\n\n{OFFLINE_LINE}"
    )
    assert messages[2]["content"] == {"path": str(png), "alt_text": render.HEATMAP_ALT}
    assert 'id="src-u-1"' in messages[3]["content"]


def test_an_llm_answer_shows_the_tables_of_its_tool_calls_under_its_prose():
    call = attention_call()
    answer = Answer("attention, 3 tokens", "Here are the weights [1].", False, (cite(1),), "llm", (call,))
    [tool, body, sources] = render.answer_messages(answer, "u")
    assert tool["metadata"]["title"] == "Tool call: worked_example(attention)"
    walkthrough = render.walkthrough(call)
    assert walkthrough is not None and walkthrough.startswith("### Worked example: attention\n\n$$")
    assert "| 0 | 0.4921 | 0.3399 | 0.1680 |" in walkthrough  # the attention weights, row 0
    assert body["content"] == (
        'Here are the weights <a class="cite" href="#src-u-1" title="Source 1: Why scale?">[1]</a>.\n\n'
        f"{walkthrough}\n\n{LLM_LINE}"
    )
    refused = ToolCall("worked_example", {"kind": "attention"}, {"error": "too many"})
    assert render.walkthrough(refused) is None


def test_refused_tool_call_is_titled_as_such():
    call = ToolCall("worked_example", {"kind": "attention", "params": {"tokens": 100}}, {"error": "too many"})
    assert (
        render.tool_call_message(call)["metadata"]["title"] == "Tool call: worked_example(attention) refused"
    )


def test_error_message_is_escaped_and_marked_as_an_alert():
    message = render.error_message("the question is <empty>")
    assert message == {
        "role": "assistant",
        "content": '<div class="error" role="alert"><p class="error-title">Could not answer</p>'
        "<p>the question is &lt;empty&gt;</p></div>",
    }


def test_uids_differ():
    assert len({render.new_uid() for _ in range(50)}) == 50


def test_partial_coverage_names_what_the_cards_lack():
    from assistant.answers import Answer
    from ui.render import answer_messages

    answer = Answer("q", "Sines and cosines. [1]", abstained=False, coverage="partial", missing=("RoPE",))
    html = answer_messages(answer, "u1")[-1]["content"]
    assert '<p class="coverage coverage-partial" data-coverage="partial">' in html
    assert "Covered in part: your cards say nothing on “RoPE”.</p>" in html
    full = answer_messages(Answer("q", "Sines. [1]", abstained=False), "u2")[-1]["content"]
    assert "data-coverage" not in full
