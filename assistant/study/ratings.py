"""Ratings in the API's words, and the rating a grade's verdict gives.

``"again"``, ``"hard"``, ``"good"`` and ``"easy"`` are accepted in any case, and so is an
``fsrs.Rating`` (an int enum, 1 to 4), without importing ``fsrs`` here.

Example:
    >>> parse_rating("Good"), parse_rating(1)
    ('good', 'again')
    >>> rating_for_verdict("correct", 4.0, {"wrong": "again", "partial": "hard", "correct": "good"}, 10.0)
    'easy'
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.study.records import RATINGS
from ingest.errors import StudyError

VERDICTS = ("correct", "partial", "wrong")


def parse_rating(value: object) -> str:
    """``value`` as one of :data:`RATINGS`.

    Raises:
        StudyError: naming the value when it is not a rating.
    """
    if isinstance(value, str):
        name = value.strip().lower()
        if name in RATINGS:
            return name
    elif isinstance(value, int) and not isinstance(value, bool) and 1 <= int(value) <= len(RATINGS):
        return RATINGS[int(value) - 1]
    raise StudyError(f"rating {value!r} is not one of {', '.join(RATINGS)} (or an fsrs.Rating)")


def rating_for_verdict(
    verdict: str, elapsed_s: float | None, rating_map: Mapping[str, str], easy_seconds: float
) -> str:
    """The rating a grade's verdict gives, by the ``rating_map`` setting.

    A correct answer given within ``easy_seconds`` (when that is above 0 and the time is known)
    is ``"easy"``.

    Raises:
        StudyError: when the verdict is not one of :data:`VERDICTS`.
    """
    if verdict not in VERDICTS:
        raise StudyError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    if verdict == "correct" and easy_seconds > 0 and elapsed_s is not None and 0 <= elapsed_s <= easy_seconds:
        return "easy"
    return parse_rating(rating_map.get(verdict, "again"))
