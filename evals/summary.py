"""The report's opening: what the figures mean, in sentences a student can read.

Built from ``results.json``'s figures alone, one sentence per query set that ran, so the
summary never says more than the numbers do.

Example:
    >>> plain_summary(results)[0]
    'Asked in your own words (87 questions), the card the assistant puts first answers ...'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evals.records import ASSISTANT
from evals.report_blocks import count, fmt, pct, pct_ci

_BASELINE_NAMES = {
    "dense": "dense similarity alone",
    "bm25": "BM25 keyword search alone",
    "rrf": "the textbook hybrid (reciprocal-rank fusion)",
    "langchain_tutorial": "the LangChain tutorial recipe",
}


def _answers_sentence(fig: Mapping[str, Any]) -> str:
    ab = fig["abstention"]
    return (
        f"Scored as answers (+1 right, 0 declined, −1 wrong), it gets {fmt(ab['crag_score']['mean'], 2)}: "
        f"{pct(ab['accuracy']['mean'])} right, {pct(ab['hallucination']['mean'])} wrong, "
        f"{pct(ab['missing']['mean'])} declined."
    )


def _in_own_words(name: str, fig: Mapping[str, Any]) -> str:
    r = fig["retrieval"][ASSISTANT]
    what = "Asked in your own words" if name == "paraphrase" else "On your gold file's questions"
    return (
        f"{what} ({r['hit@1']['n']} questions), the card the assistant puts first answers the "
        f"question {pct_ci(r['hit@1'])} of the time, and an answering card is among the first "
        f"five {pct(r['hit@5']['mean'])} of the time. {_answers_sentence(fig)}"
    )


def _verbatim(fig: Mapping[str, Any]) -> str:
    hit = fig["retrieval"][ASSISTANT]["hit@1"]
    verdict = (
        "as it should: this is only a sanity check."
        if hit["mean"] == 1.0
        else "— anything under 100 % points to an indexing bug."
    )
    found = f"{count(hit)} times out of {hit['n']}"
    return f"Asked a card's exact question, it finds that card first {found}, {verdict}"


def _leave_one_out(fig: Mapping[str, Any]) -> str:
    hit = fig["retrieval"][ASSISTANT]["hit@1"] if "retrieval" in fig else None
    probes = fig["n"] - fig["n_answerable"]
    recall = fig["abstention"]["abstention_recall"]
    parts = []
    if hit:
        parts.append(
            f"With a card taken out of the deck, another card that answers the same question comes "
            f"first {pct_ci(hit)} of the time ({hit['n']} cards that have such a duplicate)."
        )
    if probes:
        parts.append(
            f"For the {probes} cards with no duplicate, the right reply is “I can't answer that from "
            f"your cards”; the assistant gave it {_times(count(recall))} ({pct(recall['mean'])}), and "
            f"otherwise answered from a card on a related topic."
        )
    return " ".join(parts)


def _out_of_scope(fig: Mapping[str, Any]) -> str:
    rate = fig["abstention"]["abstain_rate"]
    return (
        f"Of {rate['n']} off-topic questions it declined {count(rate)}: {pct_ci(rate)}. "
        f"It answered the other {rate['n'] - count(rate)} from the nearest card anyway."
    )


def _unwanted_examples(sets: Mapping[str, Any]) -> str:
    found = {name: fig["failures"].get("unwanted_example", 0) for name, fig in sets.items()}
    parts = [f"{n} of the {sets[name]['n']} {name} questions" for name, n in found.items() if n]
    if not parts:
        return ""
    return (
        f"Some questions about a card got a worked example (numbers) instead of the card's explanation: "
        f"{', '.join(parts)}. See “unwanted_example” below."
    )


def _times(n: int) -> str:
    return {0: "no times", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _numeric(fig: Mapping[str, Any]) -> str:
    acc = fig["numeric"]["accuracy"]
    return (
        f"Worked examples: {count(acc)} of {acc['n']} gave the numbers PyTorch's own functions give "
        f"({pct(acc['mean'])})."
    )


def _baselines(sets: Mapping[str, Any]) -> str:
    name = "paraphrase" if "paraphrase" in sets else "gold"
    tests = sets.get(name, {}).get("paired_tests", {})
    retrieval = sets.get(name, {}).get("retrieval", {})
    if not tests:
        return ""
    mine = retrieval[ASSISTANT]["rr@10"]["mean"]
    clauses = []
    for system, by_metric in tests.items():
        t = by_metric["rr@10"]
        verdict = "a real difference" if t.get("p_holm", t["p_value"]) < 0.05 else "within chance"
        clauses.append(
            f"{_BASELINE_NAMES.get(system, system)} {fmt(retrieval[system]['rr@10']['mean'], 2)} "
            f"(better for the assistant on {t['wins']} questions, worse on {t['losses']}; {verdict})"
        )
    return (
        f"On the same {name} questions the assistant's mean reciprocal rank is {fmt(mine, 2)}; "
        f"beside it: " + "; ".join(clauses) + "."
    )


def _uncovered(fig: Mapping[str, Any]) -> str:
    ab = fig["abstention"]
    honest, none, partial = ab["honest"], ab["coverage_none"], ab["coverage_partial"]
    return (
        f"Of {honest['n']} on-topic questions that no card covers, it was honest about {count(honest)} "
        f"({pct(honest['mean'])}): it declined {count(none)} and answered {count(partial)} in part, "
        f"naming what the cards lack; it answered the other {honest['n'] - count(honest)} from a "
        "near-miss card."
    )


def plain_summary(results: Mapping[str, Any]) -> list[str]:
    """One plain sentence (or two) per query set, then the baselines, from the figures."""
    sets = results["sets"]
    sentences = []
    for name in ("paraphrase", "gold"):
        if name in sets and "retrieval" in sets[name]:
            sentences.append(_in_own_words(name, sets[name]))
    if "verbatim" in sets:
        sentences.append(_verbatim(sets["verbatim"]))
    if "leave-one-out" in sets:
        sentences.append(_leave_one_out(sets["leave-one-out"]))
    if "out-of-scope" in sets:
        sentences.append(_out_of_scope(sets["out-of-scope"]))
    if "uncovered" in sets:
        sentences.append(_uncovered(sets["uncovered"]))
    if "numeric" in sets and "numeric" in sets["numeric"]:
        sentences.append(_numeric(sets["numeric"]))
    sentences.append(_unwanted_examples(sets))
    sentences.append(_baselines(sets))
    return [s for s in sentences if s]
