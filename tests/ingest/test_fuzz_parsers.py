"""Fuzzing every parser: the only outcomes are cards or an ``IngestError`` with a reason.

Random text, random bytes, truncated and mutated seed files, huge lines, deep HTML and mixed
encodings. No other exception is allowed, and every file parses within a time bound, files at
the size limit (5 MB) included.
``FUZZ_EXAMPLES`` sets the number of cases per test (10,000 by default, as in CI); set it
higher to fuzz longer.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.cards import ParseResult
from ingest.errors import IngestError
from ingest.parsers import PARSERS, parse_text
from ingest.reader import text_from_bytes
from ingest.settings import Settings

CARDS = Path(__file__).resolve().parents[2] / "data" / "cards"
SEEDS = {p.name: p.read_text(encoding="utf-8") for p in sorted(CARDS.iterdir())}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))  # per parser
TIME_BOUND_S = 2.0
#: The largest file an ingest reads, and its bound: on a quiet machine every shape below parses
#: a file of this size in under a second (the knowledge page's are the slowest, 0.9-1.0 s).
LIMIT = Settings.model_fields["max_file_bytes"].default
LIMIT_BOUND_S = 10.0
FUZZ = settings(
    max_examples=EXAMPLES // 2,  # two fuzz tests per parser: EXAMPLES cases per parser in all
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NOISE = st.lists(
    st.sampled_from(
        list("abcXYZ ;,\t\n\r?:.-•*|/<>&#$\\\"'0123456789") + ["✗", "â‹…", "<br>", "é", "Answer\n"]
    ),
    max_size=120,
).map("".join)


def outcome(parse, text: str, bound: float = TIME_BOUND_S) -> ParseResult | IngestError:
    """Run ``parse``; return its result or its IngestError, and enforce the time ``bound``."""
    start = time.perf_counter()
    try:
        result = parse(text, "fuzz.txt")
    except IngestError as exc:
        assert str(exc), "an IngestError must carry a reason"
        result = exc
    assert time.perf_counter() - start < bound
    if isinstance(result, ParseResult):
        for card in result.cards:
            assert card.card_id and card.source == "fuzz.txt"
            assert card.question == card.question.strip()
    return result


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.FORMAT)
@FUZZ
@given(text=st.text(max_size=400))
def test_random_text(parser, text):
    outcome(parser.parse, text)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.FORMAT)
@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), cut=st.floats(0, 1), noise=NOISE, where=st.floats(0, 1))
def test_truncated_and_mutated_seeds(parser, seed, cut, noise, where):
    text = SEEDS[seed][: int(len(SEEDS[seed]) * cut)]
    at = int(len(text) * where)
    outcome(parser.parse, text[:at] + noise + text[at:])


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes_through_the_reader_and_detection(data):
    try:
        text, _ = text_from_bytes(data, "fuzz.txt")
    except IngestError as exc:
        assert "fuzz.txt" in str(exc)
        return
    outcome(parse_text, text)


@FUZZ
@given(
    seed=st.sampled_from(sorted(SEEDS)), cut=st.floats(0, 1), encoding=st.sampled_from(["cp1252", "latin-1"])
)
def test_mixed_encodings(seed, cut, encoding):
    text = SEEDS[seed]
    at = int(len(text) * cut)
    data = text[:at].encode("utf-8") + text[at:].encode(encoding, errors="replace")
    try:
        decoded, _ = text_from_bytes(data, "fuzz.txt")
    except IngestError:
        return
    outcome(parse_text, decoded)


HUGE = 400_000
#: Hostile texts of about ``n`` characters: huge lines, deep HTML, runs of one character.
SHAPES = {
    "letters": lambda n: "a" * n,
    "csv-long-answer": lambda n: "Question;Answer\n" + "q;" + "x " * (n // 2),
    "questions": lambda n: "Q? " * (n // 3),
    "deep-html": lambda n: "<div>" * (n // 5) + "text",
    "open-tags": lambda n: "<b" * (n // 2),
    "underscores": lambda n: "x_" * (n // 2),
    "dollars": lambda n: "$" * n,
    "parens": lambda n: ("(" + ", " * 50 + ")\n") * (n // 103),
}


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.FORMAT)
@pytest.mark.parametrize("shape", SHAPES)
def test_huge_lines_and_deep_html_parse_within_the_time_bound(parser, shape):
    outcome(parser.parse, SHAPES[shape](HUGE))


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.FORMAT)
@pytest.mark.parametrize("shape", SHAPES)
def test_files_at_the_size_limit_parse_within_their_bound(parser, shape):
    text = SHAPES[shape](LIMIT)
    assert LIMIT - 200 < len(text) <= LIMIT + 20
    outcome(parser.parse, text, LIMIT_BOUND_S)
