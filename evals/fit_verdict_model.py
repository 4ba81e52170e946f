"""Fit the offline grader's verdict model on the development answers (``dev_grading.jsonl``).

Run it after changing the grader's evidence, features or rules (and after
``python -m evals.calibrate_grading``, whose parameters the features are computed with)::

    python -m evals.fit_verdict_model

It gathers the evidence for every development answer once, computes the features
(:mod:`assistant.grading.features`), fits the two logistic heads of
:mod:`assistant.grading.verdict_model` (scikit-learn, L2, ``C = 0.3``) and writes
``assistant/grading/verdict_model.json``. Before that it estimates how the model does on answers
to cards it never saw: 5-fold cross-validation grouped by card (every answer to a card in the
same fold), repeated over 5 shuffles, each fold's model applied exactly as the grader applies
it. The regularization, the thresholds and the feature set were chosen by that estimate; the
evaluation set (``grading.jsonl``) is never read.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from assistant.grading.decision import Decision
from assistant.grading.evidence import Evidence
from assistant.grading.features import NAMES, feature_vector
from assistant.grading.params import GradingParams
from assistant.grading.verdict_model import CORRECT_AT, MODEL_FILE, PASS_AT, parse_model
from evals.grading_metrics import plain_figures

#: L2 regularization (scikit-learn's C: smaller is stronger).
REGULARIZATION = 0.3
FOLDS, REPEATS = 5, 5


def fit(
    features: np.ndarray,
    labels: Sequence[str],
    params: GradingParams,
    c: float = REGULARIZATION,
    about: str = "",
) -> dict[str, Any]:
    """The verdict model fitted on ``features`` (shape ``(answers, len(NAMES))``), as JSON data."""
    from sklearn.linear_model import LogisticRegression

    gold = np.asarray(labels)
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    z = (features - mean) / scale
    heads = {}
    for name, target in (("pass", gold != "wrong"), ("correct", gold == "correct")):
        if target.all() or not target.any():
            raise ValueError(f"the {name} head needs answers of both kinds")
        head = LogisticRegression(C=c, max_iter=5000).fit(z, target)
        heads[name] = {"weights": [float(w) for w in head.coef_[0]], "bias": float(head.intercept_[0])}
    return {
        "about": about
        or "Fitted by python -m evals.fit_verdict_model; see assistant/grading/verdict_model.py.",
        "fitted_on": "evals/data/dev_grading.jsonl",
        "answers": len(gold),
        "params": dataclasses.asdict(params),
        "names": list(NAMES),
        "mean": [float(v) for v in mean],
        "scale": [float(v) for v in scale],
        "heads": heads,
        "pass_at": PASS_AT,
        "correct_at": CORRECT_AT,
        "regularization": c,
    }


def cross_validate(
    evidence: Sequence[Evidence],
    decisions: Sequence[Decision],
    labels: Sequence[str],
    groups: Sequence[str],
    params: GradingParams,
    folds: int = FOLDS,
    repeats: int = REPEATS,
) -> dict[str, float]:
    """Mean figures over ``repeats`` shuffles of ``folds``-fold cross-validation grouped by card."""
    features = np.stack([feature_vector(e, d) for e, d in zip(evidence, decisions, strict=True)])
    gold = np.asarray(labels)
    cards = sorted(set(groups))
    runs = []
    for seed in range(repeats):
        order = {card: i for i, card in enumerate(np.random.default_rng(seed).permutation(cards))}
        fold_of = np.array([order[g] % folds for g in groups])
        verdicts: list[str] = [""] * len(gold)
        for fold in range(folds):
            train = fold_of != fold
            model = parse_model(fit(features[train], list(gold[train]), params))
            for i in (int(j) for j in np.flatnonzero(~train)):
                verdicts[i] = model.apply(evidence[i], decisions[i]).verdict
        runs.append(plain_figures(list(gold), verdicts))
    return {key: round(float(np.mean([r[key] for r in runs])), 4) for key in runs[0]}


def main() -> None:  # pragma: no cover - a developer's tool
    from assistant.grading.decision import decide
    from evals.calibrate_grading import gather_dev_evidence

    params = GradingParams()
    items, evidence = gather_dev_evidence()
    decisions = [decide(e, params) for e in evidence]
    labels = [i.label for i in items]
    groups = [i.card.card_id for i in items]
    rules = plain_figures(labels, [d.verdict for d in decisions])
    cv = cross_validate(evidence, decisions, labels, groups, params)
    print(f"rules on the development set (their parameters were fitted on all of it): {rules}")
    print(f"verdict model, {FOLDS}-fold cross-validation by card, mean of {REPEATS} shuffles: {cv}")
    features = np.stack([feature_vector(e, d) for e, d in zip(evidence, decisions, strict=True)])
    data = fit(features, labels, params)
    data["cross_validation"] = {
        "folds": FOLDS,
        "repeats": REPEATS,
        "grouped_by": "card",
        **cv,
        "rules_in_sample": rules,
        "date": datetime.now(UTC).date().isoformat(),
    }
    parse_model(data)  # what the grader will load
    MODEL_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
