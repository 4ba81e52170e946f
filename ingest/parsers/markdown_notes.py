"""Markdown notes with ``Q:`` / ``A:`` blocks, and (only when asked) headings as questions.

A block starts at a line ``Q: question`` (also ``**Q:**``, ``- Q:``); the question runs to the
line ``A: answer``, and the answer runs to the next ``Q:``, the next heading or a rule
(``---``). With ``headings=True`` (``study ingest --headings``) every heading whose section has
text becomes a card too: the heading is the question, the section's text (up to the next heading,
``Q:`` blocks left out) is the answer. Without it headings are only titles: most notes' headings
are not questions. YAML front matter and fenced code blocks are never read as structure.
"""

from __future__ import annotations

import re

from ingest.cards import Card, ParseResult, Problem
from ingest.parsers.common import build_card

FORMAT = "markdown"

_MARK = r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?"
_Q = re.compile(_MARK + r"Q\s*:\s*(?:\*\*|__)?\s*(.*)$")
_A = re.compile(_MARK + r"A\s*:\s*(?:\*\*|__)?\s*(.*)$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _lines(text: str) -> list[tuple[int, str, bool]]:
    """``(line_number, line, is_structure)``: structure is False inside front matter and code fences."""
    out = []
    fence = ""
    lines = text.splitlines()
    front = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in {"---", "..."}), None)
        front = end + 1 if end is not None else 0
    for n, line in enumerate(lines, 1):
        if n <= front:
            continue
        m = _FENCE.match(line)
        if m and (not fence or m.group(1)[0] == fence[0]):
            fence = "" if fence else m.group(1)
            out.append((n, line, False))
            continue
        out.append((n, line, not fence))
    return out


def has_headings(text: str) -> bool:
    """True when ``text`` has at least one Markdown heading outside code."""
    return any(s and _HEADING.match(line) for _, line, s in _lines(text))


def sniff(text: str) -> float:
    """0.85 with ``Q:`` and ``A:`` lines; 0.35 for headings alone.

    Headings alone give no card unless asked for, and the parse says so; 0.35 is above the
    flashcard export's guess for any text with questions (0.3), which would otherwise make a
    heading ending in "?" the question and the rest of the notes its answer.
    """
    qs = as_ = 0
    for _, line, structure in _lines(text):
        if structure:
            qs += bool(_Q.match(line))
            as_ += bool(_A.match(line))
    if qs and as_:
        return 0.85
    return 0.35 if has_headings(text) else 0.0


def parse(text: str, source: str, headings: bool = False) -> ParseResult:
    """``Q:``/``A:`` cards, and heading cards when ``headings`` is set."""
    cards: list[Card] = []
    problems: list[Problem] = []
    heading: tuple[int, str] | None = None
    body: list[str] = []
    block: dict[str, list[str]] | None = None  # the open Q:/A: block
    block_line = 0

    def close_block() -> None:
        nonlocal block
        if block is not None:
            question, answer = "\n".join(block["q"]).strip(), "\n".join(block["a"]).strip()
            if not question:
                problems.append(Problem(source, block_line, "a 'Q:' with no question"))
            elif "a" not in block or not block["started"]:
                problems.append(Problem(source, block_line, "a 'Q:' block with no 'A:' line"))
            else:
                cards.append(build_card(source, question, answer, kind="flashcard" if answer else "practice"))
        block = None

    def close_section() -> None:
        nonlocal heading, body
        answer = "\n".join(body).strip()
        if headings and heading is not None and answer:
            cards.append(
                build_card(source, heading[1], answer, kind="note", metadata={"heading": heading[1]})
            )
        heading, body = None, []

    for n, line, structure in _lines(text):
        h = _HEADING.match(line) if structure else None
        if h or (structure and _RULE.match(line)):
            close_block()
            if h:
                close_section()
                heading = (n, h.group(2))
            continue
        q = _Q.match(line) if structure else None
        a = _A.match(line) if structure and block is not None and not block["started"] else None
        if q:
            close_block()
            block, block_line = {"q": [q.group(1)], "a": [], "started": []}, n
        elif a and block is not None:
            block["a"].append(a.group(1))
            block["started"].append("yes")
        elif block is not None:
            block["a" if block["started"] else "q"].append(line)
        else:
            body.append(line)
    close_block()
    close_section()
    if not cards and has_headings(text) and not headings:
        problems.append(Problem(source, None, "headings are used as questions only when asked (--headings)"))
    return ParseResult(FORMAT, tuple(cards), tuple(problems))
