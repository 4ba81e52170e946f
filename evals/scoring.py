"""Figures from a run: each query set on its own, every figure with its 95 % bootstrap CI and n.

A figure is ``{"mean", "low", "high", "n"}``: the mean of per-question values and the
percentile bootstrap interval of that mean (:func:`evals.stats.bootstrap_ci`, 2,000 resamples,
seed 0). A figure with no questions behind it has ``n = 0`` and no interval.

Per set: retrieval for every system (hit@1/3/5, MRR@10, nDCG@10 with ``ir_measures``), the
recall@k and hit@k curves, the assistant's gold-rank histogram, paired randomization tests of
the assistant against each baseline (p-values Holm-adjusted over the whole run), answer
overlap (token F1, ROUGE-L; an abstention scores 0), citation precision and recall, numeric
accuracy, the CRAG abstention figures, the risk-coverage curve, failure counts and the optional
judge's faithfulness.

Example:
    >>> ci([1.0, 0.0, 1.0, 1.0])["mean"]
    0.75
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from evals.abstention import AbstentionItem, abstention_metrics, crag_score, risk_coverage
from evals.metrics import citation_scores, retrieval_metrics, rouge_l, token_f1
from evals.records import ASSISTANT, Outcome
from evals.runner import EvalRun
from evals.stats import bootstrap_ci, holm_adjust, paired_randomization_test
from evals.taxonomy import TAGS, failure, gold_rank, is_correct, top1_correct

Figure = dict[str, Any]
#: The metrics of the paired tests.
PAIRED = ("rr@10", "hit@1")
#: The one place two sets meet: the threshold separates in-scope from off-topic questions.
MIXTURE = ("paraphrase", "out-of-scope")
_MARKER = re.compile(r"\[\d+\]")


def ci(values: Sequence[float]) -> Figure:
    """``{"mean", "low", "high", "n"}`` of ``values``; ``None`` entries when there are none."""
    if not values:
        return {"mean": None, "low": None, "high": None, "n": 0}
    interval = bootstrap_ci(list(values))
    return {"mean": interval.mean, "low": interval.low, "high": interval.high, "n": interval.n}


def _point(value: float, n: int = 0) -> Figure:
    """A figure defined by convention on an empty subset (no interval)."""
    return {"mean": value, "low": None, "high": None, "n": n}


def retrieval(
    outcomes: Sequence[Outcome], systems: Sequence[str], depth: int
) -> tuple[dict[str, dict[str, Figure]], dict[str, dict[str, dict[str, float]]], dict[str, Any]]:
    """Retrieval figures per system, per-query values, and recall@k / hit@k curves (k = 1..depth).

    Returns:
        ``(figures, per_query, curves)``: system -> metric -> figure; system -> query id ->
        metric -> value; system -> ``{"recall@k": [...], "hit@k": [...]}``.
    """
    scored = [o for o in outcomes if o.query.scores_retrieval]
    qrels = {o.query.qid: set(o.query.gold) for o in scored}
    figures, per_query, curves = {}, {}, {}
    names = ("hit@1", "hit@3", "hit@5", f"rr@{depth}", f"ndcg@{depth}")
    for system in systems:
        run = {o.query.qid: o.ranked_ids(system) for o in scored}
        report = retrieval_metrics(run, qrels, ks=(1, 3, 5), depth=depth)
        per_query[system] = report.per_query
        figures[system] = {m: ci([v[m] for v in report.per_query.values()]) for m in names}
        curve = retrieval_metrics(run, qrels, ks=tuple(range(1, depth + 1)), depth=depth).aggregate
        curves[system] = {
            "recall@k": [curve[f"recall@{k}"] for k in range(1, depth + 1)],
            "hit@k": [curve[f"hit@{k}"] for k in range(1, depth + 1)],
        }
    return figures, per_query, curves


def paired_tests(per_query: Mapping[str, Mapping[str, Mapping[str, float]]]) -> dict[str, dict[str, Figure]]:
    """The assistant against each other system: win/tie/loss per query and a randomization test."""
    tests: dict[str, dict[str, Figure]] = {}
    mine = per_query[ASSISTANT]
    for system, theirs in per_query.items():
        if system == ASSISTANT:
            continue
        tests[system] = {}
        for metric in PAIRED:
            a = {q: v[metric] for q, v in mine.items()}
            b = {q: v[metric] for q, v in theirs.items()}
            t = paired_randomization_test(a, b)
            tests[system][metric] = {
                "mean_diff": t.mean_diff,
                "wins": t.wins,
                "ties": t.ties,
                "losses": t.losses,
                "n": t.n,
                "p_value": t.p_value,
            }
    return tests


def gold_rank_histogram(outcomes: Sequence[Outcome], depth: int) -> dict[str, int]:
    """How often the assistant's first gold card sits at rank 1..depth, or is absent (``none``)."""
    ranks = Counter(gold_rank(o) for o in outcomes if o.query.scores_retrieval)
    hist = {str(r): ranks.get(r, 0) for r in range(1, depth + 1)}
    hist["none"] = ranks.get(None, 0)
    return hist


def without_markers(text: str) -> str:
    """``text`` without its ``[n]`` citation markers, which are not part of the answer's words.

    Example:
        >>> without_markers("Scaling keeps softmax soft [1]. See [2][3].")
        'Scaling keeps softmax soft . See .'
    """
    return _MARKER.sub("", text)


def answers(outcomes: Sequence[Outcome]) -> dict[str, Figure]:
    """Token F1 and ROUGE-L against the reference answer (markers removed; abstentions score 0),
    and citation precision and recall by card id."""
    with_ref = [o for o in outcomes if o.query.answer and o.query.answerable]
    texts = [without_markers(o.answer) for o in with_ref]
    f1 = [
        0.0 if o.abstained else token_f1(t, o.query.answer or "")
        for o, t in zip(with_ref, texts, strict=True)
    ]
    rl = [
        0.0 if o.abstained else rouge_l(t, o.query.answer or "") for o, t in zip(with_ref, texts, strict=True)
    ]
    cited = [citation_scores(o.cited, o.query.gold) for o in outcomes if o.query.scores_retrieval]
    return {
        "token_f1": ci(f1),
        "rouge_l": ci(rl),
        "citation_precision": ci([c.precision for c in cited]),
        "citation_recall": ci([c.recall for c in cited]),
    }


def abstention(outcomes: Sequence[Outcome]) -> dict[str, Figure]:
    """CRAG score, accuracy, hallucination, missing, abstain rate, abstention precision/recall,
    and the share of each coverage level.

    An answer counts as declined when it declined what it could not answer
    (:attr:`Outcome.declined`): coverage ``"none"``, or ``"partial"`` on a question no card
    answers. ``strict_crag_score`` counts only ``"none"`` as declined.
    """
    items = [AbstentionItem(o.query.answerable, o.declined, is_correct(o)) for o in outcomes]
    strict = [crag_score(AbstentionItem(o.query.answerable, o.abstained, is_correct(o))) for o in outcomes]
    report = abstention_metrics(items)
    scores = report.individual_scores
    abstained = [not it.answerable for it in items if it.abstained]
    unanswerable = [it.abstained for it in items if not it.answerable]
    return {
        "crag_score": ci([float(s) for s in scores]),
        "accuracy": ci([float(s == 1) for s in scores]),
        "hallucination": ci([float(s == -1) for s in scores]),
        "missing": ci([float(s == 0) for s in scores]),
        "abstain_rate": ci([float(o.abstained) for o in outcomes]),
        "abstention_precision": ci([float(x) for x in abstained])
        if abstained
        else _point(report.abstention.precision),
        "abstention_recall": ci([float(x) for x in unanswerable])
        if unanswerable
        else _point(report.abstention.recall),
        "strict_crag_score": ci([float(s) for s in strict]),
        "coverage_full": ci([float(o.coverage == "full") for o in outcomes]),
        "coverage_partial": ci([float(o.coverage == "partial") for o in outcomes]),
        "coverage_none": ci([float(o.coverage == "none") for o in outcomes]),
        "honest": ci([float(o.coverage != "full") for o in outcomes if not o.query.answerable])
        if any(not o.query.answerable for o in outcomes)
        else _point(1.0),
    }


def risk_curve(outcomes: Sequence[Outcome], threshold: float) -> dict[str, Any] | None:
    """Risk-coverage over the top-1 similarity, with the operating point at ``threshold``.

    A question is wrong if answered when no card answers it, or if its top card is not gold.
    Numeric questions are left out: their answer does not depend on the similarity.
    """
    items = [o for o in outcomes if o.top1_similarity is not None and not o.query.expected_numbers]
    if not any(o.query.answerable for o in items):
        return None  # nothing to cover: every answer is wrong at any threshold
    conf = [float(o.top1_similarity or 0.0) for o in items]
    answerable = [o.query.answerable for o in items]
    correct = [o.query.answerable and top1_correct(o) for o in items]
    curve = risk_coverage(conf, answerable, correct)
    kept = [not c for s, c in zip(conf, correct, strict=True) if s >= threshold]
    return {
        "n": len(items),
        "aurc": curve.aurc,
        "points": [{"threshold": p.threshold, "coverage": p.coverage, "risk": p.risk} for p in curve.points],
        "at_threshold": {
            "threshold": threshold,
            "coverage": len(kept) / len(items),
            "risk": sum(kept) / len(kept) if kept else 0.0,
        },
    }


def score_set(run: EvalRun, outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Every figure of one query set."""
    depth = run.config.depth
    cards = {c.card_id: c for c in run.cards}
    result: dict[str, Any] = {
        "n": len(outcomes),
        "n_answerable": sum(o.query.answerable for o in outcomes),
        "n_with_gold": sum(o.query.scores_retrieval for o in outcomes),
    }
    if result["n_with_gold"]:
        systems = [
            s for s in run.systems if all(s in o.rankings for o in outcomes if o.query.scores_retrieval)
        ]
        figures, per_query, curves = retrieval(outcomes, systems, depth)
        result["retrieval"] = figures
        result["curves"] = curves
        result["gold_rank_histogram"] = gold_rank_histogram(outcomes, depth)
        if len(systems) > 1:
            result["paired_tests"] = paired_tests(per_query)
    result["answers"] = answers(outcomes)
    numeric = [o for o in outcomes if o.query.expected_numbers]
    if numeric:
        result["numeric"] = {"accuracy": ci([float(is_correct(o)) for o in numeric])}
    result["abstention"] = abstention(outcomes)
    curve = risk_curve(outcomes, run.threshold)
    if curve is not None:
        result["risk_coverage"] = curve
    tags = Counter(failure(o, cards, run.duplicates) for o in outcomes)
    result["failures"] = {tag: tags.get(tag, 0) for tag in TAGS}
    judged = [o.faithfulness for o in outcomes if o.faithfulness is not None]
    if judged:
        result["faithfulness"] = ci(judged)
    return result


def _holm(sets: Mapping[str, Mapping[str, Any]]) -> int:
    """Add ``p_holm`` to every paired test in ``sets`` (one family); returns the family size."""
    tests = [
        t
        for figures in sets.values()
        for by_metric in figures.get("paired_tests", {}).values()
        for t in by_metric.values()
    ]
    for t, p in zip(tests, holm_adjust([t["p_value"] for t in tests]), strict=True):
        t["p_holm"] = p
    return len(tests)


def headline(sets: Mapping[str, Mapping[str, Any]]) -> dict[str, Figure]:
    """The figures a student looks at first (and the CI floors guard)."""
    picks = {
        "paraphrase hit@1": ("paraphrase", "retrieval", ASSISTANT, "hit@1"),
        "paraphrase hit@5": ("paraphrase", "retrieval", ASSISTANT, "hit@5"),
        "paraphrase MRR@10": ("paraphrase", "retrieval", ASSISTANT, "rr@10"),
        "paraphrase nDCG@10": ("paraphrase", "retrieval", ASSISTANT, "ndcg@10"),
        "paraphrase CRAG score": ("paraphrase", "abstention", "crag_score"),
        "verbatim hit@1": ("verbatim", "retrieval", ASSISTANT, "hit@1"),
        "leave-one-out MRR@10": ("leave-one-out", "retrieval", ASSISTANT, "rr@10"),
        "leave-one-out CRAG score": ("leave-one-out", "abstention", "crag_score"),
        "out-of-scope abstained": ("out-of-scope", "abstention", "abstain_rate"),
        "uncovered honest": ("uncovered", "abstention", "honest"),
        "numeric accuracy": ("numeric", "numeric", "accuracy"),
        "gold hit@1": ("gold", "retrieval", ASSISTANT, "hit@1"),
        "gold CRAG score": ("gold", "abstention", "crag_score"),
    }
    found = {}
    for label, path in picks.items():
        node: Any = sets
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        if node is not None:
            found[label] = node
    return found


def score_run(run: EvalRun) -> dict[str, Any]:
    """Every figure of the run (provenance is added by :mod:`evals.provenance`)."""
    grouped = run.by_set()
    sets = {name: score_set(run, outcomes) for name, outcomes in grouped.items()}
    family = _holm(sets)
    mixtures = {}
    if all(name in grouped for name in MIXTURE):
        curve = risk_curve([o for name in MIXTURE for o in grouped[name]], run.threshold)
        mixtures["+".join(MIXTURE)] = {"risk_coverage": curve}
    return {
        "systems": list(run.systems),
        "threshold": run.threshold,
        "headline": headline(sets),
        "sets": sets,
        "mixtures": mixtures,
        "paired_tests_family_size": family,
        "judge": run.judge,
        "judge_failures": [{"set": f.set, "qid": f.qid, "reason": f.reason} for f in run.judge_failures],
        "notes": list(run.notes),
        "timing": dict(run.timing),
        "langchain_tutorial": run.tutorial,
    }
