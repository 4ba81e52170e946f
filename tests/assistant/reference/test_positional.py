"""Sinusoidal positional encoding and the shift-is-a-rotation property."""

from __future__ import annotations

import math

import pytest
import torch

from assistant.reference import (
    frequencies,
    rotation_demo,
    rotation_matrix,
    sinusoidal_encoding,
)
from tests.assistant.reference.mapping import assert_close64


def test_table_matches_the_paper_formula_term_by_term() -> None:
    d_model = 8
    pe = sinusoidal_encoding(6, d_model)
    for pos in range(6):
        for i in range(d_model // 2):
            angle = pos / 10000 ** (2 * i / d_model)
            assert pe[pos, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-15)
            assert pe[pos, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-15)


def test_position_zero_and_hand_values() -> None:
    pe = sinusoidal_encoding(2, 4)
    assert pe[0].tolist() == [0.0, 1.0, 0.0, 1.0]
    expected = [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)]
    assert_close64(pe[1], torch.tensor(expected, dtype=torch.float64))
    assert_close64(frequencies(4), torch.tensor([1.0, 0.01], dtype=torch.float64))


@pytest.mark.parametrize(("pos", "k"), [(0, 1), (3, 2), (50, 7), (5, -3)])
def test_shift_is_rotation(pos: int, k: int) -> None:
    demo = rotation_demo(pos, k, 16)
    assert_close64(demo.rotated, demo.pe_shifted)
    assert demo.max_abs_error < 1e-12
    r = demo.rotation
    assert_close64(r @ r.T, torch.eye(16, dtype=torch.float64))  # orthogonal


def test_rotation_is_the_same_for_every_position() -> None:
    pe = sinusoidal_encoding(20, 8)
    r = rotation_matrix(4, 8)
    assert_close64(pe[:16] @ r.T, pe[4:])


def test_rotation_block_layout() -> None:
    r = rotation_matrix(1, 4)
    c0, s0 = math.cos(1.0), math.sin(1.0)
    assert_close64(r[:2, :2], torch.tensor([[c0, s0], [-s0, c0]], dtype=torch.float64))
    assert r[:2, 2:].abs().sum().item() == 0.0
    assert r[2:, :2].abs().sum().item() == 0.0


def test_odd_d_model_is_rejected() -> None:
    with pytest.raises(ValueError, match="even"):
        sinusoidal_encoding(3, 5)


def test_negative_control_wrong_rotation_sign_is_detected() -> None:
    demo = rotation_demo(3, 2, 8)
    wrong = demo.rotation.T @ demo.pe_position
    assert not torch.allclose(wrong, demo.pe_shifted, rtol=0.0, atol=1e-12)
