"""The offline grader's evidence as a fixed vector of numbers, for the verdict model.

Every feature is read from :class:`~assistant.grading.evidence.Evidence` and from the rules'
:class:`~assistant.grading.decision.Decision` on it (the rules' verdict and score are features
too), so computing them costs no call to the embedding model. The order is :data:`NAMES`; the
verdict model (:mod:`assistant.grading.verdict_model`) stores the names it was fitted on and
refuses a vector of other names.

Example:
    >>> vector = feature_vector(evidence, decide(evidence, GradingParams()))
    >>> len(vector) == len(NAMES)
    True
"""

from __future__ import annotations

import math

import numpy as np

from assistant.grading.decision import Decision
from assistant.grading.evidence import Evidence

#: The margin a missing neighbour counts as (no other card fits the answer at all).
NO_NEIGHBOUR = -0.5
_VERDICT_LEVEL = {"wrong": 0.0, "partial": 1.0, "correct": 2.0}

NAMES: tuple[str, ...] = (
    "no_answer",  # empty, or a form of "I don't know"
    "similarity",  # cosine of the whole answer with the card's whole answer
    "question_similarity",  # ... with the card's question
    "lift",  # similarity - question_similarity
    "neighbour_margin",  # how much better the best other card fits (NO_NEIGHBOUR when none)
    "points",  # how many key points the card has
    "coverage_mean",  # the key points' coverage (meaning and words blended), mean
    "coverage_min",
    "coverage_max",
    "covered_share",  # share of key points covered (reached the threshold, not contradicted)
    "any_covered",
    "semantic_mean",  # best cosine of each point with a unit of the answer, mean
    "semantic_max",
    "lexical_mean",  # share of each point's content words in the answer, mean
    "lexical_max",
    "contradicted",  # a key point is contradicted (polarity, a table value, swapped roles)
    "flipped",  # the best-matching clause of some point flips its polarity
    "sentence_flipped",  # ... the whole sentence holding it does
    "swapped_roles",  # the answer exchanged the attributes of two of the card's subjects
    "log_words",  # log(1 + words in the answer)
    "log_length_ratio",  # log(1 + answer words) - log(1 + card answer words)
    "rule_score",  # the rules' score (assistant.grading.decision)
    "rule_verdict",  # the rules' verdict: wrong 0, partial 1, correct 2
)


def feature_vector(evidence: Evidence, decision: Decision) -> np.ndarray:
    """The features of one graded answer, in the order of :data:`NAMES` (float64, shape ``(len(NAMES),)``)."""
    findings = decision.points
    coverage = [f.coverage for f in findings] or [0.0]
    semantic = [p.semantic for p in evidence.points] or [0.0]
    lexical = [p.lexical for p in evidence.points] or [0.0]
    answer_words = len(evidence.answer.split())
    card_words = len(evidence.card.answer.split())
    margin = max(evidence.neighbour_margin, NO_NEIGHBOUR) if evidence.neighbour is not None else NO_NEIGHBOUR
    values = (
        float(evidence.no_answer),
        evidence.similarity,
        evidence.question_similarity,
        evidence.lift,
        margin,
        float(len(evidence.points)),
        float(np.mean(coverage)),
        min(coverage),
        max(coverage),
        float(np.mean([f.covered for f in findings])) if findings else 0.0,
        float(any(f.covered for f in findings)),
        float(np.mean(semantic)),
        max(semantic),
        float(np.mean(lexical)),
        max(lexical),
        float(any(f.contradicted for f in findings)),
        float(any(p.flipped for p in evidence.points)),
        float(any(p.sentence_flipped for p in evidence.points)),
        float(bool(evidence.swapped_roles)),
        math.log1p(answer_words),
        math.log1p(answer_words) - math.log1p(card_words),
        decision.score,
        _VERDICT_LEVEL[decision.verdict],
    )
    return np.asarray(values, dtype=np.float64)
