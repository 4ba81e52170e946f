"""Gold files: valid lines become queries; every malformed line is named by its line number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.gold import GoldLine, load_gold, read_jsonl
from evals.records import Query
from ingest.cards import Card
from ingest.errors import ConfigError

CARDS = [
    Card("c1", "a.csv", "What is attention?", "A weighted sum."),
    Card("c2", "b.txt", "What is attention?", "Weights over values."),  # same question, other deck
    Card("c3", "b.txt", "Why scale by sqrt(d_k)?", "To keep softmax soft."),
    Card("p1", "b.txt", "Explain masking.", "", kind="practice"),
]


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8"
    )
    return path


def test_valid_file_resolves_ids_and_questions(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"id": "g1", "question": "why divide?", "relevant": ["c3"], "answer": "softmax stays soft"},
        "",  # blank lines are skipped
        {"question": "attention?", "relevant": ["  WHAT is   attention? "]},  # matches c1 and c2
        {"question": "capital of Australia?", "relevant": [], "expect_abstain": True},
        {"question": "softmax of [0, 0]", "relevant": [], "expected_numbers": [0.5, 0.5]},
    )
    assert load_gold(path, CARDS) == [
        Query("gold", "g1", "why divide?", ("c3",), "softmax stays soft"),
        Query("gold", "line3", "attention?", ("c1", "c2")),
        Query("gold", "line4", "capital of Australia?", (), answerable=False),
        Query("gold", "line5", "softmax of [0, 0]", (), expected_numbers=(0.5, 0.5)),
    ]


Q = {"question": "q"}
BAD_LINES = [
    ('{"question": "q", "relevant": [}', r"line 2: not valid JSON \(Expecting value at column 32\)"),
    ("[1, 2]", "line 2: expected a JSON object, got list"),
    ({**Q, "relevent": ["c1"]}, "line 2: 'relevant' is required; line 2: unknown key 'relevent'"),
    ({"relevant": ["c1"]}, "line 2: 'question' is required"),
    ({"question": "  ", "relevant": ["c1"]}, "line 2: 'question': String should have at least 1 char"),
    ({**Q, "relevant": "c1"}, "line 2: 'relevant': Input should be a valid list"),
    ({**Q, "relevant": ["c1", "c1"]}, "line 2: 'relevant': repeats 'c1'"),
    ({**Q, "relevant": ["c1"], "expect_abstain": "yes"}, "line 2: 'expect_abstain': Input should be"),
    ({**Q, "relevant": ["c1"], "expect_abstain": True}, "line 2: expect_abstain is true but"),
    ({**Q, "relevant": []}, "line 2: nothing to score"),
    (
        '{"question": "q", "relevant": [], "expected_numbers": [NaN]}',
        "'expected_numbers.0': Input should be a fin",
    ),
    ({**Q, "relevant": [], "expected_numbers": ["1"]}, "'expected_numbers.0': Input should be a valid num"),
    ({**Q, "relevant": ["nope"]}, "line 2: relevant entry 'nope' is neither a card id nor a card question"),
    ({**Q, "relevant": ["p1"]}, "line 2: 'p1' is a practice prompt"),
    ({"question": "why divide?", "relevant": ["c1"]}, "line 2: question repeats line 1"),
    ({"id": "line1", "question": "other", "relevant": ["c1"]}, "line 2: id 'line1' repeats line 1"),
]


@pytest.mark.parametrize(("line", "message"), BAD_LINES)
def test_malformed_line_is_named(tmp_path: Path, line: object, message: str) -> None:
    path = write(tmp_path, {"question": "why divide?", "relevant": ["c3"]}, line)
    with pytest.raises(ConfigError, match=message) as info:
        load_gold(path, CARDS)
    assert str(info.value).startswith(f"{path}: ")


def test_every_problem_is_listed_with_a_count(tmp_path: Path) -> None:
    path = write(tmp_path, "{oops", {"question": "q"}, {"question": "q2", "relevant": "x"})
    with pytest.raises(ConfigError) as info:
        read_jsonl(path, GoldLine)
    text = str(info.value)
    assert "3 problem(s)" in text
    assert "line 1: not valid JSON" in text and "line 2: 'relevant' is required" in text and "line 3:" in text


def test_many_problems_are_cut_after_ten(tmp_path: Path) -> None:
    path = write(tmp_path, *(["[]"] * 13))
    with pytest.raises(ConfigError, match=r"13 problem\(s\): .*line 10: .*; and 3 more$"):
        read_jsonl(path, GoldLine)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_gold(tmp_path / "missing.jsonl", CARDS)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no questions"):
        load_gold(empty, CARDS)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"question": "a", "relevant": ["c1"]}\n{"question": "caf\xe9"}\n')
    with pytest.raises(ConfigError, match="line 2: not UTF-8 text"):
        load_gold(latin, CARDS)
