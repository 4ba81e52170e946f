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

With an LLM endpoint configured (``STUDY_LLM_BASE_URL`` and ``STUDY_LLM_MODEL``, or
``OPENAI_API_KEY``) the mode defaults to ``"llm"``; ``StudyAssistant(mode="offline")`` or
``ask(..., mode="offline")`` overrides it. When the endpoint fails, the answer is the offline
one, with ``mode == "offline"`` and a warning that says why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.answers import Answer, Hit
from assistant.chain import build_chain
from assistant.example_answerer import ExampleAnswerer
from assistant.examples.record import WorkedExample
from assistant.examples.routing import route
from assistant.followup import History, standalone_question
from assistant.langchain_adapter import CardRetriever, hits_from_documents
from assistant.llm.config import Endpoint, resolve_endpoint, resolve_mode
from assistant.llm.prompt import ContextBudgetError
from assistant.offline_answerer import OfflineAnswerer
from assistant.retrieval import HybridRetriever
from ingest.cards import Card
from ingest.errors import LLMError, RetrievalError, ToolError
from ingest.index import CardIndex
from ingest.pipeline import IngestReport
from ingest.settings import Settings, load_settings

if TYPE_CHECKING:
    from assistant.background_tune import BackgroundTune
    from assistant.llm.answerer import LLMAnswerer
    from ingest.retune import TuneOutcome

Mode = Literal["offline", "llm"]


class StudyAssistant:
    """Ask questions of your cards, get cited answers.

    Args:
        settings: The settings object; built from the environment and ``overrides`` if omitted.
        progress: Show progress bars (ingest) on stderr.
        **overrides: Individual settings, e.g. ``data_dir="/tmp/study"`` or ``mode="offline"``.

    Raises:
        ConfigError: when the settings are invalid, or the mode is LLM and the endpoint is
            incomplete (no model named for a server that is not OpenAI's).
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
        self.mode: Mode = "llm" if resolve_mode(self.settings) == "llm" else "offline"
        self.endpoint: Endpoint | None = resolve_endpoint(self.settings) if self.mode == "llm" else None
        self._llm: LLMAnswerer | None = None
        self._card_retrievers: dict[int, CardRetriever] = {}
        #: The background tune the UI started (see :meth:`start_background_tune`), if any.
        self.background_tune: BackgroundTune | None = None

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

    def ask(
        self, question: str, k: int | None = None, history: History | None = None, mode: Mode | None = None
    ) -> Answer:
        """Answer ``question`` from the cards, with ``[n]`` citations, or abstain.

        A request for numbers ("work through attention with 3 tokens", "compute softmax of
        [1, 2, 3]") is answered with a worked example from the local torch reference instead:
        its ``worked_example`` tool calls hold the records, and the citations are the cards
        that explain the concept. ``k`` applies to card answers only.

        Args:
            question: The question, in the student's words.
            k: Cards to retrieve (default: the ``top_k`` setting).
            history: Earlier messages (``[{"role": "user"|"assistant", "content": str}]``); a
                follow-up such as "why?" is made standalone first (by the model in LLM mode).
            mode: ``"offline"`` or ``"llm"`` for this question (default: the assistant's mode).

        Raises:
            RetrievalError: when the question is empty or blank.
            ConfigError: when ``mode="llm"`` is asked for and no endpoint is configured.
        """
        *_, answer = self._answer(question, k, history, mode, streaming=False)
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self, question: str, k: int | None = None, history: History | None = None, mode: Mode | None = None
    ) -> Iterator[str | Answer]:
        """Like :meth:`ask`, but yields the answer's text in pieces as it is produced, then the
        finished :class:`Answer` as the last item.

        Offline, the answer is composed at once and yielded line by line; the LLM mode yields
        the model's tokens as they arrive (markers that point at no card already removed), and
        the pieces join to the Answer's text. One exception: when the endpoint fails after
        some text was yielded, a blank line and the offline answer's lines follow, and the
        final Answer is the offline one (its warnings say so); a UI that redraws should show
        the final Answer's text.
        """
        return self._answer(question, k, history, mode, streaming=True)

    def _answer(
        self, question: str, k: int | None, history: History | None, mode: Mode | None, streaming: bool
    ) -> Iterator[str | Answer]:
        question, warnings = self.clean_question(question)
        if self.background_tune is not None and (note := self.background_tune.note()):
            warnings.append(note)
        k = k or self.settings.top_k
        if (mode or self.mode) == "offline":
            yield from _pieces(_with_warnings(self._offline(question, k, history), warnings), streaming)
            return
        llm = self._llm_answerer()
        shown = False
        try:
            standalone, notes = llm.rewrite(question, history)
            hits = self._llm_sources(standalone, k)
            items = llm.stream(standalone, hits) if streaming else iter([llm.answer(standalone, hits)])
            for item in items:
                if isinstance(item, Answer):
                    item = _with_warnings(item, warnings + notes)
                shown = True
                yield item
        except ContextBudgetError as err:
            warnings.append(f"LLM mode not used: {err}; answered offline")
        except LLMError as err:
            url = self.endpoint.base_url if self.endpoint else "?"
            warnings.append(f"LLM endpoint {url} failed ({err}); answered offline")
        else:
            return
        if shown:
            yield "\n\n"  # the model failed mid-answer: the offline answer follows what was shown
        yield from _pieces(_with_warnings(self._offline(question, k, history), warnings), streaming)

    def _offline(self, question: str, k: int, history: History | None) -> Answer:
        question = standalone_question(question, history)
        answer = self.examples.try_answer(question)
        if answer is None:
            answer = self._chain.invoke({"question": question, "k": k})
        return answer

    def _llm_answerer(self) -> LLMAnswerer:
        if self._llm is None:
            if self.endpoint is None:
                self.endpoint = resolve_endpoint(self.settings)  # raises ConfigError without one
            from assistant.llm.answerer import LLMAnswerer
            from assistant.llm.client import ChatClient
            from assistant.llm.tools import tools

            self._llm = LLMAnswerer(
                ChatClient(self.endpoint, tools=tools()),
                threshold=self.settings.abstain_threshold,
                context_tokens=self.settings.llm_context_tokens,
                max_question_chars=self.settings.max_question_chars,
            )
        return self._llm

    def _llm_sources(self, question: str, k: int) -> list[Hit]:
        """The cards for the model: those that explain a worked example's concept, else the retrieved ones."""
        request = route(question)
        if request is not None:
            try:
                return self.examples.concept_hits(request.kind)
            except ToolError:
                pass
        card_retriever = self._card_retrievers.setdefault(k, CardRetriever(retriever=self.retriever, k=k))
        return hits_from_documents(card_retriever.invoke(question))

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

    def tune(self, report_path: Path | None = None) -> TuneOutcome:
        """Tune the embedding model on the cards, re-embed them and switch to it (or finish a
        tune a killed run left); the next question is answered with the tuned model.

        Raises:
            IngestError: when the store holds no answered card.
            ConfigError: when the base model cannot be loaded or trained.
        """
        from ingest.retune import run_tune_job

        outcome = run_tune_job(self.settings, progress=self.progress, report_path=report_path)
        self.index.follow_pointer()
        self.examples.clear_cache()
        return outcome

    def start_background_tune(self) -> bool:
        """Tune in a child process when the deck should be tuned (the UI's first run); answers
        meanwhile use the base model and carry a note that says so. True when one started."""
        reason = self.tune_reason()
        if reason is None:
            return False
        from assistant.background_tune import BackgroundTune

        self.background_tune = BackgroundTune(self.settings)
        self.background_tune.start(reason)
        return True

    def tune_reason(self) -> str | None:
        """Why the deck should be tuned now (see :func:`ingest.retune.should_tune`), or None."""
        from ingest.retune import should_tune

        return should_tune(self.settings, self.index)

    @property
    def model_in_use(self) -> str:
        """The embedding model answering questions, e.g. ``all-MiniLM-L6-v2 tuned on this deck (...)``."""
        self.index.follow_pointer()
        serving = self.index.serving
        return serving.describe() if serving else self.settings.embedding_model

    def cards(self, include_practice: bool = False) -> list[Card]:
        """Every card in the store (practice prompts only when asked for)."""
        return self.index.cards(include_practice=include_practice)


def _with_warnings(answer: Answer, warnings: list[str]) -> Answer:
    return dataclasses.replace(answer, warnings=tuple(warnings) + answer.warnings) if warnings else answer


def _pieces(answer: Answer, streaming: bool) -> Iterator[str | Answer]:
    """The answer's lines (when streaming), then the answer."""
    if streaming:
        lines = answer.text.split("\n")
        for i, line in enumerate(lines):
            yield line + ("\n" if i < len(lines) - 1 else "")
    yield answer
