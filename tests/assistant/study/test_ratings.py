from __future__ import annotations

import fsrs
import pytest

from assistant.study.ratings import parse_rating, rating_for_verdict
from ingest.errors import StudyError
from ingest.settings import DEFAULT_RATING_MAP


def test_parse_rating():
    assert [parse_rating(r) for r in ("again", " Hard", "GOOD", "easy")] == ["again", "hard", "good", "easy"]
    assert [parse_rating(r) for r in fsrs.Rating] == ["again", "hard", "good", "easy"]
    for bad in ("fine", 0, 5, True, None, 2.0):
        with pytest.raises(StudyError, match="is not one of again, hard, good, easy"):
            parse_rating(bad)


def test_rating_for_verdict_default_map_and_easy_threshold():
    m = DEFAULT_RATING_MAP
    assert rating_for_verdict("wrong", 1.0, m, 10.0) == "again"
    assert rating_for_verdict("partial", 1.0, m, 10.0) == "hard"
    assert rating_for_verdict("correct", 10.5, m, 10.0) == "good"
    assert rating_for_verdict("correct", 10.0, m, 10.0) == "easy"
    assert rating_for_verdict("correct", None, m, 10.0) == "good"
    assert rating_for_verdict("correct", 1.0, m, 0.0) == "good"  # 0 turns Easy off
    assert rating_for_verdict("partial", 0.5, {**m, "partial": "again"}, 10.0) == "again"
    with pytest.raises(StudyError, match="verdict 'maybe'"):
        rating_for_verdict("maybe", 1.0, m, 10.0)
