"""The worked-example record: inputs, every intermediate, outputs. Data only.

Rendering (Markdown, JSON, heatmaps) lives in :mod:`assistant.examples.render`; building
records from requests lives in :mod:`assistant.examples.catalog`.

Tensors are stored as nested lists of Python floats (a 0-d tensor is a bare float), so a
record holds no torch objects and serialises exactly. Steps whose name ends in
``"attention_weights"`` hold attention weights, ``(T_q, T_k)`` or ``(h, T_q, T_k)``; the
heatmap renderer draws those.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeAlias

Nested: TypeAlias = float | list[Any]
"""A float or arbitrarily nested lists of floats (the ``tolist()`` of a tensor)."""

ATTENTION_WEIGHTS_SUFFIX = "attention_weights"


@dataclass(frozen=True)
class Step:
    """One intermediate of a worked example.

    Attributes:
        name: Identifier, e.g. ``"scaled_scores"``.
        description: One sentence saying what was computed and how.
        tensor: The values, nested lists of floats (``float`` for a scalar).
        shape: The tensor's shape, ``()`` for a scalar.
    """

    name: str
    description: str
    tensor: Nested
    shape: tuple[int, ...]

    @property
    def is_attention_weights(self) -> bool:
        """Whether the heatmap renderer should draw this step."""
        return self.name.endswith(ATTENTION_WEIGHTS_SUFFIX) and len(self.shape) in (2, 3)


@dataclass(frozen=True)
class WorkedExample:
    """A worked example as data: what went in, every step, what came out.

    Attributes:
        kind: The catalog kind that produced it, e.g. ``"attention"``.
        inputs: Name → value (scalars, strings, nested lists) of everything the
            computation used, including randomly drawn matrices.
        steps: The intermediates, in computation order.
        outputs: Name → value of the results.
        formula_latex: The formula being worked, in LaTeX.
        card_ids: Ids of the study cards that explain it; filled by the assistant layer.
        notes: Remarks such as ``"defaults used: tokens=3, d_k=4, seed=0"``.
        concept_query: Short retrieval text for the explaining cards.

    Example:
        >>> ex = WorkedExample("softmax", {"scores": [0.0]}, (), {"p": [1.0]}, r"\\sigma")
        >>> ex.with_cards(["c1"]).card_ids
        ('c1',)
    """

    kind: str
    inputs: Mapping[str, Any]
    steps: tuple[Step, ...]
    outputs: Mapping[str, Any]
    formula_latex: str
    card_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    concept_query: str = ""

    def __post_init__(self) -> None:
        # Read-only views so that a "frozen" record cannot be changed through its maps.
        object.__setattr__(self, "inputs", MappingProxyType(dict(self.inputs)))
        object.__setattr__(self, "outputs", MappingProxyType(dict(self.outputs)))
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "card_ids", tuple(self.card_ids))
        object.__setattr__(self, "notes", tuple(self.notes))

    def with_cards(self, ids: Iterable[str]) -> WorkedExample:
        """A copy with ``card_ids`` replaced by ``ids`` (order kept, duplicates dropped)."""
        unique = tuple(dict.fromkeys(ids))
        return dataclasses.replace(self, card_ids=unique)

    def step(self, name: str) -> Step:
        """The step called ``name``.

        Raises:
            KeyError: If there is no such step.
        """
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(f"{self.kind} example has no step {name!r}")

    @property
    def attention_steps(self) -> tuple[Step, ...]:
        """Steps holding attention weights (what :func:`to_png` draws)."""
        return tuple(s for s in self.steps if s.is_attention_weights)
