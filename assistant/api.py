"""The Python API: :class:`StudyAssistant`.

Example:
    >>> from assistant import StudyAssistant
    >>> sa = StudyAssistant()            # embedded defaults; the bundled decks on a fresh store
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

The bundled decks load only when nothing else is named: on a fresh store (one that holds
nothing and never held a deck, :func:`ingest.deck_registry.is_fresh`) the first question, card
or deck listing loads them, unless :meth:`StudyAssistant.ingest` came first, which adds only
what it names. :meth:`StudyAssistant.decks` lists the decks and :meth:`StudyAssistant.remove`
removes one.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.answers import Answer, Hit
from assistant.chain import build_chain
from assistant.coverage_calibration import DeckCoverage
from assistant.example_answerer import ExampleAnswerer
from assistant.examples.record import WorkedExample
from assistant.examples.routing import route
from assistant.followup import History, standalone_question
from assistant.langchain_adapter import CardRetriever, hits_from_documents
from assistant.llm.config import Endpoint, resolve_endpoint, resolve_mode
from assistant.llm.prompt import ContextBudgetError
from assistant.offline_answerer import OfflineAnswerer
from assistant.retrieval import HybridRetriever
from ingest.cards import Card, Problem
from ingest.deck_registry import is_fresh
from ingest.decks import DeckInfo, list_decks, remove_deck
from ingest.embedder import Embedder
from ingest.errors import LLMError, RetrievalError, StudyAssistantError, ToolError
from ingest.index import CardIndex
from ingest.parse_options import ParseOptions
from ingest.pipeline import IngestReport
from ingest.settings import Settings, load_settings

if TYPE_CHECKING:
    from datetime import datetime

    from assistant.background_tune import BackgroundTune
    from assistant.grading.grader import Grader
    from assistant.grading.record import Grade
    from assistant.llm.answerer import LLMAnswerer
    from assistant.study import CardState, DueCard, Study
    from assistant.study.progress import Progress
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
        self.show_progress = progress  # progress bars; `progress()` is the study progress
        self.index = CardIndex.from_settings(self.settings)
        self._bundled_lock = threading.Lock()
        self._bundled_pending = is_fresh(self.index.store)
        self._retriever = HybridRetriever(self.index)
        # The coverage threshold is derived from the deck unless the user set one.
        fixed = (
            self.settings.abstain_threshold if "abstain_threshold" in self.settings.model_fields_set else None
        )
        self.coverage = DeckCoverage(self.index, fixed, base_embedder=lambda: self.base_embedder)
        self.answerer = OfflineAnswerer(self.settings.abstain_threshold, self.coverage)
        self.examples = ExampleAnswerer(self._retriever, self.settings.abstain_threshold)
        self._chain = build_chain(self._retriever, self.answerer)
        self.mode: Mode = "llm" if resolve_mode(self.settings) == "llm" else "offline"
        self.endpoint: Endpoint | None = resolve_endpoint(self.settings) if self.mode == "llm" else None
        self._llm: LLMAnswerer | None = None
        self._card_retrievers: dict[int, CardRetriever] = {}
        self._study: Study | None = None
        self._grader: Grader | None = None
        #: The background tune the UI started (see :meth:`start_background_tune`), if any.
        self.background_tune: BackgroundTune | None = None
        self._base_embedder: Embedder | None = None

    @property
    def retriever(self) -> HybridRetriever:
        """The hybrid retriever over the store (on a fresh store, the bundled decks load first)."""
        self.load_bundled_if_fresh()
        return self._retriever

    def load_bundled_if_fresh(self) -> IngestReport | None:
        """Ingest the bundled decks (the ``cards_dir`` setting) if the store is fresh and this
        assistant has ingested nothing yet; their report, or None when nothing was loaded.

        Questions, :meth:`cards` and :meth:`decks` call it first; the UI calls it on start.
        """
        with self._bundled_lock:
            if not self._bundled_pending:
                return None
            self._bundled_pending = False
            if not is_fresh(self.index.store):  # another process wrote to it meanwhile
                return None
            report = self.index.ingest([self.settings.cards_dir], progress=self.show_progress)
        self.examples.clear_cache()
        return report

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
        self.load_bundled_if_fresh()
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
                judges=self.coverage,
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
        card_retriever = self._card_retrievers.setdefault(k, CardRetriever(retriever=self._retriever, k=k))
        return hits_from_documents(card_retriever.invoke(question))

    def example(self, kind: str, **params: Any) -> WorkedExample:
        """Run one worked example directly; ``card_ids`` holds the cards that explain it.

        Args:
            kind: A catalog kind, e.g. ``"attention"`` (see :func:`assistant.examples.list_kinds`).
            **params: That kind's parameters; omitted ones take their defaults.

        Raises:
            ToolError: If the kind is unknown or a parameter is invalid or out of bounds.
        """
        self.load_bundled_if_fresh()
        return self.examples.example(kind, params)

    def retrieve(self, question: str, k: int = 10) -> list[Hit]:
        """The ``k`` best cards for ``question``, one hit per card."""
        question, _ = self.clean_question(question)
        return self.retriever.search(question, k)

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        headings: bool = False,
        question_fields: Sequence[str] = (),
        answer_fields: Sequence[str] = (),
        user: str | None = None,
    ) -> IngestReport:
        """Ingest files or folders incrementally; returns what was added, updated, removed, skipped.

        Args:
            paths: Files or folders (text decks, Anki packages).
            headings: Markdown headings become questions (``study ingest --headings``).
            question_fields: Anki fields, by name, that make the question of notes that are not
                Basic or Cloze (default: the settings', else the first field).
            answer_fields: The fields that make their answer (default: the other fields).
            user: Whose study database receives an Anki package's review history (default:
                ``"default"``); see :mod:`assistant.study.anki_import`.

        Only what is named is added: on a fresh store the bundled decks are not loaded as well.
        An Anki package's schedules and reviews go into the study database, once; a failure
        there is a warning in the report (the cards are in the store).
        """
        if user is not None:
            from assistant.study.service import check_user

            user = check_user(user)  # a bad name is refused before anything is stored
        with self._bundled_lock:
            self._bundled_pending = False
        options = ParseOptions.from_settings(
            self.settings,
            headings=headings,
            question_fields=tuple(question_fields),
            answer_fields=tuple(answer_fields),
        )
        report = self.index.ingest([Path(p) for p in paths], progress=self.show_progress, options=options)
        self.examples.clear_cache()  # the cards that explain a concept may have changed
        self._import_review_history(report, user, options.max_package_bytes)
        return report

    def _import_review_history(self, report: IngestReport, user: str | None, max_bytes: int) -> None:
        from assistant.study.anki_import import PACKAGE_FORMAT, import_packages
        from assistant.study.records import DEFAULT_USER

        if PACKAGE_FORMAT not in report.sources.values():
            return
        cards = self.index.cards(include_practice=True)
        try:
            done = import_packages(
                report.sources, report.paths, cards, self.study, user or DEFAULT_USER, max_bytes
            )
        except StudyAssistantError as exc:
            report.warnings.append(Problem("review history", None, f"not imported: {exc}"))
            return
        report.review_history += [d.message() for d in done]

    def grade(
        self, card_id: str, answer: str, elapsed_s: float | None = None, user: str | None = None
    ) -> Grade:
        """Grade a typed answer against the card's own answer (see :mod:`assistant.grading`).

        In LLM mode a rubric judge grades, and any failure falls back to the offline grade with
        a warning. ``user`` names the student; grading does not depend on it (reviews do).

        Args:
            card_id: The card answered.
            answer: The student's answer; empty or "I don't know" is wrong.
            elapsed_s: Seconds the answer took; a fast correct answer is rated Easy.
            user: The student.

        Raises:
            GradingError: when the card is unknown or a practice prompt, or ``elapsed_s`` < 0.
        """
        from assistant.grading.lookup import gradable_card

        if self._grader is None:
            from assistant.grading.grader import build_grader

            self._grader = build_grader(self.settings, self.base_embedder, self.retriever, self.mode)
        return self._grader.grade(gradable_card(self.index, card_id), answer, elapsed_s)

    def tune(self, report_path: Path | None = None) -> TuneOutcome:
        """Tune the embedding model on the cards, re-embed them and switch to it (or finish a
        tune a killed run left); the next question is answered with the tuned model.

        Raises:
            IngestError: when the store holds no answered card.
            ConfigError: when the base model cannot be loaded or trained.
        """
        from ingest.retune import run_tune_job

        self.load_bundled_if_fresh()
        outcome = run_tune_job(self.settings, progress=self.show_progress, report_path=report_path)
        self.index.follow_pointer()
        self.examples.clear_cache()
        return outcome

    def start_background_tune(self) -> bool:
        """Tune in a child process when the deck should be tuned (the UI's first run); answers
        meanwhile use the base model and carry a note that says so. True when one started.

        On a fresh store the bundled decks are loaded first (with the base model).
        """
        self.load_bundled_if_fresh()
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
    def base_embedder(self) -> Embedder:
        """The base model (``STUDY_EMBEDDING_MODEL``), untuned: the grader's thresholds and the
        coverage judge's second opinion were calibrated on it. While it serves, it is the
        index's own embedder; while a tuned model serves, a second copy loaded on first use."""
        self.index.follow_pointer()
        if self.index.serving is None or not self.index.serving.tuned:
            return self.index.embedder
        if self._base_embedder is None:
            self._base_embedder = Embedder(self.settings.embedding_model, self.settings.embedding_batch_size)
        return self._base_embedder

    @property
    def model_in_use(self) -> str:
        """The embedding model answering questions, e.g. ``all-MiniLM-L6-v2 tuned on this deck (...)``."""
        self.index.follow_pointer()
        serving = self.index.serving
        return serving.describe() if serving else self.settings.embedding_model

    def cards(self, include_practice: bool = False) -> list[Card]:
        """Every card in the store (practice prompts only when asked for)."""
        self.load_bundled_if_fresh()
        return self.index.cards(include_practice=include_practice)

    # -- study mode (the substance is in assistant.study) -----------------------------------

    @property
    def study(self) -> Study:
        """Scheduling, the study database and progress; opened on first use."""
        if self._study is None:
            from assistant.study import Study

            self.load_bundled_if_fresh()
            self._study = Study(self.settings, self.index)
        return self._study

    def due(
        self,
        n: int = 20,
        deck: str | None = None,
        user: str | None = None,
        *,
        tag: str | None = None,
        kind: str | None = None,
        practice: bool = False,
        now: datetime | None = None,
    ) -> list[DueCard]:
        """Up to ``n`` cards to study: those FSRS says are due, then new ones up to the daily limit.

        Only cards in the store come up; practice prompts only with ``practice=True`` (or
        ``kind="practice"``). ``deck`` is a source file name, with or without its extension.
        """
        return self.study.due(n, deck, user, tag=tag, kind=kind, practice=practice, now=now)

    def review(
        self,
        card_id: str,
        rating: object,
        answer: str | None = None,
        grade: object | None = None,
        user: str | None = None,
        *,
        elapsed_s: float | None = None,
        at: datetime | None = None,
    ) -> CardState:
        """Save a review (committed before this returns) and return the card's new schedule.

        ``rating`` is ``"again"``, ``"hard"``, ``"good"``, ``"easy"`` or an ``fsrs.Rating``.
        When ``grade`` (a grade of the answer) proposed another rating, the review is logged as
        an override of it.

        Raises:
            StudyError: for an unknown card, a bad rating, or a database that refuses the write.
        """
        return self.study.review(card_id, rating, answer, grade, user, elapsed_s=elapsed_s, at=at)

    def card_state(self, card_id: str, user: str | None = None) -> CardState | None:
        """The card's saved schedule (``due``, ``state``, ``stability``, ``difficulty``,
        ``reviews``), or None for a card never reviewed."""
        return self.study.card_state(card_id, user)

    def progress(self, user: str | None = None) -> Progress:
        """Due today, the forecast, reviews per day, true retention, mastery per deck, most missed."""
        return self.study.progress(user)

    def decks(self) -> list[DeckInfo]:
        """Every deck in the store, by name: path, format, counts, last ingest, lint count."""
        self.load_bundled_if_fresh()
        self.index.follow_pointer()  # the deck registry is the base collection's, whichever serves
        return list_decks(self.index.store)

    def remove(self, deck: str) -> DeckInfo:
        """Remove a deck's cards from the store and the local indexes; other decks stay.

        Args:
            deck: The deck's name (its file name, as :meth:`decks` lists it), or a path to
                the file it was ingested from.

        Returns:
            The deck as it was before removal.

        Raises:
            DeckError: when there is no such deck; the message lists the decks there are.
        """
        removed = remove_deck(self.index, deck)
        self.examples.clear_cache()
        return removed

    def export_anki(self, path: str | Path, deck: str | None = None, user: str | None = None) -> int:
        """Write the cards (of ``deck``: a source file or an Anki deck) as an Anki package.

        Cards ``user`` has studied carry their schedule (due date, interval, FSRS memory state).
        Returns the number of notes written.

        Raises:
            ExportError: when no card matches ``deck`` or the file cannot be written.
        """
        from assistant.export import export_anki, select_cards

        cards = select_cards(self.cards(include_practice=True), deck)
        states = self.study.saved_states(user)
        return export_anki(cards, Path(path), states, self.settings.desired_retention)

    def export_csv(self, path: str | Path, deck: str | None = None) -> int:
        """Write the cards (of ``deck``) as semicolon CSV with their ids; returns the row count.

        Raises:
            ExportError: when no card matches ``deck`` or the file cannot be written.
        """
        from assistant.export import export_csv, select_cards

        return export_csv(select_cards(self.cards(include_practice=True), deck), Path(path))


def _with_warnings(answer: Answer, warnings: list[str]) -> Answer:
    return dataclasses.replace(answer, warnings=tuple(warnings) + answer.warnings) if warnings else answer


def _pieces(answer: Answer, streaming: bool) -> Iterator[str | Answer]:
    """The answer's lines (when streaming), then the answer."""
    if streaming:
        lines = answer.text.split("\n")
        for i, line in enumerate(lines):
            yield line + ("\n" if i < len(lines) - 1 else "")
    yield answer
