"""Honest coverage: does the deck answer the question fully, in part, or not at all?

An answer built from a near-miss card is worse than none. The judge reads four signals, each
cheap (no model call beyond the question's one embedding, which retrieval already made):

1. **Similarity.** The best card's cosine similarity (its best chunk). Under the threshold the
   cards do not cover the question: ``"none"``. The threshold is derived from the deck itself
   (:mod:`assistant.coverage_calibration`), or set by hand with ``STUDY_ABSTAIN_THRESHOLD``.
2. **Words no card uses** (:mod:`assistant.deck_terms`). Those that are not everyday English
   (not among the ``common_rank`` most frequent words, :mod:`assistant.common_words`) name a
   topic the deck lacks ("rotary", "FlashAttention"); everyday ones ("happens", "afterwards")
   are the student's phrasing and are set aside. When the best card is not a close match
   (similarity under ``sure_similarity``) and at least ``unknown_share`` of the remaining
   content words are such missing topics, the question is about something else: ``"none"``.
   This turns away an off-topic question that shares a word or two with the cards ("How do I
   normalize a database schema?").
3. **Missing topics, fewer.** With at least one missing topic word and no close match, the
   coverage is ``"partial"``: the answer gives what the cards hold and names what they do not.
4. **The best card asks another question of the same form** (:mod:`assistant.question_form`):
   "Why do we need the dot product ...?" answered by the card "What do we do after the dot
   product ...?". However close the match, ``"none"``: an answer from that card answers its
   own question, not the student's. This is read before ``sure_similarity``, since such a
   sibling card scores 0.8 to 0.95.

A first card that holds the question's *fact anchors* (a symbol and a value it writes, such as
"d_k = 64", stated on one line of the card; :mod:`assistant.fact_anchors`) is evidence beyond
similarity: the similarity threshold does not turn it away, the word signals still apply.

Otherwise it is ``"full"``. A second, optional judge (``second``) covers a tuned embedding
model, which separates covered questions from on-topic uncovered ones better but off-topic
ones worse: it is given the base model's similarity and its own threshold and can only lower
the verdict to ``"none"``.

The constants were chosen on development questions only (``evals/data/calibration.jsonl``,
``evals/data/dev_paraphrases.jsonl``, ``evals/data/dev_uncovered.jsonl`` and the leave-one-out
set); see docs/coverage.md.

Example:
    >>> judge = CoverageJudge(threshold=0.42, terms=DeckTerms(lexical))
    >>> judge.judge("How do rotary position embeddings work?", hits).level
    'partial'
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.answers import COVERAGE_LEVELS, Hit
from assistant.common_words import common_words
from assistant.deck_terms import DeckTerms
from assistant.fact_anchors import holds_anchors
from assistant.question_form import SAME_FORM_SHARE, other_question

Level = Literal["full", "partial", "none"]
assert COVERAGE_LEVELS == ("full", "partial", "none")


@dataclass(frozen=True)
class Coverage:
    """The judge's verdict on one question.

    Attributes:
        level: ``"full"``, ``"partial"`` or ``"none"``.
        missing: The question's words that no card uses and that name a topic (``"partial"``).
        reason: Why, in words (``"best similarity 0.31 is under 0.42"``).
        signal: What decided it: ``"similarity"`` (the best card's, or no card at all),
            ``"words"`` (the question's words no card uses), ``"form"`` (the best card asks another
            question of the same form) or ``"second"`` (the second judge).
    """

    level: Level
    missing: tuple[str, ...] = ()
    reason: str = ""
    signal: str = "similarity"


@dataclass(frozen=True)
class CoverageRules:
    """The judge's constants besides the threshold (chosen on development data).

    Attributes:
        unknown_share: Share of content words no card uses at which a question is off the deck.
        sure_similarity: A best similarity at or above this is a close match: words no card
            uses do not lower the verdict (the student's own phrasing, not a missing topic).
        common_rank: Words among this many most frequent English words are never named as
            missing.
        same_form: Share of words two questions must share both ways to have the same form
            (signal 4); 0 turns the signal off.
    """

    unknown_share: float = 0.5
    sure_similarity: float = 0.6
    common_rank: int = 5000
    same_form: float = SAME_FORM_SHARE


#: A second judge: (the question, the hits) -> (its best similarity under another model, that
#: model's threshold); see :mod:`assistant.coverage_second`.
SecondJudge = Callable[[str, Sequence[Hit]], tuple[float, float]]


class CoverageJudge:
    """Decides ``Answer.coverage`` from the hits and the deck's vocabulary.

    Args:
        threshold: Best similarity under which the cards do not cover a question.
        terms: The deck's vocabulary; None judges by similarity alone.
        rules: The other constants.
        second: Optional second judge (see the module docstring).
    """

    def __init__(
        self,
        threshold: float,
        terms: DeckTerms | None = None,
        rules: CoverageRules | None = None,
        second: SecondJudge | None = None,
    ) -> None:
        self.threshold = threshold
        self.terms = terms
        self.rules = rules or CoverageRules()
        self.second = second

    def judge(self, question: str, hits: Sequence[Hit], excluding: Collection[str] = ()) -> Coverage:
        """The coverage of ``question`` by ``hits`` (best first); ``excluding``: cards held out."""
        if not hits:
            return Coverage("none", reason="no card was found")
        best = hits[0].similarity
        if best < self.threshold and not holds_anchors(question, f"{hits[0].question}\n{hits[0].answer}"):
            return Coverage("none", reason=f"best similarity {best:.2f} is under {self.threshold:.2f}")
        if self.second is not None:
            other, bar = self.second(question, hits)
            if other < bar:
                why = f"base-model similarity {other:.2f} is under {bar:.2f}"
                return Coverage("none", reason=why, signal="second")
        if self.terms is None:
            return Coverage("full", reason=f"best similarity {best:.2f}")
        top = hits[0]
        if self.rules.same_form and other_question(question, top.question, top.answer, self.rules.same_form):
            why = f"the closest card asks another question: “{top.question}”"
            return Coverage("none", reason=why, signal="form")
        if best >= self.rules.sure_similarity:
            return Coverage("full", reason=f"best similarity {best:.2f}")
        words = self.terms.content_words(question)
        unknown = self.terms.unknown_words(question, excluding)
        common = common_words(self.rules.common_rank)
        missing = tuple(w for w in unknown if w not in common)
        # Everyday words no card uses ("happens", "afterwards") are the student's phrasing:
        # they count neither for nor against the question being about something else.
        weighed = len(words) - (len(unknown) - len(missing))
        if missing and len(missing) / weighed >= self.rules.unknown_share:
            why = f"{len(missing)} of {weighed} of its words appear in no card"
            return Coverage("none", reason=why, signal="words")
        if missing:
            return Coverage("partial", missing, reason=f"no card uses {', '.join(missing)}", signal="words")
        return Coverage("full", reason=f"best similarity {best:.2f}")
