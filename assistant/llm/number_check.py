"""The number check: every number in the answer must come from somewhere the student can see.

Numbers in the prose. Decimal numbers such as ``0.7548``, ``-1.23``, ``124,439,808``,
``1.75e-05``, ``57%`` and ``124.4 million``; powers of ten written out (``1.7×10^-5``,
``1.7 \\times 10^{-5}``, ``1.7·10⁻⁵``); LaTeX spellings (``124{,}439{,}808``, ``57\\%``) and
fractions (``\\frac{1}{3}``, ``1/3``), which match a value within 4 significant digits.
Not numbers here: citation markers, digits that are part of a word or name (``W1``, ``d_k2``,
``GPT-2``, ``3rd``, ``16k``) and dotted versions (``1.2.3``). A minus sign counts only when it
does not follow a word, a number or a closing bracket (``1-3`` and ``f(x)-2`` hold the numbers
1, 3 and 2).

Where a number may come from. The worked-example results (every number in the tool's JSON,
including those written inside its strings), the tool-call arguments, the question, and the
cards sent as sources.

Matching (rounding). A number written with its last digit in the place ``u`` (``0.75``: u =
0.01; ``1.75e-05``: u = 1e-07; ``124``: u = 1; ``57%``: the value 0.57 with u = 0.01) matches
a reference value ``r`` when ``|x - r| <= u / 2``: it is ``r`` rounded to the precision shown.
``0.7548`` and ``0.75`` match 0.75478541, ``0.76`` and the truncated ``0.7547`` do not.

Flagged. Every number that matches no reference value, except integers from -10 to 10
written without a decimal point, exponent or percent sign (counts, list items, small
dimensions). With worked-example results, the message names the nearest result value, so a
contradiction ("0.76" where the example gave 0.7548) reads as one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from assistant.llm.citations import MARKER

_NUMBER = re.compile(
    r"(?<![\w.])(?:(?<![)\]])(?P<sign>[-−])(?=\.?\d))?(?<![A-Za-z_][-−])"
    r"(?P<body>\d{1,3}(?:,\d{3})+(?!\d|,\d)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<exp>[eE][-+−]?\d+)?(?![A-Za-z_\d]|\.\d)"
    r"(?P<pct>[ \t]?%)?(?P<scale>[ \t](?:thousand|million|billion)\b)?"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
#: Integers this small are not checked (counts, list numbering, small dimensions).
SMALL_INT = 10


@dataclass(frozen=True)
class Number:
    """A number written in some text.

    Attributes:
        text: As written, e.g. ``"0.75"``.
        value: Its value (a percentage divided by 100, a scale word applied).
        unit: The place value of its last written digit, in the same scale as ``value``.
        is_small_int: An integer from -10 to 10 written plainly.
    """

    text: str
    value: float
    unit: float
    is_small_int: bool

    def matches(self, reference: float) -> bool:
        """True when ``reference`` rounded to the precision written gives this number."""
        return abs(self.value - reference) <= self.unit / 2 * (1 + 1e-9) + 1e-12 * abs(reference)


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
#: ``1.7×10^-5``, ``1.7 \times 10^{-5}``, ``1.7·10⁻⁵``, ``1.7 x 10^-5``, ``2 * 10**-3``.
_TIMES_TEN = re.compile(
    r"(?<![\w.])(?P<sign>[-−])?(?P<mant>\d+(?:\.\d+)?)\s*(?:×|\\times|\\cdot|·|x|\*)\s*10\s*"
    r"(?:\^|\*\*)\s*\{?\s*\(?(?P<exp>[-−+]?\s*\d+)\)?(?:\s*\})?"
)
#: ``\frac{1}{3}`` (also ``\tfrac``, ``\dfrac``) and ``1/3`` (whole numbers on both sides).
_FRACTION = re.compile(
    r"(?P<sign>[-−])?\\[dt]?frac\s*\{\s*(?P<num>\d+(?:\.\d+)?)\s*\}\s*\{\s*(?P<den>\d+(?:\.\d+)?)\s*\}"
    r"|(?<![\w./])(?P<psign>[-−])?(?P<pnum>\d+)\s*/\s*(?P<pden>\d+)(?![\w./])"
)
#: How close a value written as a fraction must be: 4 significant digits, as the prompt asks.
FRACTION_TOLERANCE = 1e-4


def _latex_plain(text: str) -> str:
    """LaTeX spellings of plain numbers: ``124{,}439``, ``124\\,439``, ``57\\%``, superscripts."""
    text = re.sub(r"(?<=\d)(?:\{,\}|\\,|\\!|\\ )(?=\d)", ",", text)
    text = re.sub(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPT), text)
    return text.replace("\\%", "%").translate(_SUPERSCRIPT)


def _special(text: str) -> tuple[list[tuple[int, Number]], str]:
    """Numbers times a power of ten and fractions, and the text with them blanked out."""
    found: list[tuple[int, Number]] = []
    chars = list(text)
    for m in _TIMES_TEN.finditer(text):
        mant, exponent = m.group("mant"), int(re.sub(r"\s", "", m.group("exp")).replace("−", "-"))
        sign = -1.0 if m.group("sign") else 1.0
        decimals = len(mant.partition(".")[2])
        value = sign * float(mant) * 10.0**exponent
        found.append((m.start(), Number(m.group(0), value, 10.0 ** (exponent - decimals), False)))
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    blanked = "".join(chars)
    for m in _FRACTION.finditer(blanked):
        num, den = m.group("num") or m.group("pnum"), m.group("den") or m.group("pden")
        if float(den) == 0:
            continue
        sign = -1.0 if (m.group("sign") or m.group("psign")) else 1.0
        value = sign * float(num) / float(den)
        small = m.group("pnum") is not None and float(num) <= SMALL_INT and float(den) <= SMALL_INT
        unit = 2 * FRACTION_TOLERANCE * max(1.0, abs(value))
        found.append((m.start(), Number(m.group(0), value, unit, small)))
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return found, "".join(chars)


def find_numbers(text: str) -> list[Number]:
    """The numbers written in ``text`` (citation markers are not numbers).

    Besides plain decimals, it reads ``1.7×10^-5`` and its LaTeX and Unicode spellings,
    ``\\frac{1}{3}`` and ``1/3`` (a fraction of two whole numbers up to 10, like "1/3 of the
    weight", counts as a small number and is not flagged), and LaTeX thousands ``124{,}439``.

    Example:
        >>> [n.value for n in find_numbers("GPT-2 has 124,439,808 weights; p = 0.75 [1].")]
        [124439808.0, 0.75]
        >>> [n.value for n in find_numbers(r"lr = 1.7 \\times 10^{-5}, w = \\frac{1}{4}")]
        [1.7e-05, 0.25]
    """
    text = _latex_plain(MARKER.sub(" ", text))
    special, text = _special(text)
    found = [(start, number) for start, number in special]
    for m in _NUMBER.finditer(text):
        body = m.group("body").replace(",", "")
        decimals = len(body.partition(".")[2])
        exponent = int(m.group("exp")[1:].replace("−", "-")) if m.group("exp") else 0
        factor = 0.01 if m.group("pct") else 1.0
        if m.group("scale"):
            factor *= _SCALES[m.group("scale").strip()]
        sign = -1.0 if m.group("sign") else 1.0
        value = sign * float(body) * 10.0**exponent * factor
        unit = 10.0 ** (exponent - decimals) * factor
        plain = not (decimals or m.group("exp") or m.group("pct") or m.group("scale") or "." in body)
        found.append((m.start(), Number(m.group(0), value, unit, plain and abs(value) <= SMALL_INT)))
    return [number for _, number in sorted(found, key=lambda item: item[0])]


def values_in(data: Any) -> Iterator[float]:
    """Every number in a JSON-like value, including numbers written inside its strings."""
    if isinstance(data, bool) or data is None:
        return
    if isinstance(data, int | float):
        if math.isfinite(data):
            yield float(data)
    elif isinstance(data, str):
        yield from (n.value for n in find_numbers(data))
    elif isinstance(data, dict):
        for value in data.values():
            yield from values_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from values_in(value)


@dataclass(frozen=True)
class References:
    """The values numbers may come from: worked-example results, and everything else visible."""

    results: tuple[float, ...]
    other: tuple[float, ...]

    @classmethod
    def build(cls, results: Iterable[Any], texts: Iterable[str], arguments: Iterable[Any] = ()) -> References:
        """From tool results (JSON), visible texts (question, cards) and tool arguments."""
        other = [v for t in texts for v in values_in(t)] + [v for a in arguments for v in values_in(a)]
        return cls(tuple(v for r in results for v in values_in(r)), tuple(other))

    def from_results(self, number: Number) -> bool:
        """True when ``number`` is a worked-example result value."""
        return any(number.matches(r) for r in self.results)

    def accounts_for(self, number: Number) -> bool:
        return self.from_results(number) or any(number.matches(r) for r in self.other)

    def nearest_result(self, number: Number) -> float | None:
        return min(self.results, key=lambda r: abs(r - number.value)) if self.results else None


def unsupported_numbers(text: str, refs: References) -> list[str]:
    """One warning per number in ``text`` that no reference value accounts for.

    Example:
        >>> refs = References.build([{"weights": [0.75478541, 0.24521459]}], ["question"])
        >>> unsupported_numbers("The weights are 0.7548 and 0.76; 2 rows.", refs)[0][:33]
        'number 0.76 in the answer matches'
    """
    warnings = []
    for number in find_numbers(text):
        if number.is_small_int or refs.accounts_for(number):
            continue
        message = f"number {number.text.strip()} in the answer matches no worked-example result"
        message += ", source or question"
        nearest = refs.nearest_result(number)
        if nearest is not None:
            message += f" (nearest result: {nearest:.4g})"
        warnings.append(message)
    return warnings


def reports_result(sentence: str, refs: References) -> bool:
    """True when ``sentence`` states a worked-example result (a non-trivial number from one)."""
    return any(not n.is_small_int and refs.from_results(n) for n in find_numbers(sentence))
