"""The WorkedExample record: frozen, copy-on-write cards, step lookup."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.examples.record import Step, WorkedExample


def _example() -> WorkedExample:
    steps = (
        Step("scores", "q·k.", [[1.0, 0.0]], (1, 2)),
        Step("attention_weights", "softmax.", [[0.7311, 0.2689]], (1, 2)),
        Step("total", "a scalar.", 2.0, ()),
    )
    return WorkedExample("attention", {"Q": [[1.0]]}, steps, {"output": [[1.0]]}, r"\alpha")


def test_defaults_and_with_cards_copy() -> None:
    ex = _example()
    assert ex.card_ids == () and ex.notes == () and ex.concept_query == ""
    with_cards = ex.with_cards(["c2", "c1", "c2"])
    assert with_cards.card_ids == ("c2", "c1")
    assert ex.card_ids == ()  # the original is untouched
    assert dataclasses.replace(with_cards, card_ids=()) == ex


def test_record_is_frozen_including_its_maps() -> None:
    ex = _example()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.kind = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ex.inputs["Q"] = [[2.0]]  # type: ignore[index]


def test_step_lookup_and_attention_steps() -> None:
    ex = _example()
    assert ex.step("total").tensor == 2.0
    assert [s.name for s in ex.attention_steps] == ["attention_weights"]
    with pytest.raises(KeyError, match="no step 'missing'"):
        ex.step("missing")
