"""Uncertainty for per-query metric values: bootstrap CIs and paired tests.

Both procedures are Monte Carlo with a fixed seed, so a report is reproducible
run to run, and vectorised with numpy (resamples are drawn in blocks of
``_BLOCK`` numbers to bound memory).

Example:
    >>> ci = bootstrap_ci([1.0, 0.0, 1.0, 1.0])
    >>> ci.mean, ci.n
    (0.75, 4)
    >>> paired_randomization_test({"q1": 1.0}, {"q1": 1.0}).p_value
    1.0

Several baselines compared with the same system are a family of tests: ``holm_adjust``
corrects their p-values for multiplicity.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

_BLOCK = 2_000_000  # numbers drawn per block of resamples
_TIE_TOL = 1e-12  # resampled statistics this close to the observed one count as ties


def _as_values(values: Sequence[float], name: str) -> NDArray[np.float64]:
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return x


def _blocks(n_resamples: int, n: int) -> Iterator[int]:
    """Yields block sizes (rows) summing to ``n_resamples``, each <= _BLOCK / n."""
    rows = max(1, _BLOCK // n)
    for start in range(0, n_resamples, rows):
        yield min(rows, n_resamples - start)


def _check_resamples(n_resamples: int) -> None:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive integer, got {n_resamples!r}")


@dataclass(frozen=True)
class ConfidenceInterval:
    """A mean with its bootstrap interval ``[low, high]`` over ``n`` values."""

    mean: float
    low: float
    high: float
    n: int


def bootstrap_ci(
    values: Sequence[float],
    *,
    confidence: float = 0.95,
    n_resamples: int = 2000,
    seed: int = 0,
) -> ConfidenceInterval:
    """Percentile bootstrap confidence interval for the mean.

    Draws ``n_resamples`` resamples of size n with replacement, takes each
    resample's mean, and returns the ``(1 - confidence) / 2`` and
    ``(1 + confidence) / 2`` percentiles of those means (numpy's default
    linear interpolation). When all values are equal the interval collapses
    to ``low == high == mean``.

    Args:
        values: Per-query metric values, shape (n,).
        confidence: Coverage of the interval, in (0, 1).
        n_resamples: Number of bootstrap resamples.
        seed: Seed for ``numpy.random.default_rng``.

    Returns:
        A ``ConfidenceInterval``.

    Raises:
        ValueError: If ``values`` is empty or not finite, or an argument is
            out of range.
    """
    x = _as_values(values, "values")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    _check_resamples(n_resamples)
    n = x.size
    if np.all(x == x[0]):  # also avoids rounding noise in the mean of equal floats
        v = float(x[0])
        return ConfidenceInterval(mean=v, low=v, high=v, n=n)
    rng = np.random.default_rng(seed)
    means = np.concatenate(
        [x[rng.integers(0, n, size=(rows, n))].mean(axis=1) for rows in _blocks(n_resamples, n)]
    )  # (n_resamples,)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return ConfidenceInterval(mean=float(x.mean()), low=float(low), high=float(high), n=n)


@dataclass(frozen=True)
class PairedTest:
    """Result of comparing system A with system B on the same queries.

    Attributes:
        p_value: Two-sided p-value for "A and B have the same mean".
        mean_diff: mean(A - B); positive means A scores higher.
        wins: Queries where A > B.
        ties: Queries where A == B (exact float equality).
        losses: Queries where A < B.
        n: Number of queries.
    """

    p_value: float
    mean_diff: float
    wins: int
    ties: int
    losses: int
    n: int


def paired_randomization_test(
    a: Mapping[str, float],
    b: Mapping[str, float],
    *,
    n_resamples: int = 10_000,
    seed: int = 0,
) -> PairedTest:
    """Paired sign-flip randomization test on per-query differences.

    Under the null hypothesis the labels A and B are exchangeable within a
    query, so each difference d_i = a_i - b_i is equally likely to have
    either sign. The statistic is |mean(d)|; the p-value is
    ``(1 + #{resamples with |mean(s * d)| >= |mean(d)|}) / (1 + n_resamples)``
    with random signs s, which is never 0. Identical systems give exactly 1.0.

    Args:
        a: Query id -> metric value for system A.
        b: Query id -> metric value for system B, same query ids as ``a``.
        n_resamples: Number of random sign assignments.
        seed: Seed for ``numpy.random.default_rng``.

    Returns:
        A ``PairedTest``.

    Raises:
        ValueError: If the query ids differ, are empty, values are not finite,
            or ``n_resamples`` < 1.
    """
    if set(a) != set(b):
        only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        raise ValueError(f"query ids differ: only in a {only_a}, only in b {only_b}")
    _check_resamples(n_resamples)
    qids = sorted(a)
    xa = _as_values([a[q] for q in qids], "a")
    xb = _as_values([b[q] for q in qids], "b")
    d = xa - xb  # (n,)
    n = d.size
    wins, losses = int(np.sum(d > 0)), int(np.sum(d < 0))
    observed = abs(float(d.mean()))
    if wins == losses == 0:
        return PairedTest(1.0, 0.0, 0, n, 0, n)
    rng = np.random.default_rng(seed)
    extreme = 0
    for rows in _blocks(n_resamples, n):
        signs = rng.integers(0, 2, size=(rows, n)) * 2.0 - 1.0  # (rows, n) of +-1
        stats = np.abs(signs @ d) / n  # (rows,)
        extreme += int(np.sum(stats >= observed - _TIE_TOL))
    p_value = (extreme + 1) / (n_resamples + 1)
    return PairedTest(p_value, float(d.mean()), wins, n - wins - losses, losses, n)


def holm_adjust(p_values: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the order given.

    Sort the m p-values ascending; the i-th smallest (0-based) becomes
    ``max over j <= i of min(1, (m - j) * p_(j))``. Rejecting where the adjusted value is
    below alpha controls the family-wise error rate at alpha.

    Example:
        >>> holm_adjust([0.01, 0.04, 0.03])
        [0.03, 0.06, 0.06]

    Raises:
        ValueError: If a p-value is outside [0, 1].
    """
    if any(not 0.0 <= p <= 1.0 for p in p_values):
        raise ValueError(f"p-values must lie in [0, 1], got {list(p_values)}")
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
