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
    joined: list[_Joined] = []
    for line in lines:
        if line.lower() in _SECTIONS or _COUNTER.match(line):
            joined.append(_Joined(""))  # a heading ends whatever came before it
            continue
        prev = joined[-1] if joined else _Joined("")
        continues = prev.first_is_stub and (
            prev.last.endswith(":")
            or line.startswith("- ")
            or (prev.last_line_start.startswith("- ") and line.endswith("?"))
            or not prev.last.endswith((".", "?", "!"))
        )
        if continues:
            prev.add("\n" if line.startswith("- ") or prev.last.endswith(":") else " ", line)
        else:
            joined.append(_Joined(line))
    stubs = []
    for entry in joined:
        # Extraction sometimes glues two stubs: "... vector y_i.You are calculating ..."
        text = "".join(entry.parts)
        stubs += [part for part in re.split(r"(?<=[a-z_\d][.?])(?=[A-Z][a-z])", text) if part]
    return [s.strip() for s in stubs if _is_stub(s)]


class _Joined:
    """Lines joined into one stub, kept as parts: joining stays linear in the text's length."""

    def __init__(self, line: str) -> None:
        self.parts = [line]
        self.last = line  # the last line added
        self.last_line_start = line  # the line that starts the stub's last line
        self._first_words = len(line.split(None, _STUB_MIN_WORDS))  # counted up to the minimum
        self._first_end = line  # the line its first line ends with
        self._first_open = True  # lines joined with a space still extend the first line

    @property
    def first_is_stub(self) -> bool:
        """What :func:`_is_stub` says of the joined text (it reads the first line only)."""
        return self._first_words >= _STUB_MIN_WORDS or self._first_end.endswith("?")

    def add(self, sep: str, line: str) -> None:
        if sep == "\n":
            self._first_open = False
            self.last_line_start = line
        elif self._first_open:
            self._first_end = line
            if self._first_words < _STUB_MIN_WORDS:
                self._first_words += len(line.split(None, _STUB_MIN_WORDS))
        self.parts += [sep, line]
        self.last = line


def _is_stub(line: str) -> bool:
    first = line.partition("\n")[0]
    # maxsplit: words are counted only as far as needed (a long joined line was quadratic)
    return len(first.split(None, _STUB_MIN_WORDS)) >= _STUB_MIN_WORDS or first.endswith("?")
