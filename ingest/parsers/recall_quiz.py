"""Recall-and-review quizzes: flashcards, multiple-choice items and open prompts.

- A flashcard is a level line (beginner, intermediate, advanced), the question, the answer,
  then "Click to reveal answer".
- A multiple-choice item is the question, a verdict line ("✗ Incorrect" / "✓ Correct"), then
  the explanation, which is the answer.
- An open prompt is the question, a hint, then "You got /4 concepts.": it has no answer and is
  kept as a practice prompt with its hint.
"""

from __future__ import annotations

import re

from ingest.cards import Card, ParseResult, Problem
from ingest.parsers.common import build_card, non_empty_lines

FORMAT = "recall-quiz"

_LEVEL = re.compile(r"^(beginner|intermediate|advanced|easy|medium|hard)$", re.IGNORECASE)
_REVEAL = re.compile(r"^click to (reveal|show) (the )?answer\.?$", re.IGNORECASE)
_VERDICT = re.compile(r"^[✗✓✔✘xX]?\s*(incorrect|correct)!?$", re.IGNORECASE)
_SCORE = re.compile(r"^you got \d*\s*/\s*\d+ concepts?\.?$", re.IGNORECASE)
_HEADER = re.compile(r"^(recall (&|and) review|review|quiz)$", re.IGNORECASE)


def sniff(text: str) -> float:
    """0.9 when reveal, verdict or score markers appear on lines of their own."""
    markers = [line for _, line in non_empty_lines(text) if _is_marker(line)]
    return 0.9 if markers else 0.0


def _is_marker(line: str) -> bool:
    return bool(_REVEAL.match(line) or _VERDICT.match(line) or _SCORE.match(line))


def parse(text: str, source: str) -> ParseResult:
    """Walk the lines; each marker closes the item it belongs to."""
    lines = [(n, line) for n, line in non_empty_lines(text) if not _HEADER.match(line)]
    cards: list[Card] = []
    problems: list[Problem] = []
    pending: list[tuple[int, str]] = []  # lines seen since the last item closed
    level = ""
    i = 0
    while i < len(lines):
        lineno, line = lines[i]
        if _LEVEL.match(line) and not pending:
            level = line.lower()
        elif _REVEAL.match(line):
            cards.append(_flashcard(pending, level, source, problems, lineno))
            pending, level = [], ""
        elif _VERDICT.match(line):
            # The explanation after the verdict is the answer; everything after it up to the
            # next item's question belongs to it only if it is not itself a question.
            explanation = lines[i + 1][1] if i + 1 < len(lines) else ""
            question = " ".join(text for _, text in pending)
            cards.append(build_card(source, question, explanation, kind="multiple-choice"))
            pending = []
            i += 1
        elif _SCORE.match(line):
            hint = pending[-1][1] if len(pending) > 1 else ""
            question = " ".join(text for _, text in pending[:-1] if pending[:-1]) or hint
            meta = {"hint": hint} if len(pending) > 1 else {}
            cards.append(build_card(source, question, "", kind="practice", metadata=meta))
            pending = []
        else:
            pending.append((lineno, line))
        i += 1
    if pending:
        problems.append(Problem(source, pending[0][0], "trailing text with no answer marker"))
    return ParseResult(FORMAT, tuple(c for c in cards if c.question), tuple(problems))


def _flashcard(
    pending: list[tuple[int, str]], level: str, source: str, problems: list[Problem], lineno: int
) -> Card:
    if len(pending) < 2:
        problems.append(Problem(source, lineno, "flashcard without both a question and an answer"))
    question = pending[0][1] if pending else ""
    answer = "\n".join(text for _, text in pending[1:])
    meta = {"level": level} if level else {}
    return build_card(source, question, answer, kind="flashcard" if answer else "practice", metadata=meta)
