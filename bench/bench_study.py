"""Study benchmark: the time of one ``review()`` (a committed transaction), ``due()`` and ``progress()``.

Over the bundled decks' cards (parsed, no store), on SQLite in a temporary folder and, when
``--postgres URL`` is given, on that PostgreSQL database. Every figure is the median of the
runs. Results go to ``bench/results/study.json``.

Run: ``.venv/bin/python bench/bench_study.py [--reviews 300] [--postgres postgresql+psycopg://...]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
RESULTS = REPO / "bench" / "results" / "study.json"


class Catalog:
    """The bundled decks' cards, parsed (the role the store plays)."""

    def __init__(self) -> None:
        from ingest.parsers import parse_text
        from ingest.reader import read_text

        self.items = []
        for path in sorted((REPO / "data" / "cards").iterdir()):
            self.items += [c for c in parse_text(read_text(path, 5_000_000)[0], path.name).cards]
        self.items.sort(key=lambda c: (c.source, c.card_id))

    def cards(self, include_practice: bool = False) -> list:
        return [c for c in self.items if include_practice or not c.is_practice]


def measure(database_url: str | None, reviews: int) -> dict[str, float | int]:
    from assistant.study import Study
    from ingest.settings import load_settings

    catalog = Catalog()
    cards = catalog.cards()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=tmp, database_url=database_url, fuzz_intervals=False)
        study = Study(settings, catalog)
        user = f"bench-{time.time_ns()}"
        at = datetime(2026, 1, 1, tzinfo=UTC)
        review_ms = []
        for i in range(reviews):
            card = cards[i % len(cards)]
            start = time.perf_counter()
            study.review(card.card_id, ("good", "again", "hard", "easy")[i % 4], user=user, at=at)
            review_ms.append((time.perf_counter() - start) * 1000)
            at += timedelta(minutes=7)
        due_ms, progress_ms = [], []
        for _ in range(20):
            start = time.perf_counter()
            study.due(n=20, user=user, now=at)
            due_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            study.progress(user=user, now=at)
            progress_ms.append((time.perf_counter() - start) * 1000)
        study.close()
    return {
        "reviews": reviews,
        "cards": len(cards),
        "review_p50_ms": round(statistics.median(review_ms), 2),
        "review_p90_ms": round(statistics.quantiles(review_ms, n=10)[-1], 2),
        "due_p50_ms": round(statistics.median(due_ms), 2),
        "progress_p50_ms": round(statistics.median(progress_ms), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=300)
    parser.add_argument("--postgres", metavar="URL", help="also measure on this PostgreSQL database")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "sqlite": measure(None, args.reviews),
    }
    if args.postgres:
        results["postgresql"] = measure(args.postgres, args.reviews)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
