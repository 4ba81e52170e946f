"""Formats benchmark: ingesting a 10k-note Anki package beside ingesting the same cards as CSV.

The same synthetic cards (:mod:`tests.ingest.synthetic`) are written twice: as semicolon CSV
with their UUIDs, and as an Anki package whose notes carry the same UUIDs as GUIDs, so both
give the same card ids, texts and chunks. The package is a modern one (``collection.anki21b``,
zstd) made by the official ``anki`` package when it is installed (the ``dev`` extra): our own
legacy package imported into a new collection and exported again; without ``anki`` it is our
own legacy ``collection.anki2`` package.

For each run, each file is ingested into a fresh, empty embedded store with the real embedding
model (loaded before the clock starts, shared by both), CSV and package alternating so that the
machine's load falls on both alike. The target is package / CSV <= 1.2 (medians of the wall
clock). The CPU time of the ingesting process (all its threads) is recorded beside it: on a
shared machine it moves less with the other processes' load than the wall clock does. The
read-and-parse time of each file alone (no embedding) is measured too, as the median of
``--parse-runs``.

Results: ``bench/results/formats.json`` (``--out`` elsewhere; ``--parse-only`` skips the ingests).

Run: ``.venv/bin/python bench/bench_formats.py --notes 10000 --runs 3``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from ingest.anki_package import ExportNote, write_package  # noqa: E402
from ingest.cards import Card  # noqa: E402
from ingest.embedder import Embedder  # noqa: E402
from ingest.index import CardIndex  # noqa: E402
from ingest.parsers.semicolon_csv import to_csv  # noqa: E402
from ingest.settings import load_settings  # noqa: E402
from ingest.sources import read_source  # noqa: E402
from ingest.store import CardStore  # noqa: E402
from tests.ingest.synthetic import synthetic_cards  # noqa: E402

RESULTS = REPO / "bench" / "results" / "formats.json"
TARGET = 1.2


def write_decks(folder: Path, n: int) -> tuple[Path, Path, str]:
    """The same ``n`` cards as ``cards.csv`` and ``cards.apkg``; returns both and the package kind."""
    cards = [Card(u, "cards.csv", q, a) for q, a, u in synthetic_cards(n)]
    csv_path = folder / "cards.csv"
    csv_path.write_text(to_csv(cards), encoding="utf-8")
    legacy = folder / "legacy.apkg"
    write_package(legacy, [ExportNote(c.card_id, c.question, c.answer, (), "Synthetic") for c in cards])
    try:
        from anki.collection import Collection, ExportAnkiPackageOptions
        from anki.generic_pb2 import Empty
        from anki.import_export_pb2 import ExportLimit, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    except ImportError:
        return csv_path, legacy, "legacy collection.anki2 (our writer; anki not installed)"
    col = Collection(str(folder / "collection.anki2"))
    col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(legacy), options=ImportAnkiPackageOptions())
    )
    modern = folder / "cards.apkg"
    options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=False)
    col.export_anki_package(
        out_path=str(modern), options=options, limit=ExportLimit(whole_collection=Empty())
    )
    col.close()
    return csv_path, modern, "modern collection.anki21b (exported by the official anki package)"


def parse_seconds(path: Path, runs: int) -> tuple[float, int]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result, _ = read_source(path, 50_000_000)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(result.cards)


def ingest_seconds(path: Path, embedder: Embedder, work: Path, n: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (all threads of this process) of one ingest into a fresh store."""
    store = CardStore(work / "data", "cards")
    index = CardIndex(store, embedder, work / "state", 50_000_000)
    start, cpu = time.perf_counter(), time.process_time()
    report = index.ingest([path])
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    assert report.added == n and not report.problems, report.summary()
    return seconds, cpu_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parse-runs", type=int, default=5)
    parser.add_argument(
        "--parse-only", action="store_true", help="only read and parse both files (no embedding, no store)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    settings = load_settings()
    embedder = Embedder(settings.embedding_model, settings.embedding_batch_size)
    if not args.parse_only:
        _ = embedder.model  # loaded before any clock starts
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, apkg_path, package_kind = write_decks(folder, args.notes)
        parse = {
            name: parse_seconds(p, args.parse_runs) for name, p in (("csv", csv_path), ("apkg", apkg_path))
        }
        assert parse["csv"][1] == parse["apkg"][1] == args.notes
        runs: dict[str, list[float]] = {"csv": [], "apkg": []}
        cpu: dict[str, list[float]] = {"csv": [], "apkg": []}
        for r in range(0 if args.parse_only else args.runs):
            order = [("csv", csv_path), ("apkg", apkg_path)]
            for name, path in order if r % 2 == 0 else order[::-1]:
                wall, cpu_s = ingest_seconds(path, embedder, folder / f"{name}-{r}", args.notes)
                runs[name].append(wall)
                cpu[name].append(cpu_s)
                print(f"run {r + 1}: {name} ingest {wall:.1f} s ({cpu_s:.1f} s CPU)", file=sys.stderr)
        ratio = statistics.median(runs["apkg"]) / statistics.median(runs["csv"]) if runs["csv"] else None
        cpu_ratio = statistics.median(cpu["apkg"]) / statistics.median(cpu["csv"]) if cpu["csv"] else None
        result = {
            "benchmark": "formats",
            "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "notes": args.notes,
            "package": package_kind,
            "file_bytes": {"csv": csv_path.stat().st_size, "apkg": apkg_path.stat().st_size},
            "parse_median_s": {"csv": parse["csv"][0], "apkg": parse["apkg"][0]},
            "ingest_runs_s": runs,
            "ingest_median_s": {k: statistics.median(v) for k, v in runs.items() if v},
            "ingest_cpu_runs_s": cpu,
            "cpu_ratio_apkg_over_csv": cpu_ratio,
            "parse_ratio_apkg_over_csv": parse["apkg"][0] / parse["csv"][0],
            "ratio_apkg_over_csv": ratio,
            "target": TARGET,
            "meets_target": None if ratio is None else ratio <= TARGET,
            "load_average_at_end": os.getloadavg(),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
