"""The warm-up then inverse-square-root learning-rate schedule."""

from __future__ import annotations

import pytest

from assistant.reference import learning_rate, learning_rate_steps


def test_hand_computed_values() -> None:
    assert learning_rate(1, 512, 4000) == pytest.approx(512**-0.5 * 4000**-1.5, rel=1e-15)
    assert learning_rate(100, 512, 4000) == pytest.approx(512**-0.5 * 100 * 4000**-1.5, rel=1e-15)
    assert learning_rate(16000, 512, 4000) == pytest.approx(512**-0.5 * 16000**-0.5, rel=1e-15)


def test_peak_is_at_warmup() -> None:
    steps = learning_rate_steps(100, 512, 4000)
    assert steps.branch == "warmup"
    assert steps.peak_learning_rate == pytest.approx((512 * 4000) ** -0.5, rel=1e-15)
    rates = [learning_rate(s, 512, 4000) for s in (3999, 4000, 4001)]
    assert rates[1] >= rates[0] and rates[1] >= rates[2]
    assert learning_rate_steps(8000, 512, 4000).branch == "decay"


def test_step_zero_is_rejected() -> None:
    with pytest.raises(ValueError, match="step must be >= 1"):
        learning_rate(0, 512, 4000)
