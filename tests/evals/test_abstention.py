"""Hand-computed cases for evals.abstention; arithmetic is written beside each value."""

import math

import pytest

from evals.abstention import (
    AbstentionItem,
    RiskCoveragePoint,
    abstention_metrics,
    crag_score,
    risk_coverage,
)
from evals.metrics import PrecisionRecall

ITEMS = [
    AbstentionItem(answerable=True, abstained=False, correct=True),  # +1
    AbstentionItem(answerable=True, abstained=False, correct=False),  # -1
    AbstentionItem(answerable=True, abstained=True, correct=False),  # 0
    AbstentionItem(answerable=False, abstained=True, correct=False),  # +1
    AbstentionItem(answerable=False, abstained=False, correct=True),  # -1
    AbstentionItem(answerable=True, abstained=False, correct=True),  # +1
]


def test_crag_score_per_item() -> None:
    assert [crag_score(it) for it in ITEMS] == [1, -1, 0, 1, -1, 1]


def test_abstention_metrics_mixed() -> None:
    report = abstention_metrics(ITEMS)
    assert report.individual_scores == (1, -1, 0, 1, -1, 1)
    assert report.score == 1 / 6  # (1 - 1 + 0 + 1 - 1 + 1) / 6
    assert report.accuracy == 3 / 6
    assert report.hallucination == 2 / 6
    assert report.missing == 1 / 6
    assert report.abstain_rate == 2 / 6  # items 2 and 3
    # abstained {2, 3}, unanswerable {3, 4}: P = 1/2, R = 1/2
    assert report.abstention == PrecisionRecall(0.5, 0.5)


def test_abstention_no_unanswerable_no_abstain() -> None:
    report = abstention_metrics([AbstentionItem(True, False, True)])
    assert report.score == 1.0
    assert report.abstention == PrecisionRecall(1.0, 1.0)
    with pytest.raises(ValueError, match="no items"):
        abstention_metrics([])


def test_risk_coverage_four_items() -> None:
    curve = risk_coverage(
        confidence=[0.9, 0.8, 0.8, 0.3],
        answerable=[True, True, False, True],
        correct=[True, False, True, True],
    )  # wrong: item 1 (incorrect), item 2 (unanswerable)
    assert curve.points == (
        RiskCoveragePoint(0.9, 1 / 4, 0.0),  # answer {0}
        RiskCoveragePoint(0.8, 3 / 4, 2 / 3),  # answer {0, 1, 2}
        RiskCoveragePoint(0.3, 4 / 4, 2 / 4),  # answer all
    )
    # 0 * 0.25 + (2/3) * 0.5 + 0.5 * 0.25 = 11/24
    assert curve.aurc == pytest.approx(11 / 24, abs=1e-15)


def test_risk_coverage_matches_geifman_aurc_for_distinct_scores() -> None:
    wrong = [False, True, False, True]  # by decreasing confidence
    curve = risk_coverage([0.9, 0.7, 0.5, 0.2], [True] * 4, [not w for w in wrong])
    # selective risk after 1..4 items: 0/1, 1/2, 1/3, 2/4
    assert curve.aurc == pytest.approx((0 + 1 / 2 + 1 / 3 + 2 / 4) / 4, abs=1e-15)


def test_risk_coverage_errors() -> None:
    with pytest.raises(ValueError, match="equally long, got 2, 1, 2"):
        risk_coverage([0.1, 0.2], [True], [True, False])
    with pytest.raises(ValueError, match="non-empty"):
        risk_coverage([], [], [])
    with pytest.raises(ValueError, match="NaN"):
        risk_coverage([math.nan], [True], [True])
