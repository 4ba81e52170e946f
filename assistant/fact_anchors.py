"""Fact anchors: a question that names a symbol and a value is about the card that states both.

"Why is d_k = 64 in the base model?" is answered by a card line such as "Internal head
dimensions: dk=dv=dmodel/h=512/8=64." MiniLM reads compact notation poorly: that card's best
similarity to the question is 0.35, under the abstention threshold, and two cards about scaling
by √d_k rank above it. The notation itself is the better evidence. A question's *anchors* are
the symbols it writes with a subscript or superscript (``d_k``, ``d_{model}``, ``W^O``) and the
numbers it gives; a card *holds* them when one line of its text has every anchor within
:data:`SPAN` tokens, symbols compared in compact form (``d_k``, ``d_{k}``, ``d_\\text{k}`` and
``dk`` are one symbol). A question with no symbol or no number has no anchors.

Retrieval moves the first card that holds the anchors to the front (:func:`promote_anchored`),
and the coverage judge does not abstain on similarity alone when the first card holds them
(:func:`holds_anchors`); its other signals (words no card uses) still apply.

Example:
    >>> anchors("Why is d_k = 64 in the base model?")
    Anchors(symbols=('dk',), numbers=('64',))
    >>> holds_anchors("Why is d_k = 64?", "Internal head dimensions: dk=dv=dmodel/h=512/8=64.")
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answers import Hit

#: Most tokens from the first anchor to the last on the card's line.
SPAN = 12
#: How many of the ranked hits are searched for a card that holds the anchors.
DEPTH = 10

_STYLE = re.compile(r"\\(?:text|mathrm|mathbf|mathit|boldsymbol|operatorname)\s*")
_COMMAND = re.compile(r"\\[A-Za-z]+")
_SCRIPT = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,3})\s*[_^][\s{]*([A-Za-z0-9]{1,8})[\s}]*")
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]|\.\d)")


@dataclass(frozen=True)
class Anchors:
    """A question's anchors: its scripted symbols (compact, lower case) and its numbers."""

    symbols: tuple[str, ...]
    numbers: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.symbols) and bool(self.numbers)


def _compact(text: str) -> str:
    """``text`` lower-cased, LaTeX styling and commands dropped, ``d_{k}`` joined to ``dk``."""
    text = _COMMAND.sub(" ", _STYLE.sub("", text))
    return _SCRIPT.sub(r"\1\2", text).lower()


def anchors(question: str) -> Anchors:
    """The symbols with a sub- or superscript and the numbers that ``question`` writes."""
    plain = _STYLE.sub("", question)
    symbols = tuple(dict.fromkeys((a + b).lower() for a, b in _SCRIPT.findall(plain)))
    rest = _SCRIPT.sub(" ", plain)
    numbers = tuple(dict.fromkeys(_NUMBER.findall(rest)))
    return Anchors(symbols, numbers)


def holds_anchors(question: str | Anchors, text: str) -> bool:
    """True when one line of ``text`` has every anchor of ``question`` within :data:`SPAN` tokens."""
    wanted = anchors(question) if isinstance(question, str) else question
    if not wanted:
        return False
    needed = set(wanted.symbols) | set(wanted.numbers)
    for line in text.split("\n"):
        tokens = _TOKEN.findall(_compact(line))
        places = [i for i, token in enumerate(tokens) if token in needed]
        if {tokens[i] for i in places} != needed:
            continue
        if _shortest_window(tokens, places, needed) <= SPAN:
            return True
    return False


def _shortest_window(tokens: list[str], places: list[int], needed: set[str]) -> int:
    """Fewest tokens from first to last of a stretch of the line that holds every needed token."""
    best = len(tokens)
    for start_at, start in enumerate(places):
        seen: set[str] = set()
        for end in places[start_at:]:
            seen.add(tokens[end])
            if seen == needed:
                best = min(best, end - start + 1)
                break
    return best


def promote_anchored(question: str, hits: Sequence[Hit]) -> list[Hit]:
    """``hits`` with the best-ranked card that holds the question's anchors moved to the front.

    The hits' ``rank`` follows the new order; their scores are left as fused.
    """
    wanted = anchors(question)
    out = list(hits)
    if not wanted:
        return out
    for i, hit in enumerate(out[:DEPTH]):
        if holds_anchors(wanted, f"{hit.question}\n{hit.answer}"):
            order = [out[i], *out[:i], *out[i + 1 :]]
            return [replace(h, rank=rank) for rank, h in enumerate(order, 1)] if i else out
    return out
