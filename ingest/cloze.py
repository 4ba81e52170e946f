"""Cloze deletions (``{{c1::answer::hint}}``), as Anki writes them: one card per cloze number.

For cloze number *n* the question is the text with every deletion numbered *n* blanked:
``[hint]`` when the deletion has a hint, ``[...]`` otherwise; the other deletions show their
text. Deletions may nest (``{{c1::a {{c2::b}} c}}``); a broken marker is left as text.

Example:
    >>> cards = cloze_cards("{{c1::Softmax::function}} turns scores into {{c2::weights}}.")
    >>> [(c.question, c.deleted) for c in cards]  # doctest: +NORMALIZE_WHITESPACE
    [('[function] turns scores into weights.', 'Softmax'),
     ('Softmax turns scores into [...].', 'weights')]
    >>> cards[0].full
    'Softmax turns scores into weights.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPEN = re.compile(r"\{\{c(\d{1,4})::")
_MAX_DEPTH = 50


@dataclass
class _Deletion:
    number: int
    parts: list[str | _Deletion] = field(default_factory=list)
    hint: str | None = None


@dataclass(frozen=True)
class ClozeCard:
    """One cloze number's card: the question with its gaps, the deleted text, the full text."""

    number: int
    question: str
    deleted: str
    full: str


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers used in ``text``, ascending."""
    return sorted({int(m.group(1)) for m in _OPEN.finditer(text)})


def cloze_cards(text: str) -> list[ClozeCard]:
    """One :class:`ClozeCard` per cloze number in ``text`` (none when it has no deletion)."""
    tree = _parse(text)
    full = _render(tree, None)
    deletions = _deletions(tree)
    cards = []
    for n in sorted({d.number for d in deletions}):
        deleted = [_render(d.parts, None) for d in deletions if d.number == n]
        cards.append(ClozeCard(n, _render(tree, n), ", ".join(deleted), full))
    return cards


def _parse(text: str) -> list[str | _Deletion]:
    """Text and deletions; an unclosed ``{{cN::`` stays as plain text."""
    root: list[str | _Deletion] = []
    stack: list[tuple[_Deletion, str]] = []  # open deletions with the marker that opened them
    i = 0
    while i < len(text):
        target = stack[-1][0].parts if stack else root
        m = _OPEN.match(text, i)
        if m and len(stack) < _MAX_DEPTH:
            stack.append((_Deletion(int(m.group(1))), m.group(0)))
            i = m.end()
            continue
        if stack and text.startswith("}}", i):
            deletion, _ = stack.pop()
            _split_hint(deletion)
            (stack[-1][0].parts if stack else root).append(deletion)
            i += 2
            continue
        nxt = _next_marker(text, i + 1, bool(stack))
        target.append(text[i:nxt])
        i = nxt
    while stack:  # unclosed: put the marker and its content back as text, in place
        deletion, marker = stack.pop()
        (stack[-1][0].parts if stack else root).extend([marker, *deletion.parts])
    return root


def _next_marker(text: str, start: int, inside: bool) -> int:
    candidates = [text.find("{{c", start)]
    if inside:
        candidates.append(text.find("}}", start))
    found = [c for c in candidates if c >= 0]
    return min(found) if found else len(text)


def _split_hint(deletion: _Deletion) -> None:
    """``answer::hint``: the hint follows the last ``::`` in the deletion's own text."""
    for k in range(len(deletion.parts) - 1, -1, -1):
        part = deletion.parts[k]
        if isinstance(part, str) and "::" in part:
            before, hint = part.rsplit("::", 1)
            deletion.hint = hint + "".join(p for p in deletion.parts[k + 1 :] if isinstance(p, str))
            deletion.parts = [*deletion.parts[:k], before]
            return


def _deletions(parts: list[str | _Deletion]) -> list[_Deletion]:
    found = []
    for p in parts:
        if isinstance(p, _Deletion):
            found.append(p)
            found += _deletions(p.parts)
    return found


def _render(parts: list[str | _Deletion], blank: int | None) -> str:
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        elif p.number == blank:
            out.append(f"[{p.hint}]" if p.hint else "[...]")
        else:
            out.append(_render(p.parts, blank))
    return "".join(out)
