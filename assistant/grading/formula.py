"""Formulas and table rows: how a span is recognised as one, and how two are compared.

Cards hold formulas as LaTeX (``\\frac{\\mathbf{Q}\\mathbf{K}^\\top}{\\sqrt{d_k}}``) or as the
flattened text a PDF export leaves (``softmax(dkQKT)V``). Both are compacted to their symbols:
LaTeX commands that only style (``\\mathbf``, ``\\text``) are dropped, spelled-out operations
("transpose", "square root") become the symbols a student might type, and everything but
letters and digits is removed, lower-cased. An answer's formula covers a card's formula by
the share of the card's symbols it contains in the same order (the longest common
subsequence), so that extra symbols the export lost (``sqrt``) cost nothing, and a student's
formula must be no more than twice as long as the card's to count (a long text contains every
short sequence of letters somewhere).

Example:
    >>> compact("\\\\text{softmax}\\\\left(\\\\frac{QK^\\\\top}{\\\\sqrt{d_k}}\\\\right)V")
    'softmaxqktsqrtdkv'
    >>> symbol_coverage("FFN(x)=max(0,xW1+b1)W2+b2", "FFN(x) = max(0, x W1 + b1) W2 + b2")
    1.0
"""

from __future__ import annotations

import re

from rapidfuzz.distance import LCSseq

_STYLE = re.compile(
    r"\\(?:mathbf|mathrm|mathit|mathcal|boldsymbol|text|operatorname|left|right|quad|qquad|,|;|!|"
    r"displaystyle|big|Big|bigg|mbox|cdot|times|dots|ldots|cdots|in)\b"
)
_SPELLED = (
    (re.compile(r"\\top\b|⊤|ᵀ|\btranspose[d]?\b|\btransposition\b", re.I), "t"),
    (re.compile(r"\\sqrt|√|\bsquare\s+root\s+of\b|\bsquare\s+root\b|\broot\b", re.I), "sqrt"),
    (re.compile(r"\\frac|\\over\b|\bdivided\s+by\b|\bover\b", re.I), ""),
    (re.compile(r"\btimes\b|\bmultiplied\s+by\b|\bof\b|\bthe\b|\band\b|\bwith\b|\bby\b", re.I), ""),
)
_SYMBOLS = re.compile(r"[^a-z0-9]")
#: Characters that mark mathematics.
_MATH_CHARS = set("=^_\\{}()[]+−-*/×⋅·∑∈√⊤≈αβγμσθϵ")


def compact(text: str) -> str:
    """The symbols of a formula, lower-cased, with styling and punctuation removed."""
    text = _STYLE.sub(" ", text)
    for pattern, symbol in _SPELLED:
        text = pattern.sub(symbol, text)
    return _SYMBOLS.sub("", text.lower())


def looks_like_formula(text: str) -> bool:
    """True when ``text`` is mostly mathematics: an ``=`` or LaTeX, with few ordinary words.

    Example:
        >>> looks_like_formula("FFN(x)=max(0,xW1+b1)W2+b2"), looks_like_formula("It has two layers.")
        (True, False)
    """
    stripped = text.strip()
    if not stripped:
        return False
    has_marker = "=" in stripped or "\\" in stripped or "∈" in stripped
    if not has_marker:
        return False
    plain = re.sub(r"\\[a-zA-Z]+|\{[^{}]*\}", " ", stripped)
    prose = [w for w in plain.split() if re.fullmatch(r"[A-Za-z][a-z]{2,}[,.:;]?", w)]
    return len(prose) < 5 or sum(map(len, prose)) < 0.5 * len(re.sub(r"\s", "", stripped))


def formula_segments(answer: str) -> list[str]:
    """The parts of a student's answer that look like formulas (split at sentences and ``;``)."""
    parts = re.split(r"(?<=[.;])\s+|\n+", answer)
    return [p for p in parts if re.search(r"[=^_()/√+*]", p)]


def symbol_coverage(card_formula: str, answer: str) -> float:
    """Share of the card formula's symbols that the answer's best formula holds in order.

    Returns 0.0 when the answer writes no formula, or only ones more than twice as long.
    """
    target = compact(card_formula)
    if not target:
        return 0.0
    best = 0.0
    for segment in formula_segments(answer):
        candidate = compact(segment)
        if not candidate or len(candidate) > 2 * len(target) + 4:
            continue
        best = max(best, LCSseq.similarity(target, candidate) / len(target))
    return best
