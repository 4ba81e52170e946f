"""The offline answerer on hand-made hits: exact texts, markers and abstention."""

from __future__ import annotations

from assistant.answers import Hit
from assistant.offline_answerer import OfflineAnswerer, terms
from ingest.cards import Card


def hit(card_id: str, answer: str, similarity: float, rank: int, question: str = "Q?") -> Hit:
    card = Card(card_id, "deck.txt", question, answer)
    return Hit(card, score=1.0 / (60 + rank), similarity=similarity, lexical=0.0, rank=rank)


def test_terms_drop_stopwords_and_fold_plurals():
    assert terms("Why do we scale the dot products?") == {"scale", "dot", "product"}


def test_best_card_answer_is_cited_sentence_by_sentence():
    hits = [hit("a", "Scaling keeps values small. It stabilises softmax.", 0.8, 1)]
    answer = OfflineAnswerer(threshold=0.45).answer("why scale?", hits)
    assert answer.text == "Scaling keeps values small. [1] It stabilises softmax. [1]"
    assert not answer.abstained
    assert [(c.n, c.card_id, c.score) for c in answer.citations] == [(1, "a", 0.8)]


def test_line_breaks_of_the_card_are_kept():
    hits = [hit("a", "Two parts:\n- Encoder reads.\n- Decoder writes.", 0.7, 1)]
    text = OfflineAnswerer(0.45).answer("parts of a transformer", hits).text
    assert text == "Two parts: [1]\n- Encoder reads. [1]\n- Decoder writes. [1]"


def test_close_runner_up_adds_its_most_relevant_new_sentence():
    hits = [
        hit("a", "Scaling keeps dot products small.", 0.80, 1),
        hit("b", "Unrelated opening. Large dot products push softmax into flat regions.", 0.77, 2),
        hit("c", "Softmax saturates without scaling.", 0.60, 3),  # too far below the best
    ]
    answer = OfflineAnswerer(0.45).answer("why do large dot products hurt softmax", hits)
    assert answer.text == (
        "Scaling keeps dot products small. [1]\n\nLarge dot products push softmax into flat regions. [2]"
    )
    assert [c.card_id for c in answer.citations] == ["a", "b"]


def test_redundant_runner_up_is_not_cited():
    hits = [
        hit("a", "Scaling keeps dot products small.", 0.80, 1),
        hit("b", "Scaling keeps dot products small.", 0.79, 2),
    ]
    answer = OfflineAnswerer(0.45).answer("why scale dot products", hits)
    assert [c.card_id for c in answer.citations] == ["a"]


def test_long_answer_keeps_first_and_most_relevant_sentences_within_the_word_limit():
    filler = [f"Filler sentence number {i} talks about nothing in particular at all here." for i in range(20)]
    answer_text = " ".join(
        ["Layer norm normalises each token.", *filler, "Batch norm normalises across the batch."]
    )
    text = OfflineAnswerer(0.45).answer("layer norm vs batch norm", [hit("a", answer_text, 0.9, 1)]).text
    assert text.startswith("Layer norm normalises each token. [1]")
    assert "Batch norm normalises across the batch. [1]" in text
    assert len(text.replace(" [1]", "").split()) <= 140


def test_abstains_below_threshold_and_lists_nearest_cards_without_citing():
    hits = [hit("a", "Answer.", 0.30, 1, "What is a key?"), hit("b", "B.", 0.2, 2, "What is a value?")]
    answer = OfflineAnswerer(0.45).answer("capital of Australia?", hits)
    assert answer.abstained
    assert answer.citations == ()
    assert [h.card_id for h in answer.nearest] == ["a", "b"]
    assert answer.text.splitlines() == [
        "I can't answer that from your cards: none of them is close enough to the question.",
        "The nearest cards are:",
        "- What is a key? (deck.txt, similarity 0.30)",
        "- What is a value? (deck.txt, similarity 0.20)",
    ]


def test_abstains_with_no_hits():
    answer = OfflineAnswerer(0.45).answer("anything", [])
    assert answer.abstained and answer.nearest == ()


def _judge(threshold: float = 0.45):
    from assistant.coverage import CoverageJudge
    from assistant.deck_terms import DeckTerms
    from ingest.lexical import LexicalIndex

    chunks = [
        ("a#0", "What is positional encoding? Sine and cosine waves added to the token embeddings."),
        ("b#0", "Why is the attention cost quadratic in the sequence length?"),
    ]
    judge = CoverageJudge(threshold, DeckTerms(LexicalIndex.build(chunks, revision="r1")))
    return lambda: judge


def test_partial_coverage_answers_and_names_what_the_cards_lack():
    hits = [
        hit(
            "a", "Sine and cosine waves are added to the embeddings.", 0.55, 1, "What is positional encoding?"
        )
    ]
    answer = OfflineAnswerer(0.45, _judge()).answer(
        "How does RoPE rotate the positional encoding of token embeddings?", hits
    )
    assert (answer.coverage, answer.abstained, answer.missing) == ("partial", False, ("RoPE", "rotate"))
    assert answer.text == (
        "Sine and cosine waves are added to the embeddings. [1]\n\n"
        "Your cards cover “What is positional encoding?”, but nothing on “RoPE” or “rotate”."
    )
    assert [c.card_id for c in answer.citations] == ["a"]


def test_question_mostly_in_words_no_card_uses_is_declined_with_the_reason():
    hits = [hit("a", "Sine and cosine waves.", 0.5, 1, "What is positional encoding?")]
    answer = OfflineAnswerer(0.45, _judge()).answer("How do I decode a VIN number on my car?", hits)
    assert (answer.coverage, answer.abstained, answer.citations) == ("none", True, ())
    assert answer.text.splitlines()[0] == (
        "I can't answer that from your cards: they do not cover it (2 of 2 of its words appear in no card)."
    )
    assert [h.card_id for h in answer.nearest] == ["a"]


def test_leave_one_out_does_not_lend_the_held_out_cards_words():
    hits = [hit("a", "Sine and cosine waves.", 0.5, 1, "What is positional encoding?")]
    question = "Why is attention quadratic?"
    assert OfflineAnswerer(0.45, _judge()).answer(question, hits).coverage == "full"
    assert OfflineAnswerer(0.45, _judge()).answer(question, hits, excluding={"b"}).coverage == "none"
