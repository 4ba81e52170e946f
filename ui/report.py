"""The Decks tab's views: the ingest diff report and the searchable card table.

Pure functions from :class:`~ingest.pipeline.IngestReport` and :class:`~ingest.cards.Card`
to Markdown and table rows.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ingest.cards import Card, Problem
from ingest.pipeline import IngestReport
from ui.render import escape_tags
from ui.uploads import Refused

#: Columns of the card table.
CARD_COLUMNS = ["deck", "kind", "question", "answer", "lint notes"]
#: Longest answer shown in the card table, in characters.
ANSWER_PREVIEW_CHARS = 220
#: Cards listed per state in the report; the rest are counted.
MAX_LISTED = 40


def md_text(text: str) -> str:
    """Plain text made safe inside Markdown: no HTML, no table-breaking pipes."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _where(problem: Problem) -> str:
    name = Path(problem.source).name
    return f"{name}, line {problem.line}" if problem.line else name


def _card_lines(ids: Sequence[str], cards: Mapping[str, Card]) -> list[str]:
    lines = []
    for card_id in ids[:MAX_LISTED]:
        card = cards.get(card_id)
        lines.append(f"- {md_text(card.question)} · `{card.source}`" if card else f"- `{card_id}`")
    if len(ids) > MAX_LISTED:
        lines.append(f"- … and {len(ids) - MAX_LISTED} more")
    return lines


def ingest_report_markdown(
    report: IngestReport | None, refused: Sequence[Refused] = (), cards: Mapping[str, Card] | None = None
) -> str:
    """The diff report of one ingest: counts, the cards behind them, every skip with its reason.

    Args:
        report: What the ingest did (``None`` when every upload was refused before it).
        refused: Uploads refused before the ingest; they count as skipped.
        cards: The store's cards after the ingest by id, to name added and updated cards.

    Returns:
        Markdown.
    """
    report = report or IngestReport()
    cards = cards or {}
    counts = report.counts()
    counts["skipped"] += len(refused)
    lines = ["### Ingest report", ""]
    if report.sources:
        read = ", ".join(f"`{name}` ({fmt})" for name, fmt in report.sources.items())
        lines += [f"Read {read}.", ""]
    lines += [
        "| " + " | ".join(counts) + " |",
        "|" + "---:|" * len(counts),
        "| " + " | ".join(str(v) for v in counts.values()) + " |",
        "",
    ]
    for title, ids in (("Added", report.added_ids), ("Updated", report.updated_ids)):
        if ids:
            lines += [f"**{title} ({len(ids)})**", "", *_card_lines(ids, cards), ""]
    if report.removed_ids:
        lines += [f"**Removed ({len(report.removed_ids)})**", ""]
        lines += [f"- `{card_id}`" for card_id in report.removed_ids[:MAX_LISTED]]
        lines.append("")
    skips = [f"- **{md_text(r.name)}**: {md_text(r.reason)}" for r in refused]
    skips += [f"- **{md_text(_where(p))}**: {md_text(p.reason)}" for p in report.problems]
    if skips:
        lines += [f"**Skipped ({len(skips)})**", "", *skips, ""]
    if report.warnings:
        lines += ["**Notes**", ""] + [f"- {md_text(_where(w))}: {md_text(w.reason)}" for w in report.warnings]
    if not report.changed and not skips and report.sources:
        lines += ["Nothing changed: the store already holds these cards."]
    return "\n".join(lines).strip() + "\n"


def _matches(card: Card, terms: Iterable[str]) -> bool:
    haystack = " ".join([card.question, card.answer, card.source, card.card_id, *card.lint]).casefold()
    return all(term in haystack for term in terms)


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ANSWER_PREVIEW_CHARS else text[: ANSWER_PREVIEW_CHARS - 1] + "…"


def card_rows(cards: Iterable[Card], query: str = "", lint_only: bool = False) -> list[list[str]]:
    """Rows of the card table (:data:`CARD_COLUMNS`) for the cards that match ``query``.

    Every word of ``query`` must occur (case-insensitively) in the card's question, answer,
    deck, id or lint notes. Question and answer are Markdown (the table renders their LaTeX),
    with tag-like ``<`` escaped.
    """
    terms = query.casefold().split()
    return [
        [
            c.source,
            c.kind,
            escape_tags(c.question),
            escape_tags(_preview(c.answer)) or "(practice prompt: no answer)",
            "; ".join(c.lint),
        ]
        for c in cards
        if (not lint_only or c.lint) and _matches(c, terms)
    ]
