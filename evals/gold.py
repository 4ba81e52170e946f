"""Gold files: JSONL read line by line, every line validated, every problem named by line number.

A user's gold file has one JSON object per line::

    {"question": "Why divide by sqrt(d_k)?", "relevant": ["<card id>", "What is scaling for?"]}
    {"question": "What is the capital of Australia?", "relevant": [], "expect_abstain": true}
    {"question": "softmax of [1, 2, 3]", "relevant": [], "expected_numbers": [0.0900, 0.2447, 0.6652]}

``question`` and ``relevant`` are required. ``relevant`` lists card ids, or card questions
matched after normalising case and whitespace (a question shared by several cards names them
all). Optional: ``id``, ``answer`` (reference text for token F1 and ROUGE-L),
``expect_abstain`` (true when no card answers it; then ``relevant`` must be empty) and
``expected_numbers`` (numbers a worked example must produce). A line with no gold cards needs
``expect_abstain`` or ``expected_numbers``, or it would score nothing. Unknown keys are refused.

Example:
    >>> rows = read_jsonl(Path("my_gold.jsonl"), GoldLine)
    >>> queries = resolve_gold(rows, study.cards(include_practice=True))
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from evals.records import Query
from ingest.cards import Card, normalise_question
from ingest.errors import ConfigError

#: Larger gold files are refused before they are read.
MAX_GOLD_BYTES = 20_000_000
#: At most this many problems are listed in one error message.
MAX_LISTED = 10

M = TypeVar("M", bound=BaseModel)

StrictFinite = Annotated[float, Field(strict=True, allow_inf_nan=False)]
NonEmpty = Annotated[str, Field(strict=True, min_length=1, max_length=1000)]


class GoldLine(BaseModel):
    """One line of a user's gold file (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: NonEmpty | None = None
    question: Annotated[str, Field(strict=True, min_length=1, max_length=1000)]
    relevant: list[NonEmpty]
    answer: Annotated[str, Field(strict=True)] | None = None
    expect_abstain: StrictBool = False
    expected_numbers: Annotated[list[StrictFinite], Field(min_length=1)] | None = None

    @field_validator("relevant")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        seen = [v for i, v in enumerate(value) if v in value[:i]]
        if seen:
            raise ValueError(f"repeats {seen[0]!r}")
        return value

    @model_validator(mode="after")
    def _scores_something(self) -> GoldLine:
        if self.expect_abstain and self.relevant:
            raise ValueError("expect_abstain is true but 'relevant' lists cards; give one or the other")
        if self.expect_abstain and self.expected_numbers:
            raise ValueError("expect_abstain is true but 'expected_numbers' is given")
        if not self.relevant and not self.expect_abstain and not self.expected_numbers:
            raise ValueError(
                "nothing to score: 'relevant' is empty, so give expect_abstain: true or expected_numbers"
            )
        return self


def _problem(error: dict[str, Any], model: type[BaseModel]) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    msg = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return f"unknown key {loc!r} (allowed: {', '.join(model.model_fields)})"
    if error["type"] == "missing":
        return f"{loc!r} is required"
    got = repr(error.get("input"))
    got = got if len(got) <= 60 else got[:57] + "..."
    return f"{loc!r}: {msg} (got {got})" if loc else msg


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_GOLD_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_GOLD_BYTES:,} bytes")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"gold file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read gold file {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}: line {line}: not UTF-8 text") from None


def raise_problems(path: Path, problems: Sequence[str]) -> None:
    """Raise one :class:`ConfigError` listing ``problems`` (at most :data:`MAX_LISTED`)."""
    if not problems:
        return
    listed = "; ".join(problems[:MAX_LISTED])
    more = f"; and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    raise ConfigError(f"{path}: {len(problems)} problem(s): {listed}{more}")


def read_jsonl(path: Path, model: type[M]) -> list[tuple[int, M]]:
    """Every non-blank line of ``path`` validated as ``model``, with its 1-based line number.

    Raises:
        ConfigError: If the file cannot be read, or naming every malformed line: invalid
            JSON, not an object, unknown or missing keys, values of the wrong type.
    """
    rows: list[tuple[int, M]] = []
    problems: list[str] = []
    for n, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(value, dict):
            problems.append(f"line {n}: expected a JSON object, got {type(value).__name__}")
            continue
        try:
            rows.append((n, model.model_validate(value)))
        except ValidationError as exc:
            problems += [f"line {n}: {_problem(dict(e), model)}" for e in exc.errors(include_url=False)]
    raise_problems(path, problems)
    if not rows:
        raise ConfigError(f"{path}: no questions (the file is empty)")
    return rows


def resolve_gold(path: Path, rows: Sequence[tuple[int, GoldLine]], cards: Sequence[Card]) -> list[Query]:
    """Turn validated gold lines into queries of the ``gold`` set.

    Args:
        path: The file, for messages.
        rows: ``(line number, line)`` pairs from :func:`read_jsonl`.
        cards: Every card in the store, practice prompts included (so that naming one gives
            a precise message rather than "unknown").

    Raises:
        ConfigError: Naming each line whose relevant entry matches no card or a practice
            prompt, and each repeated id or question.
    """
    by_id = {c.card_id: c for c in cards}
    by_question: dict[str, list[Card]] = {}
    for card in cards:
        by_question.setdefault(normalise_question(card.question), []).append(card)
    problems: list[str] = []
    queries: list[Query] = []
    seen_ids: dict[str, int] = {}
    seen_questions: dict[str, int] = {}
    for n, row in rows:
        qid = row.id or f"line{n}"
        key = normalise_question(row.question)
        if qid in seen_ids:
            problems.append(f"line {n}: id {qid!r} repeats line {seen_ids[qid]}")
        if key in seen_questions:
            problems.append(f"line {n}: question repeats line {seen_questions[key]}")
        seen_ids.setdefault(qid, n)
        seen_questions.setdefault(key, n)
        gold: list[str] = []
        for entry in row.relevant:
            matched = [by_id[entry]] if entry in by_id else by_question.get(normalise_question(entry), [])
            if not matched:
                problems.append(
                    f"line {n}: relevant entry {entry!r} is neither a card id nor a card question"
                )
            for card in matched:
                if card.is_practice:
                    problems.append(f"line {n}: {entry!r} is a practice prompt (no answer), never gold")
                elif card.card_id not in gold:
                    gold.append(card.card_id)
        numbers = tuple(row.expected_numbers) if row.expected_numbers else None
        queries.append(
            Query("gold", qid, row.question, tuple(gold), row.answer, not row.expect_abstain, numbers)
        )
    raise_problems(path, problems)
    return queries


def load_gold(path: Path, cards: Sequence[Card]) -> list[Query]:
    """Read, validate and resolve a user's gold file (see the module docstring).

    Raises:
        ConfigError: Naming every problem with its line number.
    """
    return resolve_gold(path, read_jsonl(path, GoldLine), cards)
