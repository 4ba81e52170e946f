"""Options that change how a source is parsed, chosen by the user (CLI flags or settings).

They travel with an ingest from the entrypoint down to the parsers; a parser never reads
settings itself.

Example:
    >>> ParseOptions(headings=True).headings
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class _SettingsWithOptions(Protocol):
    """The settings that hold parse options (``ingest.settings.Settings``, which imports this module)."""

    @property
    def anki_question_fields(self) -> Sequence[str]: ...
    @property
    def anki_answer_fields(self) -> Sequence[str]: ...
    @property
    def max_package_bytes(self) -> int: ...


#: The uncompressed collection database an Anki package may hold (see ``max_package_bytes``).
DEFAULT_MAX_PACKAGE_BYTES = 200_000_000


@dataclass(frozen=True)
class ParseOptions:
    """How to read sources.

    Attributes:
        headings: Markdown headings become questions, with the text under them as the answer.
            Off by default: most notes' headings are titles, not questions.
        question_fields: For Anki notes that are not Basic or Cloze: the fields, by name, that
            make the question (default: the first field).
        answer_fields: The fields, by name, that make the answer (default: every other field).
        max_package_bytes: The largest collection database an Anki package may unpack to.
    """

    headings: bool = False
    question_fields: tuple[str, ...] = ()
    answer_fields: tuple[str, ...] = ()
    max_package_bytes: int = DEFAULT_MAX_PACKAGE_BYTES

    @classmethod
    def from_settings(cls, settings: _SettingsWithOptions, **overrides: object) -> ParseOptions:
        """The options the settings give, with ``overrides`` (from CLI flags) on top."""
        values: dict[str, object] = {
            "question_fields": tuple(settings.anki_question_fields),
            "answer_fields": tuple(settings.anki_answer_fields),
            "max_package_bytes": settings.max_package_bytes,
        }
        values.update({k: v for k, v in overrides.items() if v not in (None, (), [])})
        return cls(**values)  # type: ignore[arg-type]
