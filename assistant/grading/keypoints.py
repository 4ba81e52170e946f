"""A card's answer split into key points, each an exact span of the answer.

Splitting, in order:

1. lines (the answer's own line breaks, bullets and numbering stripped from the span);
2. sentences (``. `` before a capital letter);
3. a list the export ran together after a colon ("...: A residual connection is applied ...
   output Layer normalization is performed ..."): split where a lower-case word is followed by
   a capitalised one;
4. long clauses joined by ", which", ", allowing", "; ", " while " and the like.

Then pieces are tidied: a label on its own ("Formula:") joins the span that follows it; a piece
with fewer than :data:`MIN_WORDS` content words joins its neighbour; a piece that only restates
the question ("After the self-attention mechanism in an encoder:") is dropped, unless nothing
else is left. A piece that is mostly mathematics is marked ``formula``.

Example:
    >>> card = Card("c", "d.txt", "Why scale?", "Scaling prevents large dot products, which keeps softmax stable.")
    >>> [k.text for k in key_points(card)]
    ['Scaling prevents large dot products', 'which keeps softmax stable.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.grading.formula import looks_like_formula
from assistant.grading.record import KeyPoint
from assistant.grading.words import content_stems
from ingest.cards import Card

#: A piece with fewer content words than this joins its neighbour.
MIN_WORDS = 3
#: At most this many key points per card (the shortest neighbours are joined beyond it).
MAX_POINTS = 8

_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"^\s*(?:[-•*·]|\d+[.)]|[a-z][.)])\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\\$])|\s*(?=\\\[)|(?<=:)\s+(?=\S*=)")
_RUN_ON = re.compile(r"(?<=[a-z0-9)])\s+(?=[A-Z][a-z]+\s+[a-z(])")
_CLAUSE = re.compile(
    r"(?:,\s+|;\s+|\s+)(?=(?:which|allowing|making|so that|while|whereas|ensuring|resulting|"
    r"representing|improving|enabling|helping|thereby|because)\b)"
)
_LABEL = re.compile(r"^[^.:]{1,40}:\s*$")


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut at every match of ``pattern`` (the separators left out)."""
    position = start
    for match in pattern.finditer(text, start, end):
        if match.start() > position:
            yield position, match.start()
        position = max(position, match.end())
    if position < end:
        yield position, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding blanks, a bullet, or a leading "|" or "-"."""
    while start < end and text[start] in " \t|-•*·":
        start += 1
    bullet = _BULLET.match(text, start, end)
    if bullet:
        start = bullet.end()
    while end > start and text[end - 1] in " \t|":
        end -= 1
    return start, end


def _pieces(answer: str) -> list[tuple[int, int]]:
    pieces = []
    for line in _LINE.finditer(answer):
        for s_start, s_end in _spans(answer, _SENTENCE, *_trim(answer, line.start(), line.end())):
            colon = answer.find(": ", s_start, s_end)
            runs = [(s_start, s_end)]
            if colon > 0 and len(answer[colon:s_end].split()) > 12 and "," not in answer[colon:s_end][:0]:
                runs = [(s_start, colon + 1), *_spans(answer, _RUN_ON, colon + 2, s_end)]
            for r_start, r_end in runs:
                for c_start, c_end in _spans(answer, _CLAUSE, r_start, r_end):
                    start, end = _trim(answer, c_start, c_end)
                    if end > start:
                        pieces.append((start, end))
    return pieces


def _weight(answer: str, span: tuple[int, int]) -> int:
    return len(content_stems(answer[span[0] : span[1]]))


def _merge(answer: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Labels and short pieces joined to a neighbour; at most :data:`MAX_POINTS` pieces."""
    merged: list[tuple[int, int]] = []
    label: int | None = None
    for start, end in pieces:
        text = answer[start:end]
        if _LABEL.match(text):
            label = start if label is None else label  # "Formula:" joins what follows it
            continue
        if label is not None:
            start, label = label, None
            merged.append((start, end))
        elif merged and _weight(answer, (start, end)) < MIN_WORDS and not looks_like_formula(text):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if label is not None:
        merged.append((label, pieces[-1][1]))
    if len(merged) > 1 and _weight(answer, merged[0]) < MIN_WORDS and not looks_like_formula(
        answer[merged[0][0] : merged[0][1]]
    ):
        merged[:2] = [(merged[0][0], merged[1][1])]
    while len(merged) > MAX_POINTS:
        sizes = [_weight(answer, (merged[i][0], merged[i + 1][1])) for i in range(len(merged) - 1)]
        i = sizes.index(min(sizes))
        merged[i : i + 2] = [(merged[i][0], merged[i + 1][1])]
    return merged


def _restates_question(text: str, question: str) -> bool:
    stems = set(content_stems(text))
    return bool(stems) and len(stems - set(content_stems(question))) <= 1 and text.rstrip().endswith(":")


def key_points(card: Card) -> tuple[KeyPoint, ...]:
    """The key points of ``card``'s answer, in order; empty for a practice prompt."""
    answer = card.answer
    if not answer.strip():
        return ()
    spans = _merge(answer, _pieces(answer))
    kept = [s for s in spans if not _restates_question(answer[s[0] : s[1]], card.question)] or spans
    return tuple(
        KeyPoint(answer[start:end], start, end, looks_like_formula(answer[start:end])) for start, end in kept
    )
