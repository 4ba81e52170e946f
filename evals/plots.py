"""The report's four plots, as PNG bytes, drawn from plain data.

Each function takes numbers (never a run or a model) and returns a PNG, so the HTML report can
embed it as base64 and the Markdown report can link it. Matplotlib is used through its object
API (``Figure`` + Agg canvas): no global pyplot state, no display needed.

Example:
    >>> png = risk_coverage_plot({"paraphrase": curve}, threshold=0.37)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

_DPI = 100


def _figure(n_panels: int, height: float = 3.2) -> tuple[Any, list[Any]]:
    from matplotlib.figure import Figure

    cols = min(n_panels, 3)
    rows = math.ceil(n_panels / cols)
    fig = Figure(figsize=(4.2 * cols, height * rows), dpi=_DPI, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel().tolist()
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def _png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def recall_curves(curves: Mapping[str, Mapping[str, Sequence[float]]]) -> bytes:
    """Recall@k against k, one panel per query set, one line per system.

    Args:
        curves: Set name -> system name -> recall@k for k = 1, 2, ...
    """
    fig, axes = _figure(max(len(curves), 1))
    for ax, (set_name, systems) in zip(axes, curves.items(), strict=False):
        for system, values in systems.items():
            ks = list(range(1, len(values) + 1))
            ax.plot(
                ks,
                values,
                marker="o",
                markersize=3,
                label=system,
                linewidth=2 if system == "assistant" else 1,
            )
        ax.set_title(set_name)
        ax.set_xlabel("k (cards retrieved)")
        ax.set_ylabel("recall@k")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    if curves:
        axes[0].legend(fontsize=7, loc="lower right")
    return _png(fig)


def gold_rank_histogram(histograms: Mapping[str, Mapping[str, int]]) -> bytes:
    """Where the first gold card lands, one panel per set (``none``: not in the top ``depth``).

    Args:
        histograms: Set name -> rank label (``"1"``..``"10"``, ``"none"``) -> count.
    """
    fig, axes = _figure(max(len(histograms), 1))
    for ax, (set_name, counts) in zip(axes, histograms.items(), strict=False):
        labels = list(counts)
        colours = ["#c0392b" if label == "none" else "#2e86c1" for label in labels]
        ax.bar(labels, [counts[label] for label in labels], color=colours)
        ax.set_title(set_name)
        ax.set_xlabel("rank of the first gold card")
        ax.set_ylabel("questions")
    return _png(fig)


def score_distributions(groups: Mapping[str, Sequence[float]], threshold: float) -> bytes:
    """Top-1 similarity of answerable versus unanswerable questions, threshold marked.

    Args:
        groups: Label (e.g. ``"paraphrase (answerable)"``) -> top-1 cosine similarities.
        threshold: The abstention threshold.
    """
    fig, axes = _figure(1, height=3.6)
    ax = axes[0]
    values = [v for vs in groups.values() for v in vs] or [0.0, 1.0]
    low, high = min(min(values), threshold) - 0.02, max(max(values), threshold) + 0.02
    bins = [low + (high - low) * i / 30 for i in range(31)]
    for label, scores in groups.items():
        if scores:
            ax.hist(scores, bins=bins, alpha=0.5, label=f"{label} (n={len(scores)})")
    ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:.2f}")
    ax.set_xlabel("top-1 cosine similarity (below the threshold: abstain)")
    ax.set_ylabel("questions")
    ax.legend(fontsize=7)
    return _png(fig)


def risk_coverage_plot(curves: Mapping[str, Mapping[str, Any]], threshold: float) -> bytes:
    """Risk against coverage as the threshold sweeps, the current threshold's point marked.

    Args:
        curves: Label -> a risk-coverage figure from :func:`evals.scoring.risk_curve`
            (``points`` with ``coverage`` and ``risk``, and ``at_threshold``).
        threshold: The abstention threshold, for the legend.
    """
    fig, axes = _figure(1, height=3.6)
    ax = axes[0]
    for label, curve in curves.items():
        points = curve["points"]
        line = ax.step(
            [p["coverage"] for p in points],
            [p["risk"] for p in points],
            where="post",
            label=f"{label} (AURC {curve['aurc']:.3f})",
        )[0]
        at = curve["at_threshold"]
        ax.plot([at["coverage"]], [at["risk"]], marker="o", color=line.get_color(), markersize=7)
    ax.plot([], [], marker="o", linestyle="", color="grey", label=f"operating point at {threshold:.2f}")
    ax.set_xlabel("coverage (share of questions answered)")
    ax.set_ylabel("risk (share of answers that are wrong)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    return _png(fig)
