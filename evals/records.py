"""The eval's records: a query with its gold, a ranked card, and what happened to one query.

A :class:`Query` belongs to exactly one query set; sets are scored separately and never pooled.
An :class:`Outcome` holds everything the run observed for one query (each system's ranking,
the assistant's answer) and nothing computed from it: scores, gold ranks and failure tags are
derived later (:mod:`evals.scoring`, :mod:`evals.taxonomy`), so they can be recomputed from
the records without re-running the model.

Example:
    >>> q = Query("paraphrase", "p001", "why scale by sqrt(d_k)?", gold=("c1",))
    >>> q.answerable, q.scores_retrieval
    (True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

#: The query sets, in report order.
SET_NAMES = ("verbatim", "paraphrase", "leave-one-out", "out-of-scope", "uncovered", "numeric", "gold")

#: The system whose answers are judged; the others are retrieval baselines beside it.
ASSISTANT = "assistant"


@dataclass(frozen=True)
class Query:
    """One question of one query set.

    Attributes:
        set: The query set, one of :data:`SET_NAMES`.
        qid: Id within the set (a card id for verbatim and leave-one-out questions).
        question: The text asked.
        gold: Card ids that answer it; empty when no card does (abstention and numeric items).
        answer: Reference answer text, when there is one.
        answerable: False when the right behaviour is to abstain.
        expected_numbers: Numbers a correct worked example must produce.
        held_out: For leave-one-out, the card removed from every ranking.
    """

    set: str
    qid: str
    question: str
    gold: tuple[str, ...] = ()
    answer: str | None = None
    answerable: bool = True
    expected_numbers: tuple[float, ...] | None = None
    held_out: str | None = None

    @property
    def scores_retrieval(self) -> bool:
        """True when the query has gold cards, so that retrieval metrics are defined."""
        return bool(self.gold)


@dataclass(frozen=True)
class Ranked:
    """One card in a system's ranking.

    Attributes:
        card_id: The card.
        score: The system's own ranking score (fused score, cosine, BM25 or RRF).
        similarity: Cosine similarity of the question and the card's best chunk, when the
            system knows it (the abstention threshold reads the top card's value).
    """

    card_id: str
    score: float
    similarity: float | None = None


@dataclass(frozen=True)
class Outcome:
    """What the run observed for one query.

    Attributes:
        query: The query.
        rankings: System name -> its best cards, best first, the held-out card removed.
        top1_similarity: The assistant's top card's cosine similarity (its abstention signal).
        answer: The assistant's answer text.
        abstained: Whether the assistant abstained.
        cited: Card ids the answer cites, in citation order.
        numbers: Numbers the answer produced: the worked example's outputs when it ran one,
            else the numbers written in the answer text.
        numbers_from_tool: True when ``numbers`` are the tool's full-precision outputs.
        tool_kind: The worked-example kind that ran, if any.
        mode: The answerer's mode (``"offline"`` or ``"llm"``).
        faithfulness: The optional LLM judge's score in [0, 1], if it ran.
        coverage: The answer's coverage (``"full"``, ``"partial"`` or ``"none"``); left out,
            it follows ``abstained``.
    """

    query: Query
    rankings: Mapping[str, tuple[Ranked, ...]]
    top1_similarity: float | None
    answer: str
    abstained: bool
    cited: tuple[str, ...] = ()
    numbers: tuple[float, ...] = ()
    numbers_from_tool: bool = False
    tool_kind: str | None = None
    mode: str = "offline"
    faithfulness: float | None = None
    coverage: str | None = None

    @property
    def declined(self) -> bool:
        """Whether the answer declined what it could not answer: ``"none"``, or ``"partial"`` on a
        question no card answers (it names what the cards lack instead of answering it)."""
        return self.coverage == "none" or (self.coverage == "partial" and not self.query.answerable)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rankings", MappingProxyType(dict(self.rankings)))
        if self.coverage is None:  # records from before coverage: it follows ``abstained``
            object.__setattr__(self, "coverage", "none" if self.abstained else "full")

    def ranked_ids(self, system: str = ASSISTANT) -> list[str]:
        """The card ids ``system`` ranked, best first."""
        return [r.card_id for r in self.rankings.get(system, ())]
