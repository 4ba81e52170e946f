"""Other embedding models over the same cards: the base model beside a tuned one, and k-fold
tuned models for leave-one-out.

When a deck-tuned model serves (:mod:`ingest.retune`), ``study eval`` measures two more things.

- **The base model, side by side.** Every chunk of the store is embedded again by the base model
  (the ``embedding_model`` setting) into a temporary collection, and the same hybrid retriever
  (same weights, same chunks, same BM25) ranks every retrieval question with it. It is the
  system ``base_model``, so the report gives its figures beside the assistant's and the paired
  randomization test that every system gets against the assistant.
- **Leave-one-out without a leak.** The serving model was tuned on every card, including the
  one a leave-one-out question holds out. So the cards are split into ``folds`` folds (by a
  hash of the card id: the same folds every run), and for each fold a model is tuned with the
  serving model's settings on the cards *outside* it, and embeds every chunk into its own
  temporary collection. A leave-one-out question whose card lies in fold ``f`` is ranked and
  answered through fold ``f``'s model, with its card out of the ranking as before: the held-out
  card is out of the index and out of the tuning. The time the folds took is reported
  (``timing.kfold_tune_s``).

Example:
    >>> variants = ModelVariants.build(study, Path(tmp), folds=5)
    >>> variants.retriever_for("card-id").search("why scale?", k=3)
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.retrieval import HybridRetriever
from evals.embedding_cache import CachingEmbedder
from ingest.cards import Card
from ingest.embedder import Embedder, resolve_model_path
from ingest.index import CardIndex
from ingest.reembed import copy_reembedded
from ingest.retune import tune_config
from ingest.store import CardStore
from ingest.tuning import tune

if TYPE_CHECKING:
    from assistant.api import StudyAssistant

#: The base model's system name in the report.
BASE_MODEL = "base_model"
#: Folds of the k-fold tuning for leave-one-out (the issue's example: 5).
FOLDS = 5


def fold_of(card_id: str, folds: int) -> int:
    """The fold a card belongs to: a hash of its id, so that every run splits the cards alike."""
    return int(hashlib.sha256(card_id.encode()).hexdigest()[:8], 16) % folds


@dataclass
class ModelVariants:
    """The base model's retriever and the k-fold models' retrievers over ``study``'s chunks.

    Attributes:
        base: The hybrid retriever over the chunks embedded by the base model.
        folds: Fold -> the retriever whose model was tuned without that fold's cards.
        timing: Seconds to embed for the base model and to tune and embed for the folds.
        tunes: Each fold's tune report (pairs, steps, seconds).
    """

    base: HybridRetriever
    folds: dict[int, HybridRetriever] = field(default_factory=dict)
    timing: dict[str, float] = field(default_factory=dict)
    tunes: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def build(cls, study: StudyAssistant, folder: Path, folds: int = FOLDS) -> ModelVariants:
        """Embed ``study``'s chunks with the base model and, with ``folds`` > 1, tune and embed
        one model per fold (under ``folder``, which the caller removes)."""
        mark = time.perf_counter()
        base = _retriever(study, study.base_embedder, folder / "base")  # loaded once per assistant
        variants = cls(base, timing={"base_model_embed_s": round(time.perf_counter() - mark, 2)})
        if folds > 1:
            mark = time.perf_counter()
            variants._tune_folds(study, folder, folds)
            variants.timing["kfold_tune_s"] = round(time.perf_counter() - mark, 2)
        return variants

    def _tune_folds(self, study: StudyAssistant, folder: Path, folds: int) -> None:
        settings = study.settings
        cards: Sequence[Card] = study.cards()
        base_path = resolve_model_path(settings.embedding_model)
        config = tune_config(settings)
        for f in range(folds):
            kept = [c for c in cards if fold_of(c.card_id, folds) != f]
            tuned, report = tune(kept, base_path, settings.embedding_model, folder / "models", config)
            self.tunes.append({"fold": f, **report.to_dict()})
            embedder = Embedder(str(tuned.path), settings.embedding_batch_size)
            self.folds[f] = _retriever(study, embedder, folder / f"fold-{f}")

    @property
    def n_folds(self) -> int:
        """How many folds (0: no k-fold models)."""
        return len(self.folds)

    def retriever_for(self, held_out: str) -> HybridRetriever | None:
        """The retriever whose model never saw ``held_out`` in its tuning (None without folds)."""
        return self.folds.get(fold_of(held_out, self.n_folds)) if self.n_folds else None

    def describe(self) -> dict[str, object]:
        """For the report: the folds, the timing and each fold's tune."""
        return {"folds": self.n_folds, "timing": self.timing, "tunes": self.tunes}


def _retriever(study: StudyAssistant, embedder: Embedder, folder: Path) -> HybridRetriever:
    """The assistant's hybrid retriever over ``study``'s chunks, embedded by ``embedder``."""
    store = CardStore(folder, "eval-variant")
    copy_reembedded(study.index.store, store, embedder)
    store.bump_revision()
    cached = CachingEmbedder(embedder)
    index = CardIndex(store, cached, folder / "state", study.settings.max_file_bytes)  # type: ignore[arg-type]
    mine = study.retriever
    return HybridRetriever(index, mine.lexical_weight, mine.second_weight, mine.depth)
