"""``study quiz``: the command :mod:`assistant.cli` registers (the loop: :mod:`assistant.quiz.terminal`)."""

from __future__ import annotations

import argparse
from typing import Any

from ingest.settings import Settings


def cmd_quiz(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.api import StudyAssistant
    from assistant.quiz import session, terminal

    sa = StudyAssistant(settings)
    state = session.start(sa, args.n, args.deck, args.user, practice=args.practice)

    def read(prompt: str) -> str:
        return input(prompt)

    def write(text: str) -> None:
        print(text, flush=True)

    return terminal.run(sa, state, read, write)


def register(subparsers: Any) -> None:
    """Add ``quiz`` to ``study``'s subparsers."""
    p = subparsers.add_parser("quiz", help="quiz yourself on the cards that are due, graded and scheduled")
    p.add_argument("--deck", default=None, help="only this deck (a source file name, extension optional)")
    p.add_argument("-n", type=int, default=20, help="at most this many cards (default 20)")
    p.add_argument("--user", default=None, help="the student (default: 'default')")
    p.add_argument("--practice", action="store_true", help="include practice prompts (you rate them)")
    p.set_defaults(func=cmd_quiz)
