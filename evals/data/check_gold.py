#!/usr/bin/env python3
"""Validate the hand-labelled gold files in this directory against a cards.jsonl.

Usage:
    python3 evals/data/check_gold.py path/to/cards.jsonl [data_dir]

Checks:
  * every card id referenced (relevant, paraphrase_of, duplicates, card_id)
    exists in cards.jsonl and is not a ``practice`` prompt (practice cards
    have no answer and can never be gold);
  * ids are unique (paraphrase ids, out-of-scope ids, duplicates card_ids)
    and no gold list repeats an id;
  * paraphrases.jsonl has at least 60 lines; each paraphrase lists its
    ``paraphrase_of`` card in ``relevant``;
  * calibration lines have in_scope == bool(relevant); dev_paraphrases
    lines (the second development set) each have a non-empty relevant list;
  * no question string is repeated across paraphrases, calibration,
    dev_paraphrases and out_of_scope (case- and whitespace-normalised): the
    development sets never share a question with the evaluation sets;
  * every non-practice card has exactly one line in duplicates.jsonl, and
    no card lists itself as its own duplicate.

Stdlib only. Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

MIN_PARAPHRASES = 60


def load_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: invalid JSON: {exc}") from exc
    return rows


def norm(q: str) -> str:
    return re.sub(r"\s+", " ", q).strip().casefold()


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    cards_path = Path(argv[1])
    data_dir = Path(argv[2]) if len(argv) == 3 else Path(__file__).resolve().parent
    errors: list[str] = []

    cards = load_jsonl(cards_path)
    all_ids = {c["card_id"] for c in cards}
    practice = {c["card_id"] for c in cards if c.get("kind") == "practice"}
    gold_ok = all_ids - practice

    def check_ref(where: str, cid: object) -> None:
        if not isinstance(cid, str):
            errors.append(f"{where}: card id {cid!r} is not a string")
        elif cid not in all_ids:
            errors.append(f"{where}: unknown card id {cid}")
        elif cid in practice:
            errors.append(f"{where}: {cid} is a practice prompt, not usable as gold")

    def check_list(where: str, ids: object) -> None:
        if not isinstance(ids, list):
            errors.append(f"{where}: expected a list, got {type(ids).__name__}")
            return
        for cid in ids:
            check_ref(where, cid)
        dup = [k for k, v in Counter(ids).items() if v > 1]
        if dup:
            errors.append(f"{where}: repeated ids {dup}")

    questions: list[tuple[str, str]] = []  # (normalised question, where)

    # paraphrases
    para = load_jsonl(data_dir / "paraphrases.jsonl")
    if len(para) < MIN_PARAPHRASES:
        errors.append(f"paraphrases.jsonl: {len(para)} lines < {MIN_PARAPHRASES}")
    for k, v in Counter(r.get("id") for r in para).items():
        if v > 1:
            errors.append(f"paraphrases.jsonl: id {k!r} used {v} times")
    for r in para:
        where = f"paraphrases.jsonl[{r.get('id')}]"
        for key in ("id", "question", "relevant", "paraphrase_of"):
            if key not in r:
                errors.append(f"{where}: missing {key!r}")
        check_list(where, r.get("relevant", []))
        if not r.get("relevant"):
            errors.append(f"{where}: empty relevant list")
        src = r.get("paraphrase_of")
        check_ref(where, src)
        if src not in r.get("relevant", []):
            errors.append(f"{where}: paraphrase_of {src} not in relevant")
        questions.append((norm(r.get("question", "")), where))
    per_card = Counter(r.get("paraphrase_of") for r in para)
    for cid, n in per_card.items():
        if n > 2:
            errors.append(f"paraphrases.jsonl: {cid} paraphrased {n} times (max 2)")

    # calibration
    cal = load_jsonl(data_dir / "calibration.jsonl")
    for n, r in enumerate(cal, 1):
        where = f"calibration.jsonl:{n}"
        for key in ("question", "relevant", "in_scope"):
            if key not in r:
                errors.append(f"{where}: missing {key!r}")
        check_list(where, r.get("relevant", []))
        if bool(r.get("in_scope")) != bool(r.get("relevant")):
            errors.append(f"{where}: in_scope={r.get('in_scope')} but relevant={r.get('relevant')}")
        questions.append((norm(r.get("question", "")), where))

    # development paraphrases (tuning and calibration only)
    dev = load_jsonl(data_dir / "dev_paraphrases.jsonl")
    for n, r in enumerate(dev, 1):
        where = f"dev_paraphrases.jsonl:{n}"
        if "question" not in r or not r.get("relevant"):
            errors.append(f"{where}: needs 'question' and a non-empty 'relevant'")
        check_list(where, r.get("relevant", []))
        questions.append((norm(r.get("question", "")), where))

    # out of scope
    oos = load_jsonl(data_dir / "out_of_scope.jsonl")
    for k, v in Counter(r.get("id") for r in oos).items():
        if v > 1:
            errors.append(f"out_of_scope.jsonl: id {k!r} used {v} times")
    for r in oos:
        where = f"out_of_scope.jsonl[{r.get('id')}]"
        if "question" not in r or "id" not in r:
            errors.append(f"{where}: needs 'id' and 'question'")
        questions.append((norm(r.get("question", "")), where))

    # questions unique across the four files
    seen: dict[str, str] = {}
    for q, where in questions:
        if not q:
            errors.append(f"{where}: empty question")
        elif q in seen:
            errors.append(f"{where}: question duplicates {seen[q]}")
        else:
            seen[q] = where

    # duplicates
    dups = load_jsonl(data_dir / "duplicates.jsonl")
    for k, v in Counter(r.get("card_id") for r in dups).items():
        if v > 1:
            errors.append(f"duplicates.jsonl: card_id {k} appears {v} times")
    for r in dups:
        cid = r.get("card_id")
        where = f"duplicates.jsonl[{cid}]"
        check_ref(where, cid)
        check_list(where, r.get("duplicates", []))
        if cid in r.get("duplicates", []):
            errors.append(f"{where}: lists itself as a duplicate")
    missing = gold_ok - {r.get("card_id") for r in dups}
    for cid in sorted(missing):
        errors.append(f"duplicates.jsonl: non-practice card {cid} missing")

    for e in errors:
        print("ERROR", e)
    n_in = sum(1 for r in cal if r.get("in_scope"))
    print(
        f"cards={len(all_ids)} (practice={len(practice)}) paraphrases={len(para)} "
        f"calibration={len(cal)} (in={n_in}, out={len(cal) - n_in}) dev_paraphrases={len(dev)} "
        f"out_of_scope={len(oos)} duplicates={len(dups)}"
    )
    print("OK" if not errors else f"FAILED: {len(errors)} problem(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
