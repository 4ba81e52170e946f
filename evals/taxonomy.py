"""What went wrong with one question: gold rank, correctness and a failure tag.

Tags, checked in this order (the first that applies is the question's tag):

- ``missed_abstention``: answered a question that no card answers (coverage ``"full"``; a
  ``"partial"`` answer names what the cards lack, which is the honest reply);
- ``wrong_abstention``: abstained although a card answers it;
- ``wrong_number``: a worked-example question whose numbers are missing or wrong;
- ``unwanted_example``: a question about a card answered with a worked example instead (the
  router took it for a request for numbers);
- ``duplicate_confusion``: the top card is not gold but looks like a gold card: a labelled
  duplicate of one, or a question whose token F1 with a gold card's question is at least 0.5
  (two cards asking the same thing, of which the labels say only one answers);
- ``missed_top_k``: no gold card in the top 5;
- ``wrong_top1``: a gold card is in the top 5, but not first.

Correctness (for the CRAG score) is the answer's, not the ranking's: a card answer is correct
when its first citation is a gold card; a worked example when its numbers match. A worked
example given to a question that asked for none is not correct, whatever it cites.

Example:
    >>> TAGS["missed_top_k"]
    'no gold card in the top 5'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from evals.metrics import numeric_correct, token_f1
from evals.records import ASSISTANT, Outcome
from ingest.cards import Card

TAGS = {
    "missed_abstention": "answered a question that no card answers",
    "wrong_abstention": "abstained although a card answers it",
    "wrong_number": "worked example missing or its numbers wrong",
    "unwanted_example": "a question about a card answered with a worked example instead",
    "duplicate_confusion": "top card looks like a gold card (duplicate or same question) but is not gold",
    "missed_top_k": "no gold card in the top 5",
    "wrong_top1": "a gold card in the top 5, but not first",
}
#: The cut-off of ``missed_top_k``.
TOP_K = 5
#: Question token F1 at which two cards count as asking the same thing.
SAME_QUESTION_F1 = 0.5
#: Worked-example outputs are full float64 values: they must match tightly.
TOOL_TOLERANCE = {"rel_tol": 1e-6, "abs_tol": 1e-9}
#: Numbers read from answer text are rounded (4 decimals): they match within rounding.
TEXT_TOLERANCE = {"rel_tol": 1e-3, "abs_tol": 5e-5}


def gold_rank(outcome: Outcome, system: str = ASSISTANT) -> int | None:
    """1-based rank of the first gold card in ``system``'s ranking, ``None`` if absent."""
    gold = set(outcome.query.gold)
    return next((r for r, cid in enumerate(outcome.ranked_ids(system), 1) if cid in gold), None)


def numbers_correct(outcome: Outcome) -> bool:
    """Every expected number appears among the answer's numbers, within tolerance.

    Tool outputs (float64) must agree to ``TOOL_TOLERANCE``; numbers read from the answer's
    text, which rounds, to ``TEXT_TOLERANCE``.
    """
    expected = outcome.query.expected_numbers
    assert expected, "numbers_correct needs expected numbers"
    tolerance = TOOL_TOLERANCE if outcome.numbers_from_tool else TEXT_TOLERANCE
    return numeric_correct(expected, outcome.numbers, **tolerance)


def is_correct(outcome: Outcome) -> bool:
    """Whether the answer is right, read only when it answered an answerable question."""
    if outcome.query.expected_numbers:
        return numbers_correct(outcome)
    if outcome.tool_kind is not None:
        return False
    return bool(outcome.cited) and outcome.cited[0] in set(outcome.query.gold)


def top1_correct(outcome: Outcome) -> bool:
    """Whether the top-ranked card is gold: what an answer at any threshold would be built on."""
    ids = outcome.ranked_ids()
    return bool(ids) and ids[0] in set(outcome.query.gold)


def looks_alike(a: str, b: str, cards: Mapping[str, Card], duplicates: Mapping[str, Sequence[str]]) -> bool:
    """Whether cards ``a`` and ``b`` are labelled duplicates or ask (nearly) the same question."""
    if b in duplicates.get(a, ()) or a in duplicates.get(b, ()):
        return True
    if a in cards and b in cards:
        return token_f1(cards[a].question, cards[b].question) >= SAME_QUESTION_F1
    return False


def failure(
    outcome: Outcome, cards: Mapping[str, Card], duplicates: Mapping[str, Sequence[str]]
) -> str | None:
    """The question's failure tag (see the module docstring), or ``None`` when all went right."""
    query = outcome.query
    if not query.answerable:
        return None if outcome.declined else "missed_abstention"
    if outcome.abstained:
        return "wrong_abstention"
    if query.expected_numbers and not numbers_correct(outcome):
        return "wrong_number"
    if not query.gold:
        return None
    if not query.expected_numbers and outcome.tool_kind is not None:
        return "unwanted_example"
    rank = gold_rank(outcome)
    if rank == 1:
        return None
    top = outcome.ranked_ids()[:1]
    if top and any(looks_alike(top[0], g, cards, duplicates) for g in query.gold):
        return "duplicate_confusion"
    return "missed_top_k" if rank is None or rank > TOP_K else "wrong_top1"
