"""Fuzzing Anki packages: a damaged package gives cards or an ``IngestError`` with a reason.

Real packages (modern and legacy, built by the official ``anki`` package) are cut short, have
bytes overwritten in the zip, or have bytes overwritten in the SQLite database itself (then
packed again, so the damage reaches SQLite). ``FUZZ_EXAMPLES`` sets the number of cases (a
tenth of it per test here: each case writes a package and opens a database).
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.cards import ParseResult
from ingest.errors import IngestError
from ingest.sources import read_source
from tests.support.anki_decks import build_collection, export_package

EXAMPLES = max(int(os.environ.get("FUZZ_EXAMPLES", "10000")) // 10, 20)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
TIME_BOUND_S = 5.0


@functools.cache
def seed(kind: str) -> bytes:
    """A real package of :func:`build_collection` (built once per kind)."""
    with tempfile.TemporaryDirectory() as tmp:
        col = build_collection(Path(tmp) / "c.anki2")
        data = export_package(col, Path(tmp) / "p.apkg", legacy=kind == "legacy").read_bytes()
        col.close()
    return data


def outcome(data: bytes, folder: Path) -> ParseResult | IngestError:
    path = folder / "fuzz.apkg"
    path.write_bytes(data)
    start = time.perf_counter()
    try:
        result: ParseResult | IngestError = read_source(path, 5_000_000)[0]
    except IngestError as exc:
        assert str(exc), "an IngestError must carry a reason"
        result = exc
    assert time.perf_counter() - start < TIME_BOUND_S
    if isinstance(result, ParseResult):
        assert result.cards and all(c.card_id and c.question for c in result.cards)
    return result


@FUZZ
@given(kind=st.sampled_from(["modern", "legacy"]), cut=st.floats(0, 1))
def test_truncated_packages(tmp_path_factory, kind, cut):
    data = seed(kind)
    outcome(data[: int(len(data) * cut)], tmp_path_factory.mktemp("t"))


@FUZZ
@given(
    kind=st.sampled_from(["modern", "legacy"]),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), min_size=1, max_size=5),
)
def test_bytes_overwritten_in_the_zip(tmp_path_factory, kind, edits):
    data = bytearray(seed(kind))
    for where, chunk in edits:
        at = int((len(data) - len(chunk)) * where)
        data[at : at + len(chunk)] = chunk
    outcome(bytes(data), tmp_path_factory.mktemp("z"))


@FUZZ
@given(
    kind=st.sampled_from(["modern", "legacy"]),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=16)), min_size=1, max_size=8),
)
def test_bytes_overwritten_in_the_database(tmp_path_factory, kind, edits):
    with zipfile.ZipFile(io.BytesIO(seed(kind))) as z:
        member = "collection.anki21b" if kind == "modern" else "collection.anki21"
        members = {n: z.read(n) for n in z.namelist()}
    db = bytearray(members[member])
    if kind == "modern":
        db = bytearray(zstandard.ZstdDecompressor().stream_reader(io.BytesIO(bytes(db))).read())
    for where, chunk in edits:
        at = int((len(db) - len(chunk)) * where)
        db[at : at + len(chunk)] = chunk
    members[member] = zstandard.ZstdCompressor().compress(bytes(db)) if kind == "modern" else bytes(db)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    outcome(out.getvalue(), tmp_path_factory.mktemp("d"))
