"""Polarity word by word: does the answer deny what a key point asserts, about the same words?

Counting every negator and opposite word in the matching part of the answer (the grader's
first design) reverses the whole point on a negation about something else ("instead of one
fixed vector", "keeps the dot products from growing, so softmax stays stable"): on the
development answers it took 13 of 86 correct answers for contradictions. Here a cue reaches
only the words it governs:

- a negator ("not", "never", "without", "instead of", "unless") or a preventing verb
  ("prevents", "avoids", "keeps X from") governs the next :data:`SCOPE` content words, up to a
  clause boundary (punctuation, "and", "so", "but", "because", "which" ...); "prevents X from
  Y" governs Y; "replaces X with Y" governs X, as a preventing verb;
- each content word the point and the answer share gets a polarity on each side: the parity
  of the cues that govern it;
- a word of the point that the answer replaced by an opposite ("small" for "large") takes the
  opposite's polarity, reversed;
- the answer flips the point when a shared word's polarities differ.

A preventing verb is a cue the word lists may lack a synonym of ("fights", "reduces"), so it
counts on a word only when the other side shows a cue on that word too (a negator, a preventing
or causing verb, or an opposite word): "They fight vanishing gradients" does not deny "They help
mitigate the vanishing gradient problem", "They cause the vanishing gradient problem" does.

Example:
    >>> denies("Scaling prevents the values from becoming too large", "Scaling makes the values large")
    True
    >>> denies("Scaling prevents the values from becoming too large", "it keeps the values small")
    False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.grading.cues import CAUSERS, NEGATORS, OPPOSITES, PREVENTERS
from assistant.grading.words import STOPWORDS, stem

#: Content words a cue governs.
SCOPE = 4
#: Words that end a cue's scope (a new clause starts).
BOUNDARY_WORDS = frozenset(
    ["and", "so", "but", "because", "which", "while", "whereas", "then", "since", "thus", "hence", "or"]
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_']*|\d+(?:\.\d+)?|[,;:.!?()\[\]—–]")
#: "instead of X", "rather than X", "unless X": X is denied.
_INSTEAD = re.compile(r"\binstead\s+of\b|\brather\s+than\b|\bunless\b", re.IGNORECASE)
#: "replaces X with Y": X is put aside (as a preventing verb governs it), Y is not.
_REPLACE_WITH = re.compile(r"\breplac(?:e|es|ed|ing)\s+(.{1,80}?)\s+(?:with|by)\b", re.IGNORECASE)
#: A label that opens a key point ("Scale Factor Function: ..."): it names, it asserts nothing.
_LABEL = re.compile(r"^\s*[^:.;\n]{1,40}:\s+(?=\S)")
_NOT_NEGATIONS = re.compile(r"\bno\s+matter\b|\bregardless\b|\bnot\s+only\b", re.IGNORECASE)
#: "prevents X from Y", "keeps X from Y", "stops X from Y": the cue governs Y, not X.
_VERB_FROM = re.compile(
    r"\b(?:prevent|keep|stop|block)(?:s|ed|ing)?\s+(?:[\w']+\s+){0,5}?from\b", re.IGNORECASE
)


@dataclass
class _Reading:
    """Each content stem of a text with, for every place it occurs, how many negators and how
    many preventing verbs govern it; and the stems some cue governs (causers included)."""

    places: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    cued: set[str] = field(default_factory=set)


@dataclass
class _Scope:
    kind: str  # "neg", "prev" or "cause"
    left: int  # content words it still governs


def _read(text: str) -> _Reading:
    text = _VERB_FROM.sub(" prevents ", _NOT_NEGATIONS.sub(" , ", text))
    text = _INSTEAD.sub(" not ", _REPLACE_WITH.sub(r" prevents \1 , ", text))
    reading = _Reading()
    scopes: list[_Scope] = []
    for raw in _TOKEN.findall(text):
        token = raw.lower().replace("'", "")
        if not token[0].isalnum() or token in BOUNDARY_WORDS:
            scopes.clear()
            continue
        if token in NEGATORS or token in PREVENTERS or token in CAUSERS:
            kind = "neg" if token in NEGATORS else "prev" if token in PREVENTERS else "cause"
            scopes.append(_Scope(kind, SCOPE))
            continue
        if token in STOPWORDS:
            continue
        word = stem(token)
        negators = sum(s.kind == "neg" for s in scopes)
        preventers = sum(s.kind == "prev" for s in scopes)
        reading.places.setdefault(word, []).append((negators, preventers))
        if scopes:
            reading.cued.add(word)
        for scope in scopes:
            scope.left -= 1
        scopes = [s for s in scopes if s.left > 0]
    return reading


def _polarity(reading: _Reading, word: str, other_cued: bool) -> int | None:
    """The word's polarity (0 asserted, 1 denied), or None when its places disagree."""
    values = {(n + (p if other_cued else 0)) % 2 for n, p in reading.places[word]}
    return values.pop() if len(values) == 1 else None


def denies(point: str, answer: str, whole_card: str = "") -> bool:
    """True when ``answer`` gives a word it shares with ``point`` the opposite polarity.

    An opposite word counts for the point's word only when the answer lacks that word and
    neither the point nor the rest of the card (``whole_card``) uses the opposite ("decoder" is
    no opposite of "encoder" on a card that speaks of both).
    """
    p, a = _read(_LABEL.sub("", point, count=1)), _read(answer)
    context = set(p.places) | {stem(w) for w in re.findall(r"[A-Za-z]+", whole_card.lower())}
    for word in p.places:
        if word in a.places:
            mine, theirs = _polarity(p, word, word in a.cued), _polarity(a, word, word in p.cued)
            if mine is not None and theirs is not None and mine != theirs:
                return True
            continue
        for opposite in OPPOSITES.get(word, frozenset()):
            if opposite in a.places and opposite not in context:
                # the answer says the opposite word: its polarity, reversed, is the point word's
                mine, theirs = _polarity(p, word, True), _polarity(a, opposite, True)
                if mine is not None and mine == theirs:
                    return True
    return False
