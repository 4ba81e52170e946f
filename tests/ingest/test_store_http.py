"""The card store against a real Chroma server started with ``chroma run``."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.errors import StoreError
from ingest.index import CardIndex
from ingest.store import CardStore
from tests.ingest.decks import SEED_CARDS, copy_seeds
from tests.ingest.fakes import FakeEmbedder
from tests.ingest.test_index import CSV_CHUNKS, SEED_CHUNKS, SEED_LEXICAL, assert_consistent, counts
from tests.ingest.test_store import assert_rewrite_clears_the_card_fields

CHROMA = Path(sys.executable).with_name("chroma")
STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """A ``chroma run`` subprocess on a free local port."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = path.with_suffix(".log")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        while True:
            if self.process.poll() is not None:
                pytest.fail(
                    f"chroma run exited with {self.process.returncode}: {self.log.read_text()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                log = self.log.read_text()[-2000:]
                pytest.fail(f"chroma run did not answer within {STARTUP_SECONDS:.0f} s: {log}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    running = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db")
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.slow
def test_ingest_and_query_through_a_chroma_server(server: ChromaServer, tmp_path: Path) -> None:
    cards_dir = copy_seeds(tmp_path / "cards")
    store = CardStore(tmp_path / "data", "cards", host="127.0.0.1", port=server.port)
    assert store.location == f"http://127.0.0.1:{server.port}/cards"
    assert not (tmp_path / "data").exists()  # nothing is stored locally in server mode
    index = CardIndex(store, FakeEmbedder(), tmp_path / "state", 5_000_000)  # type: ignore[arg-type]
    report = index.ingest([cards_dir])
    assert report.counts() == counts(added=SEED_CARDS)
    assert store.count_chunks() == SEED_CHUNKS
    assert len(index.lexical.chunk_ids) == SEED_LEXICAL
    assert_consistent(index)

    question = "What intuitively is the multi-head projection weight matrix learning?"
    best, similarity = store.query(FakeEmbedder.vector(question), 3)[0]
    assert (best.chunk_id, best.text) == ("bdde49f8-e02d-451a-985e-451b997add1d#0", question)
    assert similarity == pytest.approx(1.0, abs=1e-5)

    # A second client (another process, say) sees the same store and has nothing to do.
    again = CardIndex(
        CardStore(tmp_path / "other", "cards", host="127.0.0.1", port=server.port),
        FakeEmbedder(),  # type: ignore[arg-type]
        tmp_path / "state2",
        5_000_000,
    )
    assert again.ingest([cards_dir]).counts() == counts(unchanged=SEED_CARDS)
    assert again.embedder.encoded == []  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.slow
def test_rewriting_a_card_stored_before_clears_its_fields_through_a_server(
    server: ChromaServer, tmp_path: Path
) -> None:
    assert_rewrite_clears_the_card_fields(
        CardStore(tmp_path / "data", "rewrite", host="127.0.0.1", port=server.port)
    )


@pytest.mark.slow
def test_decks_are_listed_and_removed_alike_by_every_client_of_a_server(
    server: ChromaServer, tmp_path: Path
) -> None:
    from ingest.deck_registry import is_fresh
    from ingest.decks import list_decks, remove_deck
    from tests.ingest.decks import SEED_FILES

    cards_dir = copy_seeds(tmp_path / "cards")

    def client(name: str) -> CardIndex:
        store = CardStore(tmp_path / name, "decks", host="127.0.0.1", port=server.port)
        return CardIndex(store, FakeEmbedder(), tmp_path / f"state-{name}", 5_000_000)  # type: ignore[arg-type]

    first, second = client("one"), client("two")
    assert is_fresh(first.store)
    first.ingest([cards_dir])
    assert not is_fresh(second.store)
    listed = list_decks(first.store)
    assert [d.name for d in listed] == sorted(p.name for p in SEED_FILES.values())
    assert all(d.path == str((cards_dir / d.name).resolve()) for d in listed)
    assert list_decks(second.store) == listed  # the registry lives in the server's store
    removed = remove_deck(second, SEED_FILES["000"].name)
    assert (removed.cards, removed.practice) == (57, 0)
    assert list_decks(first.store) == listed[1:]
    assert first.store.count_chunks() == SEED_CHUNKS - CSV_CHUNKS
    assert_consistent(first)  # the first client's local indexes follow the new revision
    assert_consistent(second)


def test_server_that_goes_away_raises_store_error(tmp_path: Path) -> None:
    server = ChromaServer(tmp_path / "db")
    try:
        store = CardStore(tmp_path / "data", "cards", host="127.0.0.1", port=server.port)
        assert store.count_chunks() == 0
    finally:
        server.stop()
    with pytest.raises(
        StoreError, match=rf"^Chroma store http://127\.0\.0\.1:{server.port}/cards failed: \S"
    ):
        store.count_chunks()


def test_unreachable_server_raises_store_error(tmp_path: Path) -> None:
    port = free_port()
    with pytest.raises(StoreError) as err:
        CardStore(tmp_path, "cards", host="127.0.0.1", port=port)
    message = str(err.value)
    assert message.startswith(f"cannot open the Chroma server at 127.0.0.1:{port}: ")
    assert "Could not connect to a Chroma server" in message
    assert "\n" not in message


@pytest.mark.slow
def test_the_next_call_after_the_server_returns_works(tmp_path: Path) -> None:
    cards_dir = copy_seeds(tmp_path / "cards")
    server = ChromaServer(tmp_path / "db")
    port = server.port
    try:
        store = CardStore(tmp_path / "data", "cards", host="127.0.0.1", port=port)
        index = CardIndex(store, FakeEmbedder(), tmp_path / "state", 5_000_000)  # type: ignore[arg-type]
        index.ingest([cards_dir])
    finally:
        server.stop()
    with pytest.raises(StoreError, match="failed"):
        index.store.count_chunks()
    server = ChromaServer(tmp_path / "db", port=port)  # back, same data, same address
    try:
        assert index.store.count_chunks() == SEED_CHUNKS
        assert index.ingest([cards_dir]).counts() == counts(unchanged=SEED_CARDS)
        assert_consistent(index)
    finally:
        server.stop()
