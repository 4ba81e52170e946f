"""The ``study`` command: a thin layer over :class:`StudyAssistant`.

Settings are read once here and passed down. Errors from the project's hierarchy become a
one-line message on stderr and an exit code (2 for bad usage, 1 for everything else); no
traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.errors import RetrievalError, StudyAssistantError
from assistant.settings import Settings, load_settings

if TYPE_CHECKING:
    from assistant.answers import Answer
    from assistant.api import StudyAssistant


def _assistant(settings: Settings, progress: bool = True) -> StudyAssistant:
    from assistant.api import StudyAssistant

    return StudyAssistant(settings, progress=progress)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(settings)
    report = sa.ingest(args.paths or [settings.cards_dir])
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for name, fmt in report.sources.items():
            print(f"read {name} ({fmt})")
        for problem in report.problems:
            print(f"skipped {problem}")
        for warning in report.warnings:
            print(f"note: {warning}")
        print(report.summary())
    return 1 if report.problems and not report.sources else 0


def _print_answer(answer: Answer) -> None:
    print(answer.text)
    if answer.citations:
        print()
        for c in answer.citations:
            print(f"[{c.n}] {c.question} ({c.source}, score {c.score:.2f})")
    for warning in answer.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(settings)
    answer = sa.ask(args.question, k=args.k)
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_answer(answer)
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    sa = _assistant(settings)
    print("Ask about your cards. An empty line or 'quit' ends the chat.")
    while True:
        try:
            question = input("you> ")
        except EOFError:
            print()
            return 0
        if question.strip().lower() in {"", "quit", "exit", ":q"}:
            return 0
        try:
            _print_answer(sa.ask(question, k=args.k))
        except StudyAssistantError as exc:
            print(f"study: {exc}", file=sys.stderr)
        print()


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="study", description="Cited answers from your own flashcards.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="ingest card files or folders (default: the bundled decks)")
    p.add_argument("paths", nargs="*", help="files or folders")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="ask one question")
    p.add_argument("question")
    p.add_argument("-k", type=int, default=None, help="how many cards to retrieve")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="ask questions in a loop")
    p.add_argument("-k", type=int, default=None)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("cards", help="list the cards in the store")
    p.add_argument("--lint", action="store_true", help="only cards with lint notes, with the notes")
    p.add_argument("--practice", action="store_true", help="include practice prompts (no answer)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cards)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``study`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "k", None) is not None and not 1 <= args.k <= 50:
        parser.error(f"-k must be between 1 and 50, got {args.k}")
    try:
        settings = load_settings()
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


if __name__ == "__main__":
    sys.exit(main())
