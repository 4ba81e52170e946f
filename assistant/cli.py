"""The ``study`` command: a thin layer over :class:`StudyAssistant`.

Settings are read once here and passed down. Errors from the project's hierarchy become a
one-line message on stderr and an exit code (2 for bad usage, 1 for everything else); no
traceback reaches the user.

``study example`` (:mod:`assistant.example_cli`) runs only the float64 reference: it opens no
store and loads no embedding model.

``study ask`` (without ``--json``) and ``study chat`` print the answer as it is produced (the
model's tokens in LLM mode); ``chat`` keeps the conversation so that follow-ups ("why?") are
made standalone. ``--mode offline|llm`` overrides the default mode; ``study doctor`` reports
the mode, the endpoint and model, and whether they answer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import RetrievalError, StudyAssistantError
from ingest.settings import Settings, load_settings

if TYPE_CHECKING:
    from assistant.answers import Answer
    from assistant.api import StudyAssistant

MODES = ("offline", "llm")
MODE_HELP = "answer offline or with the LLM (default: llm when an endpoint is configured)"


def _assistant(settings: Settings, progress: bool = True) -> StudyAssistant:
    from assistant.api import StudyAssistant

    return StudyAssistant(settings, progress=progress)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    if args.no_tune:
        settings = settings.model_copy(update={"auto_tune": False})
    sa = _assistant(settings)
    report = sa.ingest(
        args.paths or [settings.cards_dir],
        headings=args.headings,
        question_fields=args.question_field or (),
        answer_fields=args.answer_field or (),
        user=args.user,
    )
    reason = sa.tune_reason()
    if args.json:
        out = report.to_dict()
        if reason:
            out["tune"] = sa.tune().to_dict()
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for name, fmt in report.sources.items():
            print(f"read {name} ({fmt})")
        for problem in report.problems:
            print(f"skipped {problem}")
        for warning in report.warnings:
            print(f"note: {warning}")
        for line in report.review_history:
            print(line)
        print(report.summary())
        if reason:
            print(f"tuning the embedding model: {reason} (study ingest --no-tune skips this)", flush=True)
            print(f"now answering with {sa.tune().serving.describe()}")
    return 1 if report.problems and not report.sources else 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(settings)
    if args.anki:
        n = sa.export_anki(args.anki, deck=args.deck, user=args.user)
        print(f"wrote {n} note(s) to {args.anki}")
    else:
        n = sa.export_csv(args.csv, deck=args.deck)
        print(f"wrote {n} card(s) to {args.csv}")
    return 0


def cmd_tune(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(settings)
    outcome = sa.tune(report_path=Path(args.report) if args.report else None)
    if args.json:
        print(json.dumps(outcome.to_dict(), indent=2, ensure_ascii=False))
        return 0
    t = outcome.tune
    how = "trained" if outcome.trained else "found already trained"
    print(
        f"{how}: {t.pairs_used} of {t.pairs_available} pairs from {t.cards} cards, {t.epochs} epochs, "
        f"{t.steps} steps, {t.train_seconds:.0f} s"
        + (" (stopped at the time budget)" if t.stopped_at_budget else "")
    )
    print(f"re-embedded {outcome.reembedded_chunks} chunks in {outcome.reembed_seconds:.0f} s")
    print(f"now answering with {outcome.serving.describe()}")
    return 0


def _print_sources(answer: Answer) -> None:
    if answer.citations:
        print()
        for c in answer.citations:
            print(f"[{c.n}] {c.question} ({c.source}, score {c.score:.2f})")
    if answer.coverage == "partial":
        print(f"coverage: partial (nothing on {', '.join(answer.missing)})")
    for warning in answer.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _stream_answer(sa: StudyAssistant, question: str, k: int | None, history: list[dict[str, str]]) -> Answer:
    """Print the answer as it arrives, then its sources and warnings; return it."""
    from assistant.answers import Answer

    for item in sa.stream(question, k=k, history=history):
        if isinstance(item, Answer):
            print()
            _print_sources(item)  # a mid-answer fallback to offline is explained by a warning here
            return item
        print(item, end="", flush=True)
    raise AssertionError("stream() ends with the Answer")  # pragma: no cover


def _with_mode(args: argparse.Namespace, settings: Settings) -> Settings:
    mode = getattr(args, "mode", None)
    return settings.model_copy(update={"mode": mode}) if mode else settings


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(_with_mode(args, settings))
    if args.json:
        print(json.dumps(sa.ask(args.question, k=args.k).to_dict(), indent=2, ensure_ascii=False))
    else:
        _stream_answer(sa, args.question, args.k, [])
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(_with_mode(args, settings))
    print("Ask about your cards. An empty line or 'quit' ends the chat.")
    history: list[dict[str, str]] = []
    while True:
        try:
            question = input("you> ")
        except EOFError:
            print()
            return 0
        if question.strip().lower() in {"", "quit", "exit", ":q"}:
            return 0
        try:
            answer = _stream_answer(sa, question, args.k, history)
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
        except StudyAssistantError as exc:
            print(f"study: {exc}", file=sys.stderr)
        print()


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.llm.doctor import diagnose

    report = diagnose(_with_mode(args, settings))
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for check in report.checks:
            status = {True: "ok", False: "FAIL", None: "-"}[check.ok]
            print(f"{check.name:<9} {status:<4}  {check.detail}")
    return 0 if report.ok else 1


def cmd_cards(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(settings)
    cards = sa.cards(include_practice=args.practice or args.lint)
    if args.lint:
        cards = [c for c in cards if c.lint]
    if args.json:
        rows = [
            {
                "card_id": c.card_id,
                "source": c.source,
                "kind": c.kind,
                "question": c.question,
                "answer": c.answer,
                "metadata": dict(c.metadata),
                "lint": list(c.lint),
            }
            for c in cards
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for c in cards:
        print(f"{c.card_id}  [{c.source}, {c.kind}]  {c.question}")
        if args.lint:
            for note in c.lint:
                print(f"    lint: {note}")
    print(f"{len(cards)} card(s)" + (" with lint notes" if args.lint else ""))
    return 0


def cmd_decks(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.decks_view import decks_text

    decks = _assistant(settings).decks()
    if args.json:
        print(json.dumps([d.to_dict() for d in decks], indent=2, ensure_ascii=False))
    else:
        print(decks_text(decks))
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.decks_view import removed_text

    removed = _assistant(settings).remove(args.deck)
    if args.json:
        print(json.dumps(removed.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(removed_text(removed))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="study", description="Cited answers from your own flashcards.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="ingest card files or folders (default: the bundled decks)")
    p.add_argument("paths", nargs="*", help="files or folders")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--headings", action="store_true", help="Markdown headings become questions")
    p.add_argument(
        "--question-field",
        action="append",
        metavar="NAME",
        help="Anki field that makes the question of other note types (repeatable)",
    )
    p.add_argument(
        "--answer-field",
        action="append",
        metavar="NAME",
        help="Anki field that makes the answer (repeatable)",
    )
    p.add_argument(
        "--user", help="whose study schedule an Anki package's review history goes to (default: default)"
    )
    p.add_argument("--no-tune", action="store_true", help="do not tune the embedding model after this ingest")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("tune", help="tune the embedding model on the cards and switch to it")
    p.add_argument("--json", action="store_true", help="print the tune's report as JSON")
    p.add_argument("--report", metavar="FILE", help="also write the JSON report to FILE")
    p.set_defaults(func=cmd_tune)

    p = sub.add_parser("ask", help="ask one question")
    p.add_argument("question")
    p.add_argument("-k", type=int, default=None, help="how many cards to retrieve")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--mode", choices=MODES, help=MODE_HELP)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="ask questions in a loop")
    p.add_argument("-k", type=int, default=None)
    p.add_argument("--mode", choices=MODES, help=MODE_HELP)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("doctor", help="show the mode, LLM endpoint and model in use, and whether they answer")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--mode", choices=MODES, help="check as if this mode were set")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("cards", help="list the cards in the store")
    p.add_argument("--lint", action="store_true", help="only cards with lint notes, with the notes")
    p.add_argument("--practice", action="store_true", help="include practice prompts (no answer)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cards)

    from assistant.example_cli import cmd_example

    p = sub.add_parser(
        "example",
        help="work a numeric example with the local PyTorch reference (no store, no model)",
        usage="study example KIND [--PARAM VALUE ...] [--json] [--png FILE]\n       study example --list",
        description="Parameter values are JSON when they parse (--d_k 4, --Q '[[1,0],[0,1]]'), "
        "else text (--mask causal).",
        allow_abbrev=False,  # so that parameters such as --h or --s are never taken for --help
    )
    p.add_argument("--list", action="store_true", help="list the kinds with their parameters and limits")
    p.add_argument("--json", action="store_true", help="print the whole record as JSON (full precision)")
    p.add_argument("--png", metavar="FILE", help="also write the attention-weight heatmap as a PNG")
    p.set_defaults(func=cmd_example, rest=[])

    p = sub.add_parser("decks", help="list the decks in the store: path, format, counts, last ingest")
    p.add_argument("--json", action="store_true", help="print the decks as JSON")
    p.set_defaults(func=cmd_decks)

    p = sub.add_parser("remove", help="remove a deck's cards from the store (study decks lists them)")
    p.add_argument("deck", help="the deck's name as study decks shows it, or the path it was ingested from")
    p.add_argument("--json", action="store_true", help="print the removed deck as JSON")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("export", help="export the cards as an Anki package or semicolon CSV")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--anki", metavar="FILE.apkg", help="write an Anki package")
    target.add_argument("--csv", metavar="FILE", help="write semicolon CSV with the card ids")
    p.add_argument("--deck", help="only this deck (a source file name or an Anki deck name)")
    p.add_argument("--user", help="whose study schedule goes into an Anki package (default: default)")
    p.set_defaults(func=cmd_export)

    from assistant.study_cli import register as register_study

    register_study(sub)

    from assistant.quiz.cli import register as register_quiz

    register_quiz(sub)
    from ui.cli import register as register_ui

    register_ui(sub)
    from evals.cli import register as register_eval

    register_eval(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``study`` console script."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if rest and args.command != "example":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.rest = rest
    if getattr(args, "k", None) is not None and not 1 <= args.k <= 50:
        parser.error(f"-k must be between 1 and 50, got {args.k}")
    try:
        settings = load_settings()
        if argv is None and args.command in ("ingest", "tune"):  # the real command line, not a test's call
            from assistant.allocator import rerun_on_jemalloc

            rerun_on_jemalloc(settings.allocator)
        return int(args.func(args, settings))
    except RetrievalError as exc:
        print(f"study: {exc}", file=sys.stderr)
        return 2
    except StudyAssistantError as exc:
        print(f"study: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("study: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `study example --list | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
