"""``study example``: the command body that :mod:`assistant.cli` registers.

It runs only the float64 reference: it opens no store and loads no embedding model, so it
starts in the time it takes to import torch. Its ``--PARAM VALUE`` pairs are read generically:
a value is JSON when it parses as JSON (``--d_k 4``, ``--Q "[[1,0],[0,1]]"``, ``--pooler
false``) and a string otherwise (``--mask causal``); nothing is evaluated.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.errors import StudyAssistantError
from ingest.settings import Settings


def _usage_error(message: str) -> int:
    print(f"study: {message}", file=sys.stderr)
    return 2


def parse_example_params(tokens: Sequence[str]) -> tuple[str | None, dict[str, Any]]:
    """Split ``study example``'s free arguments into the kind and its ``--name value`` pairs.

    Values are JSON when they parse as JSON, else strings; dashes in names become underscores.

    Raises:
        ValueError: naming the argument that is not a ``--name value`` pair or a single kind.
    """
    kind: str | None = None
    params: dict[str, Any] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.startswith("--"):
            if kind is not None:
                raise ValueError(f"unexpected argument {token!r}: give one kind, then --name value pairs")
            kind, i = token, i + 1
            continue
        name, sep, raw = token[2:].partition("=")
        if not sep:
            if i + 1 >= len(tokens):
                raise ValueError(f"--{name} needs a value")
            raw, i = tokens[i + 1], i + 1
        i += 1
        name = name.replace("-", "_")
        if not name.isidentifier():
            raise ValueError(f"{token!r} is not a parameter name")
        if name in params:
            raise ValueError(f"--{name} is given twice")
        try:
            params[name] = json.loads(raw)
        except ValueError:
            params[name] = raw
    return kind, params


def _print_kinds(as_json: bool) -> None:
    from assistant.examples.catalog import list_kinds

    kinds = list_kinds()
    if as_json:
        rows = [
            {
                "name": k.name,
                "description": k.description,
                "params": [
                    {"name": p.name, "type": p.type, "default": p.default, "limit": p.limit} for p in k.params
                ],
            }
            for k in kinds
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for k in kinds:
        print(f"{k.name}: {k.description}")
        width = max(len(p.name) for p in k.params) + 2
        type_width = max(len(p.type) for p in k.params)
        for p in k.params:
            default = "none" if p.default is None else json.dumps(p.default)
            print(f"  --{p.name:<{width}}{p.type:<{type_width}}  default {default}; limit {p.limit}")
        print()


def cmd_example(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.examples.catalog import kind_names, run_request

    try:
        kind, params = parse_example_params(args.rest)
    except ValueError as exc:
        return _usage_error(str(exc))
    if args.list:
        if kind or params or args.png:
            return _usage_error("--list takes no kind, parameters or --png")
        _print_kinds(args.json)
        return 0
    if kind is None:
        return _usage_error("name a kind (study example --list shows them), e.g. study example attention")
    if kind not in kind_names():
        return _usage_error(f"unknown worked-example kind {kind!r}; known kinds: {', '.join(kind_names())}")
    example = run_request(kind, params)
    from assistant.examples.render import to_json, to_markdown, to_png

    if args.png:
        try:
            to_png(example, args.png)
        except OSError as exc:
            raise StudyAssistantError(f"cannot write {args.png}: {exc.strerror or exc}") from None
        print(f"heatmap written to {Path(args.png)}", file=sys.stderr)
    if args.json:
        print(to_json(example, indent=2))
    else:
        print(to_markdown(example), end="")
    return 0
