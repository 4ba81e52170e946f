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
        role_check: Treat swapped roles (:mod:`assistant.grading.roles`) as a contradiction.
        flip_floor: Polarity is checked on key points whose coverage reaches this share of the
            point threshold (a contradicted point need not be covered).
        contradiction_is_wrong: A contradiction makes the answer wrong (otherwise it caps the
            verdict one step: correct becomes partial, partial becomes wrong).
        core_weight: The score is ``(1 - core_weight) * mean + core_weight * best``: the mean
            credit over the card's key points, blended with the credit of its best-covered point
            (a terse answer that states the card's central point fully passes).
        partial_needs_point: ``partial`` needs at least one covered key point; a same-topic
            answer that covers none is wrong.
        lift_weight: Adds ``lift_weight * lift`` to the score (clipped to [0, 1]), the lift being
            the answer's cosine with the card's answer minus its cosine with the card's question:
            a terse answer that states the card's fact gains, one that only restates the
            question's topic does not. Not added when a key point is contradicted.
    """

    semantic_weight: float = 0.5
    point_threshold: float = 0.45
    correct_at: float = 0.8
    partial_at: float = 0.1
    off_topic_below: float = 0.2
    neighbour_margin: float = 0.2
    sentence_polarity: bool = True
    role_check: bool = True
    contradiction_is_wrong: bool = False
    flip_floor: float = 0.6
    core_weight: float = 0.0
    partial_needs_point: bool = True
    lift_weight: float = 0.5
