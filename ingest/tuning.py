"""Fine-tuning the embedding model on the deck's own answered cards.

The training data are pairs the deck already holds: each answered card's question with its whole
answer, and with each of its answer sentences (of at least four words, as in
:mod:`ingest.chunking`). Practice prompts have no answer and are never training data. The model
learns with in-batch negatives (sentence-transformers' ``CachedMultipleNegativesRankingLoss``,
the multiple-negatives ranking loss computed a mini-batch at a time) through
``SentenceTransformerTrainer``; batches never hold the same text twice (``NO_DUPLICATES``), so a
card's question is never its own negative. Everything random is seeded: tuning the same cards
twice with one seed gives the same model.

A time budget bounds a tune. The pairs are sampled to fit it, each card's question-answer pair
first, from a measured cost per pair (``SECONDS_PER_PAIR_EPOCH``, 2 cores); should a slower
machine still run over, training stops at the budget and the report says so.

The tuned model is written to a temporary folder beside its final place, with ``tuning.json``
(base model, hash of the card set, settings, date, training time, loss curve), and moved into
place in one rename: a killed tune leaves no half model behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.atomic_folder import move_into_place, temporary_beside
from ingest.cards import Card
from ingest.chunking import split_sentences
from ingest.errors import ConfigError, IngestError

#: Seconds one training pair costs per epoch on 2 cores (MiniLM-L6, batch 32, inputs up to
#: ``TuneConfig.max_tokens``, the loss 8 texts at a time, one thread per idle core), with a
#: margin: at a load average of 4-5, the bundled decks' 328 pairs took 0.13 s a pair-epoch and
#: 600 pairs of a 10k-card synthetic deck 0.20 s (bench/results/tune.json).
SECONDS_PER_PAIR_EPOCH = 0.25
#: Texts whose activations are held at once while training. A batch of 32 pairs (64 texts of
#: 128 word pieces) held whole took 1.4 GB of activations; a tune of one such batch peaked at
#: 1.7 GB of RSS with 16 texts at a time and 1.2 GB with 8 (imports included).
MINI_BATCH = 8
#: The name of the provenance file saved with a tuned model.
PROVENANCE_NAME = "tuning.json"
_MIN_SENTENCE_WORDS = 4


@dataclass(frozen=True)
class TuneConfig:
    """The settings of one tune (all recorded in the provenance)."""

    epochs: int = 2
    learning_rate: float = 2e-5
    batch_size: int = 32
    seed: int = 13
    budget_s: float = 480.0
    max_tokens: int = 128
    #: Texts whose activations are held at once (``CachedMultipleNegativesRankingLoss``); 0
    #: holds the whole batch (``MultipleNegativesRankingLoss``, one forward pass fewer).
    mini_batch: int = MINI_BATCH


@dataclass(frozen=True)
class TunedModel:
    """A tuned model on disk and where it came from."""

    path: Path
    model_id: str
    provenance: dict[str, Any]


@dataclass
class TuneReport:
    """What one tune did; ``to_dict`` is the JSON report."""

    model_id: str
    base_model: str
    cards: int
    pairs_available: int
    pairs_used: int
    epochs: int
    steps: int = 0
    train_seconds: float = 0.0
    stopped_at_budget: bool = False
    reused: bool = False  # True when a model saved for the same cards and settings was found
    loss_curve: list[dict[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def training_pairs(cards: Sequence[Card]) -> list[tuple[str, str]]:
    """(question, text) pairs of the answered cards: the whole answer, then each sentence."""
    pairs: list[tuple[str, str]] = []
    for card in sorted(cards, key=lambda c: c.card_id):
        if card.is_practice or not card.answer.strip():
            continue
        pairs.append((card.question, card.answer))
        sentences = split_sentences(card.answer)
        if len(sentences) > 1:
            pairs += [(card.question, s) for s in sentences if len(s.split()) >= _MIN_SENTENCE_WORDS]
    return pairs


def card_set_hash(cards: Sequence[Card]) -> str:
    """A hash of the answered cards' ids and contents (the tuning data)."""
    digest = hashlib.sha256()
    for card in sorted(cards, key=lambda c: c.card_id):
        if not card.is_practice and card.answer.strip():
            digest.update(f"{card.card_id}\0{card.content_hash}\n".encode())
    return digest.hexdigest()


def model_id_for(base_model: str, cards_hash: str, config: TuneConfig) -> str:
    """The tuned model's id: the same base, cards and settings always give the same id."""
    key = json.dumps({"base": base_model, "cards": cards_hash, "config": asdict(config)}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def sample_pairs(pairs: list[tuple[str, str]], config: TuneConfig) -> list[tuple[str, str]]:
    """The pairs that fit the time budget: all of them, or each question-answer pair first and
    then sentence pairs drawn at random (seeded)."""
    fits = int(config.budget_s / (SECONDS_PER_PAIR_EPOCH * config.epochs))
    if len(pairs) <= fits:
        return pairs
    whole: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []
    seen: set[str] = set()
    for q, text in pairs:  # training_pairs puts each card's whole answer first
        (rest if q in seen else whole).append((q, text))
        seen.add(q)
    rng = random.Random(config.seed)
    rng.shuffle(whole)
    rng.shuffle(rest)
    return (whole + rest)[:fits]


def tune(
    cards: Sequence[Card],
    base_path: str,
    base_name: str,
    models_dir: Path,
    config: TuneConfig,
    progress: bool = False,
) -> tuple[TunedModel, TuneReport]:
    """Tune ``base_path`` on ``cards`` and save it under ``models_dir/<model id>``.

    A model already saved there for the same base, cards and settings is returned as it is.

    Raises:
        IngestError: when the cards hold no answered card to learn from.
        ConfigError: when the base model cannot be loaded or trained.
    """
    cards_hash = card_set_hash(cards)
    model_id = model_id_for(base_name, cards_hash, config)
    final = models_dir / model_id
    if (saved := load_tuned(final)) is not None:
        report = TuneReport(**{**saved.provenance["report"], "reused": True})
        return saved, report
    pairs = training_pairs(cards)
    if not pairs:
        raise IngestError("no answered cards to tune the embedding model on")
    used = sample_pairs(pairs, config)
    n_cards = sum(1 for c in cards if not c.is_practice and c.answer.strip())
    report = TuneReport(model_id, base_name, n_cards, len(pairs), len(used), config.epochs)
    tmp = temporary_beside(final)
    try:
        _train(base_path, used, config, tmp / "trainer", report, progress)
        provenance = {
            "model_id": model_id,
            "base_model": base_name,
            "cards_hash": cards_hash,
            "settings": asdict(config),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "train_seconds": report.train_seconds,
            "report": report.to_dict(),
        }
        (tmp / PROVENANCE_NAME).write_text(json.dumps(provenance, indent=2))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    move_into_place(tmp, final)
    tuned = load_tuned(final)
    assert tuned is not None
    return tuned, report


def load_tuned(path: Path) -> TunedModel | None:
    """The tuned model saved at ``path``, or None when there is none (or only part of one)."""
    try:
        provenance = json.loads((path / PROVENANCE_NAME).read_text())
        return TunedModel(path, str(provenance["model_id"]), provenance)
    except (OSError, ValueError, KeyError):
        return None


def _train(
    base_path: str,
    pairs: list[tuple[str, str]],
    config: TuneConfig,
    out: Path,
    report: TuneReport,
    progress: bool,
) -> None:
    """Train with SentenceTransformerTrainer and save the model into ``out.parent``."""
    try:
        import transformers
        from datasets import Dataset
        from datasets.table import InMemoryTable
        from sentence_transformers import (
            SentenceTransformer,
            SentenceTransformerTrainer,
            SentenceTransformerTrainingArguments,
        )
        from sentence_transformers.base.sampler import BatchSamplers
        from sentence_transformers.sentence_transformer.losses import (
            CachedMultipleNegativesRankingLoss,
            MultipleNegativesRankingLoss,
        )
    except ImportError as exc:
        raise ConfigError(f"tuning needs sentence-transformers[train] ({exc.name} is missing)") from None

    transformers.utils.logging.set_verbosity_error()
    transformers.set_seed(config.seed)
    try:
        model = SentenceTransformer(base_path, device="cpu")
    except Exception as exc:  # the library raises many kinds
        raise ConfigError(
            f"cannot load embedding model {base_path!r} to tune: {exc}".splitlines()[0]
        ) from None
    serving_tokens = model.max_seq_length
    model.max_seq_length = min(config.max_tokens, serving_tokens or config.max_tokens)
    columns = {"anchor": [q for q, _ in pairs], "positive": [t for _, t in pairs]}
    # Built with a fingerprint of its own: ``Dataset.from_dict`` derives one by pickling the
    # Arrow table, which fails with the installed pyarrow (and costs time for nothing here).
    fingerprint = hashlib.sha256(json.dumps(columns).encode()).hexdigest()[:16]
    data = Dataset(InMemoryTable.from_pydict(columns), fingerprint=fingerprint)
    args = SentenceTransformerTrainingArguments(
        output_dir=str(out),
        num_train_epochs=config.epochs,
        per_device_train_batch_size=config.batch_size,
        learning_rate=config.learning_rate,
        # No warm-up: its first step learns nothing (rate 0), and a tune the budget cuts short
        # may have only a few steps.
        warmup_steps=0,
        seed=config.seed,
        data_seed=config.seed,
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        save_strategy="no",
        logging_strategy="steps",
        logging_steps=1,
        report_to="none",
        use_cpu=True,
        dataloader_num_workers=0,
        disable_tqdm=not progress,
    )
    callback = _budget_callback(config.budget_s, report)
    # The in-batch-negatives loss of the whole batch, either at once or a few texts at a time
    # (GradCache): the same gradients, and memory for ``mini_batch`` texts' activations only.
    loss = (
        CachedMultipleNegativesRankingLoss(model, mini_batch_size=config.mini_batch)
        if config.mini_batch
        else MultipleNegativesRankingLoss(model)
    )
    trainer = SentenceTransformerTrainer(
        model=model,
        args=args,
        train_dataset=data,
        loss=loss,
        callbacks=[callback],
    )
    started = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # the trainer prints its logs; stdout may be JSON
        trainer.train()
    report.train_seconds = round(time.perf_counter() - started, 2)
    report.steps = int(trainer.state.global_step)
    model.max_seq_length = serving_tokens
    shutil.rmtree(out, ignore_errors=True)
    model.save(str(out.parent))
    if progress:
        print(f"tuned on {report.pairs_used} pairs in {report.train_seconds:.0f} s", file=sys.stderr)


def _budget_callback(budget_s: float, report: TuneReport) -> Any:
    """A trainer callback that stops training at the time budget and keeps the loss curve."""
    from transformers import TrainerCallback

    class BudgetCallback(TrainerCallback):  # type: ignore[misc]
        def __init__(self) -> None:
            self.started = self.step_started = time.perf_counter()

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self.started = time.perf_counter()

        def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self.step_started = time.perf_counter()

        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            # Stop when the next step would end past the budget (steps take about as long).
            now = time.perf_counter()
            if now - self.started + (now - self.step_started) > budget_s:
                control.should_training_stop = True
                report.stopped_at_budget = True

        def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kwargs: Any) -> None:
            if logs and "loss" in logs:
                point = {"step": int(state.global_step), "epoch": round(float(state.epoch or 0), 3)}
                report.loss_curve.append({**point, "loss": round(float(logs["loss"]), 5)})

    return BudgetCallback()
