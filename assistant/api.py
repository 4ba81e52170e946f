"""The Python API: :class:`StudyAssistant`.

Example:
    >>> from assistant import StudyAssistant
    >>> sa = StudyAssistant()            # embedded defaults; ingests the bundled decks if empty
    >>> ans = sa.ask("Why divide by sqrt(d_k)?")
    >>> ans.abstained, ans.citations[0].source
    (False, '003_97bb6d8cf1568471.txt')
    >>> sa.ask("Work through attention with 3 tokens and d_k = 4").tool_calls[0].arguments
    {'kind': 'attention', 'params': {'tokens': 3, 'd_k': 4}}
    >>> sa.example("lr_schedule", step=100).outputs["learning_rate"]
    1.746928107421711e-05
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from assistant.answers import Answer, Hit
from assistant.chain import build_chain
from assistant.errors import RetrievalError
from assistant.example_answerer import ExampleAnswerer
from assistant.examples.record import WorkedExample
from assistant.followup import History, standalone_question
from assistant.offline_answerer import OfflineAnswerer
from assistant.retrieval import HybridRetriever
from assistant.settings import Settings, load_settings
from ingest.cards import Card
from ingest.index import CardIndex
from ingest.pipeline import IngestReport


class StudyAssistant:
    """Ask questions of your cards, get cited answers.

    Args:
        settings: The settings object; built from the environment and ``overrides`` if omitted.
        progress: Show progress bars (ingest) on stderr.
        **overrides: Individual settings, e.g. ``data_dir="/tmp/study"``.
    """

    def __init__(
        self, settings: Settings | None = None, *, progress: bool = False, **overrides: object
    ) -> None:
        self.settings = settings or load_settings(**overrides)
        self.progress = progress
        self.index = CardIndex.from_settings(self.settings)
        if self.index.is_empty():
            self.index.ingest([self.settings.cards_dir], progress=progress)
        self.retriever = HybridRetriever(self.index)
        self.answerer = OfflineAnswerer(self.settings.abstain_threshold)
        self.examples = ExampleAnswerer(self.retriever, self.settings.abstain_threshold)
        self._chain = build_chain(self.retriever, self.answerer)

    def clean_question(self, question: str) -> tuple[str, list[str]]:
        """Strip ``question`` and cut it to the length limit.

        Raises:
            RetrievalError: when the question is empty or blank.
        """
        question = " ".join((question or "").split())
        if not question:
            raise RetrievalError("the question is empty")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            return question[:limit], [f"question cut to its first {limit} characters (the limit)"]
        return question, []

    def ask(self, question: str, k: int | None = None, history: History | None = None) -> Answer:
        """Answer ``question`` from the cards, with ``[n]`` citations, or abstain.

        A request for numbers ("work through attention with 3 tokens", "compute softmax of
        [1, 2, 3]") is answered with a worked example from the local torch reference instead:
        its one ``worked_example`` tool call holds the whole record, and the citations are the
        cards that explain the concept. ``k`` applies to card answers only.

        Args:
            question: The question, in the student's words.
            k: Cards to retrieve (default: the ``top_k`` setting).
            history: Earlier messages (``[{"role": "user"|"assistant", "content": str}]``); a
                follow-up such as "why?" is made standalone with the previous user question.

        Raises:
            RetrievalError: when the question is empty or blank.
        """
        question, warnings = self.clean_question(question)
        question = standalone_question(question, history)
        answer = self.examples.try_answer(question)
        if answer is None:
            answer = self._chain.invoke({"question": question, "k": k or self.settings.top_k})
        if warnings:
            answer = Answer(**{**answer.__dict__, "warnings": tuple(warnings) + answer.warnings})
        return answer

    def stream(
        self, question: str, k: int | None = None, history: History | None = None
    ) -> Iterator[str | Answer]:
        """Like :meth:`ask`, but yields the answer's text in pieces as it is produced, then the
        finished :class:`Answer` as the last item.

        Offline, the answer is composed at once and yielded line by line; the LLM mode yields
        the model's tokens as they arrive.
        """
        answer = self.ask(question, k=k, history=history)
        lines = answer.text.split("\n")
        for i, line in enumerate(lines):
            yield line + ("\n" if i < len(lines) - 1 else "")
        yield answer

    def example(self, kind: str, **params: Any) -> WorkedExample:
        """Run one worked example directly; ``card_ids`` holds the cards that explain it.

        Args:
            kind: A catalog kind, e.g. ``"attention"`` (see :func:`assistant.examples.list_kinds`).
            **params: That kind's parameters; omitted ones take their defaults.

        Raises:
            ToolError: If the kind is unknown or a parameter is invalid or out of bounds.
        """
        return self.examples.example(kind, params)

    def retrieve(self, question: str, k: int = 10) -> list[Hit]:
        """The ``k`` best cards for ``question``, one hit per card."""
        question, _ = self.clean_question(question)
        return self.retriever.search(question, k)

    def ingest(self, paths: Iterable[str | Path]) -> IngestReport:
        """Ingest files or folders incrementally; returns what was added, updated, removed, skipped."""
        report = self.index.ingest([Path(p) for p in paths], progress=self.progress)
        self.examples.clear_cache()  # the cards that explain a concept may have changed
        return report

    def cards(self, include_practice: bool = False) -> list[Card]:
        """Every card in the store (practice prompts only when asked for)."""
        return self.index.cards(include_practice=include_practice)
