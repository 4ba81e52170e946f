"""Coverage on the development questions: how many get ``"full"``, ``"partial"`` and ``"none"``.

The groups, all from development files (never the evaluation paraphrases):

- ``in-scope``: questions of ``calibration.jsonl`` and ``dev_paraphrases.jsonl`` with a gold
  card in the store: they should be answered (``"full"`` or ``"partial"``);
- ``other-deck``: the same files' in-scope questions whose gold cards are all missing from the
  store (a store of part of the bundled decks): on-topic, not covered by these cards;
- ``off-topic``: the out-of-scope questions of ``calibration.jsonl``: they should get ``"none"``;
- ``uncovered``: ``dev_uncovered.jsonl``, on-topic questions no bundled card covers: ``"none"``
  or ``"partial"`` is honest.

Run ``python -m evals.coverage_dev`` to print the table for the store the settings name.

Example:
    >>> table = coverage_table(study)
    >>> table["uncovered"]["full"]
    2
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from assistant.api import StudyAssistant

DATA = Path(__file__).resolve().parent / "data"
GROUPS = ("in-scope", "other-deck", "off-topic", "uncovered")


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dev_questions(card_ids: Iterable[str], data_dir: Path = DATA) -> dict[str, list[str]]:
    """The development questions by group (see the module docstring), for a store of ``card_ids``."""
    ids = set(card_ids)
    groups: dict[str, list[str]] = {g: [] for g in GROUPS}
    for name in ("calibration.jsonl", "dev_paraphrases.jsonl"):
        for row in _rows(data_dir / name):
            question, relevant = str(row["question"]), set(row.get("relevant") or [])  # type: ignore[call-overload]
            if not row.get("in_scope", True):
                groups["off-topic"].append(question)
            else:
                groups["in-scope" if relevant & ids else "other-deck"].append(question)
    groups["uncovered"] = [str(row["question"]) for row in _rows(data_dir / "dev_uncovered.jsonl")]
    return groups


def coverage_table(study: StudyAssistant, data_dir: Path = DATA) -> dict[str, dict[str, int]]:
    """Group -> ``{"n", "full", "partial", "none"}`` for the store ``study`` serves (offline answers)."""
    groups = dev_questions((c.card_id for c in study.cards()), data_dir)
    table = {}
    for group, questions in groups.items():
        levels = Counter(study.ask(q, mode="offline").coverage for q in questions)
        table[group] = {
            "n": len(questions),
            **{lvl: levels.get(lvl, 0) for lvl in ("full", "partial", "none")},
        }
    return table


def main() -> None:  # pragma: no cover - a report for the docs
    from ingest.settings import load_settings

    study = StudyAssistant(load_settings(mode="offline"))
    judge = study.answerer.judge
    print(f"threshold {judge.threshold:.2f} ({study.coverage.derived or 'set by STUDY_ABSTAIN_THRESHOLD'})")
    print(f"{'group':<12} {'n':>4} {'full':>5} {'partial':>8} {'none':>5}")
    for group, row in coverage_table(study).items():
        print(f"{group:<12} {row['n']:>4} {row['full']:>5} {row['partial']:>8} {row['none']:>5}")


if __name__ == "__main__":  # pragma: no cover
    main()
