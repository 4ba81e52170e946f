"""The student's answer cut into the units matched against key points: sentences and clauses.

Example:
    >>> answer_units("It keeps values small, so softmax stays soft. Gradients are fine.")
    ['It keeps values small, so softmax stays soft. Gradients are fine.', 'It keeps values small, so softmax stays soft.', 'Gradients are fine.', 'It keeps values small', 'so softmax stays soft.']
"""

from __future__ import annotations

import re

#: Units beyond this many are dropped (the whole answer is always the first).
MAX_UNITS = 12

_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSES = re.compile(
    r",\s+(?=(?:which|so|and|but|while|whereas|because|allowing|making|ensuring|then|where)\b)|;\s+"
    r"|\s+(?=(?:while|whereas|because)\b)"
)


def answer_sentences(answer: str) -> list[str]:
    """The answer's sentences (split at ``.!?;`` and line breaks)."""
    return [s.strip() for s in _SENTENCES.split(answer) if s.strip()]


def answer_units(answer: str) -> list[str]:
    """The whole answer, its sentences, then their clauses (no repeats, at most :data:`MAX_UNITS`)."""
    whole = " ".join(answer.split())
    units = [whole]
    sentences = answer_sentences(answer)
    if len(sentences) > 1:
        units += sentences
    for sentence in sentences:
        clauses = [c.strip() for c in _CLAUSES.split(sentence) if c.strip()]
        if len(clauses) > 1:
            units += clauses
    return list(dict.fromkeys(units))[:MAX_UNITS]
