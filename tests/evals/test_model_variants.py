"""The base model beside a tuned one, and k-fold models for leave-one-out: the runner's plumbing
with fakes (no model), and the folds themselves with the real model (slow)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.answers import Hit
from evals import runner
from evals.model_variants import ModelVariants, fold_of
from evals.runner import EvalConfig, run_eval
from tests.evals.test_runner import CARDS, FakeStudy


class OrderedRetriever:
    """Ranks the three cards in a fixed order, whatever the question."""

    def __init__(self, order: list[int]) -> None:
        self.order = order
        self.questions: list[str] = []

    def search(
        self, question: str, k: int = 5, mode: str = "hybrid", excluding: Sequence[str] = ()
    ) -> list[Hit]:
        self.questions.append(question)
        cards = [CARDS[i] for i in self.order if CARDS[i].card_id not in excluding]
        return [Hit(c, 0.9 - 0.1 * i, 0.8 - 0.1 * i, 0.0, i + 1) for i, c in enumerate(cards)][:k]


class FakeVariants:
    def __init__(self, folds: int) -> None:
        self.base = OrderedRetriever([1, 0, 2])
        self.fold = OrderedRetriever([2, 1, 0])
        self.n_folds = folds
        self.timing = {"base_model_embed_s": 0.5, "kfold_tune_s": 1.5}

    def retriever_for(self, held_out: str) -> OrderedRetriever | None:
        return self.fold if self.n_folds else None

    def describe(self) -> dict[str, object]:
        return {"folds": 2, "timing": {"kfold_tune_s": 1.5}, "tunes": []}


def tuned_study() -> FakeStudy:
    study = FakeStudy()
    study.index.serving = SimpleNamespace(tuned=True)  # type: ignore[attr-defined]
    return study


@pytest.fixture
def variants(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, FakeVariants]]:
    built: list[tuple[int, FakeVariants]] = []

    def build(study: object, folder: Path, folds: int = 5) -> FakeVariants:
        built.append((folds, FakeVariants(folds)))
        return built[-1][1]

    monkeypatch.setattr(runner.ModelVariants, "build", build)
    return built


def test_leave_one_out_is_ranked_and_answered_by_the_fold_model(variants) -> None:
    study = tuned_study()
    config = EvalConfig(sets=("verbatim", "leave-one-out"), folds=2)
    run = run_eval(study, config)  # type: ignore[arg-type]
    assert [folds for folds, _ in variants] == [2]
    assert run.systems == ("assistant", "dense", "bm25", "rrf", "base_model")
    by_key = {(o.query.set, o.query.qid): o for o in run.outcomes}
    held = by_key[("leave-one-out", CARDS[0].card_id)]
    # The fold model ranks [2, 1, 0]; the held-out card 0 is gone; the answer cites its first card.
    assert held.ranked_ids() == [CARDS[2].card_id, CARDS[1].card_id]
    assert held.cited == (CARDS[2].card_id,)
    verbatim = by_key[("verbatim", CARDS[0].card_id)]
    assert verbatim.ranked_ids()[0] == CARDS[0].card_id  # the store's own model
    assert verbatim.ranked_ids("base_model") == [CARDS[1].card_id, CARDS[0].card_id, CARDS[2].card_id]
    assert run.model_variants == {"folds": 2, "timing": {"kfold_tune_s": 1.5}, "tunes": []}
    assert run.notes == [
        "leave-one-out: 1 card(s) have no duplicate label and were left out",
        "langchain_tutorial: no raw deck files given; the recipe was not run",
    ]  # and no note of a leak


def test_without_folds_the_leak_is_noted_and_an_untuned_store_builds_nothing(variants) -> None:
    run = run_eval(tuned_study(), EvalConfig(sets=("leave-one-out",), baselines=False, folds=0))  # type: ignore[arg-type]
    assert [folds for folds, _ in variants] == [0]
    assert (
        "leave-one-out is flattered: the embedding model in use was tuned on the held-out cards" in run.notes
    )
    held = [o for o in run.outcomes if o.query.qid == CARDS[0].card_id][0]
    assert held.ranked_ids()[0] == CARDS[1].card_id  # the store's own retriever: no fold model
    untuned = FakeStudy()
    untuned.index.serving = SimpleNamespace(tuned=False)  # type: ignore[attr-defined]
    run = run_eval(untuned, EvalConfig(sets=("leave-one-out",)))  # type: ignore[arg-type]
    assert len(variants) == 1 and "base_model" not in run.systems and run.model_variants is None


def test_folds_split_the_cards_the_same_way_every_time() -> None:
    ids = [f"card-{i}" for i in range(200)]
    folds = [fold_of(i, 5) for i in ids]
    assert folds == [fold_of(i, 5) for i in ids]
    assert set(folds) == {0, 1, 2, 3, 4}
    assert min(folds.count(f) for f in range(5)) >= 25  # no fold is nearly empty


@pytest.mark.slow
def test_each_fold_model_is_tuned_without_its_cards(tmp_path: Path) -> None:
    """Real tunes (a tiny budget) on a small store: fold f's model learned from the other cards."""
    from assistant.api import StudyAssistant
    from ingest.settings import Settings
    from tests.ingest.decks import SEED_FILES

    cards_dir = tmp_path / "cards"
    cards_dir.mkdir()
    deck = cards_dir / SEED_FILES["000"].name
    deck.write_bytes(SEED_FILES["000"].read_bytes())
    settings = Settings(data_dir=tmp_path / "data", cards_dir=cards_dir, tune_budget_s=5.0, auto_tune=False)
    study = StudyAssistant(settings)
    study.ingest([deck])
    cards = study.cards()
    built = ModelVariants.build(study, tmp_path / "variants", folds=3)
    assert built.n_folds == 3 and set(built.folds) == {0, 1, 2}
    for tune in built.tunes:
        outside = sum(1 for c in cards if fold_of(c.card_id, 3) != tune["fold"])
        assert tune["cards"] == outside
    assert sum(t["cards"] for t in built.tunes) == 2 * len(cards)  # each card left out exactly once
    first = cards[0]
    hits = built.retriever_for(first.card_id).search(first.question, k=3)  # type: ignore[union-attr]
    assert hits[0].card_id == first.card_id  # its chunks are in the fold's index (ranking filters it)
    assert built.base.search(first.question, k=1)[0].card_id == first.card_id
    assert {"base_model_embed_s", "kfold_tune_s"} <= set(built.timing)
