"""``study eval --sets grading``: the hand-graded answers through ``StudyAssistant.grade``, beside
the two baselines, written as ``grading.json`` and ``grading.md`` in the report directory.

The evaluation set is ``data/grading.jsonl``; the development set (``data/dev_grading.jsonl``,
other cards) is scored too, and labelled as such: the grader's thresholds and the cosine
baseline's threshold were chosen on it, so its figures are not held out.

Example:
    >>> report = evaluate_grading(study, Path("eval-report"))
    >>> report["sets"]["evaluation"]["grader"]["binary accuracy"]["mean"]
    0.95
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.grading_baselines import best_threshold, keyword_rule_passes
from evals.grading_metrics import by_category, grading_figures
from evals.grading_set import DEV_GRADING_FILE, GRADING_FILE, GradedAnswer, load_graded
from evals.report_blocks import fmt_figure

if TYPE_CHECKING:
    from assistant.api import StudyAssistant

#: The grader and the baselines, in report order.
GRADERS = ("grader", "cosine threshold (dev)", "keyword rule (DeepTutor)")


def _cosines(study: StudyAssistant, items: Sequence[GradedAnswer]) -> list[float]:
    embedder = study.base_embedder
    answers = embedder.encode([i.answer if i.answer.strip() else "-" for i in items])
    keys = embedder.encode([i.card.answer for i in items])
    return [float(a @ k) if i.answer.strip() else 0.0 for a, k, i in zip(answers, keys, items, strict=True)]


def _score_set(
    study: StudyAssistant, items: Sequence[GradedAnswer], threshold: float
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    gold = [i.label for i in items]
    started = time.perf_counter()
    grades = [study.grade(i.card.card_id, i.answer) for i in items]
    seconds = time.perf_counter() - started
    cosines = _cosines(study, items)
    verdicts = {
        "grader": [g.verdict for g in grades],
        "cosine threshold (dev)": ["correct" if c >= threshold else "wrong" for c in cosines],
        "keyword rule (DeepTutor)": [
            "correct" if keyword_rule_passes(i.card.answer, i.answer) else "wrong" for i in items
        ],
    }
    figures: dict[str, Any] = {name: grading_figures(gold, verdicts[name]) for name in GRADERS}
    figures["grader"]["by category"] = by_category(gold, verdicts["grader"], [i.category for i in items])
    figures["n"] = len(items)
    figures["cards"] = len({i.card.card_id for i in items})
    figures["grader mode"] = sorted({g.grader for g in grades})
    figures["seconds per answer"] = seconds / max(1, len(items))
    rows = [
        {
            "id": i.id,
            "card_id": i.card.card_id,
            "category": i.category,
            "label": i.label,
            "verdict": g.verdict,
            "score": g.score,
            "cosine": round(c, 4),
            "warnings": list(g.warnings),
            "answer": i.answer,
        }
        for i, g, c in zip(items, grades, cosines, strict=True)
    ]
    return figures, rows


def evaluate_grading(
    study: StudyAssistant,
    out_dir: Path,
    eval_file: Path = GRADING_FILE,
    dev_file: Path = DEV_GRADING_FILE,
) -> dict[str, Any]:
    """Grade both sets, write ``grading.json`` and ``grading.md`` into ``out_dir``, return the figures.

    Raises:
        ConfigError: when a file is malformed or names a card not in the store.
    """
    cards = {c.card_id: c for c in study.cards()}
    dev = load_graded(dev_file, cards)
    held_out = load_graded(eval_file, cards)
    dev_cosines = _cosines(study, dev)
    binary_dev = [
        (c, i.label == "correct") for c, i in zip(dev_cosines, dev, strict=True) if i.label != "partial"
    ]
    threshold = best_threshold([c for c, _ in binary_dev], [p for _, p in binary_dev])
    results: dict[str, Any] = {"cosine threshold": threshold, "sets": {}, "per_answer": {}}
    for name, items in (("evaluation", held_out), ("development", dev)):
        results["sets"][name], results["per_answer"][name] = _score_set(study, items, threshold)
    results["sets"]["evaluation"]["file"] = eval_file.name
    results["sets"]["development"]["file"] = dev_file.name
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "grading.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out_dir / "grading.md").write_text("\n".join(grading_markdown(results)) + "\n", encoding="utf-8")
    return results


def summary_lines(results: dict[str, Any]) -> list[str]:
    """A few lines for the terminal: each set's headline figures, grader and baselines."""
    lines = []
    for name, figures in results["sets"].items():
        lines.append(
            f"grading, {name} set ({figures['file']}: {figures['n']} answers, {figures['cards']} cards)"
        )
        for grader in GRADERS:
            f = figures[grader]
            lines.append(
                f"  {grader:<26} binary {fmt_figure(f['binary accuracy'])}  "
                f"three-way {fmt_figure(f['three-way accuracy'])}  "
                f"false passes {f['false passes']}/{f['wrong answers']}"
            )
    return lines


def grading_markdown(results: dict[str, Any]) -> list[str]:
    """The report: per set, the figures of the grader and the baselines, and the confusion matrix."""
    out = [
        "# Grading typed answers",
        "",
        "Binary accuracy: answers graded correct or wrong by hand; a pass is any verdict but `wrong` "
        "(strict: only `correct` passes). False-pass rate: wrong answers graded `correct`. "
        "Intervals: 95 % bootstrap.",
        f"Cosine baseline threshold, chosen on the development set: {results['cosine threshold']:.4f}.",
        "",
    ]
    for name, figures in results["sets"].items():
        held = "held out" if name == "evaluation" else "the thresholds were chosen on it: not held out"
        out += [f"## {name.title()} set: {figures['file']} ({held})", ""]
        out += [
            f"n = {figures['n']} answers to {figures['cards']} cards; "
            f"grader: {', '.join(figures['grader mode'])}",
            "",
        ]
        metrics = (
            "binary accuracy",
            "strict binary accuracy",
            "three-way accuracy",
            "false-pass rate",
            "wrong-not-failed rate",
        )
        out += ["| figure | " + " | ".join(GRADERS) + " | n |", "|---|" + "---|" * (len(GRADERS) + 1)]
        for metric in metrics:
            cells = [fmt_figure(figures[g][metric]) for g in GRADERS]
            out.append(f"| {metric} | " + " | ".join(cells) + f" | {figures['grader'][metric]['n']} |")
        out += [
            "",
            "Confusion (rows: hand grade, columns: the grader's verdict):",
            "",
            "| | correct | partial | wrong |",
            "|---|---|---|---|",
        ]
        for gold, row in figures["grader"]["confusion"].items():
            out.append(f"| {gold} | {row['correct']} | {row['partial']} | {row['wrong']} |")
        out += ["", "Three-way accuracy by kind of answer:", "", "| kind | accuracy | n |", "|---|---|---|"]
        for category, figure in figures["grader"]["by category"].items():
            out.append(f"| {category} | {fmt_figure(figure)} | {figure['n']} |")
        out.append("")
    return out
