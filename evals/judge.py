"""The optional faithfulness judge: an LLM grades whether an answer is supported by its cards.

This is a hook, not a client. The eval never builds an LLM client of its own: in LLM mode the
assistant's LLM layer may provide one, as ``assistant.llm.make_judge(settings)`` returning an
object that satisfies :class:`FaithfulnessJudge`. When the settings name no LLM endpoint, or
the LLM layer offers no judge, the judge is skipped and the report says why. Its score is
reported with the judge's model name and is never a CI gate: it is a model's opinion.

Example:
    >>> judge, note = load_judge(settings)
    >>> judge is None, note
    (True, 'skipped: the assistant runs offline (no LLM endpoint configured)')
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from assistant.settings import Settings


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
