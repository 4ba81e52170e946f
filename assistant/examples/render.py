"""Render a :class:`WorkedExample` as Markdown (for people) or JSON (for tools and tests).

Markdown rounds every number to 4 decimal places (:func:`format_number`) and gives one
sentence per step; tensors larger than ``MAX_TABLE`` rows or columns are summarised by
their shape. JSON keeps full precision: Python writes every float with its shortest
round-trip ``repr``, so ``json.loads`` gives back the identical float. The masked scores of
causal attention contain ``-inf``, written as ``-Infinity`` (accepted by ``json.loads`` and
JavaScript's JSON5-style parsers, not by strict JSON).

The heatmap renderer lives in :mod:`assistant.examples.heatmap` and is re-exported here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.examples.record import Step, WorkedExample

__all__ = ["MAX_TABLE", "format_number", "from_json", "to_json", "to_markdown", "to_png"]

MAX_TABLE = 16


def to_png(example: WorkedExample, path: str | Path) -> Path:
    """The attention heatmap as a PNG (see :func:`assistant.examples.heatmap.to_png`).

    Imported on first use: matplotlib costs a noticeable part of a second to import.
    """
    from assistant.examples.heatmap import to_png as render_png

    return render_png(example, path)


def format_number(value: float) -> str:
    """How Markdown shows a number.

    Integers (and integral floats of magnitude >= 1000) get thousands separators; other
    numbers 4 decimal places, except non-zero magnitudes below 0.001, which get 4 significant
    digits in scientific notation so that small learning rates do not print as ``0.0000``.
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if math.isinf(value) or math.isnan(value):
        return "-inf" if value < 0 else str(value)
    if value.is_integer() and abs(value) >= 1000:
        return f"{int(value):,}"
    if value != 0 and abs(value) < 1e-3:
        return f"{value:.4e}"
    return f"{value:.4f}"


def _shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(str(n) for n in shape) if shape else "scalar"


def _table(rows: list[list[Any]]) -> list[str]:
    width = len(rows[0])
    header = "|   | " + " | ".join(str(j) for j in range(width)) + " |"
    rule = "|---|" + "---:|" * width
    body = [f"| {i} | " + " | ".join(format_number(v) for v in row) + " |" for i, row in enumerate(rows)]
    return [header, rule, *body]


def _tensor_lines(value: Any, shape: tuple[int, ...]) -> list[str]:
    """Markdown lines for a 1-D, 2-D or 3-D tensor given as nested lists."""
    if any(n > MAX_TABLE for n in shape[-2:]) or len(shape) > 3:
        return [f"_({_shape_text(shape)} values; see the JSON rendering)_"]
    if len(shape) == 1:
        return _table([value])
    if len(shape) == 2:
        return _table(value)
    lines: list[str] = []
    for k, matrix in enumerate(value):
        lines += ["", f"[{k}]", "", *_table(matrix)]
    return lines[1:]


def _shape_of(value: Any) -> tuple[int, ...]:
    shape: list[int] = []
    while isinstance(value, list) and value:
        shape.append(len(value))
        value = value[0]
    return tuple(shape)


def _value_lines(name: str, value: Any) -> list[str]:
    if value is None:
        return [f"- {name}: default"]
    if isinstance(value, str):
        return [f"- {name}: {value}"]
    if isinstance(value, int | float):
        return [f"- {name} = {format_number(value)}"]
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{k} = {format_number(v) if not isinstance(v, str) else v}" for k, v in value.items()
        )
        return [f"- {name}: {inner}"]
    shape = _shape_of(value)
    if not shape:
        return [f"- {name}: (empty)"]
    return [f"- {name} ({_shape_text(shape)}):", "", *_tensor_lines(value, shape), ""]


def _step_lines(index: int, step: Step) -> list[str]:
    if not step.shape:
        assert isinstance(step.tensor, float)
        value = int(step.tensor) if step.tensor.is_integer() else step.tensor  # counts read as counts
        return [f"{index}. **{step.name}** = {format_number(value)}. {step.description}"]
    head = f"{index}. **{step.name}** ({_shape_text(step.shape)}). {step.description}"
    return [head, "", *_tensor_lines(step.tensor, step.shape), ""]


def to_markdown(example: WorkedExample) -> str:
    """A readable Markdown walk-through: formula, inputs, one sentence per step, outputs.

    Args:
        example: The record to render.

    Returns:
        Markdown text; numbers rounded as :func:`format_number` describes.
    """
    lines = [f"### Worked example: {example.kind}", "", f"$${example.formula_latex}$$", "", "**Inputs**", ""]
    for name, value in example.inputs.items():
        lines += _value_lines(name, value)
    lines += ["", "**Steps**", ""]
    for i, step in enumerate(example.steps, start=1):
        lines += _step_lines(i, step)
    lines += ["", "**Outputs**", ""]
    for name, value in example.outputs.items():
        lines += _value_lines(name, value)
    if example.notes:
        lines += ["", "**Notes**", "", *(f"- {note}" for note in example.notes)]
    if example.card_ids:
        lines += ["", "Cards: " + ", ".join(example.card_ids)]
    return "\n".join(_squeeze_blank(lines)).strip() + "\n"


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return out


def _count(value: Any) -> int:
    if isinstance(value, list):
        return sum(_count(v) for v in value)
    return 1


def _elide(value: Any, max_values: int | None) -> Any:
    """Replace a nested list of more than ``max_values`` numbers by its shape."""
    if max_values is None or not isinstance(value, list) or _count(value) <= max_values:
        return value
    return {"omitted_values": _count(value), "shape": list(_shape_of(value))}


def _as_dict(example: WorkedExample, max_values: int | None) -> dict[str, Any]:
    steps = [
        {
            "name": s.name,
            "description": s.description,
            "shape": list(s.shape),
            "tensor": _elide(s.tensor, max_values),
        }
        for s in example.steps
    ]
    data = {
        "kind": example.kind,
        "formula_latex": example.formula_latex,
        "concept_query": example.concept_query,
        "inputs": {k: _elide(v, max_values) for k, v in example.inputs.items()},
        "steps": steps,
        "outputs": {k: _elide(v, max_values) for k, v in example.outputs.items()},
        "card_ids": list(example.card_ids),
        "notes": list(example.notes),
    }
    values = [s.tensor for s in example.steps] + [*example.inputs.values(), *example.outputs.values()]
    if any(_elide(v, max_values) is not v for v in values):
        data["elided"] = f"tensors of more than {max_values} values are replaced by their shape"
    return data


def to_json(example: WorkedExample, *, indent: int | None = None, max_values: int | None = None) -> str:
    """The whole record as JSON, every float at full (round-trip) precision.

    Args:
        example: The record to render.
        indent: Passed to :func:`json.dumps`; ``None`` gives one line.
        max_values: If given, tensors with more numbers than this are replaced by
            ``{"omitted_values": n, "shape": [...]}`` and an ``"elided"`` key is added (for
            size-limited consumers such as an LLM's context); such JSON does not round-trip.

    Returns:
        JSON text; without ``max_values``, :func:`from_json` turns it back into an equal
        record.
    """
    return json.dumps(_as_dict(example, max_values), ensure_ascii=False, indent=indent)


def from_json(text: str) -> WorkedExample:
    """Inverse of :func:`to_json`.

    Raises:
        ValueError: If ``text`` is not a rendering of a worked example.
    """
    data = json.loads(text)
    try:
        steps = tuple(
            Step(s["name"], s["description"], s["tensor"], tuple(s["shape"])) for s in data["steps"]
        )
        return WorkedExample(
            kind=data["kind"],
            inputs=data["inputs"],
            steps=steps,
            outputs=data["outputs"],
            formula_latex=data["formula_latex"],
            card_ids=tuple(data["card_ids"]),
            notes=tuple(data["notes"]),
            concept_query=data["concept_query"],
        )
    except (KeyError, TypeError) as err:
        raise ValueError(f"not a worked-example JSON rendering: {err}") from err
