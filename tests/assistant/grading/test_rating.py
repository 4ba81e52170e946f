"""The verdict -> rating mapping, a setting."""

from __future__ import annotations

import pytest

from assistant.grading.rating import RatingPolicy
from ingest.errors import ConfigError
from ingest.settings import load_settings


def test_defaults():
    policy = RatingPolicy()
    assert [policy.rating(v) for v in ("correct", "partial", "wrong")] == ["good", "hard", "again"]
    assert policy.rating("correct", elapsed_s=9.9) == "easy"
    assert policy.rating("correct", elapsed_s=10.0) == "good"
    assert policy.rating("partial", elapsed_s=1.0) == "hard"  # only a correct answer is Easy


def test_the_mapping_comes_from_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("STUDY_GRADE_RATINGS", '{"wrong": "again", "partial": "good", "correct": "good"}')
    monkeypatch.setenv("STUDY_GRADE_EASY_SECONDS", "5")
    policy = RatingPolicy.from_settings(load_settings(data_dir=tmp_path))
    assert policy.rating("partial") == "good"
    assert policy.rating("correct", elapsed_s=6) == "good"
    assert policy.rating("correct", elapsed_s=4) == "easy"


def test_an_incomplete_mapping_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="grade_ratings"):
        RatingPolicy({"wrong": "again"})  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="STUDY_GRADE_RATINGS"):
        load_settings(data_dir=tmp_path, grade_ratings={"wrong": "never"})
