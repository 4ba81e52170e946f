"""Building the query sets: gold per set, hold-outs and probes, skipped questions, bundled files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from evals.gold import read_jsonl
from evals.query_sets import (
    DATA_DIR,
    DuplicatesLine,
    NumericLine,
    OutOfScopeLine,
    ParaphraseLine,
    build_sets,
    load_duplicates,
)
from evals.records import Query
from ingest.cards import Card
from ingest.errors import ConfigError

CARDS = [
    Card("c1", "a.csv", "What is attention?", "A weighted sum."),
    Card("c2", "b.txt", "What does attention compute?", "Weights over values."),
    Card("c3", "b.txt", "Why scale by sqrt(d_k)?", "To keep softmax soft."),
    Card("c4", "b.txt", "A card nobody labelled", "Unlabelled."),
    Card("p1", "b.txt", "Explain masking.", "", kind="practice"),
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    def write(name: str, rows: list[dict]) -> None:
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    write("paraphrases.jsonl", [
        {"id": "p001", "question": "what's attention?", "relevant": ["c1", "c2"], "paraphrase_of": "c1"},
        {"id": "p002", "question": "gone card?", "relevant": ["c9"], "paraphrase_of": "c9"},
    ])  # fmt: skip
    write("duplicates.jsonl", [
        {"card_id": "c1", "duplicates": ["c2", "c9"]},  # c9 is not in the store
        {"card_id": "c2", "duplicates": ["c1"]},
        {"card_id": "c3", "duplicates": []},  # no duplicate: an abstention probe
    ])  # fmt: skip
    write("out_of_scope.jsonl", [{"id": "o001", "question": "capital of Australia?"}])
    write("numeric.jsonl", [
        {"id": "n001", "question": "softmax of [0, 0]", "expected_numbers": [0.5, 0.5], "kind": "softmax",
         "computed_with": "torch.softmax"},
    ])  # fmt: skip
    return tmp_path


def test_each_set_has_its_own_gold(data_dir: Path) -> None:
    built = build_sets(
        ("verbatim", "paraphrase", "leave-one-out", "out-of-scope", "numeric"), CARDS, data_dir=data_dir
    )
    assert built.sets["verbatim"][0] == Query(
        "verbatim", "c1", "What is attention?", ("c1",), "A weighted sum."
    )
    assert [q.qid for q in built.sets["verbatim"]] == ["c1", "c2", "c3", "c4"]  # practice prompts never
    assert built.sets["paraphrase"] == [
        Query("paraphrase", "p001", "what's attention?", ("c1", "c2"), "A weighted sum.")
    ]
    loo = "leave-one-out"
    assert built.sets[loo] == [
        Query(loo, "c1", "What is attention?", ("c2",), "A weighted sum.", True, held_out="c1"),
        Query(
            loo, "c2", "What does attention compute?", ("c1",), "Weights over values.", True, held_out="c2"
        ),
        Query(loo, "c3", "Why scale by sqrt(d_k)?", (), "To keep softmax soft.", False, held_out="c3"),
    ]
    assert built.sets["out-of-scope"] == [
        Query("out-of-scope", "o001", "capital of Australia?", answerable=False)
    ]
    assert built.sets["numeric"] == [
        Query("numeric", "n001", "softmax of [0, 0]", expected_numbers=(0.5, 0.5))
    ]
    assert built.notes == [
        "paraphrase: 1 question(s) name cards not in the store and were left out",
        "leave-one-out: 1 card(s) have no duplicate label and were left out",
    ]


def test_empty_sets_are_skipped_by_default_and_refused_when_named(data_dir: Path) -> None:
    others = [Card("x1", "x.txt", "Unrelated?", "Yes.")]
    built = build_sets(("paraphrase", "verbatim"), others, data_dir=data_dir, strict=False)
    assert list(built.sets) == ["verbatim"]
    assert built.notes[-1] == "paraphrase: no question applies to the cards in this store; set skipped"
    with pytest.raises(ConfigError, match="query set 'paraphrase' is empty for the cards in this store"):
        build_sets(("paraphrase",), others, data_dir=data_dir)


def test_unknown_set_and_gold_without_file() -> None:
    with pytest.raises(ConfigError, match=r"unknown query set\(s\) \['bogus'\]"):
        build_sets(("bogus",), CARDS)
    with pytest.raises(ConfigError, match="the gold set needs a file: --gold FILE"):
        build_sets(("gold",), CARDS)


def test_bundled_files_are_valid_and_large_enough() -> None:
    assert len(read_jsonl(DATA_DIR / "paraphrases.jsonl", ParaphraseLine)) == 87
    assert len(read_jsonl(DATA_DIR / "out_of_scope.jsonl", OutOfScopeLine)) >= 25
    assert len(read_jsonl(DATA_DIR / "duplicates.jsonl", DuplicatesLine)) == 118
    numeric = read_jsonl(DATA_DIR / "numeric.jsonl", NumericLine)
    assert len(numeric) == 22
    assert {row.kind for _, row in numeric} == {
        "attention", "softmax", "layer_norm", "positional_encoding", "lr_schedule", "label_smoothing",
    }  # fmt: skip
    assert sum(1 for ids in load_duplicates().values() if not ids) == 35  # leave-one-out abstention probes


def test_numeric_file_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_numeric", DATA_DIR / "make_numeric.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DATA_DIR / "numeric.jsonl").read_text(encoding="utf-8") == module.render()
    # hand check of one item: softmax([1, 2, 3]) = e^i / (e + e^2 + e^3)
    row = json.loads((DATA_DIR / "numeric.jsonl").read_text(encoding="utf-8").splitlines()[4])
    assert row["question"] == "compute softmax of [1, 2, 3]"
    assert row["expected_numbers"] == pytest.approx(
        [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]
    )
