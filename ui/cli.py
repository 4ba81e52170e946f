"""``study ui``: serve the study UI. Gradio is imported only when the command runs, so that
``study --help`` and every other command stay fast."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ingest.errors import ConfigError
from ingest.settings import Settings
from ui.options import DEFAULT_PORT, LOOPBACK, UIOptions, parse_auth


def cmd_ui(args: argparse.Namespace, settings: Settings) -> int:
    """Build the UI over the settings' store and serve it until interrupted."""
    options = UIOptions(
        host=args.host,
        port=args.port,
        auth=parse_auth(args.auth) if args.auth else None,
        share=args.share,
    )
    if not options.is_loopback and options.auth is None:
        print(f"study: warning: serving on {options.host} without --auth; anyone who can reach it can use it",
              file=sys.stderr)  # fmt: skip
    print("study: loading the cards and the embedding model...", file=sys.stderr)
    from ui.app import build_app, launch

    demo = build_app(settings, options)
    try:
        launch(demo, settings, options, block=True)
    except OSError as exc:  # the port is taken, or the address cannot be bound
        raise ConfigError(f"cannot serve on {options.host}:{options.port}: {exc}") from None
    return 0


def register(subparsers: Any) -> None:
    """Add the ``ui`` subcommand to ``study``'s subparsers."""
    p = subparsers.add_parser("ui", help="open the study UI in your browser (chat, worked examples, decks)")
    p.add_argument(
        "--host", default=LOOPBACK, help=f"address to listen on (default {LOOPBACK}: this machine only)"
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--auth", metavar="USER:PASS", help="require this login")
    p.add_argument(
        "--share", action="store_true", help="also open a public gradio.live link (off unless given)"
    )
    p.set_defaults(func=cmd_ui)
