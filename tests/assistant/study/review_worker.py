"""A study session in its own process, for the durability and concurrency tests.

    python -m tests.assistant.study.review_worker CONFIG_JSON

CONFIG: ``data_dir``, ``database_url`` (or null), ``user``, ``card_ids`` (reviewed in turn),
``reviews`` (how many; 0 = until killed), ``out`` (a file: one JSON line per review that
``review()`` returned, written after it returned), ``start_at`` (epoch seconds to wait for, so
that workers start together), ``assistant`` (true: go through ``StudyAssistant`` over an
ingested data dir; false: a ``Study`` over the bundled decks' cards).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

RATINGS = ("good", "again", "hard", "good", "easy", "good", "again")


def main(config: dict) -> None:
    if config.get("assistant"):
        from assistant.api import StudyAssistant
        from ingest.settings import load_settings

        settings = load_settings(
            data_dir=config["data_dir"], database_url=config["database_url"], mode="offline"
        )
        study = StudyAssistant(settings).study
    else:
        from tests.assistant.study.support import bundled_cards, make_study

        study = make_study(Path(config["data_dir"]), bundled_cards(), database_url=config["database_url"])
    ids = config["card_ids"]
    wait = config.get("start_at", 0) - time.time()
    if wait > 0:
        time.sleep(wait)
    with open(config["out"], "a", encoding="utf-8") as out:
        i = 0
        while config["reviews"] == 0 or i < config["reviews"]:
            card_id = ids[i % len(ids)]
            rating = RATINGS[(i + os.getpid()) % len(RATINGS)]
            state = study.review(card_id, rating, answer=f"answer {i}", user=config["user"])
            line = {
                "card_id": card_id,
                "rating": rating,
                "at": state.last_review.isoformat(),
                "reviews": state.reviews,
                "pid": os.getpid(),
            }
            out.write(json.dumps(line) + "\n")
            out.flush()
            i += 1


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
