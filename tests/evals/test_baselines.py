"""Reciprocal-rank fusion and hold-out filtering, by hand."""

from __future__ import annotations

import pytest

from evals.baselines import RRF_K, rrf, without
from evals.records import Ranked


def test_rrf_hand_values() -> None:
    fused = rrf([["a", "b"], ["b", "c"]])
    # b: 1/(60+2) + 1/(60+1); a: 1/61; c: 1/62
    assert [r.card_id for r in fused] == ["b", "a", "c"]
    assert fused[0].score == pytest.approx(1 / 62 + 1 / 61, abs=1e-15)
    assert fused[1].score == 1 / 61 and fused[2].score == 1 / 62
    assert RRF_K == 60


def test_rrf_ties_break_by_id() -> None:
    assert [r.card_id for r in rrf([["z"], ["a"]])] == ["a", "z"]  # both 1/61
    assert rrf([]) == ()


def test_without_removes_the_held_out_card_then_cuts() -> None:
    ranking = tuple(Ranked(c, 1.0) for c in ["a", "b", "c", "d"])
    assert [r.card_id for r in without(ranking, "b", 2)] == ["a", "c"]
    assert [r.card_id for r in without(ranking, None, 3)] == ["a", "b", "c"]
