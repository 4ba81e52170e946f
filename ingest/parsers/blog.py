"""Blog-style cards: a bulleted title (``• DL0026 Self-Attention vs Cross-Attention``), the
question, a line ``Answer``, then the answer until the next bullet.

Teaser lines such as "Login to view more content" and the page's ``Tag:`` line are dropped.
"""

from __future__ import annotations

import re

from ingest.cards import Card, ParseResult, Problem
from ingest.parsers.common import build_card

FORMAT = "blog"

_ITEM = re.compile(r"^\s*[•·*\-]\s+(?:(?P<code>[A-Z]{1,5}\d{2,6})\s+)?(?P<title>\S.*)$")
_ANSWER = re.compile(r"^\s*answers?\s*:?\s*$", re.IGNORECASE)
_NOISE = re.compile(
    r"^\s*(login to view more content|log in to view more content|sign up.*|tags?:.*|share this.*)\s*$",
    re.IGNORECASE,
)


def sniff(text: str) -> float:
    """0.9 when bulleted items are followed by an ``Answer`` line."""
    lines = text.splitlines()
    items = sum(1 for line in lines if _ITEM.match(line))
    answers = sum(1 for line in lines if _ANSWER.match(line))
    return 0.9 if items and answers and answers <= items else 0.0


def parse(text: str, source: str) -> ParseResult:
    """One card per bulleted item that has an ``Answer`` section."""
    items: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if _ITEM.match(line) and not line.startswith((" " * 6, "\t\t")):
            items.append((lineno, [line]))
        elif items:
            items[-1][1].append(line)
    cards: list[Card] = []
    problems: list[Problem] = []
    for lineno, block in items:
        card = _item_card(block, source)
        if card is None:
            problems.append(Problem(source, lineno, "item has no 'Answer' section"))
        else:
            cards.append(card)
    return ParseResult(FORMAT, tuple(cards), tuple(problems))


def _item_card(block: list[str], source: str) -> Card | None:
    head = _ITEM.match(block[0])
    assert head is not None  # items start with a bullet line by construction
    body = [line for line in block[1:] if not _NOISE.match(line)]
    split = next((i for i, line in enumerate(body) if _ANSWER.match(line)), None)
    if split is None:
        return None
    question = " ".join(line.strip() for line in body[:split] if line.strip())
    answer = "\n".join(body[split + 1 :])
    title = head.group("title").strip()
    meta = {"title": title}
    if head.group("code"):
        meta["code"] = head.group("code")
    if not answer.strip():
        return build_card(source, question or title, "", kind="practice", metadata=meta)
    return build_card(source, question or title, answer, kind="flashcard", metadata=meta)
