"""The offline grader's thresholds, calibrated on the development answers only.

They were chosen by ``evals/calibrate_grading.py`` on ``evals/data/dev_grading.jsonl`` (never on
the evaluation set, ``evals/data/grading.jsonl``); see ``docs/grading.md`` for the procedure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GradingParams:
    """Thresholds of the offline grader.

    Attributes:
        semantic_weight: Weight of the meaning (cosine) in a key point's coverage; the rest is
            the share of its content words found in the answer (typo-tolerant).
        point_threshold: A key point with coverage at or above this is covered.
        correct_at: Score at or above which the verdict is correct.
        partial_at: Score at or above which the verdict is partial (below: wrong).
        off_topic_below: An answer whose cosine with the card's whole answer is below this is
            wrong, whatever its words.
        neighbour_margin: The answer is wrong when another card's answer (not a duplicate of
            this one) fits it better than this card's answer by more than this cosine.
        sentence_polarity: Read a key point's polarity against the whole sentence of the answer
            that matched it, not only the matching clause ("X keeps A, so B is not C").
    """

    semantic_weight: float = 0.5
    point_threshold: float = 0.55
    correct_at: float = 0.6
    partial_at: float = 0.3
    off_topic_below: float = 0.2
    neighbour_margin: float = 0.2
    sentence_polarity: bool = True
