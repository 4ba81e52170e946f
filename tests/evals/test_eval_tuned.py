"""The eval of a deck-tuned store (slow: a real tune of the bundled decks, then the eval).

The bundled decks are ingested into a fresh data dir with the base model, the embedding model
is tuned on them once with the default recipe (``StudyAssistant.tune``), and the sets a tuned
store is judged on (verbatim, paraphrase, out-of-scope, uncovered) are run through it, offline
and without baselines. Every figure must stay at or above the ``"tuned"`` floors committed in
``evals/floors.json`` (and at or under its ceilings). Leave-one-out is left out: without a leak
it needs a tune per fold (about 11 minutes for five on two cores; see docs/evaluation.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from evals.evaluate import Evaluation, evaluate
from evals.runner import EvalConfig, run_eval
from evals.scoring import score_run
from ingest.retune import TuneOutcome
from tests.conftest import CARDS
from tests.support.floors import outside_limits

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TUNED = json.loads((REPO / "evals" / "floors.json").read_text(encoding="utf-8"))["tuned"]
SETS = ("verbatim", "paraphrase", "out-of-scope", "uncovered")
SIZES = {"verbatim": 118, "paraphrase": 87, "out-of-scope": 32, "uncovered": 48}


@dataclass(frozen=True)
class TunedRun:
    """The base model's paraphrase figures, the tune, and the eval of the tuned store."""

    base: dict[str, Any]
    tune: TuneOutcome
    evaluation: Evaluation
    model_in_use: str


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory) -> TunedRun:
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    settings = load_settings(
        data_dir=tmp_path_factory.mktemp("tuned-data"), cards_dir=CARDS, mode="offline", auto_tune=False
    )
    sa = StudyAssistant(settings)
    assert sa.load_bundled_if_fresh() is not None
    assert sa.index.serving is not None and not sa.index.serving.tuned
    # The base model on the same store, paraphrases only (a few seconds: no baselines).
    base = score_run(run_eval(sa, EvalConfig(sets=("paraphrase",), baselines=False)))
    outcome = sa.tune(report_path=tmp_path_factory.mktemp("tune") / "tune.json")
    config = EvalConfig(sets=SETS, baselines=False, folds=0)
    evaluation = evaluate(sa, config, tmp_path_factory.mktemp("tuned-report"))
    return TunedRun(base, outcome, evaluation, sa.model_in_use)


def test_the_store_serves_a_model_tuned_here_on_the_whole_deck(tuned: TunedRun) -> None:
    report = tuned.tune.tune
    assert tuned.tune.trained and not report.reused
    assert not report.stopped_at_budget, report.to_dict()
    assert report.cards == 118 and report.pairs_used == report.pairs_available
    assert tuned.tune.serving.tuned and tuned.tune.serving.model_id == report.model_id
    assert f"tuned on this deck ({report.model_id}" in tuned.model_in_use
    results = tuned.evaluation.results
    assert results["provenance"]["model"]["in_use"] == tuned.model_in_use
    assert {name: fig["n"] for name, fig in results["sets"].items()} == SIZES
    assert results["systems"] == ["assistant"] and "model_variants" not in results
    assert results["notes"] == []


def test_tuned_figures_stay_above_their_floors(tuned: TunedRun) -> None:
    below, above = outside_limits(tuned.evaluation.results, TUNED)
    assert not below, f"below the committed tuned floor (measured, floor): {below}"
    assert not above, f"above the committed tuned ceiling (measured, ceiling): {above}"


def test_tuning_does_not_make_paraphrase_retrieval_worse(tuned: TunedRun) -> None:
    before = tuned.base["sets"]["paraphrase"]["retrieval"]["assistant"]
    after = tuned.evaluation.results["sets"]["paraphrase"]["retrieval"]["assistant"]
    for metric in ("hit@1", "rr@10", "ndcg@10"):
        assert after[metric]["mean"] >= before[metric]["mean"], (metric, before[metric], after[metric])
