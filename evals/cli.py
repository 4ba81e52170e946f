"""``study eval``: the evaluation as a subcommand, a thin layer over :func:`evals.evaluate.evaluate`.

Registered by ``assistant.cli.build_parser`` through :func:`register`. Only the parser is built
at import time; the model, the stores, numpy and matplotlib are imported when the command runs,
so ``study --help`` stays fast.

Example:
    $ study eval --report eval-report
    $ study eval --gold my_gold.jsonl --sets gold verbatim --compare eval-report/results.json
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.records import SET_NAMES
from ingest.errors import ConfigError
from ingest.settings import Settings

if TYPE_CHECKING:
    from evals.evaluate import Evaluation


def register(subparsers: Any) -> None:
    """Add the ``eval`` subcommand to ``study``'s subparsers."""
    p = subparsers.add_parser(
        "eval",
        help="measure how well the assistant knows your cards (report in --report DIR)",
        description="Run the query sets through the assistant and the baselines; write results.json, "
        "per_question.csv, report.md and a self-contained report.html.",
    )
    p.add_argument(
        "--gold", type=Path, metavar="FILE", help="your own gold questions (JSONL, see the README)"
    )
    p.add_argument(
        "--sets",
        nargs="+",
        choices=(*SET_NAMES, "grading"),
        metavar="SET",
        help=f"query sets to run (default: every set that applies): {', '.join(SET_NAMES)}; "
        "'grading' grades the hand-graded typed answers (grading.json, grading.md; only when named)",
    )
    p.add_argument(
        "--report", type=Path, default=Path("eval-report"), metavar="DIR", help="default: eval-report"
    )
    p.add_argument(
        "--compare", type=Path, metavar="OLD_RESULTS.json", help="show the difference from that run"
    )
    p.add_argument(
        "--decks",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="raw deck files or folders for the LangChain baseline (default: the cards_dir setting)",
    )
    p.add_argument("--no-baselines", action="store_true", help="run the assistant alone")
    p.add_argument(
        "--folds",
        type=int,
        default=5,
        metavar="K",
        help="with a deck-tuned model: answer leave-one-out through models tuned in K folds, each "
        "without its fold's cards (default 5; 0 keeps the model in use and notes the leak)",
    )
    p.add_argument(
        "--mode",
        choices=("offline", "llm"),
        help="answer offline or with the LLM (default: as `study ask` would; each LLM answer is a request)",
    )
    p.add_argument("--judge", action="store_true", help="LLM mode: judge faithfulness too (never a gate)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_eval)


def _print_summary(evaluation: Evaluation) -> None:
    in_use = evaluation.results.get("provenance", {}).get("model", {}).get("in_use")
    if in_use:
        print(f"embedding model: {in_use}")
    from evals.report_blocks import fmt, fmt_figure

    results = evaluation.results
    for label, figure in results["headline"].items():
        print(f"{label:<28} {fmt_figure(figure):<24} n={figure['n']}")
    if evaluation.comparison is not None:
        comparison = evaluation.comparison
        print(
            f"\ncompared with the run of {comparison.old_date}: {len(comparison.changed)} figure(s) changed"
        )
        for warning in comparison.warnings:
            print(f"  note: {warning}")
        changed = sorted(comparison.changed, key=lambda r: not r.outside_ci)
        for row in changed[:12]:
            delta = "–" if row.delta is None else f"{row.delta:+.3f}"
            flag = "  (outside today's CI)" if row.outside_ci else ""
            print(f"  {row.path}: {fmt(row.old)} -> {fmt(row.new)} ({delta}){flag}")
        if len(changed) > 12:
            print(f"  ... and {len(changed) - 12} more in the report")
    _print_base_model(results)
    for note in results.get("notes", []):
        print(f"note: {note}", file=sys.stderr)
    print(
        f"\nreport: {evaluation.paths['html']} (also {evaluation.paths['markdown'].name}, "
        f"{evaluation.paths['json'].name}, {evaluation.paths['csv'].name}); {evaluation.seconds:.0f} s"
    )


def _print_base_model(results: dict[str, Any]) -> None:
    """With a deck-tuned model: each set's hit@1 and MRR@10 beside the base model's, paired."""
    if "base_model" not in results.get("systems", []):
        return
    family = results.get("paired_tests_family_size")
    holm = f"; Holm-adjusted over all {family} paired tests" if family else ""
    print(f"\ntuned model beside the base model (paired randomization test, p{holm}):")
    for name, figures in results["sets"].items():
        retrieval, tests = figures.get("retrieval", {}), figures.get("paired_tests", {}).get("base_model", {})
        if "base_model" not in retrieval:
            continue
        for metric in ("hit@1", "rr@10"):
            tuned, base = retrieval["assistant"][metric]["mean"], retrieval["base_model"][metric]["mean"]
            test = tests.get(metric, {})
            shown = "" if "p_value" not in test else f" p={test['p_value']:.4f}"
            if "p_holm" in test:
                shown += f" (Holm {test['p_holm']:.4f})"
            print(f"  {name:<14} {metric:<6} base {base:.3f} -> tuned {tuned:.3f}{shown}")
    variants = results.get("model_variants") or {}
    if variants.get("folds"):
        seconds = variants["timing"].get("kfold_tune_s", 0.0)
        folds = variants["folds"]
        print(f"  leave-one-out through {folds}-fold tuned models ({seconds:.0f} s to tune and embed)")


def _grading(settings: Settings, args: argparse.Namespace) -> int:
    """The hand-graded answers through ``StudyAssistant.grade`` and the baselines; 0 on success."""
    from assistant.api import StudyAssistant
    from evals.grading_eval import evaluate_grading, summary_lines

    study = StudyAssistant(settings, progress=not args.no_progress)
    results = evaluate_grading(study, args.report)
    for line in summary_lines(results):
        print(line)
    print(f"\nreport: {args.report / 'grading.md'} (also grading.json)")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run the evaluation the arguments describe; 0 on success."""
    from assistant.api import StudyAssistant
    from evals.compare import load_results
    from evals.evaluate import deck_files, evaluate
    from evals.judge import load_judge
    from evals.runner import BUNDLED_SETS, EvalConfig

    if args.mode:
        settings = settings.model_copy(update={"mode": args.mode})
    previous = load_results(args.compare) if args.compare else None  # fail before the long run
    if args.gold:
        from evals.gold import GoldLine, read_jsonl

        read_jsonl(args.gold, GoldLine)  # malformed lines are named before the model loads
    sets = tuple(args.sets) if args.sets else BUNDLED_SETS
    if args.gold and "gold" not in sets:
        sets += ("gold",)
    if "grading" in sets:
        sets = tuple(s for s in sets if s != "grading")
        code = _grading(settings, args)
        if not sets:
            return code
    if args.folds < 0:
        raise ConfigError(f"--folds must be 0 or more, got {args.folds}")
    judge, note = load_judge(settings) if args.judge else (None, "skipped: not requested (--judge)")
    config = EvalConfig(
        sets=sets,
        gold_file=args.gold,
        deck_files=deck_files(args.decks or [settings.cards_dir]),
        baselines=not args.no_baselines,
        strict_sets=bool(args.sets),
        folds=args.folds,
    )
    study = StudyAssistant(settings, progress=not args.no_progress)
    evaluation = evaluate(
        study,
        config,
        args.report,
        previous=previous,
        judge=judge,
        judge_note=note,
        progress=not args.no_progress,
    )
    _print_summary(evaluation)
    return 0
