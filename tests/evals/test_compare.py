"""--compare: flattened figures, changed rows, CI flags and provenance warnings."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from evals.compare import Row, compare, flatten, load_results
from ingest.errors import ConfigError


def results(hit1: float, low: float, high: float, corpus: str = "abc", threshold: float = 0.37) -> dict:
    return {
        "sets": {
            "paraphrase": {
                "retrieval": {"assistant": {"hit@1": {"mean": hit1, "low": low, "high": high, "n": 87}}},
                "risk_coverage": {"aurc": 0.1, "n": 87, "points": []},
            },
            "numeric": {"answers": {"token_f1": {"mean": None, "low": None, "high": None, "n": 0}}},
        },
        "mixtures": {"paraphrase+out-of-scope": {"risk_coverage": {"aurc": 0.2, "n": 119}}},
        "provenance": {
            "date": "2026-01-01T00:00:00+00:00",
            "corpus": {"hash": corpus},
            "query_sets": {"paraphrase": {"hash": "q1", "n": 87}},
            "model": {"name": "all-MiniLM-L6-v2"},
            "settings": {"abstain_threshold": threshold, "data_dir": "/tmp/a"},
            "libraries": {"torch": "2.13.0"},
        },
    }


def test_flatten_paths() -> None:
    assert set(flatten(results(0.8, 0.7, 0.9))) == {
        "paraphrase / retrieval / assistant / hit@1",
        "paraphrase / risk_coverage / aurc",
        "numeric / answers / token_f1",
        "mixtures / paraphrase+out-of-scope / risk_coverage / aurc",
    }


def test_identical_runs_change_nothing() -> None:
    a = results(0.8, 0.7, 0.9)
    comparison = compare(a, copy.deepcopy(a))
    assert comparison.changed == () and comparison.warnings == ()
    assert len(comparison.rows) == 4


def test_a_drop_is_reported_and_flagged() -> None:
    old, new = results(0.90, 0.80, 0.95), results(0.75, 0.65, 0.85)
    comparison = compare(old, new)
    (row,) = comparison.changed
    assert row == Row("paraphrase / retrieval / assistant / hit@1", 0.90, 0.75, 0.65, 0.85)
    assert row.delta == pytest.approx(-0.15, abs=1e-15) and row.outside_ci  # 0.90 > 0.85
    assert not Row("x", 0.8, 0.75, 0.65, 0.85).outside_ci
    assert comparison.to_dict()["changed"][0]["old_outside_new_ci"] is True
    assert comparison.old_date == "2026-01-01T00:00:00+00:00"


def test_figures_present_in_one_run_only() -> None:
    new = results(0.8, 0.7, 0.9)
    old = copy.deepcopy(new)
    del old["sets"]["paraphrase"]["risk_coverage"]
    (row,) = compare(old, new).changed
    assert (row.path, row.old, row.new, row.delta) == ("paraphrase / risk_coverage / aurc", None, 0.1, None)


def test_provenance_differences_are_warned_about() -> None:
    old = results(0.8, 0.7, 0.9, corpus="abc", threshold=0.37)
    new = results(0.8, 0.7, 0.9, corpus="xyz", threshold=0.45)
    new["provenance"]["settings"]["data_dir"] = "/tmp/b"  # where the store lives is not a difference
    new["provenance"]["query_sets"]["paraphrase"]["hash"] = "q2"
    new["provenance"]["libraries"]["torch"] = "2.14.0"
    assert compare(old, new).warnings == (
        "the cards differ (corpus hash changed): figures are over different cards",
        "query set 'paraphrase' differs between the runs",
        "setting abstain_threshold changed: 0.37 -> 0.45",
        "torch 2.13.0 -> 2.14.0",
    )


def test_load_results_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_results(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{\n  oops", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"is not JSON \(line 2"):
        load_results(bad)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(ConfigError, match="is not the results.json of a study eval run"):
        load_results(other)
    good = tmp_path / "results.json"
    good.write_text(json.dumps(results(0.8, 0.7, 0.9)), encoding="utf-8")
    assert load_results(good)["sets"]["paraphrase"]["retrieval"]["assistant"]["hit@1"]["mean"] == 0.8
