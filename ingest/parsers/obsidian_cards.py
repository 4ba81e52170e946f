"""Obsidian spaced-repetition cards: ``question::answer`` lines and ``?``-separated blocks.

- A single-line card is ``question::answer`` (``:::`` for a reversed card, which is the same
  fact and gives one card).
- A multi-line card is a paragraph (lines between blank lines) holding a line with only ``?``
  (``??`` for reversed): the lines above it are the question, the lines below it the answer.

A tag line such as ``#flashcards/transformers`` names the deck (``transformers``), kept in the
cards' metadata. Fenced code, inline code (`` `std::vector` ``) and ``{{c1::...}}`` cloze
markers are never cards.
"""

from __future__ import annotations

import re

from ingest.cards import Card, ParseResult, Problem
from ingest.parsers.common import build_card

FORMAT = "obsidian-cards"

_SEPARATOR = re.compile(r"^\s*\?{1,2}\s*$")
_TAG = re.compile(r"#flashcards(?:/([\w/-]+))?")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"`[^`]*`")
_NOT_INLINE = re.compile(r"\{\{c\d|https?://|^\s*#")


def _paragraphs(text: str) -> list[list[tuple[int, str]]]:
    """Paragraphs of ``(line_number, line)`` outside fenced code."""
    paragraphs: list[list[tuple[int, str]]] = [[]]
    fence = False
    for n, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fence = not fence
            paragraphs.append([])
            continue
        if fence or not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append((n, line))
    return [p for p in paragraphs if p]


def _inline(line: str) -> tuple[str, str] | None:
    """``(question, answer)`` of a ``question::answer`` line (``:::`` too), else None."""
    if "::" not in _CODE_SPAN.sub("", line) or _NOT_INLINE.search(line):
        return None
    sep = ":::" if ":::" in line else "::"
    question, _, answer = line.strip().partition(sep)
    question, answer = question.strip(), answer.strip()
    if not question or not answer or "::" in answer or answer.startswith(":"):
        return None
    return question, answer


def sniff(text: str) -> float:
    """0.7 with a ``?`` separator line or a ``question::answer`` line."""
    for paragraph in _paragraphs(text):
        lines = [line for _, line in paragraph]
        if any(_SEPARATOR.match(x) for x in lines[1:-1]) or any(_inline(x) for x in lines):
            return 0.7
    return 0.0


def parse(text: str, source: str) -> ParseResult:
    """One card per ``::`` line and per ``?`` paragraph."""
    tag = _TAG.search(text)
    meta = {"deck": tag.group(1)} if tag and tag.group(1) else {}
    cards: list[Card] = []
    problems: list[Problem] = []
    for paragraph in _paragraphs(text):
        body = [(n, x) for n, x in paragraph if not _TAG.fullmatch(x.strip())]
        split = next((i for i, (_, x) in enumerate(body) if _SEPARATOR.match(x)), None)
        if split is not None:
            question = "\n".join(x for _, x in body[:split])
            answer = "\n".join(x for _, x in body[split + 1 :])
            if not question.strip() or not answer.strip():
                problems.append(Problem(source, body[split][0], "a '?' card needs text above and below it"))
                continue
            cards.append(build_card(source, question, answer, metadata=meta))
            continue
        for _, line in body:
            pair = _inline(line)
            if pair:
                cards.append(build_card(source, *pair, metadata=meta))
    return ParseResult(FORMAT, tuple(c for c in cards if c.question), tuple(problems))
