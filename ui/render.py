"""Chat messages from answers: cited text, source panels, abstentions, tool calls, errors.

Everything here is pure: an :class:`~assistant.answers.Answer` in, Gradio's messages format
out (``{"role": "assistant", "content": ..., "metadata": ...}``). Message text is Markdown with
a little HTML that Gradio's sanitizer keeps (``a``, ``details``, ``summary``, ``id``,
``class``): each ``[n]`` becomes a link to the panel of source card ``n`` under the answer, and
``ui.assets`` holds the CSS and the small script that opens a panel when its link is clicked.

Card text is shown as written, LaTeX included; only tag-like ``<`` is escaped so that a token
such as ``<eos>`` is displayed instead of being taken for HTML. Each answer ends with a quiet
line that says which mode wrote it (offline or LLM), then its warnings as notes.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.answers import Answer, Citation, Hit, ToolCall

Message = dict[str, Any]

#: Formulas in cards use all four; ``$...$`` last so that ``$$`` is matched first.
LATEX_DELIMITERS: list[dict[str, str | bool]] = [
    {"left": "$$", "right": "$$", "display": True},
    {"left": "\\[", "right": "\\]", "display": True},
    {"left": "\\(", "right": "\\)", "display": False},
    {"left": "$", "right": "$", "display": False},
]

ABSTAIN_TITLE = "Not in your cards"
#: The line under each answer that says which mode wrote it (:attr:`Answer.mode`).
MODE_NOTES = {
    "offline": "Offline answer, built from the sentences of your cards",
    "llm": "LLM answer, written by the model from your cards",
}
HEATMAP_ALT = "Heatmap of the attention weights of this worked example"
_NEAREST_LEAD = "The nearest cards are:"
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_MARKER = re.compile(r"\[(\d+)\](?!\()")
_TENSOR_INDEX_LINE = re.compile(r"^\s*\[\d+\]\s*$")


def new_uid() -> str:
    """A short random id that keeps one answer's anchors apart from every other answer's."""
    return secrets.token_hex(4)


def anchor(uid: str, n: int) -> str:
    """The element id of source panel ``n`` of answer ``uid``."""
    return f"src-{uid}-{n}"


def escape_tags(text: str) -> str:
    """``text`` with every tag-like ``<`` escaped (``<eos>`` stays visible); the rest unchanged."""
    return _TAG_LIKE.sub("&lt;", text)


def escape_html(text: str) -> str:
    """``text`` with every HTML special character escaped (for summaries and attributes)."""
    return html.escape(text, quote=True)


def error_html(text: str, title: str = "Could not do that") -> str:
    """An error, styled as one, with ``title`` above the message."""
    return (
        f'<div class="error" role="alert"><p class="error-title">{escape_html(title)}</p>'
        f"<p>{escape_html(text)}</p></div>"
    )


def link_citations(text: str, uid: str, citations: Iterable[Citation]) -> str:
    """Turn each ``[n]`` of a cited card into a link to its source panel.

    Markers of numbers that are not citations are left alone, and so are lines that hold only
    ``[k]``: those index the heads of a 3-D tensor in a worked example's tables.
    """
    titles = {c.n: c.question for c in citations}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in titles:
            return match.group(0)
        title = escape_html(f"Source {n}: {titles[n]}")
        return f'<a class="cite" href="#{anchor(uid, n)}" title="{title}">[{n}]</a>'

    lines = text.split("\n")
    return "\n".join(line if _TENSOR_INDEX_LINE.match(line) else _MARKER.sub(link, line) for line in lines)


def _meta(source: str, score: float | None) -> str:
    parts = [f"deck {escape_html(source)}"]
    if score is not None:
        parts.append(f"score {score:.2f}")
    return '<span class="src-meta">' + " · ".join(parts) + "</span>"


def source_panel(citation: Citation, uid: str, show_score: bool = True) -> str:
    """One collapsible source card: number, question, deck and score; the answer inside."""
    score = citation.score if show_score else None
    return (
        f'<details class="source" id="{anchor(uid, citation.n)}">'
        f'<summary><span class="src-n">[{citation.n}]</span> '
        f'<span class="src-q">{escape_html(citation.question)}</span> '
        f"{_meta(citation.source, score)}</summary>\n\n"
        f"{escape_tags(citation.answer)}\n\n"
        f'<p class="src-id">card {escape_html(citation.card_id)}</p>\n\n'
        "</details>"
    )


def sources_block(citations: Iterable[Citation], uid: str, show_score: bool = True) -> str:
    """The numbered source panels shown under an answer ("" when nothing is cited)."""
    panels = [source_panel(c, uid, show_score) for c in citations]
    if not panels:
        return ""
    return '<p class="sources-head">Sources</p>\n\n' + "\n\n".join(panels)


def _nearest_panel(hit: Hit, show_score: bool) -> str:
    score = hit.similarity if show_score else None
    return (
        f'<details class="nearest"><summary><span class="src-q">{escape_html(hit.question)}</span> '
        f"{_meta(hit.source, score)}</summary>\n\n{escape_tags(hit.answer)}\n\n</details>"
    )


def abstention_block(answer: Answer, show_score: bool = True) -> str:
    """The abstention, styled apart from answers, with the nearest cards (not cited)."""
    lead = answer.text.split(_NEAREST_LEAD)[0].strip() or "I can't answer that from your cards."
    parts = [
        '<div class="abstain" role="note">'
        f'<p class="abstain-title">{ABSTAIN_TITLE}</p>'
        f"<p>{escape_html(lead)}</p>"
        '<p class="abstain-hint">Try other words, or add a deck that covers it in the Decks tab.</p>'
        "</div>"
    ]
    if answer.nearest:
        parts.append('<p class="sources-head">Nearest cards (not close enough to cite)</p>')
        parts += [_nearest_panel(h, show_score) for h in answer.nearest]
    return "\n\n".join(parts)


def tool_call_message(call: ToolCall) -> Message:
    """A collapsed panel naming the tool and its arguments."""
    failed = isinstance(call.result, dict) and "error" in call.result
    kind = call.arguments.get("kind", "?")
    title = f"Tool call: {call.name}({kind})" + (" refused" if failed else "")
    body = "```json\n" + json.dumps(call.arguments, ensure_ascii=False, indent=1) + "\n```"
    if not failed:
        body += "\n\nComputed by the local float64 PyTorch reference."
    return {"role": "assistant", "content": body, "metadata": {"title": title, "status": "done"}}


def walkthrough(call: ToolCall) -> str | None:
    """A worked-example call's record as Markdown (formula, steps as tables, outputs); ``None``
    for a refused call or another tool."""
    if call.name != "worked_example" or not isinstance(call.result, dict) or "error" in call.result:
        return None
    from assistant.examples.render import from_json, to_markdown

    example = from_json(json.dumps(call.result))
    return to_markdown(dataclasses.replace(example, card_ids=())).strip()


def _walkthroughs(answer: Answer) -> str:
    """The worked examples that the answer's text does not show already.

    An offline answer holds its walk-through; an LLM answer holds the model's prose, and the
    numbers come from the tool calls' records, never from the model.
    """
    if answer.abstained:
        return ""
    parts = [text for call in answer.tool_calls if (text := walkthrough(call))]
    return "\n\n".join(escape_tags(t) for t in parts if t.split("\n", 1)[0] not in answer.text)


def coverage_note(answer: Answer) -> str:
    """A line saying that the cards cover the question only in part; empty otherwise (an answer
    they do not cover at all is the abstention block itself)."""
    if answer.coverage == "partial":
        missing = ", ".join(f"“{w}”" for w in answer.missing) or "part of the question"
        return (
            '<p class="coverage coverage-partial" data-coverage="partial">'
            f"Covered in part: your cards say nothing on {escape_html(missing)}.</p>"
        )
    return ""


def _notes(answer: Answer, typed: str | None) -> str:
    mode = f'<p class="answered-by">{escape_html(MODE_NOTES.get(answer.mode, answer.mode))}</p>'
    notes = []
    reread = typed is not None and answer.question != " ".join(typed.split())
    if reread and not answer.abstained and "(follow-up to:" in answer.question:
        notes.append(f"Read as a follow-up: {escape_html(answer.question)}")
    notes += [f"Note: {escape_html(w)}" for w in answer.warnings]
    lines = [mode, coverage_note(answer), *(f'<p class="note">{n}</p>' for n in notes)]
    return "\n\n".join(line for line in lines if line)


def answer_messages(
    answer: Answer,
    uid: str,
    *,
    show_scores: bool = True,
    heatmap: Path | None = None,
    typed: str | None = None,
) -> list[Message]:
    """The assistant's messages for one answer.

    Args:
        answer: What :meth:`StudyAssistant.ask` returned.
        uid: From :func:`new_uid`; the answer's links and panels share it.
        show_scores: Show the retrieval score of each source card.
        heatmap: A PNG of the worked example's attention weights, shown under the answer.
        typed: The question as the student typed it, to say when it was read as a follow-up.

    Returns:
        Tool-call panels, then the answer (its worked examples' tables, the mode that wrote it
        and any notes under it), then the heatmap and the source panels if any.
    """
    messages = [tool_call_message(call) for call in answer.tool_calls]
    if answer.abstained:
        body = abstention_block(answer, show_scores)
    else:
        body = link_citations(escape_tags(answer.text), uid, answer.citations)
    parts = (body, _walkthroughs(answer), _notes(answer, typed))
    messages.append({"role": "assistant", "content": "\n\n".join(p for p in parts if p)})
    if heatmap is not None:
        messages.append({"role": "assistant", "content": {"path": str(heatmap), "alt_text": HEATMAP_ALT}})
    sources = sources_block(answer.citations, uid, show_scores)
    if sources:
        messages.append({"role": "assistant", "content": sources})
    return messages


def partial_message(text: str) -> Message:
    """The answer so far, while it streams."""
    return {"role": "assistant", "content": escape_tags(text)}


def error_message(text: str) -> Message:
    """An error from the assistant, shown in the chat instead of a traceback."""
    return {"role": "assistant", "content": error_html(text, "Could not answer")}
