"""From a verdict to an FSRS rating: the mapping is a setting (``grade_ratings``).

Defaults: wrong is Again, partial is Hard, correct is Good; a correct answer typed faster than
``grade_easy_seconds`` is Easy.

Example:
    >>> policy = RatingPolicy()
    >>> policy.rating("correct"), policy.rating("correct", elapsed_s=4.0), policy.rating("wrong")
    ('good', 'easy', 'again')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from assistant.grading.record import RATINGS, VERDICTS, Rating, Verdict
from ingest.errors import ConfigError

if TYPE_CHECKING:
    from ingest.settings import Settings

DEFAULT_RATINGS: Mapping[Verdict, Rating] = MappingProxyType(
    {"wrong": "again", "partial": "hard", "correct": "good"}
)


@dataclass(frozen=True)
class RatingPolicy:
    """Maps a verdict (and the time the answer took) to a rating.

    Args:
        ratings: Verdict -> rating; every verdict must be mapped.
        easy_seconds: A correct answer given in less than this many seconds is rated Easy;
            ``None`` never rates Easy.

    Raises:
        ConfigError: when a verdict is unmapped or a rating is unknown.
    """

    ratings: Mapping[Verdict, Rating] = field(default_factory=lambda: DEFAULT_RATINGS)
    easy_seconds: float | None = 10.0

    def __post_init__(self) -> None:
        missing = [v for v in VERDICTS if v not in self.ratings]
        unknown = [r for r in self.ratings.values() if r not in RATINGS]
        extra = [v for v in self.ratings if v not in VERDICTS]
        if missing or unknown or extra:
            raise ConfigError(
                f"invalid grade_ratings {dict(self.ratings)}: map each of {', '.join(VERDICTS)} "
                f"to one of {', '.join(RATINGS)}"
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> RatingPolicy:
        return cls(MappingProxyType(dict(settings.grade_ratings)), settings.grade_easy_seconds)

    def rating(self, verdict: Verdict, elapsed_s: float | None = None) -> Rating:
        """The rating for ``verdict``; Easy for a correct answer faster than ``easy_seconds``."""
        if (
            verdict == "correct"
            and elapsed_s is not None
            and self.easy_seconds is not None
            and 0 <= elapsed_s < self.easy_seconds
        ):
            return "easy"
        return self.ratings[verdict]
