"""The optional faithfulness judge: an LLM grades whether an answer is supported by its cards.

This is a hook, not a client. The eval never builds an LLM client of its own: in LLM mode the
assistant's LLM layer may provide one, as ``assistant.llm.make_judge(settings)`` returning an
object that satisfies :class:`FaithfulnessJudge`. When the settings name no LLM endpoint, or
the LLM layer offers no judge, the judge is skipped and the report says why. Its score is
reported with the judge's model name and is never a CI gate: it is a model's opinion.

A judgement that fails (the judge raises :class:`~ingest.errors.LLMError`: the endpoint is
down, or the reply is malformed) leaves that question unjudged and is recorded as a
:class:`JudgeFailure`; the run goes on, and the note says how many failed (:func:`judged_note`).

Example:
    >>> judge, note = load_judge(settings)
    >>> judge is None, note
    (True, 'skipped: the assistant runs offline (no LLM endpoint configured)')
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ingest.settings import Settings


@runtime_checkable
class FaithfulnessJudge(Protocol):
    """Grades one answer.

    Attributes:
        model: The judge model's name, recorded in the report.
    """

    model: str

    def judge(self, question: str, answer: str, sources: Sequence[str]) -> float:
        """Share of the answer's claims supported by ``sources`` (the cited cards), in [0, 1]."""
        ...


@dataclass(frozen=True)
class JudgeFailure:
    """One question the judge could not grade.

    Attributes:
        set: The query set.
        qid: The question's id within the set.
        reason: The judge's one-line error.
    """

    set: str
    qid: str
    reason: str


def judged_note(model: str, failures: Sequence[JudgeFailure], gave_up_after: int | None = None) -> str:
    """What the report says about a judge that ran.

    Args:
        model: The judge model.
        failures: The judgements that failed, in order.
        gave_up_after: When the run stopped asking the judge: after this many failures in a row.

    Example:
        >>> judged_note("qwen2.5:7b", [JudgeFailure("paraphrase", "p01", "timed out after 120 s")])
        'judged by qwen2.5:7b; 1 judgement(s) failed and were left out'
    """
    note = f"judged by {model}"
    if not failures:
        return note
    note += f"; {len(failures)} judgement(s) failed and were left out"
    if gave_up_after is not None:
        note += f"; after {gave_up_after} failures in a row the judge was not asked again"
    return note


def _llm_mode(settings: Settings) -> bool:
    """Whether the assistant answers with an LLM (the LLM layer's own rule when it is there)."""
    try:
        config = importlib.import_module("assistant.llm.config")
    except ImportError:
        return getattr(settings, "mode", None) == "llm"
    return bool(config.resolve_mode(settings) == "llm")


def load_judge(settings: Settings) -> tuple[FaithfulnessJudge | None, str]:
    """The configured judge, or ``None`` with the reason it is skipped."""
    if not _llm_mode(settings):
        return None, "skipped: the assistant runs offline (no LLM endpoint configured)"
    make_judge = getattr(importlib.import_module("assistant.llm"), "make_judge", None)
    if make_judge is None:
        return (
            None,
            "skipped: LLM mode is on, but the LLM layer offers no judge yet (assistant.llm.make_judge)",
        )
    judge = make_judge(settings)
    if not isinstance(judge, FaithfulnessJudge):
        return None, "skipped: assistant.llm.make_judge returned no usable judge"
    return judge, f"judged by {judge.model}"
