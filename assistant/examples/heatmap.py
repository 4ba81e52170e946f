"""Attention-weight heatmaps of a worked example, as a PNG file.

Uses matplotlib's object API with the Agg canvas (no ``pyplot``, no global backend switch),
and strips the PNG's software metadata so that the same record always gives the same bytes
with a given matplotlib version.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from assistant.examples.record import Step, WorkedExample
from ingest.errors import ToolError

MAX_ANNOTATED_CELLS = 64
MAX_COLUMNS = 4
ALIGNMENT_ROWS = ("dot", "scaled dot", "general", "additive", "cosine")


def _panels(steps: tuple[Step, ...]) -> list[tuple[str, list[list[float]]]]:
    """One ``(title, matrix)`` per 2-D step, one per head of a 3-D step."""
    panels: list[tuple[str, list[list[float]]]] = []
    for s in steps:
        assert isinstance(s.tensor, list)
        if len(s.shape) == 2:
            panels.append((s.name, s.tensor))
        else:
            panels += [(f"{s.name} [head {k}]", m) for k, m in enumerate(s.tensor)]
    return panels


def _draw(ax: Any, title: str, matrix: list[list[float]]) -> Any:
    image = ax.imshow(matrix, vmin=0.0, vmax=1.0, cmap="viridis")
    ax.set_title(title, fontsize=9)
    ax.set_xlabel("key j")
    n_rows, n_cols = len(matrix), len(matrix[0])
    ax.set_xticks(range(n_cols))
    if title.startswith("alignment") and n_rows == len(ALIGNMENT_ROWS):
        # The alignment example stacks one row per score function instead of one per query.
        ax.set_yticks(range(n_rows), labels=ALIGNMENT_ROWS)
        ax.set_ylabel("score function")
    else:
        ax.set_yticks(range(n_rows))
        ax.set_ylabel("query i")
    if n_rows * n_cols <= MAX_ANNOTATED_CELLS:
        for i, row in enumerate(matrix):
            for j, v in enumerate(row):
                colour = "black" if v > 0.6 else "white"
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color=colour)
    return image


def to_png(example: WorkedExample, path: str | Path) -> Path:
    """Draw every attention-weight step of ``example`` as a heatmap and save a PNG.

    Steps named ``*attention_weights`` are drawn: a ``(T_q, T_k)`` step as one panel, an
    ``(h, T_q, T_k)`` step as one panel per head. Colours span 0 to 1.

    Args:
        example: The record to draw.
        path: Where to write the PNG; its directory must exist.

    Returns:
        The path written.

    Raises:
        ToolError: If the example has no attention weights.
    """
    panels = _panels(example.attention_steps)
    if not panels:
        raise ToolError(
            f"worked example {example.kind!r} has no attention weights to draw; "
            "heatmaps exist for attention, multihead, alignment_scores, encoder_layer, "
            "decoder_layer and orthogonal_influence"
        )
    n_cols = min(MAX_COLUMNS, len(panels))
    n_rows = math.ceil(len(panels) / n_cols)
    fig = Figure(figsize=(max(4.5, 3.2 * n_cols), 3.0 * n_rows), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(n_rows, n_cols, squeeze=False)
    images = [_draw(ax, title, matrix) for ax, (title, matrix) in zip(axes.flat, panels, strict=False)]
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_axis_off()
    fig.colorbar(images[0], ax=axes, shrink=0.8, label="attention weight")
    fig.suptitle(f"{example.kind}: attention weights", fontsize=10)
    out = Path(path)
    fig.savefig(out, format="png", metadata={"Software": None})
    return out
