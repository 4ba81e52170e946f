"""Offline routing of worked-example requests: question text → kind + parameters, or None.

No language model is involved: keyword rules pick the kind and regular expressions pull
numbers out of the text. A question is routed only when it asks for numbers: a trigger
("work through", "compute", "calculate", "example", "show me the numbers", ...), explicit
matrices, or numeric parameters in a question that is not conceptual ("why ...",
"how does ... differ ..."). Conceptual questions return ``None`` and go to the cards.

The claim "if x_i is orthogonal to x_j then x_j has zero influence on y_i" always routes to
``orthogonal_influence``, whose example shows the weight is ``exp(0)/Z > 0``.

Explicit matrices are read with :func:`ast.literal_eval` on text already restricted to
digits, brackets, signs, commas and dots, so nothing in a question is ever executed.

Example:
    >>> route("Work through attention with 3 tokens and d_k = 4").params
    mappingproxy({'tokens': 3, 'd_k': 4})
    >>> route("Why do we scale by sqrt(d_k)?") is None
    True
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from assistant.examples.catalog import KINDS
from assistant.examples.routing_rules import (
    ACCEPTS,
    CONCEPTUAL,
    FLAG_NAMES,
    HEADLINE,
    IMPERATIVE,
    IMPLIED,
    KIND_RULES,
    LIST,
    MATRIX_NAMES,
    NOT_A_REQUEST,
    PRESETS,
    PURPOSE,
    QUESTION_START,
    SCALARS,
    TRIGGER,
    WEAK_TRIGGER,
)


@dataclass(frozen=True)
class RouteResult:
    """A parsed worked-example request.

    Attributes:
        kind: Catalog kind.
        params: Only the parameters the question states (defaults are left to the catalog).
        notes: E.g. ``"no numbers given; using 3 tokens, d_k = 4, seed 0"``.
    """

    kind: str
    params: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


def _normalise(question: str) -> str:
    text = question.replace("‑", "-").replace("–", "-").replace("—", "-").replace("_{", "_").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


def _literal(text: str) -> Any:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, list) and value else None


def _matrices(text: str) -> tuple[dict[str, Any], str]:
    """Pull ``NAME = [[...]]`` (and a bare ``softmax of [...]``) out of the text."""
    found: dict[str, Any] = {}
    names = "|".join(sorted(MATRIX_NAMES, key=len, reverse=True))
    pattern = re.compile(rf"\b({names})\s*(?:=|:|is)\s*{LIST}", re.IGNORECASE)
    for name, raw in pattern.findall(text):
        value = _literal(raw)
        if value is None:
            continue
        one_d, two_d = MATRIX_NAMES[name.lower()]
        key = two_d if isinstance(value[0], list) else one_d
        if key == "logits_row":  # one token's logits
            key, value = "logits", [value]
        if key:
            found[key] = value
    text = pattern.sub(" ", text)
    bare = re.search(rf"\bsoftmax\s*(?:of|\(|on|for)?\s*(?:the )?(?:scores )?{LIST}", text, re.IGNORECASE)
    if bare and "scores" not in found and (value := _literal(bare.group(1))) is not None:
        found["scores"] = value
        text = text.replace(bare.group(1), " ")
    return found, text


def _scalars(text: str) -> dict[str, Any]:
    low = text.lower()
    found: dict[str, Any] = {}
    for name, pattern, cast in SCALARS:
        if name in found:
            continue
        m = re.search(pattern, low)
        if m:
            found[name] = cast(m.group(1).replace(",", ""))
    return found


def _flags(low: str) -> dict[str, Any]:
    flags: dict[str, Any] = {}
    if re.search(r"\bcausal|masked self-attention|look-?ahead mask|autoregressive", low):
        flags["mask"] = "causal"
    elif re.search(r"\bno mask|without (?:a )?mask|unmasked", low):
        flags["mask"] = "none"
    if re.search(r"\bpre-?\s?(?:norm|ln|layer ?norm)|norm[- ]first", low):
        flags["norm"] = "pre"
    elif re.search(r"\bpost-?\s?(?:norm|ln|layer ?norm)", low):
        flags["norm"] = "post"
    for pattern, activation in (
        (r"gelu[_ ]?(?:new|tanh)", "gelu_tanh"),
        (r"\bgelu\b", "gelu"),
        (r"\brelu\b", "relu"),
    ):
        if re.search(pattern, low):
            flags["activation"] = activation
            break
    for pattern, preset in PRESETS:
        if re.search(rf"\b{pattern}\b", low):
            flags["preset"] = preset
            break
    return flags


def _kind(low: str, matrices: Mapping[str, Any]) -> str | None:
    for kind, pattern in KIND_RULES:
        if re.search(pattern, low):
            return kind
    if matrices.keys() & {"Q", "K", "V"}:
        return "attention"
    if "scores" in matrices or re.search(r"\bsoftmax\b|temperature", low):
        return "softmax"
    if re.search(r"attention|\bqk|\bquer(?:y|ies)\b|\bkeys?\b", low):
        return "attention"
    return None


def _describe(kind: str, name: str, value: Any) -> str:
    if name == "tokens":
        return f"{value} random scores" if kind == "softmax" else f"{value} tokens"
    if name == "seed":
        return f"seed {value}"
    if name == "X":
        return "x_0 = [1, 0], x_1 = [0, 1]"
    if name == "preset":
        return "the gpt2-small layout for anything not given"
    if name == "norm":
        return f"{value}-norm"
    return f"{name} = {value}"


def _notes(kind: str, params: Mapping[str, Any], low: str) -> tuple[str, ...]:
    fields = KINDS[kind].params.model_fields
    implied = {size for name in params for size in IMPLIED.get(name, ())}
    random_free = kind == "attention" and {"Q", "K", "V"} <= params.keys()
    missing = [
        _describe(kind, name, fields[name].default)
        for name in HEADLINE[kind]
        if name not in params and name not in implied and not (name == "seed" and random_free)
    ]
    notes = []
    if missing:
        lead = "no numbers given; using" if not params else "using defaults:"
        notes.append(f"{lead} {', '.join(missing)}")
    if params.get("preset") == "gpt2-small" and "small" not in low and len(params) == 1:
        notes.append("GPT-2 without a size: counting GPT-2 small")
    return tuple(notes)


def _is_request(low: str, kind: str, matrices: Mapping[str, Any], params: Mapping[str, Any]) -> bool:
    if kind == "orthogonal_influence" or matrices:
        return True
    if TRIGGER.search(low) and not NOT_A_REQUEST.search(low):
        return True
    weak = WEAK_TRIGGER.search(low) and not (NOT_A_REQUEST.search(low) or PURPOSE.search(low))
    if weak and (IMPERATIVE.match(low) or not QUESTION_START.match(low)):
        return True
    if CONCEPTUAL.search(low):
        return False
    has_numbers = any(name not in FLAG_NAMES for name in params)
    return has_numbers or (kind == "param_count" and "preset" in params)


def route(question: str) -> RouteResult | None:
    """Parse a worked-example request, or return ``None`` for anything else.

    Args:
        question: The student's message.

    Returns:
        The kind, the parameters the question states, and notes on the defaults that
        will be used; ``None`` for conceptual questions and unrelated text.
    """
    text = _normalise(question)
    matrices, rest = _matrices(text)
    low = rest.lower()
    kind = _kind(low, matrices)
    if kind is None:
        return None
    generic = {**_scalars(rest), **_flags(low), **matrices}
    params: dict[str, Any] = {}
    for source, target in ACCEPTS[kind].items():
        if source in generic and target not in params:
            params[target] = generic[source]
    if not _is_request(low, kind, matrices, params):
        return None
    return RouteResult(kind, params, _notes(kind, params, low))
