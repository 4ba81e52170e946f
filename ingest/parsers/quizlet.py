"""Quizlet exports with a chosen term/definition separator and row separator.

Quizlet lets the user pick the separator between term and definition (tab, comma or custom)
and between rows (new line, semicolon or custom). The pair is detected from the content: the
first pair in the lists below for which nearly every row splits into a term and a definition.
Tab with new line, Quizlet's default, is read by :mod:`ingest.parsers.tab_separated`. Quizlet
does not quote, so a term holding the separator cannot be told apart: the first separator splits.
"""

from __future__ import annotations

import re

from ingest.cards import Card, ParseResult, Problem
from ingest.parsers.common import build_card

FORMAT = "quizlet"

#: Row separators, in the order tried.
ROW_SEPARATORS = (";", "\n", "\n\n")
#: Term/definition separators, most specific first (the custom ones users pick most).
TERM_SEPARATORS = ("\t", " - ", " – ", " — ", " = ", " | ", " : ", ": ", ",")
_MIN_ROWS = 2
_AGREEMENT = 0.9
_MAX_TERM_CHARS = 500
_WORD = re.compile(r"\w")


def _rows(text: str, row_sep: str) -> list[str]:
    return [r.strip() for r in text.replace("\r\n", "\n").split(row_sep) if r.strip()]


def detect(text: str) -> tuple[str, str] | None:
    """``(term_separator, row_separator)`` that split ``text`` into cards, or None."""
    sample = text[:200_000]
    lines = len(_rows(sample, "\n"))
    for row_sep in ROW_SEPARATORS:
        rows = _rows(sample, row_sep)
        if len(rows) < _MIN_ROWS or (row_sep == ";" and len(rows) <= lines):
            continue  # semicolons inside line-separated rows are text, not row separators
        for term_sep in TERM_SEPARATORS:
            if term_sep == "\t" and row_sep == "\n":
                continue  # the tab-separated parser's
            if sum(1 for r in rows if _splits(r, term_sep)) >= _AGREEMENT * len(rows):
                return term_sep, row_sep
    return None


def _splits(row: str, term_sep: str) -> bool:
    term, sep, _ = row.partition(term_sep)
    # A term holds a letter or a digit: "(, , )" is punctuation, not a card.
    return (
        bool(sep)
        and len(term.strip()) <= _MAX_TERM_CHARS
        and "\n" not in term
        and _WORD.search(term) is not None
    )


def sniff(text: str) -> float:
    """0.65 for custom rows (semicolon, blank line), 0.5 for new-line rows, 0.25 when prose fits too
    (comma or colon on new lines)."""
    found = detect(text)
    if found is None:
        return 0.0
    if found[1] != "\n":
        return 0.65
    return 0.25 if found[0] in {",", ": ", " : "} else 0.5


def parse(text: str, source: str) -> ParseResult:
    """One card per row that holds the term separator."""
    found = detect(text)
    if found is None:
        return ParseResult(FORMAT, (), (Problem(source, None, "no term/definition separator fits the rows"),))
    term_sep, row_sep = found
    cards: list[Card] = []
    problems: list[Problem] = []
    for n, row in enumerate(_rows(text, row_sep), 1):
        term, sep, definition = row.partition(term_sep)
        if not sep or not term.strip():
            problems.append(
                Problem(source, None, f"row {n} has no term and definition separated by {term_sep!r}")
            )
            continue
        kind = "flashcard" if definition.strip() else "practice"
        cards.append(build_card(source, term, definition, kind=kind))
    return ParseResult(FORMAT, tuple(c for c in cards if c.question), tuple(problems))
