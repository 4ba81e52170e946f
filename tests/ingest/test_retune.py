"""The tune job killed with SIGKILL while tuning and while re-embedding, embedded and through a
Chroma server: the store keeps answering with one model, and a re-run completes the job.

These run the real command (``python -m assistant.cli``), the real MiniLM and real Chroma; slow.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ingest.active_model import pointer_path, read_serving
from ingest.embedder import Embedder
from ingest.errors import StoreError
from ingest.index import CardIndex
from ingest.retune import pending_path
from ingest.settings import Settings, load_settings
from ingest.store import CardStore, collection_names
from tests.ingest.decks import copy_seeds

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def study(settings: Settings, *args: str) -> list[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "STUDY_DATA_DIR": str(settings.data_dir),
        "STUDY_CARDS_DIR": str(settings.cards_dir),
        "STUDY_AUTO_TUNE": "true",
        # A short tune (the pairs are sampled to fit), one training thread: the job, not the
        # model's quality, is under test here.
        "STUDY_TUNE_BUDGET_S": "6",
        "STUDY_TUNE_THREADS": "1",
    }
    if settings.chroma_host:
        env |= {"STUDY_CHROMA_HOST": settings.chroma_host, "STUDY_CHROMA_PORT": str(settings.chroma_port)}
    return [sys.executable, "-m", "assistant.cli", *args], env  # type: ignore[return-value]


def run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    cmd, env = study(settings, *args)
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def kill_when(settings: Settings, ready: Callable[[str], bool], then_wait: float = 0.0) -> str:
    """Start ``study tune``, wait until ``ready(its stderr so far)``, then ``then_wait`` seconds,
    SIGKILL it, and return its stderr."""
    cmd, env = study(settings, "tune")
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), False)
    said = b""
    try:
        deadline = time.monotonic() + 600
        while not ready(said.decode(errors="replace")):
            assert proc.poll() is None, f"study tune ended before it could be killed: {said[-2000:]!r}"
            assert time.monotonic() < deadline, "study tune never reached the point to kill it at"
            time.sleep(0.05)
            said += proc.stderr.read() or b""
        time.sleep(then_wait)
        assert proc.poll() is None, "study tune ended before it could be killed"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return said.decode(errors="replace")


def forget_chroma_clients() -> None:
    """Other processes wrote the store: open it afresh, as a new process would."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def assert_one_model(settings: Settings) -> CardIndex:
    """Every vector of the serving collection, and of its local copy, is the serving model's."""
    forget_chroma_clients()
    index = CardIndex.from_settings(settings)
    serving = index.serving
    assert serving is not None and index.store.model_id == serving.model_id
    chunks = list(index.store.iter_chunks(with_vectors=True))
    assert chunks
    stored = np.stack([c.vector for c in chunks])  # type: ignore[misc]
    again = Embedder(serving.model).encode([c.text for c in chunks])
    assert float(np.abs(stored - again).max()) < 1e-4
    local = index.snapshot.vectors
    by_id = {c.chunk_id: c.vector for c in chunks}
    for row, chunk_id in enumerate(local.chunk_ids):
        assert np.allclose(local._matrix[row], by_id[chunk_id], atol=1e-6)
    return index


def all_collections(settings: Settings) -> list[str]:
    forget_chroma_clients()
    return sorted(collection_names(settings.data_dir, settings.chroma_host, settings.chroma_port))


def collections(settings: Settings) -> list[str]:
    """The card collections (not the deck registry, which is the base collection's for good)."""
    return [n for n in all_collections(settings) if n != f"{settings.collection}.deck-registry"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", cards_dir=copy_seeds(tmp_path / "cards"), mode="offline")


def model_saved(settings: Settings) -> bool:
    return any((settings.data_dir / "models").glob("*/tuning.json"))


def training_started(settings: Settings) -> bool:
    return any((settings.data_dir / "models").glob("*.tmp-*"))


def test_killed_while_tuning_the_base_model_serves_and_a_rerun_completes(settings: Settings):
    run(settings, "ingest", "--no-tune")
    base = assert_one_model(settings).serving
    assert base is not None and not base.tuned
    kill_when(settings, lambda _: training_started(settings), then_wait=2.0)

    assert read_serving(pointer_path(settings)) is None and not model_saved(settings)
    assert pending_path(settings).exists()
    assert assert_one_model(settings).serving == base

    done = run(settings, "tune", "--json")
    outcome = json.loads(done.stdout)
    assert outcome["trained"] is True and outcome["reembedded_chunks"] > 0
    index = assert_one_model(settings)
    assert index.serving is not None and index.serving.tuned
    assert index.serving.model_id == outcome["serving"]["model_id"]
    assert not pending_path(settings).exists()
    assert collections(settings) == [index.serving.collection]
    assert f"{settings.collection}.deck-registry" in all_collections(settings)  # the decks' rows stay


def _killed_while_reembedding(settings: Settings) -> None:
    run(settings, "ingest", "--no-tune")
    total = assert_one_model(settings).store.count_chunks()
    # Killed as soon as the first batch of chunks is written to the new collection.
    said = kill_when(
        settings, lambda err: re.search(r"re-embedding chunks: .*\b[1-9]\d*/\d+", err) is not None
    )
    assert model_saved(settings), said[-2000:]

    pointer = read_serving(pointer_path(settings))
    assert pointer is None, "killed after the switch: not a kill during re-embedding"
    served = assert_one_model(settings)
    assert served.serving is not None and not served.serving.tuned
    partial = [n for n in collections(settings) if n != settings.collection]
    assert len(partial) == 1  # the new collection, half written
    forget_chroma_clients()
    written = CardStore(
        settings.data_dir, partial[0], settings.chroma_host, settings.chroma_port
    ).count_chunks()
    assert 0 < written < total

    done = run(settings, "tune", "--json")
    outcome = json.loads(done.stdout)
    assert outcome["trained"] is False  # the saved model is used, not trained again
    assert outcome["reembedded_chunks"] == total - written  # the copy resumed where it stopped
    index = assert_one_model(settings)
    assert index.serving is not None and index.serving.collection == partial[0]
    assert index.store.count_chunks() == total
    assert collections(settings) == [partial[0]]


def test_killed_while_reembedding_the_old_collection_serves_and_a_rerun_finishes(settings: Settings):
    _killed_while_reembedding(settings)


def test_the_same_through_a_chroma_server(settings: Settings, tmp_path: Path):
    from tests.ingest.test_store_http import ChromaServer

    server = ChromaServer(tmp_path / "server-db")
    try:
        _killed_while_reembedding(
            settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": server.port})
        )
    finally:
        server.stop()


def test_a_collection_of_another_model_is_refused(tmp_path: Path):
    CardStore(tmp_path, "cards", model_id="base:all-minilm-l6-v2").bump_revision()
    with pytest.raises(StoreError, match="holds vectors of model 'base:all-minilm-l6-v2', not 'abc'"):
        CardStore(tmp_path, "cards", model_id="abc")


def test_the_first_ingest_tunes_and_a_small_change_does_not(tmp_path: Path):
    deck = tmp_path / "cards"
    deck.mkdir()
    lines = (REPO / "data" / "cards" / "000_e99f669388c05c9c.txt").read_text(encoding="utf-8").splitlines()
    (deck / "small.txt").write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")
    settings = load_settings(data_dir=tmp_path / "data", cards_dir=deck, mode="offline")

    first = run(settings, "ingest", str(deck))
    assert "tuning the embedding model: the deck has not been tuned on yet" in first.stdout
    index = assert_one_model(settings)
    assert index.serving is not None and index.serving.tuned
    tuned = index.serving

    (deck / "small.txt").write_text("\n".join(lines[:12]) + "\n", encoding="utf-8")  # 1 card of 11 added
    second = run(settings, "ingest", str(deck))
    assert "added 1, updated 0, unchanged 10" in second.stdout and "tuning" not in second.stdout
    index = assert_one_model(settings)  # the new card's vectors are the tuned model's
    assert index.serving == tuned and len(index.cards()) == 11
