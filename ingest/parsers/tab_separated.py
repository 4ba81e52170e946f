"""Tab-separated question/answer files (also Quizlet's default export: tab, then new line).

Each line is ``question<TAB>answer``; further columns are added to the answer. A line without a
tab continues the previous card's answer (Quizlet writes a definition's line breaks as they
are). A header line naming question/answer columns is the semicolon-CSV parser's.
"""

from __future__ import annotations

from ingest.cards import Card, ParseResult, Problem
from ingest.parsers.common import build_card, non_empty_lines

FORMAT = "tab-separated"


def sniff(text: str) -> float:
    """0.6 when the first line with text and most lines hold a tab."""
    lines = [line for _, line in non_empty_lines(text)][:200]
    if not lines or "\t" not in lines[0]:
        return 0.0
    with_tab = sum(1 for x in lines if "\t" in x)
    return 0.6 if with_tab >= 0.5 * len(lines) else 0.0


def parse(text: str, source: str) -> ParseResult:
    """One card per line with a tab; lines without one continue the answer above."""
    rows: list[tuple[int, str, list[str]]] = []
    problems: list[Problem] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        if "\t" in raw:
            question, *rest = raw.split("\t")
            rows.append((lineno, question, [c for c in rest if c.strip()]))
        elif rows:
            rows[-1][2].append(raw)
        else:
            problems.append(Problem(source, lineno, "line without a tab before the first card"))
    cards: list[Card] = []
    for lineno, question, answer in rows:
        if not question.strip():
            problems.append(Problem(source, lineno, "row has an empty question"))
            continue
        joined = "\n".join(answer)
        cards.append(build_card(source, question, joined, kind="flashcard" if joined.strip() else "practice"))
    return ParseResult(FORMAT, tuple(c for c in cards if c.question), tuple(problems))
