"""The tune job: tune the model on the deck, re-embed every chunk, switch in one step.

Steps, each safe to kill:

1. A pending mark is written (``serving-*.pending.json``): until the switch, the next
   ``study tune``, tuning ingest or UI start finishes the job.
2. The model is tuned on the serving store's answered cards (:mod:`ingest.tuning`) and saved
   under ``{data_dir}/models/<id>`` in one rename. Killed before, nothing is saved; the id is
   a hash of the base model, the cards and the settings, so a re-run with the same cards finds
   the saved model and does not train again.
3. Under the store's ingest lock, every chunk of the serving collection is embedded by the
   tuned model into a new collection named after the model (:mod:`ingest.reembed`), which a
   killed run's successor continues; its local indexes (BM25, chunk vectors, cards) are built.
4. The pointer (:mod:`ingest.active_model`) is replaced in one step: from then on the tuned
   model and its collection serve together. The old collection and its local indexes are
   deleted, and the pending mark removed.

Until step 4, the previous model and collection serve; no ranking ever compares a question
embedded by one model with vectors written by another.

When to tune (:func:`should_tune`): the first ingest of a deck always tunes; a later one when
the answered cards added, changed or removed since the tune the serving model came from reach
``tune_after_changed`` (20 %) of that tune's cards. See docs/retrieval.md for the measurement.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.active_model import Serving, pointer_path, write_serving
from ingest.cards import Card
from ingest.deck_threshold import deck_threshold
from ingest.embedder import resolve_model_path
from ingest.errors import StudyAssistantError
from ingest.index import CardIndex, _open
from ingest.lock import exclusive
from ingest.reembed import copy_reembedded
from ingest.settings import Settings
from ingest.tuning import TuneConfig, TuneReport, tune

#: The card list saved beside a tuned model, to tell later how much the deck changed since.
CARDS_NAME = "cards.json"


@dataclass
class TuneOutcome:
    """What :func:`run_tune_job` did (``to_dict`` is the JSON report of ``study tune``)."""

    tune: TuneReport
    serving: Serving
    trained: bool
    reembedded_chunks: int = 0
    reembed_seconds: float = 0.0
    total_seconds: float = 0.0
    stages: list[str] = field(default_factory=list)
    threads: int = 0  # the CPU threads it trained and re-embedded with

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.serving.describe(),
            "serving": asdict(self.serving),
            "trained": self.trained,
            "tune": self.tune.to_dict(),
            "reembedded_chunks": self.reembedded_chunks,
            "reembed_seconds": self.reembed_seconds,
            "total_seconds": self.total_seconds,
            "threads": self.threads,
        }


def tune_config(settings: Settings) -> TuneConfig:
    """The training recipe the settings describe."""
    return TuneConfig(
        epochs=settings.tune_epochs,
        learning_rate=settings.tune_learning_rate,
        batch_size=settings.tune_batch_size,
        seed=settings.tune_seed,
        budget_s=settings.tune_budget_s,
    )


def pending_path(settings: Settings) -> Path:
    pointer = pointer_path(settings)
    return pointer.with_name(pointer.stem + ".pending.json")


def run_tune_job(
    settings: Settings,
    progress: bool = False,
    on_stage: Callable[[str], None] | None = None,
    report_path: Path | None = None,
) -> TuneOutcome:
    """Tune, re-embed and switch (or finish a job a killed run left), and return what was done.

    Raises:
        IngestError: when the store holds no answered card.
        ConfigError: when the base model cannot be loaded or trained.
        StoreError: when the store fails.
    """
    started = time.perf_counter()
    stage = on_stage or (lambda _: None)
    threads = training_threads(settings.tune_threads)
    with _threads(threads):
        outcome = _run(settings, progress, stage, report_path, started, threads)
    return outcome


def _run(
    settings: Settings,
    progress: bool,
    stage: Callable[[str], None],
    report_path: Path | None,
    started: float,
    threads: int,
) -> TuneOutcome:
    index = CardIndex.from_settings(settings)
    pending = pending_path(settings)
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text(json.dumps({"started": _now()}))
    cards = index.cards()
    stage(f"tuning {settings.embedding_model} on {len(cards)} cards")
    models_dir = settings.data_dir / "models"
    try:
        base_path = resolve_model_path(settings.embedding_model)
        config = tune_config(settings)
        tuned, report = tune(cards, base_path, settings.embedding_model, models_dir, config, progress)
    except StudyAssistantError:
        pending.unlink(missing_ok=True)  # refused (no answered card, no model): nothing to finish
        raise
    trained = not report.reused
    _save_card_list(tuned.path, cards)
    target = Serving(
        collection=f"{settings.collection}-t{tuned.model_id[:12]}",
        model=str(tuned.path),
        model_id=tuned.model_id,
        base_model=settings.embedding_model,
        switched=_now(),
        base_threshold=_base_threshold(index),
    )
    outcome = TuneOutcome(report, target, trained, threads=threads)
    with exclusive(index.lock_path, timeout=3600.0):
        index.follow_pointer()
        if index.serving is not None and index.serving.model_id == tuned.model_id:
            outcome.serving = index.serving  # a run before this one switched already
        else:
            stage("re-embedding every chunk with the tuned model")
            t0 = time.perf_counter()
            store, embedder, state_dir = _open(settings, target)
            outcome.reembedded_chunks = copy_reembedded(index.store, store, embedder, progress)
            store.bump_revision()
            CardIndex(store, embedder, state_dir, settings.max_file_bytes).refresh_snapshot()
            outcome.reembed_seconds = round(time.perf_counter() - t0, 2)
            write_serving(pointer_path(settings), target)
            stage(f"switched to {target.describe()}")
        _drop_others(index, settings, outcome.serving)
        pending.unlink(missing_ok=True)
    outcome.total_seconds = round(time.perf_counter() - started, 2)
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(json.dumps(outcome.to_dict(), indent=2))
    return outcome


def should_tune(settings: Settings, index: CardIndex) -> str | None:
    """Why an ingest just made should tune the model, or None when it should not.

    The first ingest of a deck always tunes (nothing tuned serves yet); a later one when the
    answered cards added, changed or removed since the serving model's tune reach
    ``settings.tune_after_changed`` of the cards it was tuned on; a job a killed run left
    pending is always finished.
    """
    if not settings.auto_tune:
        return None
    if pending_path(settings).exists():
        return "a tune was left unfinished"
    cards = [c for c in index.cards() if c.answer.strip()]
    if not cards:
        return None
    serving = index.serving
    if serving is None or not serving.tuned:
        return "the deck has not been tuned on yet"
    before = dict(entry.rsplit(":", 1) for entry in _load_card_list(Path(serving.model)))
    now = {c.card_id: c.content_hash for c in cards}
    moved = sum(1 for cid, h in now.items() if before.get(cid) != h) + len(before.keys() - now.keys())
    changed = moved / len(before) if before else 1.0
    if changed >= settings.tune_after_changed:
        return f"{changed:.0%} of the cards changed since the last tune"
    return None


def _drop_others(index: CardIndex, settings: Settings, serving: Serving) -> None:
    """Delete the collections (and their local indexes) of earlier or unfinished tunes."""
    if index.serving != serving:
        index.switch_to(serving)
    prefix = f"{settings.collection}-t"
    for name in index.store.collection_names():
        if name != serving.collection and (name == settings.collection or name.startswith(prefix)):
            index.store.drop_collection(name)
            for folder in (settings.data_dir / "state").glob(f"{name}-*"):
                if folder.is_dir() and _is_state_of(folder.name, name):
                    shutil.rmtree(folder, ignore_errors=True)


def _is_state_of(folder: str, collection: str) -> bool:
    """True for ``{collection}-{12 hex digits}``, the local-index folder of ``collection``."""
    rest = folder.removeprefix(f"{collection}-")
    return len(rest) == 12 and all(c in "0123456789abcdef" for c in rest)


def _save_card_list(model_dir: Path, cards: list[Card]) -> None:
    path = model_dir / CARDS_NAME
    if not path.exists():
        ids = sorted(f"{c.card_id}:{c.content_hash}" for c in cards if c.answer.strip())
        path.write_text(json.dumps(ids))


def _load_card_list(model_dir: Path) -> set[str]:
    try:
        return set(json.loads((model_dir / CARDS_NAME).read_text()))
    except (OSError, ValueError):
        return set()


def _base_threshold(index: CardIndex) -> float | None:
    """The base model's coverage threshold on the deck: from the serving vectors when the base
    model serves, else the one the serving tuned model recorded (its base vectors are gone)."""
    serving = index.serving
    if serving is not None and serving.tuned:
        return serving.base_threshold
    return deck_threshold(index.snapshot.vectors).threshold


def training_threads(setting: int) -> int:
    """The CPU threads a tune trains with: the ``tune_threads`` setting, or (0) one per core
    that is not busy: the cores less the whole part of the 1-minute load average, at least one.

    Two threads on two cores that other work keeps busy wait on each other: a training step of
    the bundled decks took 9.9 CPU-s on two threads at a load average of 4.4, and 4.7 on one.
    """
    if setting:
        return setting
    cores = os.cpu_count() or 1
    return max(1, cores - int(os.getloadavg()[0]))


@contextlib.contextmanager
def _threads(n: int) -> Iterator[None]:
    """Torch uses ``n`` threads inside the block, and as many as before after it."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
