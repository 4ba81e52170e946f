"""What the UI does, as plain functions over :class:`~assistant.api.StudyAssistant`.

No Gradio here: each function takes the assistant and plain values and returns plain data
(messages in Gradio's format, Markdown, table rows), so tests call them without a browser or
a server. Errors of the project's hierarchy (:mod:`ingest.errors`) become visible messages;
none escapes as a traceback.

``lock`` is the :class:`~ui.store_lock.StoreLock` that every session shares (``None``: nothing
is locked, as in tests that call one handler at a time). Questions share the store: a chat, an
answer, a worked example, the card list, the status and an evaluation run hold it for reading,
so one student's answer, however long the model takes, never holds up another's. An ingest has
it alone (for writing): it rewrites the vector store and the lexical index, and a question
asked half way through would read a mixture. The writer waits for the answers in
flight, and questions asked meanwhile wait for the writer. A chat holds the store from its
retrieval to its finished answer, so that tool calls made on the way read the same cards as
the answer cites.

Example:
    >>> *_, final = chat(sa, "Why divide by sqrt(d_k)?", [])
    >>> final[0], final[1]["content"][:40]
    ({'role': 'user', 'content': 'Why divide by sqrt(d_k)?'}, 'Scaling keeps the dot product values in ')
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext, suppress
from pathlib import Path
from typing import Any

from assistant.answers import Answer
from assistant.api import StudyAssistant
from ingest.errors import StudyAssistantError
from ingest.pipeline import IngestReport
from ui import modes, render, report
from ui.store_lock import StoreLock
from ui.uploads import Refused, stage_uploads

Message = render.Message
Progress = Callable[[float, str], None]

#: Where heatmaps go when the caller names no folder (Gradio serves files from the temp dir).
DEFAULT_MEDIA_DIR = Path(tempfile.gettempdir()) / "study-ui"


def _shared(lock: StoreLock | None) -> AbstractContextManager[None]:
    """The store held for reading, with other questions (nothing held without a lock)."""
    return lock.reading() if lock is not None else nullcontext()


def _alone(lock: StoreLock | None) -> AbstractContextManager[None]:
    """The store held for writing, by this call alone (nothing held without a lock)."""
    return lock.writing() if lock is not None else nullcontext()


def _text_of(content: Any) -> str | None:
    """The text of a message's content in any of Gradio's shapes (``None`` for media)."""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping) and content.get("type") == "text":
        return str(content.get("text", ""))
    if isinstance(content, Sequence):
        parts = [_text_of(item) for item in content]
        texts = [p for p in parts if p]
        return "\n".join(texts) if texts else None
    return None


def plain_history(history: Sequence[Mapping[str, Any]] | None) -> list[dict[str, str]]:
    """The chat so far as ``[{"role", "content"}]`` text messages, for follow-up questions.

    Tool-call panels (messages with a title) and images are left out.
    """
    plain = []
    for message in history or []:
        text = _text_of(message.get("content"))
        if text is None or (message.get("metadata") or {}).get("title"):
            continue
        plain.append({"role": str(message.get("role", "")), "content": text})
    return plain


def heatmap_for(answer: Answer, media_dir: Path, uid: str) -> Path | None:
    """Draw the attention weights of the answer's worked example, if it has any."""
    from assistant.examples.render import from_json, to_png

    for call in answer.tool_calls:
        if not isinstance(call.result, dict) or "error" in call.result:
            continue
        example = from_json(json.dumps(call.result))
        if example.attention_steps:
            media_dir.mkdir(parents=True, exist_ok=True)
            return to_png(example, media_dir / f"heatmap-{uid}.png")
    return None


def chat(
    sa: StudyAssistant,
    message: str,
    history: Sequence[Mapping[str, Any]] | None,
    k: int | None = None,
    show_scores: bool = True,
    *,
    mode: str | None = None,
    lock: StoreLock | None = None,
    media_dir: Path | None = None,
) -> Generator[list[Message], None, None]:
    """Answer one chat message; yields the whole chat after each step.

    First the chat with the question added, then the answer as it streams, then the
    finished answer: tool-call panels, the cited text, the heatmap of a worked example and the
    source panels. Earlier messages are passed as history, so "why?" follows up on the last
    question. A blank message changes nothing.

    Args:
        sa: The assistant.
        message: What the student typed.
        history: The chat so far, in Gradio's messages format.
        k: Cards to retrieve (default: the ``top_k`` setting).
        show_scores: Show each source card's retrieval score.
        mode: ``"offline"`` or ``"llm"`` for this message, as the session chose it in Settings
            (default: the assistant's mode). The answer says which mode wrote it; an LLM
            answer that fell back offline carries the warning that says why.
        lock: Held for reading from the retrieval to the finished answer, across the
            yields (see the module docstring); closing the generator releases it.
        media_dir: Where heatmap PNGs are written.

    Yields:
        The chat's messages.
    """
    messages: list[Message] = [dict(m) for m in history or []]
    question = (message or "").strip()
    if not question:
        yield messages
        return
    messages.append({"role": "user", "content": question})
    yield messages
    uid = render.new_uid()
    answer: Answer | None = None
    text = ""
    try:
        with _shared(lock):
            stream = sa.stream(question, k=k, history=plain_history(history), mode=modes.parse_mode(mode))
            while answer is None:
                item = next(stream, None)
                if item is None:
                    raise StudyAssistantError("the assistant returned no answer")
                if isinstance(item, Answer):
                    answer = item
                else:
                    text += item
                    yield [*messages, render.partial_message(text)]
        heatmap = heatmap_for(answer, media_dir or DEFAULT_MEDIA_DIR, uid)
    except StudyAssistantError as exc:
        yield [*messages, render.error_message(str(exc))]
        return
    yield [
        *messages,
        *render.answer_messages(answer, uid, show_scores=show_scores, heatmap=heatmap, typed=question),
    ]


def ask(
    sa: StudyAssistant,
    question: str,
    k: int | None = None,
    mode: str | None = None,
    *,
    lock: StoreLock | None = None,
) -> dict[str, Any]:
    """One question, answered as the ``--json`` shape, or ``{"error": message}``; ``mode`` as in
    :func:`chat`."""
    try:
        with _shared(lock):
            return sa.ask(question, k=k, mode=modes.parse_mode(mode)).to_dict()
    except StudyAssistantError as exc:
        return {"error": str(exc)}


def status_markdown(sa: StudyAssistant, mode: str | None = None, *, lock: StoreLock | None = None) -> str:
    """The Settings tab's status: the selected mode, store, cards, model and limits.

    Args:
        sa: The assistant.
        mode: The mode the session chose (default: the one a new session starts in).
        lock: Held for reading while the cards are counted.
    """
    s = sa.settings
    with _shared(lock):
        cards = sa.cards(include_practice=True)
    practice = sum(c.is_practice for c in cards)
    decks = len({c.source for c in cards})
    if s.chroma_host:
        store = f"Chroma server at {s.chroma_host}:{s.chroma_port}"
    else:
        store = f"embedded, in `{s.data_dir}`"
    choice = modes.mode_choice(s)
    rows = [
        ("mode", modes.mode_summary(mode or choice.default, choice)),
        ("cards", f"{len(cards) - practice} answered and {practice} practice prompts in {decks} decks"),
        ("store", store),
        ("embedding model", sa.model_in_use),
        *([("tuning", note)] if sa.background_tune and (note := sa.background_tune.note()) else []),
        ("abstains below", f"similarity {s.abstain_threshold:.2f}"),
        ("upload limit", f"{s.max_file_bytes:,} bytes per file"),
    ]
    return (
        "| setting | value |\n|---|---|\n"
        + "\n".join(f"| {name} | {report.md_text(value)} |" for name, value in rows)
        + "\n"
    )


# -- worked examples ----------------------------------------------------------------------------


def example_choices() -> list[tuple[str, str]]:
    """``(label, kind)`` for every worked-example kind, in catalog order."""
    from assistant.examples.catalog import list_kinds

    return [(f"{k.name}: {k.description}", k.name) for k in list_kinds()]


#: Columns of the parameter table of the "try it" form.
PARAM_COLUMNS = ["parameter", "value", "default", "limit", "about"]


def example_param_rows(kind: str) -> list[list[str]]:
    """The parameter table of ``kind``: name, an empty value to fill in, the default (JSON;
    empty for none), the limit and what it is."""
    from assistant.examples.catalog import list_kinds

    for info in list_kinds():
        if info.name == kind:
            return [
                [p.name, "", "" if p.default is None else json.dumps(p.default), p.limit, p.description]
                for p in info.params
            ]
    return []


def parse_param_rows(rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """Parameters from the table: a value is JSON when it parses (``4``, ``[[1,0],[0,1]]``,
    ``false``), text otherwise (``causal``); an empty value means the default."""
    params: dict[str, Any] = {}
    for row in rows:
        if len(row) < 2 or not str(row[0]).strip():
            continue
        name, value = str(row[0]).strip(), row[1]
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
            with suppress(ValueError):
                value = json.loads(value)
        elif value is None:
            continue
        params[name] = value
    return params


def run_example(
    sa: StudyAssistant,
    kind: str,
    rows: Sequence[Sequence[Any]],
    *,
    lock: StoreLock | None = None,
    media_dir: Path | None = None,
) -> tuple[str, str | None]:
    """Run the "try it" form: the walk-through as Markdown and the heatmap's path (if any)."""
    from assistant.examples.render import to_markdown, to_png

    try:
        with _shared(lock):
            example = sa.example(kind, **parse_param_rows(rows))
            cards = {c.card_id: c for c in sa.cards()}
    except StudyAssistantError as exc:
        return render.error_html(str(exc)), None
    text = to_markdown(example.with_cards([])).rstrip()
    explained = [cards[i] for i in example.card_ids if i in cards]
    if explained:
        text += "\n\n**Cards that explain it**\n\n" + "\n".join(
            f"- {render.escape_tags(c.question)} · `{c.source}`" for c in explained
        )
    heatmap = None
    if example.attention_steps:
        folder = media_dir or DEFAULT_MEDIA_DIR
        folder.mkdir(parents=True, exist_ok=True)
        heatmap = str(to_png(example, folder / f"example-{render.new_uid()}.png"))
    return text + "\n", heatmap


# -- decks --------------------------------------------------------------------------------------


def ingest(
    sa: StudyAssistant,
    files: Sequence[str | Path] | None,
    folder: str | None = None,
    *,
    allow_folders: bool = True,
    lock: StoreLock | None = None,
    progress: Progress | None = None,
) -> str:
    """Ingest uploaded files and/or a folder on the server; the diff report as Markdown.

    Uploads are checked first (:func:`ui.uploads.stage_uploads`): anything that is not a
    readable text deck within the size limit is refused and listed as skipped, with its reason.
    The decks are ingested with the store held alone (``lock`` for writing): the answers in
    flight finish first, and questions asked meanwhile wait.
    """
    step = progress or (lambda fraction, desc: None)
    s = sa.settings
    step(0.0, "checking files")
    staged = stage_uploads(files or [], s.data_dir / "uploads", s.max_file_bytes)
    paths: list[Path] = list(staged.paths)
    refused: list[Refused] = list(staged.refused)
    folder = (folder or "").strip()
    if folder:
        if not allow_folders:
            refused.append(Refused(folder, "reading folders on the server is off; upload the files instead"))
        elif not Path(folder).expanduser().is_dir():
            refused.append(Refused(folder, "no such folder on the server"))
        else:
            paths.append(Path(folder).expanduser())
    if not paths:
        if not refused:
            return "Choose deck files to upload, or name a folder, then press **Ingest**.\n"
        return report.ingest_report_markdown(None, refused)
    step(0.1, "embedding new and changed cards")
    try:
        with _alone(lock):
            result: IngestReport = sa.ingest(paths)
            cards = {c.card_id: c for c in sa.cards(include_practice=True)}
    except StudyAssistantError as exc:
        return render.error_html(f"ingest failed: {exc}")
    step(1.0, "done")
    return report.ingest_report_markdown(result, refused, cards)


def cards_table(
    sa: StudyAssistant,
    query: str = "",
    lint_only: bool = False,
    include_practice: bool = False,
    *,
    lock: StoreLock | None = None,
) -> tuple[list[list[str]], str]:
    """The card table's rows for a search, and a one-line count."""
    with _shared(lock):
        cards = sa.cards(include_practice=include_practice or lint_only)
    rows = report.card_rows(cards, query, lint_only)
    what = "cards with lint notes" if lint_only else "cards"
    return rows, f"{len(rows)} of {len(cards)} {what} shown" if query.strip() else f"{len(rows)} {what}"
