"""Number and array literals in a student's text, with where each one was written.

Understood notations (each gives a :class:`Literal` with its character span):

* brackets, nested to any depth: ``[1, 2, 3]``, ``[[1, 0], [0, 1]]``, numpy's printed form
  ``[1 2 3]`` and MATLAB's rows ``[1 2; 3 4]``;
* tuples of two or more numbers: ``(1, 2, 3)``, ``((1, 0), (0, 1))``;
* code: ``np.array([[...]])``, ``numpy.array(...)``, ``torch.tensor([...], dtype=...)``,
  ``torch.Tensor(...)``, ``tensor(...)``;
* LaTeX ``\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}`` (also ``pmatrix``, ``vmatrix``,
  plain ``matrix``); a one-row LaTeX matrix is a vector;
* entries: integers (kept as ``int``), decimals, ``1e-5``, ``−2`` (Unicode minus), fractions
  ``1/2`` and ``\\frac{1}{2}``, ``True``/``False``.

This is a small hand-written scanner and recursive-descent parser, not :func:`eval`: nothing in
a question is executed, and a malformed literal (``[[1, 2], [3]`` or ``[[__import__]]``) is
simply not a literal. :func:`list_rows` then joins vectors written one after another
("keys [1, 0], [0, 1] and [1, 1]") into one matrix.

Example:
    >>> [lit.value for lit in find_literals("Q = np.array([[1, 0], [0, 1]]) and s = (1, 2)")]
    [[[1, 0], [0, 1]], [1, 2]]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["Literal", "find_literals", "list_rows", "matching_bracket", "parse_array", "parse_number"]

_NUM = r"[-−+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-−+]?\d+)?"
_NUMBER = re.compile(rf"(?:{_NUM})(?:\s*/\s*(?:\d+(?:\.\d*)?))?|[Tt]rue|[Ff]alse")
_FRAC = re.compile(r"[-−]?\\[dt]?frac\s*\{\s*(" + _NUM + r")\s*\}\s*\{\s*(" + _NUM + r")\s*\}")
_LATEX = re.compile(r"\\begin\{([pbvBV]?matrix)\*?\}(.*?)\\end\{\1\*?\}", re.DOTALL)
_WRAPPER = re.compile(
    r"\b(?:np|numpy|torch|tf|jnp)\s*\.\s*(?:array|asarray|tensor|Tensor|as_tensor|FloatTensor)\s*\(|"
    r"(?<![\w.])tensor\s*\("
)
#: Brackets nested deeper than this are not read as an array.
MAX_DEPTH = 4
_KWARGS = re.compile(r"\s*(?:,\s*[A-Za-z_]\w*\s*=\s*[\w.]+\s*)*\)")


@dataclass(frozen=True)
class Literal:
    """An array (or a list of rows) written in the text.

    Attributes:
        start: Index of its first character in the text.
        end: Index just after its last character.
        value: Nested lists of numbers (``int`` where written without a point).
        rows_listed: True when it was written as separate vectors joined by :func:`list_rows`.
    """

    start: int
    end: int
    value: Any
    rows_listed: bool = False

    @property
    def ndim(self) -> int:
        depth, v = 0, self.value
        while isinstance(v, list):
            depth += 1
            v = v[0] if v else None
        return depth

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


def parse_number(text: str) -> int | float | bool | None:
    """One entry: ``3``, ``-0.5``, ``1e-5``, ``−2``, ``1/2``, ``\\frac{1}{4}``, ``True``.

    Returns ``None`` for anything else.
    """
    t = text.strip().replace("−", "-")
    if t in ("True", "true"):
        return True
    if t in ("False", "false"):
        return False
    m = _FRAC.fullmatch(t)
    if m:
        sign = -1 if t.startswith("-") else 1
        return _ratio(m.group(1), m.group(2), sign)
    num, slash, den = t.partition("/")
    if slash:
        return _ratio(num.strip(), den.strip(), 1)
    try:
        return int(t) if re.fullmatch(r"[-+]?\d+", t) else float(t)
    except ValueError:
        return None


def _ratio(num: str, den: str, sign: int) -> float | None:
    try:
        value = Fraction(num.replace("−", "-")) / Fraction(den.replace("−", "-"))
    except (ValueError, ZeroDivisionError):
        return None
    return sign * float(value)


class _Parser:
    """Recursive descent over ``[`` / ``(`` nests of numbers; ``pos`` is where it stopped."""

    def __init__(self, text: str, pos: int) -> None:
        self.text, self.pos = text, pos

    def _skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n\r":
            self.pos += 1

    def array(self, depth: int = 0) -> list[Any] | None:
        if depth >= MAX_DEPTH:  # deeper than any tensor a worked example takes: not an array
            return None
        opener = self.text[self.pos]
        closer = {"[": "]", "(": ")"}[opener]
        self.pos += 1
        items: list[Any] = []
        rows: list[list[Any]] = []  # MATLAB-style rows separated by ';'
        while True:
            self._skip()
            if self.pos >= len(self.text):
                return None
            ch = self.text[self.pos]
            if ch == closer:
                self.pos += 1
                break
            if ch in ",":
                self.pos += 1
                continue
            if ch == ";" and opener == "[":
                rows.append(items)
                items = []
                self.pos += 1
                continue
            if ch in "[(":
                inner = self.array(depth + 1)
                if inner is None:
                    return None
                items.append(inner)
                continue
            m = _FRAC.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
            if not m:
                return None
            value = parse_number(m.group(0))
            if value is None:
                return None
            items.append(value)
            self.pos = m.end()
        if rows:
            rows.append(items)
            items = [r for r in rows if r]
        return items if _regular(items) else None


def _regular(items: list[Any]) -> bool:
    """Non-empty, all numbers or all lists of the same length (a rectangular array)."""
    if not items:
        return False
    if all(isinstance(i, list) for i in items):
        return len({len(i) for i in items}) == 1 and all(_regular(i) for i in items)
    return not any(isinstance(i, list) for i in items)


def parse_array(text: str) -> Any:
    """The array written in ``text`` alone (brackets, tuple, code or LaTeX), else ``None``.

    Example:
        >>> parse_array("torch.tensor([0.5, -1])")
        [0.5, -1]
    """
    found = find_literals(text.strip())
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text.strip()):
        return found[0].value
    return None


def _latex(body: str) -> list[Any] | None:
    rows = []
    for raw in re.split(r"\\\\|\\cr\b", body):
        if not raw.strip():
            continue
        cells = [parse_number(c) for c in raw.split("&")]
        if any(c is None for c in cells):
            return None
        rows.append(cells)
    if not rows or len({len(r) for r in rows}) != 1:
        return None
    return rows[0] if len(rows) == 1 else rows


def find_literals(text: str) -> list[Literal]:
    """Every array literal in ``text``, left to right, not overlapping.

    Tuples need two or more entries, so "(seed 0)" or "f(3)" are not literals.
    """
    found: list[Literal] = []
    taken: list[tuple[int, int]] = []
    for m in _LATEX.finditer(text):
        value = _latex(m.group(2))
        if value is not None:
            found.append(Literal(m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    for m in _WRAPPER.finditer(text):
        if _inside(m.start(), taken):
            continue
        p = _Parser(text, m.end())
        p._skip()
        if p.pos < len(text) and text[p.pos] in "[(":
            value = p.array()
            close = _KWARGS.match(text, p.pos) if value is not None else None
            if value is not None and close:
                found.append(Literal(m.start(), close.end(), value))
                taken.append((m.start(), close.end()))
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch in "[(" and not _inside(pos, taken):
            p = _Parser(text, pos)
            value = p.array()
            if value is not None and (ch == "[" or _is_tuple(value)):
                found.append(Literal(pos, p.pos, value))
                taken.append((pos, p.pos))
                pos = p.pos
                continue
            if ch == "[":  # not an array: skip it whole, so no part of it is read as one
                pos = matching_bracket(text, pos)
                continue
        pos += 1
    for m in _BARE.finditer(text):
        if _inside(m.start(), taken) or _inside(m.end() - 1, taken):
            continue
        values = [parse_number(n) for n in _BARE_ITEM.findall(m.group(0))]
        if len(values) >= 3 and all(isinstance(v, int | float) for v in values):
            found.append(Literal(m.start(), m.end(), values))
    return sorted(found, key=lambda lit: lit.start)


#: Three or more numbers written without brackets: "1, 2 and 3", "0.5, 1, 1.5, 2" (a comma
#: followed by a space, so 10,000 stays one number).
_B = r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:e-?\d+)?"
_BARE = re.compile(rf"(?<![\w.\-\[(,=^/])(?:{_B})(?:,\s+(?:{_B}))+(?:,?\s+and\s+(?:{_B}))?(?![\w.]|\s*[\])])")
_BARE_ITEM = re.compile(_B)


def matching_bracket(text: str, pos: int) -> int:
    """Index just after the bracket that closes the one at ``pos`` (the end if none does)."""
    depth = 0
    for i in range(pos, len(text)):
        depth += {"[": 1, "]": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    return len(text)


def _is_tuple(value: list[Any]) -> bool:
    return len(value) >= 2 or isinstance(value[0], list)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


_JOIN = re.compile(r"\s*(?:,|;|\band\b|&)?\s*(?:,?\s*\band\b\s*)?$")


def list_rows(text: str, literals: list[Literal]) -> list[Literal]:
    """Vectors of one length written one after another, joined only by commas or "and",
    become one matrix: "keys [1, 0], [0, 1] and [1, 1]" → ``[[1, 0], [0, 1], [1, 1]]``."""
    out: list[Literal] = []
    for lit in literals:
        prev = out[-1] if out else None
        if (
            prev is not None
            and lit.ndim == 1
            and (prev.ndim == 1 or prev.rows_listed)
            and _JOIN.match(text[prev.end : lit.start])
            and text[prev.end : lit.start].strip()
            and len(_last_row(prev)) == len(lit.value)
        ):
            rows = prev.value if prev.rows_listed else [prev.value]
            out[-1] = Literal(prev.start, lit.end, [*rows, lit.value], rows_listed=True)
            continue
        out.append(lit)
    return out


def _last_row(lit: Literal) -> list[Any]:
    return lit.value[-1] if lit.rows_listed else lit.value
