"""The verdict model: two logistic regressions over the grader's features decide the verdict.

The rules of :mod:`assistant.grading.decision` find the covered, missed and contradicted key
points and a score; each rule is a threshold on one signal. The verdict model weighs all the
signals together (:mod:`assistant.grading.features`, the rules' own verdict among them):

- the *pass* head gives the probability that the answer is not wrong;
- the *correct* head gives the probability that it is correct.

The verdict is ``wrong`` when P(pass) is under ``pass_at``, else ``correct`` when P(correct)
reaches ``correct_at``, else ``partial``. Three rules stay absolute: no answer, an answer about
something else (``off topic``) and one that denies a key point in the card's own words
(``contradiction``, :mod:`assistant.grading.polarity`) keep the rules' verdict whatever the
model says. A linear model weighs a contradiction against the answer's closeness to the card,
and keyword stuffing is close to the card by design.

The weights live in ``verdict_model.json`` beside this module. They were fitted by
``python -m evals.fit_verdict_model`` on the development answers (``evals/data/dev_grading.jsonl``)
only; the file records the rules' parameters the features were computed with, and the
cross-validated figures on the development set (see ``docs/grading.md``).

Example:
    >>> model = load_verdict_model()
    >>> decision = model.apply(evidence, decide(evidence, GradingParams()))
    >>> decision.verdict in ("correct", "partial", "wrong")
    True
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.grading.decision import Decision, PointFinding
from assistant.grading.evidence import Evidence
from assistant.grading.features import NAMES, feature_vector
from assistant.grading.params import GradingParams
from assistant.grading.record import Verdict
from ingest.errors import GradingError

#: The fitted model shipped with the grader.
MODEL_FILE = Path(__file__).resolve().with_name("verdict_model.json")
#: The thresholds on P(not wrong) and P(correct) that ``python -m evals.fit_verdict_model``
#: writes into the model file (chosen by its cross-validation).
PASS_AT, CORRECT_AT = 0.6, 0.7
#: Rule reasons the model never overrules.
ABSOLUTE_REASONS = frozenset({"no answer", "off topic", "contradiction"})


class _Head(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weights: list[float]
    bias: float


class _ModelFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    about: str
    fitted_on: str
    answers: int = Field(ge=1)
    params: dict[str, Any]
    names: list[str]
    mean: list[float]
    scale: list[float]
    heads: dict[str, _Head]
    pass_at: float = Field(gt=0.0, lt=1.0)
    correct_at: float = Field(gt=0.0, lt=1.0)
    regularization: float = Field(gt=0.0)
    cross_validation: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class LogisticHead:
    """``sigmoid(weights . z + bias)`` over standardized features ``z``."""

    weights: np.ndarray  # (features,)
    bias: float

    def probability(self, z: np.ndarray) -> float:
        logit = float(self.weights @ z) + self.bias
        return 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0


@dataclass(frozen=True)
class VerdictModel:
    """Standardization, the two heads and their thresholds.

    Attributes:
        names: The features, in order (must equal :data:`assistant.grading.features.NAMES`).
        mean, scale: Standardization: ``z = (x - mean) / scale``.
        passing, correct: The heads (P(not wrong), P(correct)).
        pass_at, correct_at: The thresholds on them.
        params: The rules' parameters the features were computed with when it was fitted.
    """

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    passing: LogisticHead
    correct: LogisticHead
    pass_at: float
    correct_at: float
    params: GradingParams = GradingParams()

    def probabilities(self, features: np.ndarray) -> tuple[float, float]:
        """P(not wrong) and P(correct) for one feature vector (shape ``(len(names),)``)."""
        z = (features - self.mean) / self.scale
        return self.passing.probability(z), self.correct.probability(z)

    def verdict(self, features: np.ndarray) -> tuple[Verdict, float]:
        """The verdict for one feature vector, and P(correct) as its score."""
        p_pass, p_correct = self.probabilities(features)
        if p_pass < self.pass_at:
            return "wrong", p_correct
        return ("correct" if p_correct >= self.correct_at else "partial"), p_correct

    def apply(self, evidence: Evidence, decision: Decision) -> Decision:
        """``decision`` (the rules') with the model's verdict and score.

        No answer, an off-topic answer and a contradiction keep the rules' decision
        (:data:`ABSOLUTE_REASONS`). The "neighbour" reason is kept only when the model's verdict
        is the rules' verdict. The covered and missed points are the rules', except that a
        correct answer also covers the points it comes near.
        """
        if decision.reason in ABSOLUTE_REASONS:
            return decision
        verdict, score = self.verdict(feature_vector(evidence, decision))
        reason = decision.reason if verdict == decision.verdict else ""
        points = decision.points
        if verdict == "correct":
            points = self._near_points_covered(decision)
        return dataclasses.replace(decision, verdict=verdict, score=score, reason=reason, points=points)

    def _near_points_covered(self, decision: Decision) -> tuple[PointFinding, ...]:
        """The findings of an answer judged correct: a point it comes near (``flip_floor`` of the
        point threshold, the bar from which its polarity is read) counts as covered, so that a
        correct answer in other words is not told it covered nothing. A contradicted point stays
        missed."""
        near = self.params.flip_floor * self.params.point_threshold
        return tuple(
            dataclasses.replace(f, covered=f.covered or (not f.contradicted and f.coverage >= near))
            for f in decision.points
        )


def parse_model(data: dict[str, Any], source: str = "verdict model") -> VerdictModel:
    """A :class:`VerdictModel` from its JSON form.

    Raises:
        GradingError: when ``data`` is malformed or was fitted on other features.
    """
    try:
        raw = _ModelFile.model_validate(data)
    except ValidationError as err:
        raise GradingError(f"{source} is not a verdict model: {err.errors()[0]['msg']}") from None
    if tuple(raw.names) != NAMES:
        raise GradingError(f"{source} was fitted on other features than the grader computes")
    if set(raw.heads) != {"pass", "correct"}:
        raise GradingError(f"{source} needs the heads 'pass' and 'correct', got {sorted(raw.heads)}")
    n = len(NAMES)
    vectors = [raw.mean, raw.scale, raw.heads["pass"].weights, raw.heads["correct"].weights]
    if any(len(v) != n for v in vectors):
        raise GradingError(f"{source} has vectors of the wrong length (need {n})")
    if any(s <= 0 for s in raw.scale):
        raise GradingError(f"{source} has a scale that is not positive")
    try:
        params = GradingParams(**raw.params)
    except TypeError as err:
        raise GradingError(f"{source} names unknown grading parameters: {err}") from None
    return VerdictModel(
        names=tuple(raw.names),
        mean=np.asarray(raw.mean, dtype=np.float64),
        scale=np.asarray(raw.scale, dtype=np.float64),
        passing=LogisticHead(np.asarray(raw.heads["pass"].weights, dtype=np.float64), raw.heads["pass"].bias),
        correct=LogisticHead(
            np.asarray(raw.heads["correct"].weights, dtype=np.float64), raw.heads["correct"].bias
        ),
        pass_at=raw.pass_at,
        correct_at=raw.correct_at,
        params=params,
    )


@lru_cache(maxsize=1)
def load_verdict_model(path: Path = MODEL_FILE) -> VerdictModel:
    """The model in ``path`` (the shipped one by default).

    Raises:
        GradingError: when the file cannot be read or is not a verdict model.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GradingError(f"cannot read the verdict model {path}: {err}") from None
    return parse_model(data, str(path))
