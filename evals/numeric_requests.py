"""The numeric-requests set: does the assistant read a student's numbers and compute on them?

``data/numeric_requests.jsonl`` (written by ``data/make_numeric_requests.py``) holds numeric
requests, each with the kind, the arguments a correct reader takes from the text and the
numbers PyTorch's built-ins give, and concept questions with numbers that must not be routed.
Each question goes through the assistant's ``ask``; the figures:

* ``routing_accuracy``: requests answered by a worked example of the right kind;
* ``argument_accuracy``: requests whose ``tool_calls[0].arguments["params"]`` equal the
  expected arguments exactly (numbers compared by value: ``1`` equals ``1.0``);
* ``value_accuracy``: requests with expected values whose example gives every one of them
  (:func:`~evals.metrics.numeric_correct`, the numeric set's tolerance);
* ``silent_substitutions``: requests where the example ran although an argument the question
  gives is missing from, or different in, the arguments used, i.e. the student's number was
  replaced and nothing said so (an answer that refuses and names the problem is not silent);
* ``concepts_routed``: concept questions that got a worked example instead of a card answer.

Example:
    >>> figures = score_numeric_requests(study.ask)
    >>> figures["value_accuracy"]["mean"] >= 0.97
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.answers import Answer
from evals.gold import NonEmpty, read_jsonl
from evals.metrics import flatten_numbers, numeric_correct
from evals.scoring import ci

if TYPE_CHECKING:
    from assistant.api import StudyAssistant

DATA = Path(__file__).resolve().parent / "data" / "numeric_requests.jsonl"


class RequestLine(BaseModel):
    """A line of ``numeric_requests.jsonl``: a request (``route``) or a concept question."""

    model_config = ConfigDict(extra="forbid")

    id: NonEmpty
    route: bool
    question: NonEmpty
    kind: str | None = None
    expected_args: dict[str, Any] | None = None
    expected_values: Annotated[list[float], Field(min_length=1)] | None = None
    computed_with: str | None = None
    style: str | None = None


def load_requests(path: Path = DATA) -> list[RequestLine]:
    """The lines of the file, validated (a malformed line raises ConfigError naming it)."""
    return [row for _, row in read_jsonl(path, RequestLine)]


def same_value(a: Any, b: Any) -> bool:
    """Equal as numbers, recursively (``1 == 1.0``, ``[[1]] == [[1.0]]``, strings exactly)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)


def _call(answer: Answer) -> tuple[str | None, dict[str, Any], Any]:
    if not answer.tool_calls:
        return None, {}, None
    call = answer.tool_calls[0]
    arguments = call.arguments if isinstance(call.arguments, dict) else {}
    params = arguments.get("params") if isinstance(arguments.get("params"), dict) else {}
    return arguments.get("kind"), dict(params or {}), call.result


def judge_request(row: RequestLine, answer: Answer) -> dict[str, Any]:
    """One request's outcome: routed right, arguments right, values right, silent substitution."""
    kind, params, result = _call(answer)
    expected = row.expected_args or {}
    ran = isinstance(result, dict) and "outputs" in result
    routed = kind == row.kind
    args_ok = (
        routed
        and params.keys() == expected.keys()
        and all(same_value(params[k], v) for k, v in expected.items())
    )
    replaced = [k for k, v in expected.items() if k not in params or not same_value(params[k], v)]
    values_ok = None
    if row.expected_values is not None:
        found = flatten_numbers(result["outputs"]) if ran else []
        values_ok = ran and routed and numeric_correct(row.expected_values, found)
    return {
        "id": row.id,
        "routed": routed,
        "arguments": args_ok,
        "values": values_ok,
        "silent_substitution": bool(ran and routed and replaced),
        "replaced": replaced if ran else [],
        "refused": isinstance(result, dict) and "error" in result,
        "kind": kind,
    }


def _count(count: int, n: int) -> dict[str, Any]:
    """A count as a figure (no interval), so that floors, ceilings and comparisons see it."""
    return {"mean": float(count), "low": None, "high": None, "n": n}


#: The figures shown among the headline ones (label -> key).
HEADLINE = {
    "num. requests routing": "routing_accuracy",
    "num. requests arguments": "argument_accuracy",
    "num. requests values": "value_accuracy",
    "num. requests silent subst.": "silent_substitutions",
    "num. concepts routed": "concepts_routed",
}


def add_to_results(results: dict[str, Any], study: StudyAssistant) -> None:
    """Run the set through ``study.ask`` and put its figures in ``results`` (and the headline).

    The concept questions are encoded in one batch first (:mod:`evals.embedding_cache`), as
    the other sets are, so their retrieval does not encode them one at a time.
    """
    from evals.embedding_cache import cached_queries

    rows = load_requests()
    with cached_queries(study) as cache:
        # only the concept questions reach retrieval offline; requests are routed before it
        cache.prime([study.clean_question(row.question)[0] for row in rows if not row.route])
        figures = score_numeric_requests(study.ask, rows)
    results["numeric_requests"] = figures
    for label, key in HEADLINE.items():
        results["headline"][label] = figures[key]


def score_numeric_requests(
    ask: Callable[[str], Answer], rows: Sequence[RequestLine] | None = None
) -> dict[str, Any]:
    """Every figure of the set (see the module docstring), with per-question outcomes."""
    rows = load_requests() if rows is None else rows
    outcomes: list[dict[str, Any]] = []
    concepts: list[dict[str, Any]] = []
    for row in rows:
        answer = ask(row.question)
        if row.route:
            outcomes.append(judge_request(row, answer))
        else:
            concepts.append({"id": row.id, "routed": bool(answer.tool_calls)})
    with_values = [o for o in outcomes if o["values"] is not None]
    n_silent = sum(o["silent_substitution"] for o in outcomes)
    n_concepts_routed = sum(c["routed"] for c in concepts)
    return {
        "n_requests": len(outcomes),
        "n_with_values": len(with_values),
        "n_concepts": len(concepts),
        "routing_accuracy": ci([float(o["routed"]) for o in outcomes]),
        "argument_accuracy": ci([float(o["arguments"]) for o in outcomes]),
        "value_accuracy": ci([float(o["values"]) for o in with_values]),
        "silent_substitutions": _count(n_silent, len(outcomes)),
        "concepts_routed": _count(n_concepts_routed, len(concepts)),
        "failures": [
            o for o in outcomes if not (o["routed"] and o["arguments"] and o["values"] is not False)
        ],
        "concepts_routed_ids": [c["id"] for c in concepts if c["routed"]],
    }
