"""What the report says, as blocks: summary, figures per set, failures with examples, the
optional faithfulness judge, plots, the comparison with an earlier run, how to read it, and
provenance.

Example:
    >>> blocks = build_report(results, run)
    >>> blocks[0]
    Heading(text='How well the assistant knows your cards', level=1)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from evals import plots
from evals.compare import Comparison
from evals.records import ASSISTANT, Outcome
from evals.report_blocks import Block, Bullets, Heading, Image, Paragraph, Table, fmt, fmt_figure, shorten
from evals.runner import EvalRun
from evals.summary import plain_summary
from evals.taxonomy import TAGS, failure, gold_rank

SET_DESCRIPTIONS = {
    "verbatim": "Each card's own question; gold is that card. A sanity check only: hit@1 should be 1.",
    "paraphrase": "Questions in students' words; gold is the card and every duplicate that also answers "
    "it. The headline set.",
    "leave-one-out": "Each card's question with the card removed from every ranking; gold is its labelled "
    "duplicates. Cards with none are abstention probes: the right reply is to abstain.",
    "out-of-scope": "Off-topic questions. Scored on abstention only.",
    "uncovered": "On-topic questions no bundled card covers (a development set). Honest replies decline "
    "(coverage none) or answer in part and name what the cards lack (coverage partial).",
    "numeric": "Worked-example questions; expected numbers from PyTorch's built-ins.",
    "gold": "Your own gold file.",
}
RETRIEVAL_COLUMNS = (
    ("hit@1", "hit@1"),
    ("hit@3", "hit@3"),
    ("hit@5", "hit@5"),
    ("MRR@10", "rr@10"),
    ("nDCG@10", "ndcg@10"),
)
HOW_TO_READ = (
    "Every figure is a mean over questions with its 95 % bootstrap interval in brackets and its n; "
    "sets are scored separately and never pooled.",
    "hit@k: share of questions with an answering card among the first k. MRR@10: mean of 1 / rank of "
    "the first answering card (0 beyond rank 10). nDCG@10: rewards ranking all answering cards high.",
    "Paired tests compare the assistant with each baseline on the same questions: wins / ties / losses "
    "per question, and a sign-flip randomization test; p (Holm) is corrected for the number of tests.",
    "CRAG score: +1 for a right answer, 0 for declining, −1 for a wrong answer (answering an off-topic "
    "question, or a worked example to a question about a card, counts as wrong). Abstention precision: "
    "share of declines that were right to decline; "
    "recall: share of unanswerable questions declined.",
    "Risk–coverage: as the threshold falls, more questions are answered (coverage) and more of the "
    "answers are wrong (risk). The dot marks the current threshold.",
    "Token F1 and ROUGE-L compare the answer's words with the reference answer (a decline scores 0). "
    "Citation precision / recall: cited card ids against the gold ids.",
)


def _retrieval_table(fig: Mapping[str, Any]) -> Table:
    rows = tuple(
        (system, *(fmt_figure(metrics[key]) for _, key in RETRIEVAL_COLUMNS))
        for system, metrics in fig["retrieval"].items()
    )
    n = next(iter(fig["retrieval"].values()))["hit@1"]["n"]
    return Table(("system", *(label for label, _ in RETRIEVAL_COLUMNS)), rows, f"retrieval, n = {n}")


def _paired_table(fig: Mapping[str, Any]) -> Table:
    rows = []
    for system, by_metric in fig["paired_tests"].items():
        for metric, t in by_metric.items():
            rows.append(
                (
                    system,
                    metric,
                    f"{t['mean_diff']:+.3f}",
                    f"{t['wins']} / {t['ties']} / {t['losses']}",
                    f"{t['p_value']:.4f}",
                    f"{t.get('p_holm', t['p_value']):.4f}",
                )
            )
    header = ("baseline", "metric", "assistant − baseline", "wins / ties / losses", "p", "p (Holm)")
    return Table(header, tuple(rows), "assistant against each baseline, per question")


def _figures_table(fig: Mapping[str, Any]) -> Table:
    rows = []
    groups = [
        ("answers", fig.get("answers", {})),
        ("abstention", fig.get("abstention", {})),
        ("numeric", fig.get("numeric", {})),
    ]
    if "faithfulness" in fig:
        groups.append(("judge", {"faithfulness": fig["faithfulness"]}))
    for group, figures in groups:
        for name, figure in figures.items():
            if figure["n"]:  # a figure over no question is a convention, not a measurement
                rows.append((f"{group}: {name}", fmt_figure(figure), str(figure["n"])))
    if "risk_coverage" in fig:
        rc = fig["risk_coverage"]
        rows.append(("risk–coverage: AURC", fmt(rc["aurc"]), str(rc["n"])))
        at = rc["at_threshold"]
        rows.append(
            (
                f"at threshold {at['threshold']:.2f}: coverage / risk",
                f"{fmt(at['coverage'])} / {fmt(at['risk'])}",
                str(rc["n"]),
            )
        )
    return Table(("figure", "value [95 % CI]", "n"), tuple(rows))


SYSTEM_DESCRIPTIONS = {
    ASSISTANT: "the assistant's own retriever, as ask() uses it: best-chunk cosine similarity + 0.2 × "
    "normalised BM25 (this is the hybrid; the assistant retrieves with nothing else)",
    "dense": "MiniLM cosine similarity alone, best chunk per card",
    "bm25": "BM25 alone over the same chunks (stemmed, English stop words)",
    "rrf": "the textbook hybrid: reciprocal-rank fusion (k = 60) of the dense and BM25 rankings",
    "langchain_tutorial": "the LangChain tutorial recipe: raw deck files, RecursiveCharacterTextSplitter "
    "(500 characters, overlap 50), MiniLM, Chroma, top 30 chunks mapped back to cards",
}


def systems_section(results: Mapping[str, Any]) -> list[Block]:
    """What each system is, and what the LangChain recipe built."""
    rows = tuple((s, SYSTEM_DESCRIPTIONS.get(s, "")) for s in results["systems"])
    blocks: list[Block] = [Heading("Systems compared"), Table(("system", "what it is"), rows)]
    tutorial = results.get("langchain_tutorial")
    if tutorial:
        files, chunks, skipped = (
            len(tutorial["files"]),
            tutorial["chunks"],
            tutorial["chunks_mapped_to_no_card"],
        )
        blocks.append(
            Paragraph(
                f"The LangChain recipe split {files} files into {chunks} chunks; {skipped} share no word "
                f"3-gram with any card and are skipped. A chunk is mapped to the card sharing the most "
                f"3-grams with it, so a chunk that spans two cards counts for one: "
                f"{tutorial['cards_reachable']} cards can be reached at all."
            )
        )
    return blocks


def set_sections(results: Mapping[str, Any]) -> list[Block]:
    """One section per query set: what it measures, its tables."""
    blocks: list[Block] = [Heading("Query sets")]
    for name, fig in results["sets"].items():
        blocks += [Heading(f"{name} ({fig['n']} questions)", 3), Paragraph(SET_DESCRIPTIONS.get(name, ""))]
        if "retrieval" in fig:
            blocks.append(_retrieval_table(fig))
        if "paired_tests" in fig:
            blocks.append(_paired_table(fig))
        blocks.append(_figures_table(fig))
    return blocks


def judge_section(results: Mapping[str, Any], run: EvalRun, shown: int = 5) -> list[Block]:
    """The faithfulness judge, when one ran: its model, faithfulness per set with n, its failures."""
    if not run.judge.startswith("judged by"):
        return []
    failed = Counter(f.set for f in run.judge_failures)
    rows = tuple(
        (
            name,
            fmt_figure(fig.get("faithfulness")),
            str(fig["faithfulness"]["n"] if "faithfulness" in fig else 0),
            str(failed.get(name, 0)),
        )
        for name, fig in results["sets"].items()
        if "faithfulness" in fig or failed.get(name)
    )
    note = str(results["judge"])
    blocks: list[Block] = [
        Heading("Faithfulness judge"),
        Paragraph(
            f"{note[:1].upper()}{note[1:]}. For every answered question that cites cards, the model "
            "lists the answer's claims and marks each one supported or not by the cited cards; "
            "faithfulness is the share supported. It is a model's opinion, recorded beside the figures "
            "and never a CI gate."
        ),
    ]
    if rows:
        blocks.append(
            Table(("set", "faithfulness [95 % CI]", "n judged", "judge failures"), rows, "per query set")
        )
    if run.judge_failures:
        extra = len(run.judge_failures) - shown
        items = [f"{f.set} {f.qid}: {f.reason}" for f in run.judge_failures[:shown]]
        blocks.append(Bullets(tuple(items + ([f"… and {extra} more"] if extra > 0 else []))))
    return blocks


def _example(outcome: Outcome, cards: Mapping[str, Any]) -> str:
    q = outcome.query
    top = outcome.rankings.get(ASSISTANT, ())
    parts = [f"“{shorten(q.question, 110)}” ({q.set} {q.qid})"]
    if q.gold:
        parts.append(
            "gold: " + "; ".join(f"“{shorten(cards[g].question, 70)}”" for g in q.gold[:2] if g in cards)
        )
    if top:
        sim = f", similarity {top[0].similarity:.2f}" if top[0].similarity is not None else ""
        first = cards[top[0].card_id].question if top[0].card_id in cards else top[0].card_id
        parts.append(f"first card: “{shorten(first, 70)}”{sim}")
    if q.gold:
        rank = gold_rank(outcome)
        parts.append(f"gold rank {rank if rank else '> 10'}")
    if q.expected_numbers:
        expected, got = (
            [round(x, 4) for x in q.expected_numbers[:4]],
            [round(x, 4) for x in outcome.numbers[:4]],
        )
        parts.append(f"expected {expected}, got {got}")
    parts.append(f"answer: “{shorten(outcome.answer, 120)}”")
    return "; ".join(parts)


def failure_sections(results: Mapping[str, Any], run: EvalRun, per_tag: int = 3) -> list[Block]:
    """Counts per tag and set, then a few worked examples of each tag."""
    sets = list(results["sets"])
    rows = tuple(
        (tag, meaning, *(str(results["sets"][s]["failures"][tag]) for s in sets))
        for tag, meaning in TAGS.items()
    )
    blocks: list[Block] = [
        Heading("What went wrong"),
        Paragraph(
            "Each question gets the first tag that applies, in this order; a question with no tag went right."
        ),
        Table(("tag", "meaning", *sets), rows, "questions per failure tag and set"),
    ]
    cards = {c.card_id: c for c in run.cards}
    order = ["paraphrase", "gold", "leave-one-out", "out-of-scope", "uncovered", "numeric", "verbatim"]
    ranked = sorted(run.outcomes, key=lambda o: order.index(o.query.set) if o.query.set in order else 99)
    for tag in TAGS:
        examples = [o for o in ranked if failure(o, cards, run.duplicates) == tag][:per_tag]
        if examples:
            blocks += [
                Heading(f"{tag}: {TAGS[tag]}", 4),
                Bullets(tuple(_example(o, cards) for o in examples)),
            ]
    return blocks


def _score_groups(outcomes: Sequence[Outcome]) -> dict[str, list[float]]:
    groups: dict[str, list[float]] = {}
    for o in outcomes:
        if o.top1_similarity is None or o.query.set in ("verbatim", "numeric"):
            continue
        label = f"{o.query.set} ({'answerable' if o.query.answerable else 'no card answers'})"
        groups.setdefault(label, []).append(o.top1_similarity)
    return groups


def plot_blocks(results: Mapping[str, Any], run: EvalRun) -> list[Block]:
    """The four plots, drawn from the figures and the run."""
    sets = results["sets"]
    curves = {
        name: {s: c["recall@k"] for s, c in fig["curves"].items()}
        for name, fig in sets.items()
        if "curves" in fig
    }
    hists = {name: fig["gold_rank_histogram"] for name, fig in sets.items() if "gold_rank_histogram" in fig}
    risk = {
        name: fig["risk_coverage"]
        for name, fig in sets.items()
        if "risk_coverage" in fig and name != "out-of-scope"
    }
    risk |= {
        name: m["risk_coverage"] for name, m in results.get("mixtures", {}).items() if m.get("risk_coverage")
    }
    threshold = results["threshold"]
    return [
        Heading("Plots"),
        Image("recall_at_k.png", "recall@k curves per set and system", plots.recall_curves(curves)),
        Image("gold_rank.png", "histogram of the assistant's gold rank", plots.gold_rank_histogram(hists)),
        Image(
            "top1_scores.png",
            "top-1 similarity, answerable versus not, threshold marked",
            plots.score_distributions(_score_groups(run.outcomes), threshold),
        ),
        Image("risk_coverage.png", "risk-coverage curves", plots.risk_coverage_plot(risk, threshold)),
    ]


def comparison_section(comparison: Comparison) -> list[Block]:
    """The difference from an earlier run: warnings first, then every changed figure."""
    blocks: list[Block] = [
        Heading("Compared with the earlier run"),
        Paragraph(
            f"Earlier run: {comparison.old_date or 'undated'}. "
            f"{len(comparison.changed)} of {len(comparison.rows)} figures changed."
        ),
    ]
    if comparison.warnings:
        blocks.append(Bullets(tuple(f"Note: {w}" for w in comparison.warnings)))
    rows = tuple(
        (
            r.path,
            fmt(r.old),
            fmt(r.new),
            "–" if r.delta is None else f"{r.delta:+.3f}",
            "yes" if r.outside_ci else "",
        )
        for r in comparison.changed
    )
    if rows:
        blocks.append(Table(("figure", "before", "now", "change", "before is outside today's CI"), rows))
    return blocks


def provenance_section(results: Mapping[str, Any]) -> list[Block]:
    """Where the figures came from."""
    p = results.get("provenance", {})
    rows = [
        ("date", str(p.get("date"))),
        ("embedding model", json.dumps(p.get("model"))),
        ("corpus", f"{p.get('corpus', {}).get('cards')} cards, hash {p.get('corpus', {}).get('hash')}"),
        *(
            (f"query set {n}", f"{q['n']} questions, hash {q['hash']}")
            for n, q in p.get("query_sets", {}).items()
        ),
        ("settings", json.dumps(p.get("settings"), sort_keys=True)),
        ("eval", json.dumps(p.get("eval"), sort_keys=True)),
        ("libraries", ", ".join(f"{k} {v}" for k, v in p.get("libraries", {}).items())),
        ("machine", json.dumps(p.get("machine"))),
        ("git commit", str(p.get("git_commit"))),
        ("LangChain recipe", json.dumps(results.get("langchain_tutorial"))),
        ("faithfulness judge", str(results.get("judge"))),
        ("timing (s)", json.dumps({k: round(v, 1) for k, v in results.get("timing", {}).items()})),
    ]
    blocks: list[Block] = [Heading("Provenance"), Table(("what", "value"), tuple(rows))]
    if results.get("notes"):
        blocks.append(Bullets(tuple(results["notes"])))
    return blocks


def build_report(
    results: Mapping[str, Any], run: EvalRun, comparison: Comparison | None = None
) -> list[Block]:
    """The whole report, in reading order."""
    headline = tuple((label, fmt_figure(f), str(f["n"])) for label, f in results["headline"].items())
    blocks: list[Block] = [
        Heading("How well the assistant knows your cards", 1),
        Paragraph(
            f"Run of {results.get('provenance', {}).get('date', '')}, over "
            f"{len(run.cards)} cards. Abstention threshold {results['threshold']:.2f}."
        ),
        Heading("In plain words"),
        Bullets(tuple(plain_summary(results))),
        Table(("headline figure", "value [95 % CI]", "n"), headline),
    ]
    if comparison is not None:
        blocks += comparison_section(comparison)
    blocks += failure_sections(results, run)
    blocks += systems_section(results)
    blocks += set_sections(results)
    blocks += judge_section(results, run)
    blocks += plot_blocks(results, run)
    blocks += [Heading("How to read this report"), Bullets(HOW_TO_READ)]
    return blocks + provenance_section(results)
