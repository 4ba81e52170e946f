"""Incremental ingest through :class:`CardIndex`: the real embedded Chroma store, a fake embedder.

The fake embedder (hash vectors, one token per word, 64-token limit) only exercises plumbing:
which cards are embedded, written, rewritten and deleted, and that the lexical index follows.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ingest import pipeline
from ingest.cards import Card, Chunk, Problem, stable_card_id
from ingest.chunking import chunk_card
from ingest.index import CardIndex
from ingest.parsers import parse_text
from tests.ingest.decks import SEED_CARDS, SEED_FILES, SEEDS, seed_text
from tests.ingest.fakes import FakeEmbedder

#: Chunks of the seed decks with one token per word and a 64-token limit; 7 are practice prompts'.
#: 285 question and packed-answer chunks, plus 211 sentence views: 210 sentences of at least 4
#: words in answers of several sentences, one of which (74 words, room 61 - 4 = 57) takes two;
#: plus 140 answer-alone views: the 118 answers (all of at least 4 words) packed within 61 words.
SEED_CHUNKS = 285 + 211 + 140
#: Practice prompts have no answer, hence no views: 278 + 211 + 140.
SEED_LEXICAL = SEED_CHUNKS - 7
#: Chunks of the semicolon-CSV seed alone (no practice prompts): 123 + 52 views + 61 alone.
CSV_CHUNKS = 123 + 52 + 61
#: Cards of the semicolon-CSV seed (none of them a practice prompt).
CSV_CARDS = 57
MISCOUNT = Problem(
    "004_fcda2a779abf61b9.txt",
    1,
    "the header claims 47 cards, 48 question/answer pairs were found",
    skipped=False,
)
#: A card of 000 with nine chunks: its 10-word question leaves room 61 - 10 = 51, so each of its
#: three sentences (29, 28 and 23 words) is a packed part of its own, then each has its view;
#: alone, the answer packs into 61 words as 29 + 28, then 23.
LONG = "da233721-d209-4d60-ad10-7b674ff5133c"
LONG_CHUNKS = 1 + 3 + 3 + 2
CSV = SEED_FILES["000"].name
QUIZ = SEED_FILES["003"].name


def seed_cards() -> list[Card]:
    return [c for k in sorted(SEEDS) for c in parse_text(seed_text(k), SEED_FILES[k].name).cards]


def chunks_of(card: Card) -> list[Chunk]:
    return chunk_card(card, FakeEmbedder().count_tokens, FakeEmbedder.max_tokens)


def stored_chunks(index: CardIndex, card_id: str) -> list[tuple[str, str]]:
    return sorted((c.chunk_id, c.text) for c in index.store.iter_chunks() if c.card_id == card_id)


def encoded(index: CardIndex) -> list[str]:
    return index.embedder.encoded  # type: ignore[attr-defined,no-any-return]


def assert_consistent(index: CardIndex) -> None:
    """No duplicate chunk ids, every card complete, and the local indexes over the same chunks.

    The chunk vectors are the store's own embeddings of the lexical index's chunks, row by row,
    and the local cards are the store's answerable cards, field for field.
    """
    chunks = list(index.store.iter_chunks(with_vectors=True))
    ids = [c.chunk_id for c in chunks]
    assert len(ids) == len(set(ids)) == index.store.count_chunks()
    indices: dict[str, list[int]] = defaultdict(list)
    cards = {c.card_id: c.card for c in chunks if c.card is not None}
    assert all((c.card is not None) == (c.index == 0) for c in chunks)  # the card is on chunk 0 only
    for c in chunks:
        assert c.chunk_id == f"{c.card_id}#{c.index}"
        assert c.content_hash == cards[c.card_id].content_hash
        assert c.kind == cards[c.card_id].kind
        indices[c.card_id].append(c.index)
    assert all(sorted(found) == list(range(len(found))) for found in indices.values())
    assert all(c.n_chunks == len(indices[c.card_id]) for c in chunks)
    snapshot = index.snapshot
    lexical = snapshot.lexical.chunk_ids
    assert len(lexical) == len(set(lexical))
    assert set(lexical) == {c.chunk_id for c in chunks if not c.is_practice}
    assert snapshot.vectors.chunk_ids == lexical
    stored = {c.chunk_id: c.vector for c in chunks}
    for row, chunk_id in enumerate(lexical):
        assert np.array_equal(snapshot.vectors._matrix[row], stored[chunk_id])
    answerable = {cid: card for cid, card in cards.items() if not card.is_practice}
    assert sorted(snapshot.cards.card_ids) == sorted(answerable)
    assert snapshot.cards.get(list(answerable)) == answerable


def counts(
    added: int = 0, updated: int = 0, unchanged: int = 0, removed: int = 0, skipped: int = 0
) -> dict[str, int]:
    return {
        "added": added,
        "updated": updated,
        "unchanged": unchanged,
        "removed": removed,
        "skipped": skipped,
    }


def test_first_ingest_of_the_bundled_decks(
    index: CardIndex, cards_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = index.ingest([cards_dir], progress=True)
    assert "embedding cards: 100%" in capsys.readouterr().err
    assert report.counts() == counts(added=SEED_CARDS)
    assert report.summary() == "added 124, updated 0, unchanged 0, removed 0, skipped 0"
    assert report.sources == {SEED_FILES[k].name: SEEDS[k].format for k in sorted(SEEDS)}
    assert report.warnings == [MISCOUNT]
    assert index.store.count_chunks() == SEED_CHUNKS
    assert len(encoded(index)) == SEED_CHUNKS
    assert len(index.cards()) == 118
    assert index.store.cards() == sorted(seed_cards(), key=lambda c: (c.source, c.card_id))
    assert len(index.lexical.chunk_ids) == SEED_LEXICAL
    assert_consistent(index)


def test_cards_are_embedded_in_batches_of_at_least_the_batch_size_across_files(
    index: CardIndex, cards_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "WRITE_BATCH_TEXTS", 100)
    calls: list[int] = []
    encode = index.embedder.encode
    monkeypatch.setattr(index.embedder, "encode", lambda texts: calls.append(len(texts)) or encode(texts))
    index.ingest([cards_dir])
    # The cards, file by file, are cut into batches of whole cards, each closed once it holds 100
    # texts or more; a batch runs on from one file into the next, and the last holds what is left.
    cards = [c for k in sorted(SEEDS) for c in seed_cards() if c.source == SEED_FILES[k].name]
    expected: list[int] = []
    sources: list[set[str]] = [set()]
    size = 0
    for card in cards:
        size += len(chunks_of(card))
        sources[-1].add(card.source)
        if size >= 100:
            expected.append(size)
            sources.append(set())
            size = 0
    if size:
        expected.append(size)
    assert calls == expected
    assert all(n >= 100 for n in calls[:-1])
    assert sum(calls) == SEED_CHUNKS
    assert sum(len(s) > 1 for s in sources) == 2  # batches that hold the cards of two files
    assert index.store.count_chunks() == SEED_CHUNKS
    assert_consistent(index)


def test_second_run_writes_and_embeds_nothing(
    index: CardIndex, make_index: Callable[..., CardIndex], cards_dir: Path
) -> None:
    index.ingest([cards_dir])
    revision = index.store.revision
    again = make_index()  # as a second process would: a new client and a new embedder
    report = again.ingest([cards_dir])
    assert report.counts() == counts(unchanged=SEED_CARDS)
    assert report.changed is False
    assert encoded(again) == []
    assert again.store.revision == revision
    assert again.store.count_chunks() == SEED_CHUNKS
    assert_consistent(again)


def test_editing_one_answer_updates_and_reembeds_only_that_card(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    quiz = cards_dir / QUIZ
    old = "Value vectors contain the information that will be weighted and combined to form the output."
    quiz.write_text(quiz.read_text().replace(old, "Values hold the content that is mixed into the output."))
    index.embedder.encoded.clear()  # type: ignore[attr-defined]
    report = index.ingest([cards_dir])
    assert report.counts() == counts(updated=1, unchanged=SEED_CARDS - 1)
    assert report.updated_ids == ["003_97bb6d8cf1568471-040733ffce4c"]
    edited = next(c for c in parse_text(quiz.read_text(), QUIZ).cards if c.card_id == report.updated_ids[0])
    assert encoded(index) == [ch.text for ch in chunks_of(edited)]
    assert stored_chunks(index, edited.card_id) == [
        ("003_97bb6d8cf1568471-040733ffce4c#0", "What is the role of the Value vector in self-attention?"),
        (
            "003_97bb6d8cf1568471-040733ffce4c#1",
            "What is the role of the Value vector in self-attention?\n"
            "Values hold the content that is mixed into the output.",
        ),
        ("003_97bb6d8cf1568471-040733ffce4c#2", "Values hold the content that is mixed into the output."),
    ]
    assert_consistent(index)


def test_an_answer_that_needs_fewer_chunks_leaves_no_stale_chunk(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    assert len(stored_chunks(index, LONG)) == LONG_CHUNKS
    csv = cards_dir / CSV
    lines = csv.read_text().splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.rstrip().endswith(LONG))
    question = lines[row].split(";")[0]
    lines[row] = f"{question};Short now.;{LONG}\n"
    csv.write_text("".join(lines))
    report = index.ingest([cards_dir])
    assert report.counts() == counts(updated=1, unchanged=SEED_CARDS - 1)
    # One sentence: no view; two words: no answer-alone view.
    assert stored_chunks(index, LONG) == [(f"{LONG}#0", question), (f"{LONG}#1", f"{question}\nShort now.")]
    assert index.store.count_chunks() == SEED_CHUNKS - (LONG_CHUNKS - 2)
    assert_consistent(index)


def test_deleting_a_card_removes_it(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    csv = cards_dir / CSV
    csv.write_text("".join(line for line in csv.read_text().splitlines(True) if LONG not in line))
    report = index.ingest([cards_dir])
    assert report.counts() == counts(unchanged=SEED_CARDS - 1, removed=1)
    assert report.removed_ids == [LONG]
    assert stored_chunks(index, LONG) == []
    assert index.store.count_chunks() == SEED_CHUNKS - LONG_CHUNKS
    assert_consistent(index)


def test_editing_a_hash_id_question_replaces_the_card(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    quiz = cards_dir / QUIZ
    old, new = "What is the output of the self-attention mechanism?", "What does self-attention output?"
    quiz.write_text(quiz.read_text().replace(old, new))
    report = index.ingest([cards_dir])
    assert report.counts() == counts(added=1, unchanged=SEED_CARDS - 1, removed=1)
    assert report.removed_ids == ["003_97bb6d8cf1568471-62a8f0003600"]
    assert report.added_ids == [stable_card_id(QUIZ, new)] == ["003_97bb6d8cf1568471-cf34d9b78495"]
    assert_consistent(index)


def test_broken_files_are_skipped_with_path_and_reason(index: CardIndex, cards_dir: Path) -> None:
    (cards_dir / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (cards_dir / "notes.txt").write_text("Some notes I took.\nNothing here is a card.\n")
    (cards_dir / "empty.csv").write_text("")
    report = index.ingest([cards_dir])
    assert report.counts() == counts(added=SEED_CARDS, skipped=3)
    assert report.problems == [
        Problem(str(cards_dir / "empty.csv"), None, "file is empty"),
        Problem(str(cards_dir / "notes.txt"), None, "no recognisable cards (not a known deck format)"),
        Problem(str(cards_dir / "photo.txt"), None, "binary file, not a text deck"),
    ]
    assert index.store.count_chunks() == SEED_CHUNKS
    assert_consistent(index)


def test_oversized_file_is_skipped_naming_the_limit(
    make_index: Callable[..., CardIndex], cards_dir: Path
) -> None:
    index = make_index(max_file_bytes=20_000)
    report = index.ingest([cards_dir])
    assert report.counts() == counts(added=SEED_CARDS - 48, skipped=1)
    assert report.problems == [
        Problem(
            str(cards_dir / SEED_FILES["004"].name), None, "file is 20,404 bytes, over the 20,000-byte limit"
        )
    ]
    assert_consistent(index)


@pytest.mark.parametrize("damage", ["emptied", "binary", "no-cards", "deleted"])
def test_a_file_that_goes_bad_keeps_its_cards(index: CardIndex, cards_dir: Path, damage: str) -> None:
    index.ingest([cards_dir])
    quiz = cards_dir / QUIZ
    if damage == "deleted":
        quiz.unlink()
    else:
        quiz.write_bytes(
            {"emptied": b"", "binary": b"\x00\x01\x02" * 50, "no-cards": b"Nothing here.\n"}[damage]
        )
    report = index.ingest([cards_dir])
    skipped = 0 if damage == "deleted" else 1  # a file that is gone is not named: its cards stay too
    assert report.counts() == counts(unchanged=SEED_CARDS - 12, skipped=skipped)
    assert len([c for c in index.store.cards() if c.source == QUIZ]) == 12
    assert index.store.count_chunks() == SEED_CHUNKS
    assert_consistent(index)


def damage_missing_chunk(index: CardIndex, which: int) -> None:
    index.store.delete_chunks([f"{LONG}#{which}"])


def damage_stale_hash(index: CardIndex) -> None:
    """Chunk 2 left over from an older version of the card (a killed re-ingest)."""
    card = next(c for c in index.store.cards() if c.card_id == LONG)
    older = Card(card.card_id, card.source, card.question, "An older answer.", card.kind, card.metadata)
    chunk = Chunk(f"{LONG}#2", LONG, 2, LONG_CHUNKS, "An older answer.")
    index.store.upsert({LONG: older}, [chunk], FakeEmbedder.vector(chunk.text)[None, :])


def damage_extra_chunk(index: CardIndex) -> None:
    """One chunk more, left over from a version of the card that had more."""
    card = next(c for c in index.store.cards() if c.card_id == LONG)
    chunk = Chunk(f"{LONG}#{LONG_CHUNKS}", LONG, LONG_CHUNKS, LONG_CHUNKS + 1, "left over")
    index.store.upsert({LONG: card}, [chunk], FakeEmbedder.vector(chunk.text)[None, :])


DAMAGE: dict[str, Callable[[CardIndex], None]] = {
    "first-chunk-missing": lambda index: damage_missing_chunk(index, 0),
    "middle-chunk-missing": lambda index: damage_missing_chunk(index, 2),
    "last-chunk-missing": lambda index: damage_missing_chunk(index, LONG_CHUNKS - 1),
    "stale-hash": damage_stale_hash,
    "extra-chunk": damage_extra_chunk,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_half_written_card_is_repaired(
    make_index: Callable[..., CardIndex], cards_dir: Path, damage: str
) -> None:
    make_index().ingest([cards_dir])
    index = make_index()
    DAMAGE[damage](index)
    report = index.ingest([cards_dir])
    assert report.counts() == counts(updated=1, unchanged=SEED_CARDS - 1)
    assert report.updated_ids == [LONG]
    card = next(c for c in seed_cards() if c.card_id == LONG)
    expected = [(ch.chunk_id, ch.text) for ch in chunks_of(card)]
    assert [cid for cid, _ in expected] == [f"{LONG}#{i}" for i in range(LONG_CHUNKS)]
    assert encoded(index) == [text for _, text in expected]
    assert stored_chunks(index, LONG) == expected
    assert index.store.count_chunks() == SEED_CHUNKS
    assert_consistent(index)
    assert make_index().ingest([cards_dir]).counts() == counts(unchanged=SEED_CARDS)


def test_lexical_index_follows_every_run(make_index: Callable[..., CardIndex], cards_dir: Path) -> None:
    index = make_index()
    assert index.is_empty() and index.lexical.chunk_ids == []
    index.ingest([cards_dir / CSV])
    assert len(index.lexical.chunk_ids) == CSV_CHUNKS
    assert_consistent(index)
    index.ingest([cards_dir])
    assert len(index.lexical.chunk_ids) == SEED_LEXICAL
    assert_consistent(index)
    reopened = make_index()  # loads the saved index: its revision still matches the store's
    assert reopened.lexical.chunk_ids == index.lexical.chunk_ids
    assert reopened.lexical.search("multi-head projection weight matrix", 1)[0][0].startswith(
        "bdde49f8-e02d-451a-985e-451b997add1d#"
    )


@pytest.mark.parametrize("missing", ["vectors", "cards"])
def test_a_store_saved_without_one_local_copy_gets_its_local_indexes_rebuilt(
    make_index: Callable[..., CardIndex], cards_dir: Path, missing: str
) -> None:
    index = make_index()
    index.ingest([cards_dir / CSV])
    shutil.rmtree(index.state_dir / missing)  # as a store saved before that copy was kept
    reopened = make_index()
    snapshot = reopened.snapshot
    assert snapshot.vectors.chunk_ids == snapshot.lexical.chunk_ids
    assert (len(snapshot.vectors), len(snapshot.cards)) == (CSV_CHUNKS, CSV_CARDS)
    assert_consistent(reopened)
    # Saved again: the next process loads all three from disk, at the same revision.
    again = make_index().snapshot
    assert again.revision == snapshot.revision
    assert again.vectors.chunk_ids == snapshot.vectors.chunk_ids
    assert again.cards.card_ids == snapshot.cards.card_ids


def test_ingesting_one_file_leaves_other_sources_alone(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    before = {c.card_id: c for c in index.store.cards()}
    csv = cards_dir / CSV
    csv.write_text(csv.read_text().replace("Embeddings: Represent tokens independently.", "Changed."))
    (cards_dir / QUIZ).unlink()
    report = index.ingest([cards_dir / SEED_FILES["001"].name])
    assert report.counts() == counts(unchanged=2)
    assert report.sources == {SEED_FILES["001"].name: "blog"}
    assert {c.card_id: c for c in index.store.cards()} == before
    assert index.store.count_chunks() == SEED_CHUNKS
    assert_consistent(index)


def test_duplicate_uuid_in_another_file_is_skipped(index: CardIndex, cards_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text(f"Question;Answer;UUID\nMy own copy?;Mine.;{LONG}\n")
    report = index.ingest([cards_dir, mine])
    assert report.counts() == counts(added=SEED_CARDS, skipped=1)
    assert [str(p) for p in report.problems] == [
        f"mine.csv: duplicate card id {LONG} (first seen in {CSV}): 'My own copy?'"
    ]
    # In a later run on its own, the copy is refused because the store already has the card.
    report = index.ingest([mine])
    assert report.counts() == counts(skipped=1)
    assert [str(p) for p in report.problems] == [
        f"mine.csv: card id {LONG} is already stored from {CSV}; this copy is skipped"
    ]
    assert {c.source for c in index.store.cards() if c.card_id == LONG} == {CSV}
    assert_consistent(index)


def test_card_moved_to_another_file_in_one_run_is_kept(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    csv = cards_dir / CSV
    lines = csv.read_text().splitlines(keepends=True)
    row = next(line for line in lines if line.rstrip().endswith(LONG))
    csv.write_text("".join(line for line in lines if line is not row))
    (cards_dir / "zz_moved.csv").write_text(
        "Question;Answer;UUID\n" + row.split(";", 1)[0] + ";Short now.;" + LONG + "\n"
    )
    report = index.ingest([cards_dir])
    assert report.counts() == counts(updated=1, unchanged=SEED_CARDS - 1)
    assert report.updated_ids == [LONG]
    stored = [c for c in index.store.cards() if c.card_id == LONG]
    assert [(c.source, c.answer) for c in stored] == [("zz_moved.csv", "Short now.")]
    assert len(stored_chunks(index, LONG)) == 2
    assert_consistent(index)
    assert index.ingest([cards_dir]).counts() == counts(unchanged=SEED_CARDS)


def test_query_returns_answerable_chunks_only(index: CardIndex, cards_dir: Path) -> None:
    index.ingest([cards_dir])
    practice = next(c for c in seed_cards() if c.is_practice)
    hits = index.store.query(FakeEmbedder.vector(chunks_of(practice)[0].text), 5)
    assert len(hits) == 5
    assert not any(chunk.is_practice for chunk, _ in hits)
    long = chunks_of(next(c for c in seed_cards() if c.card_id == LONG))
    target = long[1]
    # Part 1 holds one sentence, so its view (chunk 4) has the same text and vector: either may come first.
    twins = {c.chunk_id for c in long if c.text == target.text}
    assert twins == {f"{LONG}#1", f"{LONG}#4"}
    best, similarity = index.store.query(FakeEmbedder.vector(target.text), 1)[0]
    assert best.chunk_id in twins and best.text == target.text
    assert similarity == pytest.approx(1.0, abs=1e-5)
    # The twins are the card's two best chunks, both exact matches.
    sims = index.snapshot.vectors.similarities([LONG], FakeEmbedder.vector(target.text))
    assert sims == {LONG: [pytest.approx(1.0, abs=1e-5), pytest.approx(1.0, abs=1e-5)]}
    assert np.isclose(sims[LONG][0], similarity, atol=1e-5)


def test_nearest_cards_keeps_each_cards_two_best_chunks_and_the_last_similarity(
    index: CardIndex, cards_dir: Path
) -> None:
    index.ingest([cards_dir])
    vector = FakeEmbedder.vector(chunks_of(next(c for c in seed_cards() if c.card_id == LONG))[1].text)
    chunks = index.store.query(vector, 30)
    cards, floor = index.store.nearest_cards(vector, 30)
    expected: dict[str, list[float]] = {}
    for chunk, sim in chunks:  # the same 30 chunks, grouped by card in order, two per card
        kept = expected.setdefault(chunk.card_id, [])
        if len(kept) < 2:
            kept.append(sim)
    assert [cid for cid, _ in cards] == list(expected)
    assert cards[0][0] == LONG
    for cid, sims in cards:
        assert sims == pytest.approx(expected[cid], abs=1e-6)
    assert floor == pytest.approx(chunks[-1][1], abs=1e-6)
    # For cards it has not returned, the chunk vectors give their two best chunks' similarities:
    # each its chunks' own vectors against the question's, and none closer than the floor.
    others = {c.card_id: c for c in seed_cards() if c.answer and c.card_id not in expected}
    picked = list(others)[:3]
    found = index.snapshot.vectors.similarities(picked, vector)
    assert list(found) == picked
    for cid in picked:
        own = sorted(
            (float(FakeEmbedder.vector(ch.text) @ vector) for ch in chunks_of(others[cid])), reverse=True
        )
        assert found[cid] == pytest.approx(own[:2], abs=1e-6)
        assert found[cid][0] < floor + 1e-6


def test_nearest_cards_drops_practice_prompts_itself_when_it_knows_the_answerable_chunks(
    index: CardIndex, cards_dir: Path
) -> None:
    index.ingest([cards_dir])
    lexical = index.lexical
    assert lexical.left_out == 7  # the practice prompts' chunks, not in the lexical index
    assert len(lexical.ids) == SEED_LEXICAL
    practice = next(c for c in seed_cards() if c.is_practice)
    vector = FakeEmbedder.vector(chunks_of(practice)[0].text)  # the nearest chunk is a practice prompt
    filtered = index.store.nearest_cards(vector, 20)
    unfiltered = index.store.nearest_cards(vector, 20, lexical.ids, lexical.left_out)
    assert unfiltered == filtered
    assert practice.card_id not in dict(unfiltered[0])
