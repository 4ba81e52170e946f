"""Cases for evals.stats: exact where the answer is forced, seeded elsewhere."""

import itertools
import math

import numpy as np
import pytest

from evals.stats import (
    ConfidenceInterval,
    PairedTest,
    bootstrap_ci,
    holm_adjust,
    paired_randomization_test,
)

VALUES = [0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0]  # mean 7/10


def test_bootstrap_contains_mean_and_is_deterministic() -> None:
    ci = bootstrap_ci(VALUES)
    assert ci.mean == 0.7
    assert ci.n == 10
    assert 0.0 <= ci.low < ci.mean < ci.high <= 1.0
    assert bootstrap_ci(VALUES) == ci  # same seed, same interval
    assert bootstrap_ci(VALUES, seed=1) != ci


def test_bootstrap_matches_loop_reference() -> None:
    # The same draws, resampled one at a time with a plain loop.
    rng = np.random.default_rng(7)
    x = np.array(VALUES)
    idx = rng.integers(0, 10, size=(500, 10))
    means = [float(np.mean([x[i] for i in row])) for row in idx]
    low, high = np.quantile(means, [0.05, 0.95])
    ci = bootstrap_ci(VALUES, confidence=0.9, n_resamples=500, seed=7)
    assert ci == ConfidenceInterval(0.7, float(low), float(high), 10)


def test_bootstrap_agrees_with_normal_approximation() -> None:
    # 2,000 values x 2,000 resamples spans two blocks of resamples.
    x = np.random.default_rng(3).normal(size=2000)
    ci = bootstrap_ci(list(x))
    half_width = 1.959964 * x.std(ddof=1) / math.sqrt(x.size)
    assert ci.high - ci.low == pytest.approx(2 * half_width, rel=0.1)
    assert (ci.low + ci.high) / 2 == pytest.approx(ci.mean, abs=0.1 * half_width)


@pytest.mark.parametrize("values", [[0.1] * 5, [0.25]])
def test_bootstrap_degenerate(values: list[float]) -> None:
    v = values[0]
    assert bootstrap_ci(values) == ConfidenceInterval(v, v, v, len(values))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": []}, "non-empty 1-D"),
        ({"values": [1.0, math.nan]}, "NaN or infinite"),
        ({"values": [1.0], "confidence": 1.0}, r"confidence must be in \(0, 1\)"),
        ({"values": [1.0], "n_resamples": 0}, "n_resamples must be a positive"),
    ],
)
def test_bootstrap_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bootstrap_ci(**kwargs)


def test_randomization_identical_systems() -> None:
    a = {"q1": 0.5, "q2": 1.0, "q3": 0.0}
    assert paired_randomization_test(a, dict(a)) == PairedTest(1.0, 0.0, 0, 3, 0, 3)


def test_randomization_clearly_better() -> None:
    a = {f"q{i}": 1.0 for i in range(10)}
    b = {f"q{i}": 0.0 if i < 8 else 1.0 for i in range(10)}  # A wins 8, ties 2
    result = paired_randomization_test(a, b)
    assert (result.wins, result.ties, result.losses, result.n) == (8, 2, 0, 10)
    assert result.mean_diff == 0.8
    # Exact p: all 8 nonzero signs must agree, 2 / 2**8 = 0.0078125.
    assert result.p_value == pytest.approx(2 / 2**8, abs=0.003)
    assert result.p_value < 0.02
    assert paired_randomization_test(a, b) == result  # seeded


def test_randomization_is_symmetric() -> None:
    a = {"q1": 0.9, "q2": 0.4, "q3": 0.7, "q4": 0.2}
    b = {"q1": 0.5, "q2": 0.6, "q3": 0.1, "q4": 0.2}
    ab, ba = paired_randomization_test(a, b), paired_randomization_test(b, a)
    assert ab.p_value == ba.p_value
    assert ab.mean_diff == -ba.mean_diff
    assert (ab.wins, ab.ties, ab.losses) == (ba.losses, ba.ties, ba.wins) == (2, 1, 1)


def test_randomization_zero_mean_difference() -> None:
    # Every sign assignment is at least as extreme as |mean(d)| = 0.
    result = paired_randomization_test({"a": 1.0, "b": 0.0}, {"a": 0.0, "b": 1.0})
    assert result == PairedTest(1.0, 0.0, 1, 0, 1, 2)


def test_randomization_matches_exact_enumeration() -> None:
    d = [0.3, -0.1, 0.5, 0.2, 0.0, 0.4, -0.2, 0.1]
    observed = abs(sum(d) / len(d))
    flips = list(itertools.product([-1, 1], repeat=len(d)))
    extreme = sum(
        abs(sum(s * x for s, x in zip(signs, d, strict=True)) / len(d)) >= observed - 1e-12 for signs in flips
    )
    exact = extreme / len(flips)
    a = {f"q{i}": x for i, x in enumerate(d)}
    b = {f"q{i}": 0.0 for i in range(len(d))}
    assert paired_randomization_test(a, b).p_value == pytest.approx(exact, abs=0.01)


def test_randomization_errors() -> None:
    with pytest.raises(ValueError, match=r"only in a \['q2'\], only in b \['q3'\]"):
        paired_randomization_test({"q1": 1.0, "q2": 1.0}, {"q1": 1.0, "q3": 1.0})
    with pytest.raises(ValueError, match="n_resamples must be a positive"):
        paired_randomization_test({"q1": 1.0}, {"q1": 0.0}, n_resamples=0)
    with pytest.raises(ValueError, match="non-empty"):
        paired_randomization_test({}, {})


def test_holm_hand_values() -> None:
    # sorted: 0.01 (x3 = 0.03), 0.03 (x2 = 0.06), 0.04 (x1 = 0.04 -> running max 0.06)
    assert holm_adjust([0.01, 0.04, 0.03]) == [3 * 0.01, 2 * 0.03, 2 * 0.03]
    assert holm_adjust([0.5, 0.5]) == [1.0, 1.0]  # capped at 1
    assert holm_adjust([0.2]) == [0.2]
    assert holm_adjust([]) == []


def test_holm_errors() -> None:
    with pytest.raises(ValueError, match=r"p-values must lie in \[0, 1\]"):
        holm_adjust([0.1, 1.5])
