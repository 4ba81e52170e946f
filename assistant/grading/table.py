"""Table rows ("Self-Attention: O(N2⋅d)", "Parallel attention heads: h=8"): the value given for a
row's label in the answer must be the card's.

A row is a key point of the form ``label: value`` whose value holds a big-O expression or a
number. In the answer, each mention of the label (any of its content words) is followed up to
the next clause boundary or the next mention of another row's label; the values found there
(or, when none follow, just before the mention: "8 heads") are compared with the card's, after
normalising (``O(N^2 d)`` and ``O(N2⋅d)`` are the same). A match covers the row; a different
value contradicts it, unless it is the value of another row with the same label (a table
with two columns: "Self-Attention: O(N2⋅d)" per layer and "Self-Attention: O(1)" sequential
operations).

Example:
    >>> rows = ["Self-Attention: O(1)", "Recurrent: O(N)"]
    >>> row_agreement(rows[0], "Self-attention is O(1) and recurrent is O(N).", rows)
    True
    >>> row_agreement(rows[0], "Self-attention is O(N), recurrent is O(1).", rows)
    False
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.grading.words import STOPWORDS, stem, words

_ROW = re.compile(r"^\s*([^:\n]{2,40}):\s*(.+)$", re.DOTALL)
_BIG_O = re.compile(r"O\s*\((?:[^()]|\([^()]*\))*\)", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![A-Za-z_])\d+(?:\.\d+)?")
_BOUNDARY = re.compile(r"[;,.\n]\s|[;\n]")


def _normal(value: str) -> str:
    value = re.sub(r"\\cdot|\\times|[\s^⋅·*×_{}\\]", "", value.lower())
    return value.replace("−", "-")


def values(text: str) -> set[str]:
    """The big-O expressions and numbers in ``text``, normalised."""
    big_o = [_normal(v) for v in _BIG_O.findall(text)]
    rest = _BIG_O.sub(" ", text)
    return set(big_o) | {_normal(n) for n in _NUMBER.findall(rest)}


def row(point: str) -> tuple[set[str], set[str]] | None:
    """The label's stems and the values of a ``label: value`` row, or ``None``."""
    match = _ROW.match(point.strip().splitlines()[-1] if point.strip() else point)
    if not match:
        return None
    found = values(match.group(2))
    label = {stem(w) for w in words(match.group(1)) if w not in STOPWORDS and not w.isdigit()}
    return (label, found) if found and label else None


def _mentions(answer: str, label: set[str]) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in re.finditer(r"[A-Za-z][A-Za-z0-9_'-]*", answer)
        if any(stem(part) in label for part in re.split(r"[-_]", m.group().lower()) if part)
    ]


def row_agreement(point: str, answer: str, rows: Sequence[str]) -> bool | None:
    """True when the answer gives the row's value for its label, False when it gives another
    value, ``None`` when the point is no row or the answer does not speak of its label."""
    parsed = row(point)
    if parsed is None:
        return None
    label, expected = parsed
    parsed_rows = [r for r in map(row, rows) if r is not None]
    others = set().union(*(r[0] for r in parsed_rows if r[0] != label)) - label
    same_label = set().union(*(r[1] for r in parsed_rows if r[0] == label))
    stops = sorted(start for start, _ in _mentions(answer, others)) if others else []
    given: set[str] = set()
    for start, end in _mentions(answer, label):
        boundary = _BOUNDARY.search(answer, end)
        limit = min([s for s in stops if s > end] + [boundary.start() if boundary else len(answer)])
        after = values(answer[end:limit])
        if not after:
            begin = max([m.end() for m in _BOUNDARY.finditer(answer, 0, start)] + [0])
            after = values(answer[begin:start])
        given |= after
    if not given:
        return None
    if given & expected:
        return True
    return None if given <= same_label else False  # another row's value for the same label
