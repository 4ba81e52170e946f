"""Re-choosing fusion and chunk views with the tuned model, on development questions only.

Ranks the bundled decks' cards for every development question (``evals/data/calibration.jsonl``
in-scope rows and ``evals/data/dev_paraphrases.jsonl``; never ``paraphrases.jsonl``) under each
combination of:

- model: the base model, and a model tuned on the bundled decks (``--tuned PATH``);
- chunk views: all four kinds (question; question + answer part; question + one sentence;
  answer alone), or without the sentence views, the answer-alone views, or both;
- fusion: the weighted sum ``dense + w * bm25 / best_bm25`` (w = 0, 0.1, 0.2, 0.3), or
  reciprocal-rank fusion (k = 60) of the dense and BM25 rankings.

A card's dense score pools its two best chunks as :mod:`assistant.retrieval` does. The whole
ranking is computed in memory (every chunk scored), which is what the store's search
approximates. Also reports texts embedded per card for each set of views (the ingest cost).

Run: ``python bench/dev_ranking.py --tuned DATA_DIR/models/<id>`` -> bench/results/dev_ranking.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.cards import Card  # noqa: E402
from ingest.chunking import (  # noqa: E402
    _MAX_QUESTION_PREFIX,  # noqa: E402
    _MIN_VIEW_WORDS,
    _RESERVED,
    _pack,
    _shorten,
    _split_long,
    split_sentences,
)
from ingest.embedder import Embedder  # noqa: E402
from ingest.lexical import LexicalIndex  # noqa: E402
from ingest.parsers import parse_text  # noqa: E402
from ingest.settings import BUNDLED_CARDS_DIR  # noqa: E402

VIEW_SETS = {
    "all": {"question", "part", "sentence", "answer"},
    "no-sentence": {"question", "part", "answer"},
    "no-answer-alone": {"question", "part", "sentence"},
    "question+part": {"question", "part"},
}


def views(card: Card, count_tokens, max_tokens: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The chunks :func:`ingest.chunking.chunk_card` makes, each labelled with its kind."""
    budget = max_tokens - _RESERVED
    out = [("question", t) for t in _pack(split_sentences(card.question), count_tokens, budget)]
    if card.answer:
        prefix = _shorten(card.question, count_tokens, min(_MAX_QUESTION_PREFIX, budget // 2))
        room = max(budget - count_tokens(prefix), 1)
        sentences = split_sentences(card.answer)
        out += [("part", f"{prefix}\n{p}") for p in _pack(sentences, count_tokens, room)]
        if len(sentences) > 1:
            kept = [s for s in sentences if len(s.split()) >= _MIN_VIEW_WORDS]
            out += [("sentence", f"{prefix}\n{p}") for s in kept for p in _split_long(s, count_tokens, room)]
        if len(card.answer.split()) >= _MIN_VIEW_WORDS:
            out += [("answer", t) for t in _pack(sentences, count_tokens, budget)]
    return out


def dev_questions() -> list[tuple[str, set[str]]]:
    rows = []
    for name in ("calibration.jsonl", "dev_paraphrases.jsonl"):
        for line in (ROOT / "evals" / "data" / name).read_text().splitlines():
            row = json.loads(line)
            if row.get("in_scope", True) and row.get("relevant"):
                rows.append((row["question"], set(row["relevant"])))
    return rows


def rank_cards(
    q_vec: np.ndarray,
    question: str,
    chunk_cards: list[str],
    matrix: np.ndarray,
    lex: LexicalIndex,
    fusion: str,
) -> list[str]:
    sims = matrix @ q_vec
    best: dict[str, list[float]] = {}
    for card, s in zip(chunk_cards, sims, strict=True):
        best.setdefault(card, []).append(float(s))
    dense = {}
    for card, ss in best.items():
        ss.sort(reverse=True)
        second = ss[1] if len(ss) > 1 else ss[0]
        dense[card] = (ss[0] + 0.2 * second) / 1.2
    bm: dict[str, float] = {}
    for chunk_id, score in lex.search(question, 100):
        bm.setdefault(chunk_id.rsplit("#", 1)[0], score)
    top = max(bm.values(), default=0.0)
    if fusion.startswith("weighted"):
        w = float(fusion.split("=")[1])
        fused = {c: d + (w * bm.get(c, 0.0) / top if top > 0 else 0.0) for c, d in dense.items()}
    else:  # rrf
        k = 60
        d_rank = {c: r for r, c in enumerate(sorted(dense, key=lambda c: -dense[c]), 1)}
        b_rank = {c: r for r, c in enumerate(sorted(bm, key=lambda c: -bm[c]), 1)}
        fused = {c: 1 / (k + d_rank[c]) + (1 / (k + b_rank[c]) if c in b_rank else 0.0) for c in dense}
    return sorted(fused, key=lambda c: (-fused[c], c))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tuned", required=True, help="folder of a model tuned on the bundled decks")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "dev_ranking.json"))
    args = parser.parse_args()
    cards = []
    for path in sorted(BUNDLED_CARDS_DIR.iterdir()):
        cards += [
            c for c in parse_text(path.read_text(encoding="utf-8"), path.name).cards if not c.is_practice
        ]
    questions = dev_questions()
    results: dict[str, object] = {"questions": len(questions), "cards": len(cards), "rows": []}
    for model_name, model in (("base", "all-MiniLM-L6-v2"), ("tuned", args.tuned)):
        embedder = Embedder(model)
        labelled = [
            (c.card_id, kind, text) for c in cards for kind, text in views(c, embedder.count_tokens, 256)
        ]
        t0 = time.perf_counter()
        all_vecs = embedder.encode([t for _, _, t in labelled])
        encode_s = time.perf_counter() - t0
        q_vecs = embedder.encode([q for q, _ in questions])
        for view_name, kinds in VIEW_SETS.items():
            keep = [i for i, (_, kind, _) in enumerate(labelled) if kind in kinds]
            chunk_cards = [labelled[i][0] for i in keep]
            matrix = all_vecs[keep]
            lex = LexicalIndex.build((f"{labelled[i][0]}#{n}", labelled[i][2]) for n, i in enumerate(keep))
            for fusion in (
                "weighted w=0.0",
                "weighted w=0.1",
                "weighted w=0.2",
                "weighted w=0.3",
                "rrf k=60",
            ):
                hits1, hits5, rr = [], [], []
                for (question, relevant), qv in zip(questions, q_vecs, strict=True):
                    ranked = rank_cards(qv, question, chunk_cards, matrix, lex, fusion)
                    first = next((r for r, c in enumerate(ranked[:10], 1) if c in relevant), None)
                    hits1.append(int(first == 1))
                    hits5.append(int(first is not None and first <= 5))
                    rr.append(1.0 / first if first else 0.0)
                row = {
                    "model": model_name,
                    "views": view_name,
                    "fusion": fusion,
                    "hit@1": round(float(np.mean(hits1)), 4),
                    "hit@5": round(float(np.mean(hits5)), 4),
                    "mrr@10": round(float(np.mean(rr)), 4),
                    "texts_per_card": round(len(keep) / len(cards), 3),
                    "per_question_hit@1": hits1,
                }
                results["rows"].append(row)  # type: ignore[union-attr]
                print(
                    f"{model_name:5} {view_name:16} {fusion:15} hit@1 {row['hit@1']:.3f} "
                    f"hit@5 {row['hit@5']:.3f} mrr {row['mrr@10']:.3f} texts/card {row['texts_per_card']}",
                    flush=True,
                )
        results[f"{model_name}_encode_all_views_s"] = round(encode_s, 2)
    rows = results.pop("rows")
    head = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in results.items())
    body = ",\n".join(f"  {json.dumps(r)}" for r in rows)  # type: ignore[attr-defined]
    Path(args.out).write_text(f'{{\n{head},\n "rows": [\n{body}\n ]\n}}\n')  # a row a line


if __name__ == "__main__":
    main()
