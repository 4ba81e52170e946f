"""Pure metric functions for retrieval and answers (abstention lives in ``evals.abstention``).

Every function takes plain Python values and returns floats or small frozen
records, so the eval runner, the benchmark and the tests share one definition.

Retrieval uses binary relevance: a card id is relevant iff it is in the gold
set. ``retrieval_metrics`` computes the numbers with ``ir_measures`` (trec_eval
via pytrec_eval, and the MS MARCO script for RR@k); ``hit_at_k``,
``recall_at_k``, ``reciprocal_rank`` and ``ndcg_at_k`` are a small
independent implementation used to cross-check it.

Example:
    >>> hit_at_k(["b", "a", "c"], {"a"}, k=1)
    0.0
    >>> reciprocal_rank(["b", "a", "c"], {"a"})
    0.5
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Collection, Hashable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import ir_measures
from ir_measures import RR, R, Success, nDCG

# --- Retrieval: pure-Python reference, one ranked list at a time ---


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"cut-off k must be a positive integer, got {k!r}")


def _check_ranking(ranked: Sequence[str], gold: Collection[str], k: int) -> None:
    _check_k(k)
    if not gold:
        raise ValueError("gold set is empty; retrieval metrics are undefined")
    if len(set(ranked)) != len(ranked):
        dupes = sorted({d for d in ranked if ranked.count(d) > 1})
        raise ValueError(f"ranked list repeats ids {dupes}")


def hit_at_k(ranked: Sequence[str], gold: Collection[str], k: int) -> float:
    """1.0 if any gold id is in the top ``k`` of ``ranked``, else 0.0 (Success@k)."""
    _check_ranking(ranked, gold, k)
    return float(any(d in gold for d in ranked[:k]))


def recall_at_k(ranked: Sequence[str], gold: Collection[str], k: int) -> float:
    """Fraction of the gold ids found in the top ``k`` of ``ranked`` (R@k)."""
    _check_ranking(ranked, gold, k)
    return sum(d in gold for d in ranked[:k]) / len(set(gold))


def reciprocal_rank(ranked: Sequence[str], gold: Collection[str], k: int = 10) -> float:
    """1 / rank of the first gold id within the top ``k``; 0.0 if none (RR@k)."""
    _check_ranking(ranked, gold, k)
    return next((1.0 / r for r, d in enumerate(ranked[:k], 1) if d in gold), 0.0)


def ndcg_at_k(ranked: Sequence[str], gold: Collection[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k with the trec_eval gain 1 / log2(rank + 1)."""
    _check_ranking(ranked, gold, k)
    dcg = sum(1.0 / math.log2(r + 1) for r, d in enumerate(ranked[:k], 1) if d in gold)
    ideal = sum(1.0 / math.log2(r + 1) for r in range(1, min(len(set(gold)), k) + 1))
    return dcg / ideal


# --- Retrieval: ir_measures over a whole run ---


@dataclass(frozen=True)
class RetrievalReport:
    """Retrieval metrics over a run.

    Attributes:
        aggregate: Metric name -> mean over the scored queries, e.g.
            ``{"hit@1": 0.5, "rr@10": 0.75, ...}`` (``rr@10`` mean is MRR@10).
        per_query: Query id -> metric name -> value, scored queries only.
        excluded: Query ids left out because their gold set is empty, sorted.
    """

    aggregate: dict[str, float]
    per_query: dict[str, dict[str, float]]
    excluded: tuple[str, ...]


def retrieval_metrics(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Collection[str]],
    *,
    ks: Sequence[int] = (1, 3, 5),
    depth: int = 10,
) -> RetrievalReport:
    """Scores ranked card ids against gold ids with ``ir_measures``.

    Metrics: ``hit@k`` (Success@k) and ``recall@k`` (R@k) for each k in ``ks``,
    ``rr@{depth}`` (RR@depth) and ``ndcg@{depth}`` (nDCG@depth, binary gains).

    Only the order of each ranked list matters. trec_eval re-sorts by score and
    breaks ties by doc id, so the run handed to it gets the strictly
    decreasing score ``n - rank``: the order passed is the order scored.

    Queries whose gold set is empty (out-of-scope questions) have no relevant
    card, so every retrieval metric is undefined for them; they are excluded
    from ``aggregate`` and ``per_query`` and listed in ``excluded``. They are
    scored by the abstention metrics instead. A query with an empty ranked
    list scores 0 on everything.

    Args:
        run: Query id -> card ids, best first, no repeats.
        qrels: Query id -> gold card ids. Must have exactly the keys of ``run``.
        ks: Cut-offs for hit@k and recall@k.
        depth: Cut-off for RR and nDCG.

    Returns:
        A ``RetrievalReport``.

    Raises:
        ValueError: If the query ids differ, a cut-off is not a positive
            integer, a ranked list repeats an id, or no query has gold ids.
    """
    if set(run) != set(qrels):
        missing, extra = sorted(set(qrels) - set(run)), sorted(set(run) - set(qrels))
        raise ValueError(f"run and qrels query ids differ: missing from run {missing}, not in qrels {extra}")
    for k in (*ks, depth):
        _check_k(k)
    for qid, ranked in run.items():
        if len(set(ranked)) != len(ranked):
            raise ValueError(f"ranked list for query {qid!r} repeats an id")
    scored = sorted(q for q in qrels if qrels[q])
    if not scored:
        raise ValueError("no query has gold ids; retrieval metrics are undefined")

    names = {Success @ k: f"hit@{k}" for k in ks}
    names |= {R @ k: f"recall@{k}" for k in ks}
    names |= {RR @ depth: f"rr@{depth}", nDCG @ depth: f"ndcg@{depth}"}
    ir_qrels = {q: {d: 1 for d in qrels[q]} for q in scored}
    ir_run = {  # empty lists are left out; ir_measures then scores them 0
        q: {d: float(len(run[q]) - r) for r, d in enumerate(run[q])} for q in scored if run[q]
    }
    per_query: dict[str, dict[str, float]] = {q: {} for q in scored}
    for metric in ir_measures.iter_calc(list(names), ir_qrels, ir_run):
        per_query[metric.query_id][names[metric.measure]] = float(metric.value)
    order = list(names.values())
    per_query = {q: {n: per_query[q][n] for n in order} for q in scored}
    aggregate = {n: sum(v[n] for v in per_query.values()) / len(scored) for n in order}
    excluded = tuple(sorted(q for q in qrels if not qrels[q]))
    return RetrievalReport(aggregate, per_query, excluded)


# --- Answers ---

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalize_tokens(text: str) -> list[str]:
    """SQuAD normalisation: lowercase, drop punctuation and a/an/the, split."""
    return _ARTICLES.sub(" ", text.lower().translate(_PUNCT)).split()


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD token F1 over normalised tokens, counting repeats (multiset overlap).

    Two answers that both normalise to nothing score 1.0; one empty scores 0.0.
    """
    pred, ref = normalize_tokens(prediction), normalize_tokens(reference)
    if not pred or not ref:
        return float(pred == ref)
    overlap = sum((Counter(pred) & Counter(ref)).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(pred), overlap / len(ref)
    return 2 * precision * recall / (precision + recall)


def _lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F-measure (beta = 1) from the longest common subsequence.

    Uses the same normalised tokens as ``token_f1``: P = LCS / len(prediction),
    R = LCS / len(reference), F = 2PR / (P + R). Both empty scores 1.0.
    """
    pred, ref = normalize_tokens(prediction), normalize_tokens(reference)
    if not pred or not ref:
        return float(pred == ref)
    lcs = _lcs_length(pred, ref)
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(pred), lcs / len(ref)
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class PrecisionRecall:
    """Set precision and recall of predicted ids against gold ids."""

    precision: float
    recall: float


def set_precision_recall(predicted: AbstractSet[Hashable], gold: AbstractSet[Hashable]) -> PrecisionRecall:
    """Precision and recall of a predicted set; the empty-set conventions of ``citation_scores``."""
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else float(not gold)
    recall = hits / len(gold) if gold else 1.0
    return PrecisionRecall(precision, recall)


def citation_scores(cited: Collection[str], gold: Collection[str]) -> PrecisionRecall:
    """Citation precision and recall by card id; repeated citations count once.

    Empty cases: nothing to cite gives recall 1.0. Citing nothing gives
    precision 1.0 only when nothing should be cited, else 0.0 (so an answer
    cannot earn perfect precision by not citing).

    Example:
        >>> citation_scores(["c1", "c9"], ["c1", "c2", "c3"])
        PrecisionRecall(precision=0.5, recall=0.3333333333333333)
    """
    return set_precision_recall(set(cited), set(gold))


# Not after a word character or dot ("10-20" is 10 and 20, "CO2" has no number);
# the lookahead demands a digit in the mantissa.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?=\.?\d)(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?")


def extract_numbers(text: str) -> list[float]:
    """Numbers written in ``text``: ``-3``, ``1,234.5``, ``.5``, ``2e-3``.

    A trailing ``%`` is ignored, so "45%" reads as 45.0. Digits glued to a
    word ("CO2", "v2") are not numbers; a hyphen after a digit is a range.
    """
    return [float(m.group().replace(",", "")) for m in _NUMBER.finditer(text)]


def flatten_numbers(value: object) -> list[float]:
    """Every number in a nested structure of dicts, lists and scalars, in order.

    Booleans and strings are skipped, so a tool result such as
    ``{"loss": 0.5, "branch": "warmup", "weights": [[0.2, 0.8]]}`` gives ``[0.5, 0.2, 0.8]``.
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, Mapping):
        return [x for v in value.values() for x in flatten_numbers(v)]
    if isinstance(value, list | tuple):
        return [x for v in value for x in flatten_numbers(v)]
    return []


def numeric_correct(
    expected: Sequence[float],
    found: Sequence[float],
    *,
    rel_tol: float = 1e-3,
    abs_tol: float = 1e-4,
) -> bool:
    """True iff every expected number is close to some found number.

    Closeness is ``math.isclose(e, f, rel_tol=rel_tol, abs_tol=abs_tol)``. A
    found number may match several expected ones; extra found numbers are fine.

    Raises:
        ValueError: If ``expected`` is empty.
    """
    if not expected:
        raise ValueError("expected numbers are empty; nothing to check")
    return all(any(math.isclose(e, f, rel_tol=rel_tol, abs_tol=abs_tol) for f in found) for e in expected)
