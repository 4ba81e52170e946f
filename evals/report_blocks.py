"""The report as data: headings, paragraphs, lists, tables and images, and number formatting.

:mod:`evals.report_model` decides what the report says; :mod:`evals.report_md` and
:mod:`evals.report_html` only draw these blocks, so both reports say exactly the same thing.

Example:
    >>> fmt_figure({"mean": 0.8276, "low": 0.7471, "high": 0.8966, "n": 87})
    '0.828 [0.747, 0.897]'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Image:
    """A plot: ``name`` is its file name beside the Markdown report."""

    name: str
    alt: str
    png: bytes


Block = Heading | Paragraph | Bullets | Table | Image


def fmt(value: float | None, digits: int = 3) -> str:
    """A number to ``digits`` decimals, or an en dash when there is none."""
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_figure(figure: Mapping[str, Any] | None, digits: int = 3) -> str:
    """``mean [low, high]``; the mean alone when there is no interval."""
    if not figure or figure.get("mean") is None:
        return "–"
    if figure.get("low") is None:
        return fmt(figure["mean"], digits)
    return f"{fmt(figure['mean'], digits)} [{fmt(figure['low'], digits)}, {fmt(figure['high'], digits)}]"


def pct(value: float | None) -> str:
    """A share as a whole percentage: ``0.8276`` -> ``'83 %'``."""
    return "–" if value is None else f"{100 * value:.0f} %"


def pct_ci(figure: Mapping[str, Any] | None) -> str:
    """``83 % (95 % CI 75-90 %)``, or the percentage alone without an interval."""
    if not figure or figure.get("mean") is None:
        return "–"
    if figure.get("low") is None:
        return pct(figure["mean"])
    return f"{pct(figure['mean'])} (95 % CI {100 * figure['low']:.0f}–{100 * figure['high']:.0f} %)"


def count(figure: Mapping[str, Any] | None) -> int:
    """How many of the figure's ``n`` questions scored 1 (for a 0/1 figure)."""
    if not figure or figure.get("mean") is None:
        return 0
    return round(figure["mean"] * figure["n"])


def shorten(text: str, limit: int = 140) -> str:
    """``text`` on one line, cut at ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
