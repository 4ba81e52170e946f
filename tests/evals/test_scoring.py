"""evals.scoring on the hand-built run of conftest.py; every value is worked out beside it."""

from __future__ import annotations

import math

import pytest

from evals.records import Outcome, Query
from evals.scoring import ci, gold_rank_histogram, risk_curve, score_run, without_markers
from tests.evals.conftest import make_run, outcomes, ranked

# nDCG@10 of p2: gold c3, c2 at ranks 2, 3 -> DCG = 1/log2(3) + 1/log2(4); IDCG = 1 + 1/log2(3)
NDCG_P2 = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))


def mean_of(figure: dict) -> tuple[float, int]:
    return figure["mean"], figure["n"]


def test_ci_shapes() -> None:
    assert ci([]) == {"mean": None, "low": None, "high": None, "n": 0}
    assert ci([0.5, 0.5]) == {"mean": 0.5, "low": 0.5, "high": 0.5, "n": 2}
    figure = ci([1.0, 0.0])
    assert figure["mean"] == 0.5 and figure["n"] == 2 and figure["low"] <= 0.5 <= figure["high"]


def test_retrieval_per_system(run) -> None:
    sets = score_run(run)["sets"]
    assistant = sets["paraphrase"]["retrieval"]["assistant"]
    assert mean_of(assistant["hit@1"]) == (0.5, 2)  # p1 hit, p2 miss (c4 first)
    assert mean_of(assistant["hit@3"]) == (1.0, 2)  # c3 at rank 2
    assert mean_of(assistant["rr@10"]) == (0.75, 2)  # (1 + 1/2) / 2
    assert assistant["ndcg@10"]["mean"] == pytest.approx((1.0 + NDCG_P2) / 2, abs=1e-12)
    dense = sets["paraphrase"]["retrieval"]["dense"]
    assert mean_of(dense["rr@10"]) == (0.75, 2)  # p1: c1 at 2 -> 1/2; p2: c3 first -> 1
    assert mean_of(dense["hit@1"]) == (0.5, 2)
    assert sets["paraphrase"]["curves"]["assistant"]["recall@k"][:3] == [0.5, 0.75, 1.0]  # p2: 0, 1/2, 2/2
    assert "retrieval" not in sets["out-of-scope"]  # no gold: abstention only


def test_paired_tests_and_holm(run) -> None:
    results = score_run(run)
    tests = results["sets"]["paraphrase"]["paired_tests"]["dense"]
    # rr@10: assistant (1, 1/2), dense (1/2, 1): one win, one loss, mean difference 0
    assert tests["rr@10"] == {
        "mean_diff": 0.0, "wins": 1, "ties": 0, "losses": 1, "n": 2, "p_value": 1.0, "p_holm": 1.0,
    }  # fmt: skip
    assert (tests["hit@1"]["wins"], tests["hit@1"]["losses"], tests["hit@1"]["p_value"]) == (1, 1, 1.0)
    assert results["paired_tests_family_size"] == 2


def test_answers_and_citations(run) -> None:
    answers = score_run(run)["sets"]["paraphrase"]["answers"]
    # markers are dropped first: p1 "A weighted sum of values." is the reference -> 1
    # p2 pred [cat, sat] vs ref [cat, sat, on, hat]: overlap 2, P = 1, R = 1/2, F1 = 2/3
    assert answers["token_f1"]["mean"] == pytest.approx((1 + 2 / 3) / 2, abs=1e-12)
    # ROUGE-L: p1 LCS 4 of 4 -> 1; p2 LCS [cat, sat] = 2 -> P = 1, R = 1/2 -> 2/3
    assert answers["rouge_l"]["mean"] == pytest.approx((1 + 2 / 3) / 2, abs=1e-12)
    # citations: p1 {c1} vs {c1} -> (1, 1); p2 {c4} vs {c2, c3} -> (0, 0)
    assert mean_of(answers["citation_precision"]) == (0.5, 2)
    assert mean_of(answers["citation_recall"]) == (0.5, 2)


def test_without_markers() -> None:
    assert (
        without_markers("Scaling keeps softmax soft [1]. See [2][3].") == "Scaling keeps softmax soft . See ."
    )
    assert without_markers("a list [1, 2] stays") == "a list [1, 2] stays"


def test_abstention_per_set(run) -> None:
    sets = score_run(run)["sets"]
    para = sets["paraphrase"]["abstention"]
    assert mean_of(para["crag_score"]) == (0.0, 2)  # p1 +1 (cites gold c1), p2 -1 (cites c4)
    assert (para["accuracy"]["mean"], para["hallucination"]["mean"], para["missing"]["mean"]) == (
        0.5,
        0.5,
        0.0,
    )
    assert para["abstention_precision"] == {
        "mean": 1.0,
        "low": None,
        "high": None,
        "n": 0,
    }  # nothing abstained
    oos = sets["out-of-scope"]["abstention"]
    assert mean_of(oos["crag_score"]) == (0.0, 2)  # o1 +1, o2 -1
    assert mean_of(oos["abstain_rate"]) == (0.5, 2)
    assert mean_of(oos["abstention_precision"]) == (1.0, 1)  # the one decline was right
    assert mean_of(oos["abstention_recall"]) == (0.5, 2)  # one of two off-topic questions declined


def test_risk_coverage_per_set_and_mixture(run) -> None:
    results = score_run(run)
    rc = results["sets"]["paraphrase"]["risk_coverage"]
    # p1 (0.8, top-1 gold), p2 (0.5, top-1 c4 wrong): (cov 1/2, risk 0), (cov 1, risk 1/2)
    assert [(p["coverage"], p["risk"]) for p in rc["points"]] == [(0.5, 0.0), (1.0, 0.5)]
    assert rc["aurc"] == 0.25  # 0 * 1/2 + 1/2 * 1/2
    assert rc["at_threshold"] == {"threshold": 0.37, "coverage": 1.0, "risk": 0.5}
    assert "risk_coverage" not in results["sets"]["out-of-scope"]  # nothing answerable to cover
    mixed = results["mixtures"]["paraphrase+out-of-scope"]["risk_coverage"]
    # by confidence: 0.8 ok, 0.5 wrong, 0.45 wrong (o2), 0.2 wrong (o1)
    assert [p["risk"] for p in mixed["points"]] == [0.0, 0.5, 2 / 3, 0.75]
    assert mixed["aurc"] == pytest.approx(0.25 * (0 + 0.5 + 2 / 3 + 0.75), abs=1e-12)
    assert mixed["at_threshold"]["coverage"] == 0.75  # p1, p2, o2 are >= 0.37
    assert mixed["at_threshold"]["risk"] == pytest.approx(2 / 3, abs=1e-12)


def test_risk_curve_leaves_out_numeric_questions() -> None:
    q = Query("numeric", "n1", "softmax of [1, 2]", expected_numbers=(0.27, 0.73))
    assert risk_curve([Outcome(q, {"assistant": ranked(["c1"])}, 0.9, "x", False)], 0.37) is None


def test_failures_histogram_and_headline(run) -> None:
    results = score_run(run)
    para, oos = results["sets"]["paraphrase"], results["sets"]["out-of-scope"]
    assert para["failures"]["wrong_top1"] == 1 and sum(para["failures"].values()) == 1  # p2
    assert oos["failures"]["missed_abstention"] == 1 and sum(oos["failures"].values()) == 1  # o2
    assert para["gold_rank_histogram"] == {**{str(r): 0 for r in range(1, 11)}, "1": 1, "2": 1, "none": 0}
    assert results["headline"]["paraphrase hit@1"]["mean"] == 0.5
    assert results["headline"]["out-of-scope abstained"]["mean"] == 0.5
    assert "verbatim hit@1" not in results["headline"]  # that set did not run


def test_gold_rank_histogram_counts_misses() -> None:
    outs = outcomes()
    missing = Outcome(Query("paraphrase", "p3", "q", ("c9",)), {"assistant": ranked(["c1"])}, 0.9, "x", False)
    assert gold_rank_histogram([*outs, missing], depth=3) == {"1": 1, "2": 1, "3": 0, "none": 1}


def test_numeric_accuracy_and_correctness() -> None:
    good = Query("numeric", "n1", "softmax of [0, 0]", expected_numbers=(0.5, 0.5))
    bad = Query("numeric", "n2", "softmax of [1, 0]", expected_numbers=(0.7310585786300049,))
    outs = [
        Outcome(good, {"assistant": ()}, None, "…", False, numbers=(0.5, 0.5), numbers_from_tool=True),
        Outcome(
            bad, {"assistant": ()}, None, "p = 0.7311", False, numbers=(0.7311,), numbers_from_tool=False
        ),
    ]  # the text's 0.7311 is within rounding of 0.73105857...
    result = score_run(make_run(outs))["sets"]["numeric"]
    assert mean_of(result["numeric"]["accuracy"]) == (1.0, 2)
    wrong = [Outcome(bad, {"assistant": ()}, None, "…", False, numbers=(0.7311,), numbers_from_tool=True)]
    assert (
        score_run(make_run(wrong))["sets"]["numeric"]["numeric"]["accuracy"]["mean"] == 0.0
    )  # 1e-6 tolerance


def test_faithfulness_is_reported_only_when_judged(run) -> None:
    assert "faithfulness" not in score_run(run)["sets"]["paraphrase"]
    judged = [
        Outcome(o.query, o.rankings, o.top1_similarity, o.answer, o.abstained, o.cited, faithfulness=f)
        for o, f in zip(outcomes(), [1.0, 0.5, None, None], strict=True)
    ]
    figure = score_run(make_run(judged))["sets"]["paraphrase"]["faithfulness"]
    assert (figure["mean"], figure["n"]) == (0.75, 2)


def test_partial_on_a_question_no_card_answers_counts_as_declined():
    from evals.records import Outcome, Query
    from evals.scoring import abstention

    u1 = Query("uncovered", "u1", "How does RoPE work?", answerable=False)
    u2 = Query("uncovered", "u2", "What is LoRA?", answerable=False)
    a1 = Query("paraphrase", "a1", "Why scale?", gold=("c2",))
    outcomes = [
        Outcome(u1, {}, 0.5, "Sines ... but nothing on “RoPE”.", False, ("c1",), coverage="partial"),
        Outcome(u2, {}, 0.5, "Low-rank ...", False, ("c1",)),
        Outcome(a1, {}, 0.5, "To keep softmax soft [1].", False, ("c2",), coverage="partial"),
    ]
    assert [o.declined for o in outcomes] == [True, False, False]
    figures = abstention(outcomes)
    assert figures["crag_score"]["mean"] == pytest.approx(1 / 3)  # +1, -1, +1
    assert figures["strict_crag_score"]["mean"] == pytest.approx(-1 / 3)  # -1, -1, +1
    assert figures["honest"]["mean"] == 0.5 and figures["honest"]["n"] == 2
    assert figures["abstain_rate"]["mean"] == 0.0
    assert figures["coverage_partial"]["mean"] == pytest.approx(2 / 3)
