"""Chunking cards: exact chunks with a word-count tokenizer, and the real MiniLM limit."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import pytest

from ingest.cards import Card, Chunk
from ingest.chunking import chunk_card, split_sentences
from ingest.parsers import parse_text
from tests.ingest.decks import SEED_FILES, SEEDS, seed_text


def words(text: str) -> int:
    """One token per whitespace-separated word."""
    return len(text.split())


def pieces(text: str) -> int:
    """One word piece per four characters of each word, so that a long word is many pieces."""
    return sum(math.ceil(len(w) / 4) for w in text.split())


ANSWER = "It mixes values. Weights sum to one.\nScores come from dot products of queries and keys."
CARD = Card("deck-1", "deck.txt", "What is attention?", ANSWER)


def test_split_sentences_on_line_breaks_and_sentence_ends() -> None:
    assert split_sentences(ANSWER) == [
        "It mixes values.",
        "Weights sum to one.",
        "Scores come from dot products of queries and keys.",
    ]
    assert split_sentences("e.g. a list:\n- step one\n- step two\n\n$x = 1$. Then y.") == [
        "e.g. a list:",
        "- step one",
        "- step two",
        "$x = 1$.",
        "Then y.",
    ]


def test_sentences_are_packed_up_to_the_limit() -> None:
    # budget 16 - 3 = 13; the answer gets 13 - 3 (question) = 10, counting one extra per sentence:
    # 4 + 5 = 9 fit together, the 9-word sentence (10) starts a new part. Then one view per sentence
    # of at least 4 words: not "It mixes values." (3 words). The last view repeats part 2's text.
    # Last, the answer alone, packed within the whole budget of 13: 3 + 4 + 1 = 8 words fit with
    # one extra each, the 9-word sentence (10) starts a second part.
    assert chunk_card(CARD, words, 16) == [
        Chunk("deck-1#0", "deck-1", 0, 7, "What is attention?"),
        Chunk("deck-1#1", "deck-1", 1, 7, "What is attention?\nIt mixes values. Weights sum to one."),
        Chunk(
            "deck-1#2",
            "deck-1",
            2,
            7,
            "What is attention?\nScores come from dot products of queries and keys.",
        ),
        Chunk("deck-1#3", "deck-1", 3, 7, "What is attention?\nWeights sum to one."),
        Chunk(
            "deck-1#4",
            "deck-1",
            4,
            7,
            "What is attention?\nScores come from dot products of queries and keys.",
        ),
        Chunk("deck-1#5", "deck-1", 5, 7, "It mixes values. Weights sum to one."),
        Chunk("deck-1#6", "deck-1", 6, 7, "Scores come from dot products of queries and keys."),
    ]


def test_a_long_sentence_is_cut_between_words() -> None:
    # budget 13 - 3 = 10, answer room 7: the 9-word sentence (50 characters) is cut at character
    # 50 * 7 // 9 = 38, moved back to the space after its sixth word. Its view is cut the same way,
    # so it gives two view chunks after the one of "Weights sum to one.". The answer alone gets the
    # whole budget of 10: "It mixes values. Weights sum to one." (4 + 5), then the 9-word sentence.
    assert [c.text for c in chunk_card(CARD, words, 13)] == [
        "What is attention?",
        "What is attention?\nIt mixes values.",
        "What is attention?\nWeights sum to one.",
        "What is attention?\nScores come from dot products of",
        "What is attention?\nqueries and keys.",
        "What is attention?\nWeights sum to one.",
        "What is attention?\nScores come from dot products of",
        "What is attention?\nqueries and keys.",
        "It mixes values. Weights sum to one.",
        "Scores come from dot products of queries and keys.",
    ]


def test_each_sentence_of_at_least_four_words_gets_a_view() -> None:
    # Room 64 - 3 - 3 = 58: the whole answer is one packed part, then the views of the two
    # sentences of 4 and 9 words; "It mixes values." (3 words) gets none. Then the answer alone.
    assert [c.text for c in chunk_card(CARD, words, 64)] == [
        "What is attention?",
        "What is attention?\n" + " ".join(split_sentences(ANSWER)),
        "What is attention?\nWeights sum to one.",
        "What is attention?\nScores come from dot products of queries and keys.",
        " ".join(split_sentences(ANSWER)),
    ]
    # A single sentence is already undiluted in its packed part: no sentence view, but the
    # answer alone is a view of its own.
    one = replace(CARD, answer="Scores come from dot products of queries and keys.")
    assert chunk_card(one, words, 64) == [
        Chunk("deck-1#0", "deck-1", 0, 3, "What is attention?"),
        Chunk(
            "deck-1#1",
            "deck-1",
            1,
            3,
            "What is attention?\nScores come from dot products of queries and keys.",
        ),
        Chunk("deck-1#2", "deck-1", 2, 3, "Scores come from dot products of queries and keys."),
    ]
    # An answer of fewer than four words gets no answer-alone view ("Yes, by sqrt(d_k).").
    short = replace(CARD, answer="Yes, by sqrt(d_k).")
    assert [c.text for c in chunk_card(short, words, 64)] == [
        "What is attention?",
        "What is attention?\nYes, by sqrt(d_k).",
    ]


def test_a_single_huge_word_is_cut() -> None:
    card = Card("deck-2", "deck.txt", "Why?", "a" * 40)
    # 40 characters are 10 pieces; budget 10 - 3 = 7 leaves 6 for the answer: 24 + 16 characters.
    assert chunk_card(card, pieces, 10) == [
        Chunk("deck-2#0", "deck-2", 0, 3, "Why?"),
        Chunk("deck-2#1", "deck-2", 1, 3, "Why?\n" + "a" * 24),
        Chunk("deck-2#2", "deck-2", 2, 3, "Why?\n" + "a" * 16),
    ]


def test_practice_prompt_is_one_chunk() -> None:
    card = Card("deck-3", "deck.txt", "Explain attention.", "", kind="practice")
    assert chunk_card(card, words, 64) == [Chunk("deck-3#0", "deck-3", 0, 1, "Explain attention.")]


def test_long_question_is_shortened_so_every_chunk_fits() -> None:
    question = " ".join(f"w{i}" for i in range(30)) + "?"
    card = Card("deck-4", "deck.txt", question, "Short answer.")
    chunks = chunk_card(card, words, 20)
    # The question alone (30 words) fills the first two chunks, cut where a window of 17 words
    # ends before a space. The answer chunk carries the question shortened to at most half the
    # budget (8 words, cut by quarters: 30, 22, 16, 12, 9, 6) plus an ellipsis.
    assert [c.text for c in chunks] == [
        " ".join(f"w{i}" for i in range(16)),
        " ".join(f"w{i}" for i in range(16, 29)) + " w29?",
        "w0 w1 w2 w3 w4 w5 …\nShort answer.",
    ]
    assert max(words(c.text) for c in chunks) <= 20 - 3


def all_seed_cards() -> list[Card]:
    return [c for key in sorted(SEEDS) for c in parse_text(seed_text(key), SEED_FILES[key].name).cards]


def check_chunks(card: Card, count_tokens: Callable[[str], int], max_tokens: int) -> list[Chunk]:
    """Assert that the chunks of ``card`` point back to it, start with its question and lose nothing.

    After the question come the packed parts, which together hold every word of the answer, then
    (for an answer of several sentences) the views: each sentence of at least four words again, in
    order, possibly cut into several chunks. Last come the answer-alone views (for an answer of at
    least four words): every word of the answer once more, in order, without the question.
    """
    chunks = chunk_card(card, count_tokens, max_tokens)
    if len(card.answer.split()) >= 4:
        alone, seen = 0, []
        while len(seen) < len(card.answer.split()):
            alone += 1
            seen = chunks[-alone].text.split() + seen
        assert seen == card.answer.split()
        assert not any(c.text.startswith(card.question) for c in chunks[-alone:])
        for c in chunks[-alone:]:
            assert max_tokens - 3 >= count_tokens(c.text)
        tail = chunks[-alone:]
        chunks = chunks[:-alone]
    else:
        tail = []
    assert [c.chunk_id for c in chunks + tail] == [
        f"{card.card_id}#{i}" for i in range(len(chunks) + len(tail))
    ]
    total = len(chunks) + len(tail)
    assert [(c.card_id, c.index, c.total) for c in chunks + tail] == [
        (card.card_id, i, total) for i in range(total)
    ]
    n_question = len(chunk_card(replace(card, answer=""), count_tokens, max_tokens))
    asked = " ".join(c.text for c in chunks[:n_question])
    assert asked.split() == card.question.split()
    parts = []
    for c in chunks[n_question:]:
        if c.text.startswith(card.question + "\n"):
            parts.append(c.text[len(card.question) + 1 :])
        else:  # a long question is shortened to its first words and an ellipsis
            prefix, part = c.text.split(" …\n", 1)
            assert card.question.split()[: len(prefix.split())] == prefix.split()
            parts.append(part)
    answer = card.answer.split()
    # The packed parts: the shortest run of answer chunks that holds the whole answer.
    n_packed, packed = 0, []
    while len(packed) < len(answer):
        packed += parts[n_packed].split()
        n_packed += 1
    assert packed == answer
    sentences = split_sentences(card.answer)
    viewed = [s for s in sentences if len(s.split()) >= 4] if len(sentences) > 1 else []
    views = parts[n_packed:]
    for sentence in viewed:  # each view chunk holds words of one sentence only
        seen: list[str] = []
        while len(seen) < len(sentence.split()):
            seen += views.pop(0).split()
        assert seen == sentence.split()
    assert views == []
    return chunks + tail


@pytest.mark.parametrize("max_tokens", [16, 24, 40, 64])
def test_no_text_is_lost_and_every_chunk_but_the_answer_alone_starts_with_the_question(
    max_tokens: int,
) -> None:
    for card in all_seed_cards():
        chunks = check_chunks(card, words, max_tokens)
        assert max(words(c.text) for c in chunks) <= max_tokens - 3


@pytest.mark.slow
def test_real_minilm_chunks_fit_in_256_word_pieces() -> None:
    from ingest.embedder import Embedder

    embedder = Embedder("all-MiniLM-L6-v2")
    assert embedder.max_tokens == 256
    tokenizer = embedder.model.tokenizer
    cards = all_seed_cards()
    assert len(cards) == 124
    for card in cards:
        chunks = check_chunks(card, embedder.count_tokens, embedder.max_tokens)
        for c in chunks:
            assert len(tokenizer(c.text)["input_ids"]) <= 256  # [CLS] and [SEP] included
