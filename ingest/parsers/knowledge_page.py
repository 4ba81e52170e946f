"""A knowledge page scraped from a course site: a titled note surrounded by navigation.

The page holds one note (a short title line followed by its paragraphs) and navigation sections
("Learn Before", "Contributors are:", "Tags", "Related", "Learn After"). Navigation titles never
become cards. Quiz stubs that sit among the navigation (long sentences, questions, true/false
claims) are kept as practice prompts: they have no answer on the page.
"""

from __future__ import annotations

import re

from ingest.cards import Card, ParseResult
from ingest.parsers.common import build_card, non_empty_lines

FORMAT = "knowledge-page"

_SECTIONS = {
    "learn before",
    "learn after",
    "related",
    "tags",
    "contributors are:",
    "who are from:",
    "prerequisites",
}
_COUNTER = re.compile(r"^\d{1,3}$")
_TITLE_MAX_WORDS = 14
_BODY_MIN_WORDS = 25
_STUB_MIN_WORDS = 15


def sniff(text: str) -> float:
    """0.9 when at least two navigation headings appear on lines of their own."""
    found = {line.lower() for _, line in non_empty_lines(text)} & _SECTIONS
    return 0.9 if len(found) >= 2 else 0.0


def parse(text: str, source: str) -> ParseResult:
    """The note(s) as cards of kind ``note``; quiz stubs as practice prompts."""
    lines = non_empty_lines(text)
    cards: list[Card] = []
    consumed: set[int] = set()
    for i, (_, line) in enumerate(lines):
        if i in consumed or not _is_title(line):
            continue  # checked first: scanning for a body after every line would be quadratic
        body = _body_after(lines, i)
        if body:
            answer = "\n".join(lines[j][1] for j in body)
            cards.append(build_card(source, line, answer, kind="note", metadata={"title": line}))
            consumed.update([i, *body])
    stub_lines = [line for i, (_, line) in enumerate(lines) if i not in consumed]
    for stub in _stubs(stub_lines):
        cards.append(build_card(source, stub, "", kind="practice"))
    return ParseResult(FORMAT, tuple(cards))


def _is_title(line: str) -> bool:
    return (
        len(line.split()) <= _TITLE_MAX_WORDS
        and line.lower() not in _SECTIONS
        and not line.endswith((".", "?", ":"))
        and not _COUNTER.match(line)
    )


def _body_after(lines: list[tuple[int, str]], i: int) -> list[int]:
    """Indices of the paragraphs that follow a title at ``i``, if it has any."""
    body = []
    for j in range(i + 1, len(lines)):
        line = lines[j][1]
        if len(line.split()) < _BODY_MIN_WORDS or line.lower() in _SECTIONS:
            break
        if not line.endswith((".", "!", ")")) or line.endswith("?"):
            break  # a wrapped or questioning quiz stub, not a paragraph of prose
        body.append(j)
    return body


def _stubs(lines: list[str]) -> list[str]:
    """Join wrapped quiz-stub lines and split glued ones; drop navigation titles."""
    joined: list[str] = []
    for line in lines:
        if line.lower() in _SECTIONS or _COUNTER.match(line):
            joined.append("")  # a heading ends whatever came before it
            continue
        prev = joined[-1] if joined else ""
        continues = _is_stub(prev) and (
            prev.endswith(":")
            or line.startswith("- ")
            or (prev.split("\n")[-1].startswith("- ") and line.endswith("?"))
            or not prev.endswith((".", "?", "!"))
        )
        if continues:
            sep = "\n" if line.startswith("- ") or joined[-1].endswith(":") else " "
            joined[-1] = f"{joined[-1]}{sep}{line}"
        else:
            joined.append(line)
    stubs = []
    for text in joined:
        # Extraction sometimes glues two stubs: "... vector y_i.You are calculating ..."
        stubs += [part for part in re.split(r"(?<=[a-z_\d][.?])(?=[A-Z][a-z])", text) if part]
    return [s.strip() for s in stubs if _is_stub(s)]


def _is_stub(line: str) -> bool:
    first = line.split("\n", 1)[0]
    return len(first.split()) >= _STUB_MIN_WORDS or first.endswith("?")
