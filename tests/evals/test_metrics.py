"""Hand-computed cases for evals.metrics; arithmetic is written beside each value."""

import math
import random

import pytest

from evals.metrics import (
    PrecisionRecall,
    citation_scores,
    extract_numbers,
    flatten_numbers,
    hit_at_k,
    ndcg_at_k,
    normalize_tokens,
    numeric_correct,
    recall_at_k,
    reciprocal_rank,
    retrieval_metrics,
    rouge_l,
    token_f1,
)

# --- Retrieval: pure-Python reference ---


def test_single_ranking_hand_values() -> None:
    ranked, gold = ["b", "a", "c"], {"a"}
    assert hit_at_k(ranked, gold, 1) == 0.0  # top-1 is b
    assert hit_at_k(ranked, gold, 3) == 1.0  # a at rank 2
    assert reciprocal_rank(ranked, gold) == 0.5  # 1/2
    assert recall_at_k(ranked, gold, 1) == 0.0  # 0 of 1 gold in top-1
    assert recall_at_k(ranked, gold, 3) == 1.0  # 1 of 1
    # DCG = 1/log2(2+1); IDCG = 1/log2(1+1) = 1  ->  1/log2(3)
    assert ndcg_at_k(ranked, gold) == 0.6309297535714575


def test_two_gold_ids() -> None:
    ranked, gold = ["y", "z"], {"x", "y"}
    assert recall_at_k(ranked, gold, 5) == 0.5  # y of {x, y}
    assert reciprocal_rank(ranked, gold) == 1.0  # y at rank 1
    # DCG = 1; IDCG = 1 + 1/log2(3) = 1.6309297535714575  ->  1/1.6309...
    assert ndcg_at_k(ranked, gold) == 0.6131471927654584


def test_cutoff_hides_late_hit() -> None:
    ranked = [f"d{i}" for i in range(1, 12)]  # gold d11 sits at rank 11
    assert reciprocal_rank(ranked, {"d11"}, k=10) == 0.0
    assert ndcg_at_k(ranked, {"d11"}, k=10) == 0.0
    assert reciprocal_rank(ranked, {"d11"}, k=11) == 1 / 11


@pytest.mark.parametrize("k", [0, -1, 2.0, True, None])
def test_invalid_k_raises(k: object) -> None:
    with pytest.raises(ValueError, match="cut-off k must be a positive integer"):
        hit_at_k(["a"], {"a"}, k)  # type: ignore[arg-type]


def test_empty_gold_and_duplicates_raise() -> None:
    with pytest.raises(ValueError, match="gold set is empty"):
        ndcg_at_k(["a"], set())
    with pytest.raises(ValueError, match=r"repeats ids \['a'\]"):
        reciprocal_rank(["a", "b", "a"], {"a"})


# --- Retrieval: ir_measures over a run ---

RUN = {"q1": ["b", "a", "c"], "q2": ["y", "z"], "q3": [], "q4": ["p"]}
QRELS = {"q1": {"a"}, "q2": {"x", "y"}, "q3": {"m"}, "q4": set()}


def test_retrieval_metrics_hand_values() -> None:
    report = retrieval_metrics(RUN, QRELS)
    assert report.excluded == ("q4",)  # empty gold: not scored
    assert report.per_query == {
        "q1": {
            "hit@1": 0.0, "hit@3": 1.0, "hit@5": 1.0,
            "recall@1": 0.0, "recall@3": 1.0, "recall@5": 1.0,
            "rr@10": 0.5, "ndcg@10": 0.6309297535714575,
        },
        "q2": {
            "hit@1": 1.0, "hit@3": 1.0, "hit@5": 1.0,
            "recall@1": 0.5, "recall@3": 0.5, "recall@5": 0.5,
            "rr@10": 1.0, "ndcg@10": 0.6131471927654584,
        },
        "q3": {  # nothing retrieved
            "hit@1": 0.0, "hit@3": 0.0, "hit@5": 0.0,
            "recall@1": 0.0, "recall@3": 0.0, "recall@5": 0.0,
            "rr@10": 0.0, "ndcg@10": 0.0,
        },
    }  # fmt: skip
    assert report.aggregate == {  # means over q1, q2, q3
        "hit@1": (0.0 + 1.0 + 0.0) / 3,
        "hit@3": (1.0 + 1.0 + 0.0) / 3,
        "hit@5": (1.0 + 1.0 + 0.0) / 3,
        "recall@1": (0.0 + 0.5 + 0.0) / 3,
        "recall@3": (1.0 + 0.5 + 0.0) / 3,
        "recall@5": (1.0 + 0.5 + 0.0) / 3,
        "rr@10": (0.5 + 1.0 + 0.0) / 3,
        "ndcg@10": (0.6309297535714575 + 0.6131471927654584 + 0.0) / 3,
    }


def test_order_passed_is_order_scored() -> None:
    # With tied scores trec_eval would put "z" (larger id) first and give RR 1.0.
    report = retrieval_metrics({"q": ["a", "z"]}, {"q": {"z"}})
    assert report.per_query["q"]["rr@10"] == 0.5
    assert report.per_query["q"]["hit@1"] == 0.0


def test_ir_measures_matches_pure_python() -> None:
    rng = random.Random(0)
    pool = [f"c{i:02d}" for i in range(40)]
    run = {f"q{i}": rng.sample(pool, rng.randint(0, 15)) for i in range(30)}
    qrels = {q: set(rng.sample(pool, rng.randint(1, 3))) for q in run}
    report = retrieval_metrics(run, qrels, ks=(1, 3, 5), depth=10)
    reference = {
        q: {
            **{f"hit@{k}": hit_at_k(run[q], qrels[q], k) for k in (1, 3, 5)},
            **{f"recall@{k}": recall_at_k(run[q], qrels[q], k) for k in (1, 3, 5)},
            "rr@10": reciprocal_rank(run[q], qrels[q], 10),
            "ndcg@10": ndcg_at_k(run[q], qrels[q], 10),
        }
        for q in run
    }
    assert report.per_query.keys() == reference.keys()
    for q, values in reference.items():
        assert report.per_query[q] == pytest.approx(values, abs=1e-12), q
    means = {m: sum(v[m] for v in reference.values()) / 30 for m in report.aggregate}
    assert report.aggregate == pytest.approx(means, abs=1e-12)
    assert 0.0 < report.aggregate["ndcg@10"] < 1.0  # the fixture is not trivial


def test_retrieval_metrics_errors() -> None:
    with pytest.raises(ValueError, match=r"missing from run \['q2'\], not in qrels"):
        retrieval_metrics({"q1": ["a"]}, {"q1": {"a"}, "q2": {"b"}})
    with pytest.raises(ValueError, match=r"not in qrels \['q9'\]"):
        retrieval_metrics({"q1": ["a"], "q9": []}, {"q1": {"a"}})
    with pytest.raises(ValueError, match="cut-off k must be a positive integer, got 0"):
        retrieval_metrics({"q1": ["a"]}, {"q1": {"a"}}, ks=(0, 3))
    with pytest.raises(ValueError, match="got -10"):
        retrieval_metrics({"q1": ["a"]}, {"q1": {"a"}}, depth=-10)
    with pytest.raises(ValueError, match="query 'q1' repeats an id"):
        retrieval_metrics({"q1": ["a", "a"]}, {"q1": {"a"}})
    with pytest.raises(ValueError, match="no query has gold ids"):
        retrieval_metrics({"q1": ["a"]}, {"q1": set()})


# --- Answers ---


def test_normalize_tokens() -> None:
    assert normalize_tokens("The Cat's  mat, an apple!") == ["cats", "mat", "apple"]


def test_token_f1() -> None:
    # pred [cat, sat, on, mat], ref [cat, sat, on, hat]: overlap 3, P = R = 3/4
    assert token_f1("The cat sat on the mat.", "A cat sat on a hat") == 0.75
    # pred [cat, cat, cat], ref [cat, cat, dog]: multiset overlap min(3, 2) = 2
    p = r = 2 / 3
    assert token_f1("the cat cat cat", "cat cat dog") == 2 * p * r / (p + r)
    assert token_f1("The", "a") == 1.0  # both normalise to nothing
    assert token_f1("", "cat") == 0.0
    assert token_f1("dog", "cat") == 0.0


def test_rouge_l() -> None:
    ref = "police killed the gunman"  # [police, killed, gunman]
    # [police, kill, gunman]: LCS = [police, gunman] = 2, P = R = 2/3
    p = r = 2 / 3
    assert rouge_l("police kill the gunman", ref) == 2 * p * r / (p + r)
    # [gunman, kill, police]: order matters, LCS = 1, P = R = 1/3 (token F1 is 2/3)
    p = r = 1 / 3
    assert rouge_l("the gunman kill police", ref) == 2 * p * r / (p + r)
    # [w, x, y, z] vs [x, z]: LCS = 2, P = 2/4, R = 2/2, F = 2*0.5*1/1.5
    assert rouge_l("w x y z", "x z") == 2 * 0.5 * 1.0 / 1.5
    assert rouge_l("An", "the") == 1.0
    assert rouge_l("cat", "") == 0.0
    assert rouge_l("dog", "cat") == 0.0


@pytest.mark.parametrize(
    ("cited", "gold", "expected"),
    [
        (["c1", "c9", "c1"], ["c1", "c2", "c3"], (1 / 2, 1 / 3)),  # {c1, c9} vs 3 gold
        (["c1", "c2"], ["c2", "c1"], (1.0, 1.0)),
        ([], [], (1.0, 1.0)),  # nothing to cite, nothing cited
        ([], ["c1"], (0.0, 0.0)),  # should have cited
        (["c1"], [], (0.0, 1.0)),  # cited where nothing applies
    ],
)
def test_citation_scores(cited: list[str], gold: list[str], expected: tuple[float, float]) -> None:
    assert citation_scores(cited, gold) == PrecisionRecall(*expected)


def test_extract_numbers() -> None:
    text = "Pages 10-20: x = -3, 1,234.5 units, .5 or 2e-3; 45% of CO2."
    assert extract_numbers(text) == [10.0, 20.0, -3.0, 1234.5, 0.5, 0.002, 45.0]
    assert extract_numbers("no numbers here") == []


def test_numeric_correct() -> None:
    found = extract_numbers("pi is about 3.1416 and the answer is 42.00")
    # |3.14 - 3.1416| = 0.0016 <= 1e-3 * 3.1416 = 0.00314
    assert numeric_correct([3.14, 42], found)
    # |3.14 - 3.15| = 0.01 > 0.00315
    assert not numeric_correct([3.14], [3.15])
    assert not numeric_correct([42, 7], found)  # 7 is missing
    assert not numeric_correct([1.0], [])
    assert numeric_correct([0.0], [0.00005])  # abs_tol 1e-4 covers zero
    assert not numeric_correct([0.0], [0.001])
    assert numeric_correct([100], [101], rel_tol=0.01)
    with pytest.raises(ValueError, match="expected numbers are empty"):
        numeric_correct([], [1.0])


def test_flatten_numbers() -> None:
    result = {"loss": 0.5, "branch": "warmup", "ok": True, "weights": [[0.2, 0.8], [1, None]], "n": 3}
    assert flatten_numbers(result) == [0.5, 0.2, 0.8, 1.0, 3.0]  # bool, str and None skipped
    assert flatten_numbers(2.5) == [2.5]
    assert flatten_numbers(("a", 1)) == [1.0]
    assert flatten_numbers({}) == []


# --- An independent 20-line reference, written here from the definitions, for the cross-check ---


def reference_scores(ranked: list[str], gold: set[str], ks=(1, 3, 5), depth: int = 10) -> dict[str, float]:
    """hit@k, recall@k, RR@depth and binary nDCG@depth of one ranking, from first principles."""
    scores: dict[str, float] = {}
    for k in ks:
        found = [d for d in ranked[:k] if d in gold]
        scores[f"hit@{k}"] = 1.0 if found else 0.0
        scores[f"recall@{k}"] = len(found) / len(gold)
    rr = 0.0
    for rank, doc in enumerate(ranked[:depth], start=1):
        if doc in gold:
            rr = 1.0 / rank
            break
    scores[f"rr@{depth}"] = rr
    dcg = 0.0
    for rank, doc in enumerate(ranked[:depth], start=1):
        if doc in gold:
            dcg += 1.0 / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), depth) + 1))
    scores[f"ndcg@{depth}"] = dcg / ideal
    return scores


def test_reference_hand_values() -> None:
    scores = reference_scores(["b", "a", "c"], {"a", "c"})
    assert scores["hit@1"] == 0.0 and scores["hit@3"] == 1.0
    assert scores["recall@3"] == 1.0 and scores["rr@10"] == 0.5
    # DCG = 1/log2(3) + 1/log2(4) = 0.6309297535714575 + 0.5; IDCG = 1 + 0.6309297535714575
    assert scores["ndcg@10"] == (0.6309297535714575 + 0.5) / 1.6309297535714575


def test_ir_measures_and_pure_functions_match_the_reference() -> None:
    rng = random.Random(1)
    pool = [f"c{i:02d}" for i in range(30)]
    run = {f"q{i}": rng.sample(pool, rng.randint(0, 14)) for i in range(40)}
    qrels = {q: set(rng.sample(pool, rng.randint(1, 4))) for q in run}
    report = retrieval_metrics(run, qrels)
    for q in run:
        expected = reference_scores(run[q], qrels[q])
        assert report.per_query[q] == pytest.approx(expected, abs=1e-12), q
        assert hit_at_k(run[q], qrels[q], 3) == expected["hit@3"]
        assert recall_at_k(run[q], qrels[q], 5) == pytest.approx(expected["recall@5"], abs=1e-15)
        assert reciprocal_rank(run[q], qrels[q]) == expected["rr@10"]
        assert ndcg_at_k(run[q], qrels[q]) == pytest.approx(expected["ndcg@10"], abs=1e-12)
