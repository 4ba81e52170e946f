"""Swapped roles: the card's own words with two subjects' attributes exchanged.

A card that contrasts subjects ("Layer norm normalizes across features ..., while batch norm
normalizes across the batch ...", "Query asks what to focus on, Key represents ..., Value
holds ...", "BERT: ... GPT: ...") is read as clauses, each with a subject (a line's label, or the
clause's first content word) and a predicate (its other content words). A subject's
*distinctive* words are those of its predicates that no other subject's predicates use.

An answer clause led by one of the card's subjects is checked: when its predicate
shares more distinctive words with another subject than with its own, the roles were swapped
("Layer norm normalizes across the batch"). Bag-of-words coverage cannot see this: every word
is the card's.

Example:
    >>> card = ["Layer norm normalizes across features for each sample", "while batch norm uses batch stats"]
    >>> sorted(swapped_roles(card, "Layer norm uses batch stats, batch norm works per sample"))
    ['batch', 'layer']
    >>> swapped_roles(card, "Layer norm normalizes each sample over its features")
    frozenset()
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from assistant.grading.words import STOPWORDS, stem, words

_CLAUSES = re.compile(r"[;.\n]+\s*|,\s+|\s+(?=(?:while|whereas)\b)")
_CONNECTIVES = frozenset({"and", "but", "while", "whereas", "or", "so", "then", "also"})
_LABEL = re.compile(r"^\s*(?:[-•*]|\d+[.)])?\s*([A-Za-z][^:\n]{0,30}):\s*(.*)$")
_PRONOUNS = frozenset({"which", "that", "it", "this", "they", "these", "those", "its", "their", "both"})


def _content(text: str) -> list[str]:
    return [
        stem(w)
        for w in words(text)
        if w not in STOPWORDS and w not in _CONNECTIVES and len(w) >= 3 and not w[0].isdigit()
    ]


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSES.split(text) if c and c.strip()]


def card_roles(points: Sequence[str]) -> dict[str, set[str]]:
    """Subject stem -> the stems of its predicates, over the card's key points (empty unless the
    card has at least two subjects).

    A subject is a line's label ("BERT: ..."), or the first content word of a clause that
    starts with a capital letter or follows "while", "whereas", "and" or "but" ("..., while
    batch norm normalizes ..."); a clause that starts otherwise ("which helps ...") belongs to
    the subject before it.
    """
    roles: dict[str, set[str]] = defaultdict(set)
    subject = None
    for point in points:
        for line in point.splitlines():
            label = _LABEL.match(line)
            body = line
            if label and len(label.group(1).split()) <= 3:
                stems = _content(label.group(1))
                subject, body = (stems[0] if stems else subject), label.group(2)
            for clause in _clauses(body):
                raw = clause.split()
                connective = raw[0].lower() in _CONNECTIVES if raw else False
                tokens = [w for w in words(clause) if w not in _CONNECTIVES]
                content = _content(clause)
                if not tokens or not content:
                    continue
                first = raw[1] if connective and len(raw) > 1 else (raw[0] if raw else "")
                starts = (first[:1].isupper() or connective) and tokens[0] not in _PRONOUNS
                if label is None and starts:
                    subject, content = content[0], content[1:]
                if subject is not None:
                    roles[subject] |= set(content)
    return dict(roles) if len(roles) >= 2 else {}


def swapped_roles(points: Sequence[str], answer: str) -> frozenset[str]:
    """The subjects whose attributes the answer gives to another subject of the card."""
    roles = card_roles(points)
    if not roles:
        return frozenset()
    subjects = set(roles)
    distinctive = {
        s: roles[s] - set().union(*(roles[o] for o in subjects if o != s)) - subjects for s in subjects
    }
    swapped: set[str] = set()
    for clause in _clauses(answer):
        content = _content(clause)
        tokens = [w for w in words(clause) if w not in _CONNECTIVES]
        if not content or content[0] not in subjects or (tokens and tokens[0] in _PRONOUNS):
            continue  # no subject of the card leads this clause ("so it does not depend on the batch")
        head = content[0]
        predicate = set(content) - subjects
        own = len(predicate & distinctive[head])
        for other in subjects - {head}:
            if len(predicate & distinctive[other]) > own:
                swapped |= {head, other}
    return frozenset(swapped)
