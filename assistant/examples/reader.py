"""The reader of numeric requests: a student's text → kind, every argument, and what went unused.

Three passes over the question, each keeping the character span of what it read:

1. **Literals** (:mod:`assistant.examples.literals`): every array in any notation, and
   vectors listed one after another joined into one matrix.
2. **Names** (:mod:`assistant.examples.reader_rules`): each array takes the name written just
   before it ("the query", "keys", ``Q =``, ``gamma:``), several names when they are chained
   ("Q, K and V are all ...", "queries = keys = ..."), stacked rows for ``x_1 = ..``,
   ``x_2 = ..``; an unnamed array goes where the kind puts one (softmax: the scores).
3. **Scalars and words** over the text with the arrays blanked out: sizes, temperature, step,
   warm-up, smoothing (:data:`~assistant.examples.routing_rules.SCALARS`), the class index in
   words ("the correct class is the first one"), options (causal, a padding mask, gain, bias).

Nothing given is replaced silently: a number read twice with two values, an array with no
place in the kind, or an array of the wrong shape becomes a *problem* (the answer states it and
computes nothing), and a number the reader could not place is listed in a note.

:func:`~assistant.examples.routing.route` runs the passes in that order.

Example:
    >>> from assistant.examples.routing import route
    >>> r = route("Q, K and V are all [[1, 0], [0, 1]], causal")
    >>> r.kind, dict(r.params)
    ('attention', {'Q': [[1, 0], [0, 1]], 'K': [[1, 0], [0, 1]], 'V': [[1, 0], [0, 1]], 'mask': 'causal'})
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.examples import reader_rules as rules
from assistant.examples.literals import Literal, find_literals, list_rows

__all__ = ["Reading", "mask_spans", "read_arrays", "read_class", "read_padding", "unread_numbers"]

_PLAIN_NUMBER = re.compile(r"(?<![\w.\-−^])[-−]?\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?%?(?![\w])")


@dataclass
class Reading:
    """What the reader found; filled in by the passes.

    Attributes:
        params: Parameter name → value, as read (ints stay ints).
        problems: Numbers that cannot be used, each naming the number and why.
        notes: Readings worth stating (e.g. "class 'first' read as index 0").
        spans: Character spans of the text that were read.
    """

    params: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def put(self, name: str, value: Any, what: str) -> None:
        """Set ``name``; a second, different value is a problem that names both."""
        if name in self.params and self.params[name] != value:
            self.problems.append(
                f"{name} is given twice with different values ({_short(self.params[name])} and "
                f"{_short(value)}, from {what}); say which one to use"
            )
            return
        self.params[name] = value


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 50 else text[:47] + "..."


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (so the positions stay the same)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


# ---- arrays ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    param: str
    index: int | None


def _mentions(label: str, kind: str) -> list[_Mention]:
    """Names of the kind's inputs in ``label``, left to right, longest first where they overlap."""
    found: list[_Mention] = []
    for pattern, param in rules.ARRAY_NAMES.get(kind, ()):
        for match in re.finditer(pattern, label):
            index = int(match.group(1)) if match.groups() and match.group(1) is not None else None
            found.append(_Mention(match.start(), match.end(), param, index))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _names_for(label: str, kind: str) -> list[_Mention]:
    """The names that label the array right after ``label``: the last close one and its chain."""
    mentions = _mentions(label, kind)
    if not mentions or not rules.FILLER.match(label[mentions[-1].end :]):
        return []
    chain = [mentions[-1]]
    for prev in reversed(mentions[:-1]):
        if not rules.CHAIN.fullmatch(label[prev.end : chain[0].start]):
            break
        chain.insert(0, prev)
    return chain


def _fit(param: str, value: Any) -> tuple[Any, str | None]:
    """``value`` in the shape ``param`` takes, or a reason it cannot be."""
    two_d = isinstance(value[0], list)
    if param in rules.VECTORS:
        if two_d and len(value) == 1:
            value = value[0]
        elif two_d and all(len(row) == 1 for row in value):
            value = [row[0] for row in value]
        elif two_d:
            return None, f"{param} must be a vector, but {_short(value)} has {len(value)} rows"
        if param in rules.INTEGERS:
            if any(isinstance(v, bool) or not math.isfinite(v) or float(v) != int(v) for v in value):
                return None, f"{param} must be whole class indices, got {_short(value)}"
            value = [int(v) for v in value]
        if param == "padding_mask":
            value = [bool(v) for v in value]
        return value, None
    if not two_d:
        value = [value]
    return value, None


def read_arrays(text: str, kind: str, reading: Reading) -> list[Literal]:
    """Name every array of ``text`` and put it in ``reading``; returns the literals found."""
    literals = list_rows(text, find_literals(text))
    rows: dict[str, dict[int, Any]] = {}
    prev_end = 0
    for lit in literals:
        reading.spans.append((lit.start, lit.end))
        label_start = max(prev_end, lit.start - rules.LABEL_WINDOW)
        label = text[label_start : lit.start].lower()
        prev_end = lit.end
        names = _names_for(label, kind)
        if not names:
            _unnamed(kind, lit, reading)
            continue
        reading.spans += [(label_start + m.start, label_start + m.end) for m in names]
        for m in names:
            if m.index is not None and lit.ndim == 1:
                rows.setdefault(m.param, {})
                if m.index in rows[m.param]:
                    reading.problems.append(f"row {m.index} of {m.param} is given twice")
                rows[m.param][m.index] = lit.value
                continue
            _assign(m.param, lit.value, reading)
    for param, by_index in rows.items():
        if len({len(v) for v in by_index.values()}) > 1:
            reading.problems.append(f"the rows of {param} have different lengths")
            continue
        _assign(param, [by_index[i] for i in sorted(by_index)], reading)
    return literals


def _assign(param: str, value: Any, reading: Reading) -> None:
    fitted, why = _fit(param, value)
    if why:
        reading.problems.append(why)
    else:
        reading.put(param, fitted, _short(value))


def _unnamed(kind: str, lit: Literal, reading: Reading) -> None:
    one_d, two_d = rules.UNNAMED.get(kind, (None, None))
    param = one_d if lit.ndim == 1 else two_d
    if param is None:
        if kind == "attention":
            reading.problems.append(
                f"the array {_short(lit.value)} is not named: say whether it is Q, K, V or the "
                "input X (for self-attention with Q = K = V = X)"
            )
        else:
            reading.problems.append(f"the array {_short(lit.value)} is not an input of {kind}")
        return
    if param in reading.params and kind in rules.UNNAMED:
        reading.problems.append(
            f"two unnamed arrays ({_short(reading.params[param])} and {_short(lit.value)}): "
            f"say which one is {param}"
        )
        return
    _assign(param, lit.value, reading)


# ---- words ----------------------------------------------------------------------------------


def read_class(masked: str, reading: Reading) -> int | None:
    """The class index in words or numbers ("the first one", "class 0"), or ``None``."""
    low = masked.lower()
    for pattern in rules.CLASS_PATTERNS:
        m = pattern.search(low)
        if not m:
            continue
        reading.spans.append(m.span())
        if m.groupdict().get("ord"):
            word = m.group("ord")
            index = rules.ORDINALS[word]
            if index >= 0:
                reading.notes.append(f"'{word}' class read as index {index} (counting from 0)")
            return index
        return int(m.group("num"))
    return None


def read_padding(masked: str, keys: int | None, reading: Reading) -> None:
    """A padding mask in words ("the last token is padding"), given the number of keys."""
    low = masked.lower()
    for pattern in rules.PADDING_PATTERNS:
        m = pattern.search(low)
        if not m:
            continue
        reading.spans.append(m.span())
        raw = m.group("n") or "1"
        n = int(raw) if raw.isdigit() else rules.WORD_COUNTS[raw]
        if keys is None:
            reading.problems.append(
                f"'{m.group(0)}' needs the keys (or X) written out to know which positions are padding"
            )
        elif n >= keys:
            reading.problems.append(f"'{m.group(0)}' masks {n} of only {keys} keys; nothing would be left")
        else:
            reading.put("padding_mask", [False] * (keys - n) + [True] * n, f"'{m.group(0)}'")
        return


def unread_numbers(masked: str, spans: list[tuple[int, int]]) -> list[tuple[str, str, str]]:
    """Numbers written in ``masked`` outside every span that was read, each with the few words
    written just before and after it (to tell "position 3.5" or "2.5 heads" from an aside like
    "I got 0.09")."""
    out = []
    for m in _PLAIN_NUMBER.finditer(masked):
        if not any(a <= m.start() < b for a, b in spans):
            before = masked[max(0, m.start() - 24) : m.start()].lower()
            out.append((m.group(0), before, masked[m.end() : m.end() + 24].lower()))
    return out
