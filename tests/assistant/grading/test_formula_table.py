"""Formulas by symbol overlap, table rows by the value given for their label."""

from __future__ import annotations

import pytest

from assistant.grading.formula import compact, looks_like_formula, symbol_coverage
from assistant.grading.table import row_agreement


def test_compact_drops_styling_and_spells_out_operations():
    assert compact("\\text{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V") == "softmaxqktsqrtdkv"
    assert compact("softmax(Q K transpose over the square root of d_k) times V") == "softmaxqktsqrtdkv"


def test_symbol_coverage():
    card = "FFN(x)=max(0,xW1+b1)W2+b2"
    assert symbol_coverage(card, "FFN(x) = max(0, x W1 + b1) W2 + b2") == 1.0
    assert symbol_coverage(card, "relu(xW1)W2") == pytest.approx(5 / 17)
    assert symbol_coverage(card, "It has two layers") == 0.0  # no formula written


def test_formula_detection():
    assert looks_like_formula("MultiHead(Q,K,V)=Concat(head1,…,headh)WO")
    assert looks_like_formula("WiQ∈Rdmodel×dk")
    assert not looks_like_formula("It consists of two linear transformations with a ReLU activation in between.")
    assert not looks_like_formula("Self-Attention: O(1) (Allows massive parallelization).")


ROWS = [
    "Complexity per Layer:\nSelf-Attention: O(N2⋅d) (where N is sequence length and d is dimension).",
    "Recurrent: O(N⋅d2)",
    "Sequential Operations:\nSelf-Attention: O(1) (Allows massive parallelization).",
    "Recurrent: O(N) (Forces step-by-step dependency processing).",
]


def test_rows_with_the_cards_values_agree():
    answer = "Self-attention: O(N^2 d) per layer with O(1) sequential operations; recurrent: O(N d^2) with O(N)."
    assert [row_agreement(r, answer, ROWS) for r in ROWS] == [True, True, True, True]


def test_swapped_values_contradict():
    answer = "Self-attention needs O(N) sequential operations and recurrent layers need O(1)."
    assert [row_agreement(r, answer, ROWS) for r in ROWS] == [False, False, False, False]


def test_a_value_of_the_other_column_is_no_contradiction():
    answer = "Self-attention costs O(N^2 d) per layer and recurrent costs O(N d^2)."
    assert [row_agreement(r, answer, ROWS) for r in ROWS] == [True, True, None, None]


def test_a_value_before_its_label_counts():
    rows = ["Parallel attention heads: h=8", "Model dimension: dmodel=512"]
    assert [row_agreement(r, "8 heads and d_model = 512", rows) for r in rows] == [True, True]
    assert row_agreement(rows[0], "It uses 12 heads.", rows) is False
    assert row_agreement("Not a row at all", "8 heads", rows) is None
