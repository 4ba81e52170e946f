"""Flashcard exports: a question line, then an answer that may run over many lines.

The export starts with an analytics header ("1/47", "No analytics yet", a ``Name | Mastery |``
table ...) that never reaches the index. A question is a line that asks (ends with "?") or
instructs ("Explain ...", "Write out ...", "Compare ..."); every line up to the next question is
its answer. The header's "1/N" gives the number of cards the export claims; a different count
is reported as a problem so that a mis-split never goes unnoticed.
"""

from __future__ import annotations

import re

from ingest.cards import Card, ParseResult, Problem
from ingest.parsers.common import build_card, non_empty_lines

FORMAT = "flashcard-export"

_COUNTER = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_BOILERPLATE = re.compile(
    r"^(looks like no tags are added yet\.?|no analytics yet|send a link to your students.*"
    r"|name\s*\|.*|\|?\s*-{3,}.*\|?|tags?:.*)$",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"^(explain|describe|write( out)?|match|compare|contrast|detail|state|name|map|define|list"
    r"|give|derive|summari[sz]e|outline|identify|show|calculate|compute|illustrate|discuss"
    r"|distinguish|sketch|prove)\b",
    re.IGNORECASE,
)
_MAX_QUESTION_WORDS = 60


def is_question(line: str) -> bool:
    """True for a line that asks or instructs, as a card's front does."""
    words = len(line.split())
    if words > _MAX_QUESTION_WORDS or words < 2:
        return False
    if line.endswith("?") or re.search(r"\?\s+[A-Z][^?]{0,80}\.$", line):
        return True  # "... word embeddings? Give an example."
    return bool(_INSTRUCTION.match(line) and line.endswith((".", ")")))


def sniff(text: str) -> float:
    """0.8 with the export header; 0.3 for any text that alternates questions and answers."""
    lines = [line for _, line in non_empty_lines(text)]
    if lines and (_COUNTER.match(lines[0]) or any(_BOILERPLATE.match(x) for x in lines[:8])):
        return 0.8
    questions = sum(1 for x in lines if is_question(x))
    return 0.3 if questions >= 1 and len(lines) > questions else 0.0


def parse(text: str, source: str) -> ParseResult:
    """One card per question line with the lines up to the next question as its answer."""
    lines = non_empty_lines(text)
    claimed = None
    if lines and (m := _COUNTER.match(lines[0][1])):
        claimed = int(m.group(2))
    body = [(n, x) for n, x in lines if not (_BOILERPLATE.match(x) or _COUNTER.match(x))]
    cards: list[Card] = []
    problems: list[Problem] = []
    question: tuple[int, str] | None = None
    answer: list[str] = []
    for lineno, line in body:
        if is_question(line) and (question is None or answer):
            if question:
                cards.append(build_card(source, question[1], "\n".join(answer)))
            question, answer = (lineno, line), []
        elif question is None:
            problems.append(Problem(source, lineno, "text before the first question was skipped"))
        else:
            answer.append(line)
    if question:
        kind = "flashcard" if answer else "practice"
        cards.append(build_card(source, question[1], "\n".join(answer), kind=kind))
    if claimed is not None and claimed != len(cards):
        found = f"{len(cards)} question/answer pairs were found"
        problems.append(Problem(source, 1, f"the header claims {claimed} cards, {found}", skipped=False))
    return ParseResult(FORMAT, tuple(cards), tuple(problems))
