"""A deck removal killed with SIGKILL at each step leaves a consistent store, and removing the
deck again finishes the job; the other decks are untouched throughout.

A child process runs :func:`ingest.decks.remove_deck` on a real embedded Chroma store (the fake
embedder: a removal embeds nothing) and kills itself with SIGKILL at a chosen step: before the
first delete, after the first of its three delete requests (500 cards each), before the
registry row is dropped, and before the local indexes are rebuilt.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.decks import DeckInfo, list_decks, remove_deck
from ingest.index import CardIndex
from ingest.store import CardStore
from tests.ingest.decks import SEED_FILES, copy_seeds
from tests.ingest.fakes import FakeEmbedder
from tests.ingest.synthetic import write_corpus
from tests.ingest.test_index import assert_consistent

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BIG = "synthetic_0000.csv"
#: Cards of the big deck: three delete requests of up to 500 cards.
BIG_CARDS = 1200

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from ingest.decks import remove_deck
    from ingest.index import CardIndex
    from ingest.store import CardStore
    from tests.ingest.fakes import FakeEmbedder

    root, step = Path(sys.argv[1]), sys.argv[2]
    store = CardStore(root / "data", "cards")
    index = CardIndex(store, FakeEmbedder(), root / "state", 5_000_000)

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if step == "before-delete":
        store.delete_source_cards = die
    elif step == "after-first-delete":
        call = store._call

        def counted(fn, /, **kwargs):
            result = call(fn, **kwargs)
            if fn == store._collection.delete:
                die()
            return result

        store._call = counted
    elif step == "before-row":
        store.delete_deck_row = die
    elif step == "before-rebuild":
        index.refresh_snapshot = die
    remove_deck(index, sys.argv[3])
    print("finished")
    """
)


def open_index(root: Path) -> CardIndex:
    return CardIndex(CardStore(root / "data", "cards"), FakeEmbedder(), root / "state", 5_000_000)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[DeckInfo]]:
    """A store with the seed decks and a 1,200-card deck, its decks listed, ingested once."""
    root = tmp_path_factory.mktemp("removal-template")
    decks = copy_seeds(root / "decks")
    write_corpus(decks, BIG_CARDS, per_file=BIG_CARDS, seed=5)
    index = open_index(root / "store")
    index.ingest([decks])
    return root / "store", decks, list_decks(index.store)


@pytest.mark.parametrize(
    ("step", "left"),
    [("before-delete", BIG_CARDS), ("after-first-delete", BIG_CARDS - 500), ("before-row", 0)],
)
def test_removal_killed_mid_way_leaves_whole_cards_and_finishes_when_run_again(
    template: tuple[Path, Path, list[DeckInfo]], tmp_path: Path, step: str, left: int
) -> None:
    store_dir, decks, before = template
    root = tmp_path / "store"
    shutil.copytree(store_dir, root)
    others = [d for d in before if d.name != BIG]
    [big] = [d for d in before if d.name == BIG]
    assert big.cards == BIG_CARDS
    child = run_child(root, step, BIG)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "finished" not in child.stdout

    index = open_index(root)
    listed = list_decks(index.store)
    assert listed[:-1] == others  # untouched, path, time and counts alike
    assert listed[-1].name == BIG and listed[-1].removal_interrupted
    assert (listed[-1].cards, listed[-1].path) == (left, big.path)
    assert_consistent(index)  # every card whole; the local indexes rebuilt for the revision

    assert remove_deck(index, BIG).cards == left
    assert list_decks(index.store) == others
    assert_consistent(index)
    assert_the_other_decks_are_whole(index, decks)


def test_removal_killed_before_the_rebuild_leaves_local_indexes_that_are_rebuilt(
    template: tuple[Path, Path, list[DeckInfo]], tmp_path: Path
) -> None:
    store_dir, decks, before = template
    root = tmp_path / "store"
    shutil.copytree(store_dir, root)
    child = run_child(root, "before-rebuild", BIG)
    assert child.returncode == -signal.SIGKILL, child.stderr
    index = open_index(root)
    assert list_decks(index.store) == [d for d in before if d.name != BIG]
    assert_consistent(index)  # the saved indexes, of the old revision, are not loaded
    assert not any(cid.startswith("synthetic") for cid in index.snapshot.lexical.chunk_ids)
    assert_the_other_decks_are_whole(index, decks)


def run_child(root: Path, step: str, deck: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(root), step, deck],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_the_other_decks_are_whole(index: CardIndex, decks: Path) -> None:
    """Re-ingesting the seed decks finds every card of theirs as it was."""
    report = index.ingest([decks / SEED_FILES[k].name for k in sorted(SEED_FILES)])
    assert report.counts() == {"added": 0, "updated": 0, "unchanged": 124, "removed": 0, "skipped": 0}
