"""Choose the offline grader's thresholds on the development answers (``dev_grading.jsonl``).

Run it after changing the grader::

    python -m evals.calibrate_grading

It gathers the evidence for every development answer once (:mod:`assistant.grading.evidence`),
then tries every combination of :data:`GRID` with the pure decision rules and prints the best
by the objective ``binary accuracy + 0.5 * three-way accuracy - 2 * max(0, false-pass rate -
0.03) - 0.001 * false passes``: the targets put passing a wrong answer first (the last term
only breaks ties). Copy the winner into
:class:`assistant.grading.params.GradingParams`. The evaluation set is never read.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from assistant.grading.decision import decide
from assistant.grading.evidence import Evidence
from assistant.grading.params import GradingParams
from evals.grading_metrics import plain_figures
from evals.grading_set import GradedAnswer

GRID: dict[str, Sequence[object]] = {
    "semantic_weight": (0.5, 0.6),
    "point_threshold": (0.4, 0.45, 0.5, 0.55),
    "correct_at": (0.6, 0.7, 0.8),
    "partial_at": (0.1, 0.2, 0.3),
    "off_topic_below": (0.2, 0.3),
    "neighbour_margin": (0.1, 0.2, 9.0),
    "sentence_polarity": (False, True),
    "role_check": (True,),
    "contradiction_is_wrong": (False, True),
    "flip_floor": (0.6, 0.8, 1.0),
    "core_weight": (0.0, 0.25, 0.5),
    "partial_needs_point": (False, True),
    "lift_weight": (0.0, 0.5, 1.0),
}


def objective(gold: Sequence[str], verdicts: Sequence[str]) -> float:
    """The figures of :func:`evals.grading_metrics.plain_figures`, weighed as the module says."""
    f = plain_figures(gold, verdicts)
    false_pass = f["false_passes"] / max(1.0, f["wrong"])
    penalty = 2.0 * max(0.0, false_pass - 0.03) + 0.001 * f["false_passes"]  # ties: fewer false passes
    return f["binary"] + 0.5 * f["three_way"] - penalty


def calibrate(gold: Sequence[str], evidence: Sequence[Evidence]) -> tuple[GradingParams, float]:
    """The grid point with the best objective (the first, in grid order, on ties)."""
    best: tuple[GradingParams, float] | None = None
    for values in itertools.product(*GRID.values()):
        params = GradingParams(**dict(zip(GRID, values, strict=True)))  # type: ignore[arg-type]
        if params.partial_at >= params.correct_at:
            continue
        score = objective(gold, [decide(e, params).verdict for e in evidence])
        if best is None or score > best[1]:
            best = (params, score)
    assert best is not None
    return best


def gather_dev_evidence() -> tuple[list[GradedAnswer], list[Evidence]]:  # pragma: no cover - needs the model
    """The development answers and their evidence, gathered once as the grader gathers it (the
    store the settings name, its base embedding model, its retriever)."""
    from assistant.api import StudyAssistant
    from assistant.grading.evidence import EvidenceGatherer
    from evals.grading_set import DEV_GRADING_FILE, load_graded

    study = StudyAssistant()
    items = load_graded(DEV_GRADING_FILE, {c.card_id: c for c in study.cards()})
    gatherer = EvidenceGatherer(study.base_embedder, study.retriever)
    return items, [gatherer.gather(i.card, i.answer) for i in items]


def main() -> None:  # pragma: no cover - a developer's tool
    items, evidence = gather_dev_evidence()
    params, score = calibrate([i.label for i in items], evidence)
    print(f"best on {len(items)} development answers (objective {score:.4f}): {params}")


if __name__ == "__main__":
    main()
