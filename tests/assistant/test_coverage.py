"""The coverage judge on hand-made hits and a real BM25 index: every branch, exact verdicts."""

from __future__ import annotations

import pytest

from assistant.answers import Answer, Hit
from assistant.coverage import Coverage, CoverageJudge, CoverageRules
from assistant.deck_terms import DeckTerms
from ingest.cards import Card
from ingest.lexical import LexicalIndex


def hit(similarity: float, card_id: str = "a", question: str = "What is positional encoding?") -> Hit:
    card = Card(card_id, "deck.txt", question, "Sine and cosine waves added to the embeddings.")
    return Hit(card, score=similarity, similarity=similarity, lexical=0.0, rank=1)


@pytest.fixture(scope="module")
def terms() -> DeckTerms:
    chunks = [
        ("a#0", "What is positional encoding? Sine and cosine waves added to the token embeddings."),
        ("b#0", "Why is the attention cost quadratic in the sequence length?"),
    ]
    return DeckTerms(LexicalIndex.build(chunks, revision="r1"))


def test_no_hits_is_none():
    assert CoverageJudge(0.4).judge("anything", []) == Coverage("none", reason="no card was found")


def test_under_the_threshold_is_none():
    verdict = CoverageJudge(0.42).judge("q", [hit(0.41)])
    assert verdict == Coverage("none", reason="best similarity 0.41 is under 0.42")


def test_similarity_alone_without_a_vocabulary(terms):
    assert CoverageJudge(0.42).judge("rotary embeddings", [hit(0.5)]).level == "full"


def test_close_match_is_full_whatever_the_words(terms):
    judge = CoverageJudge(0.42, terms)
    assert judge.judge("rotary positional encoding", [hit(0.6)]) == Coverage(
        "full", reason="best similarity 0.60"
    )


def test_a_missing_topic_word_makes_it_partial(terms):
    verdict = CoverageJudge(0.42, terms).judge("How do rotary positional encodings work?", [hit(0.55)])
    assert verdict == Coverage("partial", ("rotary",), reason="no card uses rotary", signal="words")


def test_everyday_words_the_deck_lacks_are_not_named(terms):
    # "picture" is among the 5,000 most frequent English words: the student's phrasing, not a topic.
    verdict = CoverageJudge(0.42, terms).judge("the picture of positional encoding embeddings", [hit(0.5)])
    assert verdict.level == "full"


def test_mostly_unknown_words_is_none(terms):
    # Content words: encode, vin, number, car. "number" and "car" are everyday English, set
    # aside; "encode" is the deck's ("encoding"); "vin" is a topic no card has: 1 of 2.
    verdict = CoverageJudge(0.42, terms).judge("How do I encode a VIN number on my car?", [hit(0.5)])
    assert verdict == Coverage("none", reason="1 of 2 of its words appear in no card", signal="words")


def test_rules_are_adjustable(terms):
    strict = CoverageRules(unknown_share=1.0, sure_similarity=0.9, common_rank=0)
    verdict = CoverageJudge(0.42, terms, strict).judge("big picture of positional encoding", [hit(0.7)])
    assert verdict == Coverage(
        "partial", ("big", "picture"), reason="no card uses big, picture", signal="words"
    )


def test_second_judge_can_only_decline(terms):
    low = CoverageJudge(0.42, terms, second=lambda q, hits: (0.2, 0.3))
    assert low.judge("positional encoding", [hit(0.9)]) == Coverage(
        "none", reason="base-model similarity 0.20 is under 0.30", signal="second"
    )
    high = CoverageJudge(0.42, terms, second=lambda q, hits: (0.5, 0.3))
    assert high.judge("positional encoding", [hit(0.9)]).level == "full"


def test_a_card_asking_another_question_of_the_same_form_is_none(terms):
    # "Why is positional encoding needed?" against the card "What is positional encoding?":
    # 3 of 5 words one way (0.6), 3 of 4 the other: not the same form at 0.7, so a close match.
    judge = CoverageJudge(0.42, terms)
    assert judge.judge("Why is positional encoding needed?", [hit(0.9)]).level == "full"
    # "When is positional encoding?" shares 3 of 4 words both ways, and "when" is in neither
    # the card's question nor its answer: another question, however similar.
    verdict = judge.judge("When is positional encoding?", [hit(0.9)])
    assert verdict == Coverage(
        "none", reason="the closest card asks another question: “What is positional encoding?”", signal="form"
    )
    # The same question asked in other case and punctuation is the card's own.
    assert judge.judge("what is positional encoding", [hit(0.9)]).level == "full"
    # The signal can be turned off, and the similarity-only judge never reads it.
    off = CoverageJudge(0.42, terms, CoverageRules(same_form=0))
    assert off.judge("When is positional encoding?", [hit(0.9)]).level == "full"
    assert CoverageJudge(0.42).judge("When is positional encoding?", [hit(0.9)]).level == "full"


def test_excluded_card_words_do_not_count(terms):
    assert CoverageJudge(0.42, terms).judge("quadratic cost", [hit(0.5)]).level == "full"
    verdict = CoverageJudge(0.42, terms).judge("quadratic cost", [hit(0.5)], excluding={"b"})
    assert verdict == Coverage("none", reason="1 of 1 of its words appear in no card", signal="words")


def test_answer_coverage_follows_abstained_and_must_agree():
    assert Answer("q", "t", abstained=True).coverage == "none"
    assert Answer("q", "t", abstained=False).coverage == "full"
    assert Answer("q", "t", abstained=False, coverage="partial").to_dict()["coverage"] == "partial"
    with pytest.raises(ValueError, match="disagrees"):
        Answer("q", "t", abstained=True, coverage="partial")
    with pytest.raises(ValueError, match="must be one of"):
        Answer("q", "t", abstained=False, coverage="some")
