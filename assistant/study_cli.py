"""``study progress`` and ``study optimize``: the command bodies that :mod:`assistant.cli` registers."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ingest.errors import StudyError
from ingest.settings import Settings

USER_HELP = "the student whose progress to use (default: 'default')"


def _study(settings: Settings) -> Any:
    from assistant.api import StudyAssistant

    return StudyAssistant(settings).study


def cmd_progress(args: argparse.Namespace, settings: Settings) -> int:
    progress = _study(settings).progress(args.user)
    if args.html:
        from assistant.study.progress_html import render_html

        path = Path(args.html)
        try:
            path.write_text(render_html(progress), encoding="utf-8")
        except OSError as exc:
            raise StudyError(f"cannot write {path}: {exc.strerror or exc}") from None
        print(f"progress written to {path}")
    if args.json:
        print(json.dumps(progress.to_dict(), indent=2, ensure_ascii=False))
    elif not args.html:
        print(summary(progress))
    return 0


def summary(progress: Any) -> str:
    """``study progress``'s text: the figures in a few lines."""
    p = progress
    retention = (
        f"{p.retention:.1%} over {p.retention_n} reviews" if p.retention is not None else "no data yet"
    )
    week = ", ".join(f"{d.day[5:]}: {d.count}" for d in p.forecast[1:8])
    lines = [
        f"user {p.user}: {p.due_today} due today, {p.new_available} new card(s) not yet studied",
        f"coming days: {week}",
        f"reviews: {p.reviews_total} in all, {sum(d.reviews for d in p.reviews_per_day)} in the last "
        f"{len(p.reviews_per_day)} days; {p.overrides} rating override(s)",
        f"true retention: {retention} (desired {p.desired_retention:.0%})",
        "mastery per deck (seen/cards, mature, mean recall):",
    ]
    lines += [f"  {m.deck}: {m.seen}/{m.cards}, {m.mature} mature, {m.mean_recall:.2f}" for m in p.mastery]
    if p.most_missed:
        lines.append("most missed:")
        lines += [f"  {c.again}x  {c.question or '(removed) ' + c.card_id}" for c in p.most_missed]
    return "\n".join(lines)


def cmd_optimize(args: argparse.Namespace, settings: Settings) -> int:
    result = _study(settings).optimize(args.user)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(f"study: {result.message}")
    return 0


def register(subparsers: Any) -> None:
    """Add ``progress`` and ``optimize`` to ``study``'s subparsers."""
    p = subparsers.add_parser(
        "progress", help="cards due, forecast, reviews, retention, mastery, most missed"
    )
    p.add_argument("--user", default=None, help=USER_HELP)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the figures as JSON")
    out.add_argument("--html", metavar="FILE", help="write a self-contained HTML page with the plots")
    p.set_defaults(func=cmd_progress)

    p = subparsers.add_parser("optimize", help="fit FSRS's parameters to your own review log")
    p.add_argument("--user", default=None, help=USER_HELP)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_optimize)
