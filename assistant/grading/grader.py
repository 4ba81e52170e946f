"""The grader behind ``StudyAssistant.grade``: offline always, the LLM rubric judge when an
endpoint is configured, and the rating the verdict maps to.

When the LLM judge fails in any way (the endpoint, the budget, the JSON, a quote the card does
not hold) the offline grade is returned, with a warning that says why.

Example:
    >>> grader = Grader(OfflineGrader(embedder, retriever), RatingPolicy())
    >>> grader.grade(card, "I don't know").rating
    'again'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.grading.cues import is_no_answer
from assistant.grading.decision import decide
from assistant.grading.evidence import EvidenceGatherer
from assistant.grading.feedback import cite, offline_feedback
from assistant.grading.params import GradingParams
from assistant.grading.rating import RatingPolicy
from assistant.grading.record import Grade
from assistant.grading.verdict_model import VerdictModel, load_verdict_model
from ingest.cards import Card
from ingest.errors import GradingError, LLMError

if TYPE_CHECKING:
    from assistant.grading.rubric import RubricJudge
    from assistant.retrieval import HybridRetriever
    from ingest.embedder import Embedder
    from ingest.settings import Settings

#: Longer answers are cut to this many characters before grading.
MAX_ANSWER_CHARS = 4000


class OfflineGrader:
    """Evidence from the embedding model, the card's words and the retriever; the rules find the
    key points, and the verdict model (:mod:`assistant.grading.verdict_model`) weighs them.

    Args:
        embedder: The model the evidence is gathered with.
        retriever: For the neighbouring-card check (none: no check).
        params: The rules' parameters (the calibrated ones by default).
        model: The verdict model (the shipped one by default).
    """

    def __init__(
        self,
        embedder: Embedder,
        retriever: HybridRetriever | None = None,
        params: GradingParams | None = None,
        model: VerdictModel | None = None,
    ) -> None:
        self.gatherer = EvidenceGatherer(embedder, retriever)
        self.params = params or GradingParams()
        self.model = model or load_verdict_model()

    def grade(self, card: Card, answer: str, policy: RatingPolicy, elapsed_s: float | None = None) -> Grade:
        evidence = self.gatherer.gather(card, answer)
        decision = self.model.apply(evidence, decide(evidence, self.params))
        return Grade(
            verdict=decision.verdict,
            score=round(decision.score, 4),
            rating=policy.rating(decision.verdict, elapsed_s),
            covered=decision.covered,
            missed=decision.missed,
            feedback=offline_feedback(decision, card, evidence.neighbour),
            card=card,
            grader="offline",
            answer=answer,
        )


class Grader:
    """Grades answers against cards.

    Args:
        offline: The offline grader (always available; the fallback).
        policy: Verdict -> rating.
        judge: The LLM rubric judge, when an endpoint is configured.
    """

    def __init__(
        self, offline: OfflineGrader, policy: RatingPolicy, judge: RubricJudge | None = None
    ) -> None:
        self.offline = offline
        self.policy = policy
        self.judge = judge

    def grade(self, card: Card, answer: str, elapsed_s: float | None = None) -> Grade:
        """Grade ``answer`` against ``card``.

        Raises:
            GradingError: when ``card`` is a practice prompt (it has no answer to grade against), or
                ``elapsed_s`` is negative.
        """
        if card.is_practice or not card.answer.strip():
            raise GradingError(
                f"card {card.card_id!r} is a practice prompt with no answer to grade against; "
                "grade it yourself with review()"
            )
        if elapsed_s is not None and elapsed_s < 0:
            raise GradingError(f"elapsed_s must not be negative, got {elapsed_s}")
        answer = (answer or "").strip()
        warnings: list[str] = []
        if len(answer) > MAX_ANSWER_CHARS:
            answer = answer[:MAX_ANSWER_CHARS]
            warnings.append(f"answer cut to its first {MAX_ANSWER_CHARS} characters (the limit)")
        if self.judge is not None and not is_no_answer(answer):  # nothing for a model to read
            try:
                return self._llm(card, answer, elapsed_s, warnings)
            except LLMError as err:
                warnings.append(f"LLM grading failed ({err}); graded offline")
        grade = self.offline.grade(card, answer, self.policy, elapsed_s)
        return _with_warnings(grade, warnings)

    def _llm(self, card: Card, answer: str, elapsed_s: float | None, warnings: list[str]) -> Grade:
        assert self.judge is not None
        points = self.offline.gatherer.views.get(card).points
        rubric = self.judge.grade(card, answer, points)
        feedback = f"{rubric.feedback} {cite(card)}".strip()
        return Grade(
            verdict=rubric.verdict,
            score=round(rubric.score, 4),
            rating=self.policy.rating(rubric.verdict, elapsed_s),
            covered=rubric.covered,
            missed=rubric.missed,
            feedback=feedback,
            card=card,
            warnings=tuple(warnings),
            grader="llm",
            answer=answer,
        )


def _with_warnings(grade: Grade, warnings: list[str]) -> Grade:
    import dataclasses

    return dataclasses.replace(grade, warnings=tuple(warnings) + grade.warnings) if warnings else grade


def build_grader(
    settings: Settings, embedder: Embedder, retriever: HybridRetriever | None, mode: str
) -> Grader:
    """The grader for these settings: offline always, plus the rubric judge in LLM mode.

    Raises:
        ConfigError: when the grade mapping is invalid, or LLM mode has no usable endpoint.
    """
    judge = None
    if mode == "llm":
        from assistant.grading.rubric import RubricJudge
        from assistant.llm.client import ChatClient
        from assistant.llm.config import resolve_endpoint

        endpoint = resolve_endpoint(settings)
        judge = RubricJudge(ChatClient(endpoint, temperature=0.0), endpoint.context_tokens)
    return Grader(OfflineGrader(embedder, retriever), RatingPolicy.from_settings(settings), judge)
