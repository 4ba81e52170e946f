"""Run every query set through the assistant and the baselines, recording what happened.

The run only observes; :mod:`evals.scoring` turns the records into figures. Every question is
encoded once (:mod:`evals.embedding_cache`) and every system's ranking of a question is computed
once, so leave-one-out, which asks each card's question again with the card held out, costs
no new retrieval: the held-out card is filtered from the rankings already made.

Answers: verbatim, paraphrase, out-of-scope, numeric and gold questions go through
``StudyAssistant.ask`` as a student's would. A leave-one-out answer is composed by the
assistant's offline answerer from the hybrid hits that remain without the held-out card (in
LLM mode too, and without worked-example routing); the abstention rule is the answerer's own:
the best remaining card's similarity against the threshold.

Example:
    >>> run = run_eval(study, EvalConfig(sets=("paraphrase",), baselines=False))
    >>> len(run.outcomes)
    87
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answers import Answer, Hit
from assistant.retrieval import HybridRetriever
from evals.baselines import BM25, DENSE, RRF, SYSTEMS, TUTORIAL, rank, rrf, without
from evals.embedding_cache import cached_queries
from evals.judge import FaithfulnessJudge, JudgeFailure, judged_note
from evals.metrics import extract_numbers, flatten_numbers
from evals.model_variants import BASE_MODEL, FOLDS, ModelVariants
from evals.query_sets import QuerySets, build_sets, load_duplicates
from evals.records import ASSISTANT, SET_NAMES, Outcome, Query, Ranked
from ingest.cards import Card
from ingest.errors import LLMError

if TYPE_CHECKING:
    from assistant.api import StudyAssistant
    from evals.tutorial_baseline import TutorialBaseline

#: Every set but the user's gold file.
BUNDLED_SETS = tuple(s for s in SET_NAMES if s != "gold")


@dataclass(frozen=True)
class EvalConfig:
    """What to run.

    Attributes:
        sets: Query sets to run (:data:`evals.records.SET_NAMES`).
        gold_file: The user's gold file, for the ``gold`` set.
        deck_files: Raw deck files for the LangChain recipe; none skips it with a note.
        baselines: Run the baselines beside the assistant.
        depth: Ranking depth scored (RR and nDCG at this cut-off).
        strict_sets: Raise when a named set is empty instead of skipping it.
        folds: When a deck-tuned model serves, leave-one-out is answered by models tuned in
            this many folds, each without its fold's cards (:mod:`evals.model_variants`); 0 or
            1 keeps the serving model and notes the leak.
    """

    sets: tuple[str, ...] = BUNDLED_SETS
    gold_file: Path | None = None
    deck_files: tuple[Path, ...] = ()
    baselines: bool = True
    depth: int = 10
    strict_sets: bool = False
    folds: int = FOLDS

    @property
    def pool(self) -> int:
        """Cards (or chunks) each system returns before hold-out filtering and the cut-off."""
        return 3 * self.depth


@dataclass
class EvalRun:
    """Everything one run observed.

    Attributes:
        outcomes: One per query, in set order.
        systems: The systems that ranked, the assistant first.
        cards: The store's answerable cards.
        duplicates: The labelled duplicates (card id -> cards answering the same question).
        threshold: The assistant's abstention threshold.
        config: What was run.
        notes: What was skipped, and why.
        timing: Seconds per stage.
        tutorial: The LangChain recipe's settings and sizes, when it ran.
        judge: The faithfulness judge's status (``"skipped: ..."`` or ``"judged by ..."``, with
            the number of failed judgements when any failed).
        judge_failures: The questions the judge could not grade, and why.
        model_variants: With a deck-tuned model serving: the k-fold tuning's folds, timing and
            tune reports (:mod:`evals.model_variants`); None otherwise.
    """

    outcomes: list[Outcome]
    systems: tuple[str, ...]
    cards: list[Card]
    duplicates: dict[str, tuple[str, ...]]
    threshold: float
    config: EvalConfig
    notes: list[str] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)
    tutorial: dict[str, Any] | None = None
    judge: str = "skipped"
    judge_failures: list[JudgeFailure] = field(default_factory=list)
    model_variants: dict[str, Any] | None = None

    def by_set(self) -> dict[str, list[Outcome]]:
        """Outcomes grouped by query set, in :data:`SET_NAMES` order."""
        grouped: dict[str, list[Outcome]] = {}
        for outcome in self.outcomes:
            grouped.setdefault(outcome.query.set, []).append(outcome)
        return {s: grouped[s] for s in SET_NAMES if s in grouped}


class _Rankings:
    """Each system's ranking of each question text, computed on first use.

    A leave-one-out question (``held_out`` given) is ranked by the fold model that never saw its
    card when there are k-fold models (:mod:`evals.model_variants`), else by the store's own.
    """

    def __init__(
        self,
        study: StudyAssistant,
        tutorial: TutorialBaseline | None,
        pool: int,
        variants: ModelVariants | None = None,
    ) -> None:
        self.study, self.tutorial, self.pool, self.variants = study, tutorial, pool, variants
        # Keyed by the held-out card, which also decides the model (its fold's, or the store's).
        self.hits: dict[tuple[str, str | None], list[Hit]] = {}
        self.ranked: dict[tuple[str, str, str | None], tuple[Ranked, ...]] = {}

    def _retriever(self, held_out: str | None) -> HybridRetriever:
        """The retriever for a question: the held-out card's fold model's, else the store's own."""
        if held_out is not None and self.variants is not None:
            fold = self.variants.retriever_for(held_out)
            if fold is not None:
                return fold
        return self.study.retriever

    def assistant_hits(self, text: str, held_out: str | None = None) -> list[Hit]:
        """The assistant's hits, ranked as if ``held_out`` were not in the store."""
        key = (text, held_out)
        if key not in self.hits:
            retriever = self._retriever(held_out)
            self.hits[key] = retriever.search(text, k=self.pool, mode="hybrid", excluding=_ids(held_out))
        return self.hits[key]

    def get(self, text: str, system: str, held_out: str | None = None) -> tuple[Ranked, ...]:
        retriever = self._retriever(held_out)
        key = (text, system, held_out)
        if key not in self.ranked:
            if system == ASSISTANT:
                hits = self.assistant_hits(text, held_out)
                self.ranked[key] = tuple(Ranked(h.card_id, h.score, h.similarity) for h in hits)
            elif system in (DENSE, BM25):
                self.ranked[key] = rank(retriever, text, system, self.pool, _ids(held_out))
            elif system == RRF:
                lists = [[r.card_id for r in self.get(text, s, held_out)] for s in (DENSE, BM25)]
                self.ranked[key] = rrf(lists)
            elif system == BASE_MODEL:
                assert self.variants is not None
                self.ranked[key] = rank(self.variants.base, text, ASSISTANT, self.pool, _ids(held_out))
            else:
                assert self.tutorial is not None
                self.ranked[key] = self.tutorial.search(text, self.pool)
        return self.ranked[key]


def _ids(held_out: str | None) -> tuple[str, ...]:
    return () if held_out is None else (held_out,)


def _numbers(answer: Answer) -> tuple[tuple[float, ...], bool, str | None]:
    """The worked example's full-precision outputs when one ran, else the text's numbers."""
    if answer.tool_calls:
        call = answer.tool_calls[0]
        result = call.result if isinstance(call.result, dict) else {}
        kind = call.arguments.get("kind") if isinstance(call.arguments, dict) else None
        if "outputs" in result:
            return tuple(flatten_numbers(result["outputs"])), True, kind
        return tuple(extract_numbers(answer.text)), False, kind
    return tuple(extract_numbers(answer.text)), False, None


def _answer(study: StudyAssistant, query: Query, text: str, rankings: _Rankings) -> Answer:
    if query.held_out is None:
        return study.ask(text)
    hits = rankings.assistant_hits(text, query.held_out)  # ranked without the held-out card
    return study.answerer.answer(text, hits[: study.settings.top_k], excluding={query.held_out})


#: The judge is given up after this many failed judgements in a row.
JUDGE_GIVES_UP = 3


def _outcome(
    study: StudyAssistant,
    query: Query,
    systems: Sequence[str],
    rankings: _Rankings,
    depth: int,
    judge: FaithfulnessJudge | None,
    judge_failures: list[JudgeFailure],
) -> Outcome:
    """One query's outcome; a judgement that fails is added to ``judge_failures``, not raised."""
    text, _ = study.clean_question(query.question)
    ranked = {s: without(rankings.get(text, s, query.held_out), query.held_out, depth) for s in systems}
    answer = _answer(study, query, text, rankings)
    numbers, from_tool, kind = _numbers(answer)
    if not query.expected_numbers:
        numbers, from_tool = (), False
    top = ranked[ASSISTANT][0].similarity if ranked[ASSISTANT] else None
    faithfulness = None
    if judge is not None and answer.citations and not answer.abstained:
        sources = [f"{c.question}\n{c.answer}" for c in answer.citations]
        try:
            faithfulness = float(judge.judge(text, answer.text, sources))
        except LLMError as err:  # one model reply must not sink the whole run
            judge_failures.append(JudgeFailure(query.set, query.qid, str(err)))
    return Outcome(
        query=query,
        rankings=ranked,
        top1_similarity=top,
        answer=answer.text,
        abstained=answer.abstained,
        cited=tuple(c.card_id for c in answer.citations),
        numbers=numbers,
        numbers_from_tool=from_tool,
        tool_kind=kind,
        mode=answer.mode,
        faithfulness=faithfulness,
        coverage=answer.coverage,
    )


def _systems(config: EvalConfig) -> tuple[tuple[str, ...], list[str]]:
    """The systems to run, and a note when the LangChain recipe has no files to read."""
    if not config.baselines:
        return (ASSISTANT,), []
    if not config.deck_files:
        notes = ["langchain_tutorial: no raw deck files given; the recipe was not run"]
        return tuple(s for s in SYSTEMS if s != TUTORIAL), notes
    return SYSTEMS, []


def _variants(
    study: StudyAssistant, config: EvalConfig, folder: Path, notes: list[str]
) -> ModelVariants | None:
    """The base model and k-fold models when a deck-tuned model serves, else None."""
    serving = getattr(study.index, "serving", None)  # None: an index not opened from settings
    if serving is None or not serving.tuned:
        return None
    loo = "leave-one-out" in config.sets
    if not config.baselines and not loo:
        return None
    folds = config.folds if loo and config.folds > 1 else 0
    if loo and not folds:
        notes.append("leave-one-out is flattered: the embedding model in use was tuned on the held-out cards")
    return ModelVariants.build(study, folder, folds=folds)


def _ask_all(
    study: StudyAssistant,
    queries: Sequence[Query],
    systems: Sequence[str],
    rankings: _Rankings,
    config: EvalConfig,
    judge: FaithfulnessJudge | None,
    judge_failures: list[JudgeFailure],
    progress: bool,
) -> tuple[list[Outcome], bool]:
    """Every query's outcome, with a progress bar; baselines rank only questions with gold.

    After :data:`JUDGE_GIVES_UP` judgements in a row fail (an endpoint that went away, say), the
    judge is not asked again in this run: each failure costs a timeout and its retries.

    Returns:
        The outcomes, and whether the judge was given up.
    """
    from tqdm import tqdm

    outcomes, in_a_row = [], 0
    with tqdm(total=len(queries), desc="eval", unit="question", disable=not progress, leave=False) as bar:
        for query in queries:
            run_systems = systems if query.scores_retrieval else (ASSISTANT,)
            failed = len(judge_failures)
            outcome = _outcome(study, query, run_systems, rankings, config.depth, judge, judge_failures)
            outcomes.append(outcome)
            if judge is not None and outcome.faithfulness is not None:
                in_a_row = 0
            elif len(judge_failures) > failed:
                in_a_row += 1
                if in_a_row >= JUDGE_GIVES_UP:
                    judge = None
            bar.update(1)
    return outcomes, in_a_row >= JUDGE_GIVES_UP


def run_eval(
    study: StudyAssistant,
    config: EvalConfig,
    *,
    progress: bool = False,
    judge: FaithfulnessJudge | None = None,
    judge_note: str = "skipped: no judge given",
) -> EvalRun:
    """Run ``config``'s query sets through ``study`` and the baselines.

    Args:
        study: The assistant, over the store to evaluate.
        config: Sets, gold file, deck files for the LangChain recipe, depth.
        progress: Show a progress bar on stderr.
        judge: Optional faithfulness judge (LLM mode only; never a gate). A judgement that
            raises :class:`~ingest.errors.LLMError` leaves its question unjudged and is
            recorded in :attr:`EvalRun.judge_failures`.
        judge_note: What the report says about the judge.

    Raises:
        ConfigError: If a set is unknown or a gold file is malformed (with line numbers).
    """
    timing: dict[str, float] = {}
    start = time.perf_counter()
    all_cards = study.cards(include_practice=True)
    cards = [c for c in all_cards if not c.is_practice]
    built: QuerySets = build_sets(config.sets, all_cards, config.gold_file, strict=config.strict_sets)
    queries = [q for qs in built.sets.values() for q in qs]
    systems, notes = _systems(config)
    tutorial_info = None
    with cached_queries(study) as cache, tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        mark = time.perf_counter()
        cache.prime([study.clean_question(q.question)[0] for q in queries])
        timing["encode_questions_s"] = time.perf_counter() - mark
        tutorial = None
        if TUTORIAL in systems:
            from evals.tutorial_baseline import TutorialBaseline

            mark = time.perf_counter()
            tutorial = TutorialBaseline(config.deck_files, cards, study.index.embedder, Path(tmp))
            tutorial_info = tutorial.describe()
            timing["build_langchain_tutorial_s"] = time.perf_counter() - mark
        variants = _variants(study, config, Path(tmp) / "variants", notes)
        if variants is not None:
            timing.update(variants.timing)
            systems = (*systems, BASE_MODEL) if config.baselines else systems
        mark = time.perf_counter()
        rankings = _Rankings(study, tutorial, config.pool, variants)
        judge_failures: list[JudgeFailure] = []
        outcomes, gave_up = _ask_all(
            study, queries, systems, rankings, config, judge, judge_failures, progress
        )
        timing["questions_s"] = time.perf_counter() - mark
        timing["texts_encoded"] = float(cache.encoded)
    timing["total_s"] = time.perf_counter() - start
    return EvalRun(
        outcomes=outcomes,
        systems=systems,
        cards=cards,
        duplicates=load_duplicates(),
        threshold=study.answerer.threshold,
        config=config,
        notes=[*built.notes, *notes],
        timing=timing,
        tutorial=tutorial_info,
        model_variants=None if variants is None else variants.describe(),
        judge=judge_note
        if judge is None
        else judged_note(judge.model, judge_failures, JUDGE_GIVES_UP if gave_up else None),
        judge_failures=judge_failures,
    )
