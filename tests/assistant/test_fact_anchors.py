"""Fact anchors: symbols written with a script and numbers, held by one line of a card."""

from __future__ import annotations

from assistant.answers import Hit
from assistant.coverage import CoverageJudge
from assistant.fact_anchors import Anchors, anchors, holds_anchors, promote_anchored
from ingest.cards import Card

HYPER = (
    "Parallel attention heads: h=8\nModel dimension: dmodel=512\n"
    "Internal head dimensions: dk=dv=dmodel/h=512/8=64."
)


def _hit(card_id: str, answer: str, similarity: float, rank: int) -> Hit:
    return Hit(Card(card_id, "deck.txt", f"question {card_id}", answer), 1.0 / rank, similarity, 0.0, rank)


def test_anchors_are_scripted_symbols_and_numbers() -> None:
    assert anchors("Why is d_k = 64 in the base model?") == Anchors(("dk",), ("64",))
    assert anchors(r"why is $d_{\text{model}} = 512$ and W^O 512 wide?") == Anchors(
        ("dmodel", "wo"), ("512",)
    )
    assert anchors("Why do we divide by sqrt(d_k)?") == Anchors(("dk",), ())
    assert anchors("Why are there 8 heads?") == Anchors((), ("8",))
    assert not anchors("Why do we divide by sqrt(d_k)?") and not anchors("Why are there 8 heads?")
    assert anchors("x_1 is 2.5, and 3.0 for x_2") == Anchors(("x1", "x2"), ("2.5", "3.0"))


def test_a_card_holds_the_anchors_on_one_line_within_the_span() -> None:
    assert holds_anchors("Why is d_k = 64?", HYPER)
    assert holds_anchors(r"Why is d_{k} 64?", r"We set $d_{k} = 64$ in every head.")
    assert not holds_anchors("Why is d_k = 32?", HYPER)  # 32 is on no line
    assert not holds_anchors("Why is d_k = 8?", "dk is the key size\nthere are 8 heads")  # two lines
    far = "dk " + "word " * 12 + "64"
    assert not holds_anchors("Why is d_k = 64?", far)  # 14 tokens from d_k to 64
    assert holds_anchors("Why is d_k = 64?", "dk " + "word " * 10 + "64")  # 12 tokens
    assert not holds_anchors("Why are there 8 heads?", HYPER)  # no symbol: no anchors


def test_the_first_card_holding_the_anchors_moves_to_the_front() -> None:
    hits = [_hit("a", "Scaling by sqrt(d_k) keeps the scores small.", 0.40, 1), _hit("b", HYPER, 0.35, 2)]
    promoted = promote_anchored("Why is d_k = 64 in the base model?", hits)
    assert [(h.card_id, h.rank) for h in promoted] == [("b", 1), ("a", 2)]
    assert promote_anchored("Why scale by d_k?", hits) == hits  # no number: the order stays
    assert promote_anchored("Why is d_k = 32?", hits) == hits  # no card holds 32


def test_an_anchored_first_card_is_not_turned_away_by_similarity_alone() -> None:
    judge = CoverageJudge(threshold=0.42)
    anchored = [_hit("b", HYPER, 0.35, 1)]
    assert judge.judge("Why is d_k = 64 in the base model?", anchored).level == "full"
    assert judge.judge("Why is d_k = 32 in the base model?", anchored).level == "none"
