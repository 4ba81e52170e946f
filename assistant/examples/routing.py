"""Offline routing of worked-example requests: question text → kind + every argument, or None.

No language model is involved. The kind comes from keyword rules
(:mod:`~assistant.examples.routing_rules`); the arguments come from the reader
(:mod:`~assistant.examples.reader`), which understands matrices and vectors named by role in
any common notation, scalars, a class index in words and the options. A question is routed
only when it asks for numbers: a trigger ("work through", "compute", "show me the numbers",
...), written-out arrays, or numeric parameters in a question that is not conceptual ("why
...", "what does ... mean"). Conceptual questions return ``None`` and go to the cards.

What is read is never silently replaced: :attr:`RouteResult.problems` names every number that
cannot be used (read twice with two values, an array with no place, a wrong shape) and the
answer then computes nothing; numbers the reader could not place are named in a note;
:attr:`RouteResult.notes` names exactly the parameters that will take a default.

The claim "if x_i is orthogonal to x_j then x_j has zero influence on y_i" always routes to
``orthogonal_influence``, whose example shows the weight is ``exp(0)/Z > 0``.

Example:
    >>> route("Work through attention with 3 tokens and d_k = 4").params
    mappingproxy({'tokens': 3, 'd_k': 4})
    >>> route("the query [1, 1] over the keys [1, 0], [0, 1] and [1, 1]").params["K"]
    [[1, 0], [0, 1], [1, 1]]
    >>> route("Why do we scale by sqrt(d_k)?") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from assistant.examples.catalog import KINDS, defaults_used
from assistant.examples.literals import Literal, find_literals, list_rows, matching_bracket
from assistant.examples.reader import (
    Reading,
    mask_spans,
    read_arrays,
    read_class,
    read_padding,
    unread_numbers,
)
from assistant.examples.routing_rules import (
    ACCEPTS,
    CONCEPTUAL,
    FLAG_NAMES,
    IMPERATIVE,
    KIND_RULES,
    NOT_A_REQUEST,
    PRESETS,
    PURPOSE,
    QUESTION_START,
    SCALARS,
    TRIGGER,
    VALUE_QUESTION,
    WEAK_TRIGGER,
)
from ingest.errors import ToolError


@dataclass(frozen=True)
class RouteResult:
    """A parsed worked-example request.

    Attributes:
        kind: Catalog kind.
        params: Only the parameters the question states, as read (defaults are left to the
            catalog).
        notes: E.g. ``"using defaults: d_model = 512"`` or ``"not used: 0.09"``.
        problems: Numbers that cannot be used and why; when any, nothing is computed.
    """

    kind: str
    params: Mapping[str, Any]
    notes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve"
_WORD_NUMBERS = {w: str(i) for i, w in enumerate(_NUMBER_WORDS.split())}
_POSITION_WORD = re.compile(r"\b(position|pos|step) (" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"\b(" + "|".join(_WORD_NUMBERS) + r")(?=[- ](?:attention[- ])?(?:tokens?|heads?|layers?|classes|"
    r"words?|vectors?|keys?|quer(?:y|ies)|positions?|states|encoder states|blocks?)\b)",
    re.IGNORECASE,
)


def _normalise(question: str) -> str:
    text = question.replace("‑", "-").replace("–", "-").replace("—", "-").replace("−", "-")
    text = re.sub(r"_\{(\w+)\}", r"_\1", text)  # d_{model} -> d_model, x_{1} -> x_1
    text = _COUNTED.sub(lambda m: _WORD_NUMBERS[m.group(1).lower()], text)
    text = _POSITION_WORD.sub(lambda m: f"{m.group(1)} {_WORD_NUMBERS[m.group(2).lower()]}", text)
    return re.sub(r"\s+", " ", text).strip()


_ATTENTION_NAMES = re.compile(r"\b[qkv]\s*[=:]|\bq\s*,\s*k\b|\bq\s*=\s*k\b|\bquer(?:y|ies)\b|\bkeys?\b|\bqk")


def _kind(low: str, literals: list[Literal]) -> str | None:
    for kind, pattern in KIND_RULES:
        if re.search(pattern, low):
            return kind
    if re.search(r"attention|self-attention", low) or _ATTENTION_NAMES.search(low):
        return "attention"
    if re.search(r"\bsoftmax\b|temperature", low):
        return "softmax"
    return None


def _flags(low: str) -> dict[str, Any]:
    flags: dict[str, Any] = {}
    if re.search(r"\bcausal|\bmasked\b(?! out)|look-?ahead mask|autoregressive|triangular mask", low):
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
    style = re.search(r"\b(gpt-?2|bert)[- ](?:style|like|layout|architecture|shaped)\b", low)
    if style:
        flags["style"] = "gpt2" if style.group(1).startswith("gpt") else "bert"
        return flags
    for pattern, preset in PRESETS:
        if re.search(rf"\b{pattern}\b", low):
            flags["preset"] = preset
            break
    return flags


def _scalars(masked: str, kind: str, reading: Reading) -> dict[str, Any]:
    """Every scalar pattern over the text (arrays blanked); two values for one name is a problem.

    Only the scalars ``kind`` takes count as read; the others are left for the "not used" note.
    """
    low = masked.lower()
    found: dict[str, Any] = {}
    claimed: dict[tuple[int, int], str] = {}
    for name, pattern, cast in SCALARS:
        for m in re.finditer(pattern, low):
            span = m.span(1)
            if name in ACCEPTS[kind] and claimed.setdefault(span, name) != name:
                continue  # "step 100 warmup 4000": 100 is the step, not a warm-up
            value = cast(m.group(1).replace(",", ""))
            if name in found and found[name][0] != value and span not in found[name][2]:
                reading.problems.append(
                    f"{name} is given twice with different values ({found[name][0]} and {value}); "
                    "say which one to use"
                )
                continue
            entry = found.setdefault(name, (value, [], []))
            entry[1].append(m.span())
            entry[2].append(span)
    reading.spans.extend(s for n, (_, spans, _) in found.items() if n in ACCEPTS[kind] for s in spans)
    return {name: value for name, (value, _, _) in found.items()}


def _unread_arrays(masked: str) -> list[str]:
    """Brackets left after the literals were blanked: a symbol, a ragged matrix, no closing bracket."""
    found, pos = [], masked.find("[")
    while pos >= 0:
        end = matching_bracket(masked, pos)
        inside = masked[pos + 1 : end]
        if re.search(r"[\d\[]", inside):  # "[CLS]" or "[MASK]" are tokens, not arrays
            found.append(masked[pos:end][:40])
        pos = masked.find("[", end)
    return found


#: The name of a whole-number parameter right before a number it could not take ("position 3.5").
_NAMED_BEFORE = re.compile(
    r"\b(position|step|warmup|heads|tokens|d_model|d_k|d_v|d_ff|n_layers|classes|vocab_size|seed)"
    r"(?: (?:is|of|=|at))?\s*[=:]?\s*$"
)

_NAMED_AFTER = re.compile(r"\s*-?\s*(tokens?|heads?|layers?|classes|warm-?\s?up steps|steps)\b")
_FIELD_OF = {"token": "tokens", "head": "heads", "layer": "n_layers", "layers": "n_layers", "steps": "step"}
_FIELD_OF |= {"warmup steps": "warmup", "warm-up steps": "warmup", "warm up steps": "warmup"}


def _keys(params: Mapping[str, Any]) -> int | None:
    for name in ("K", "V", "X", "Q"):
        if name in params:
            return len(params[name])
    return None


def _complete(kind: str, params: dict[str, Any], reading: Reading, masked: str) -> None:
    """Readings that depend on the kind: self-attention's X, the class, padding, scalar γ/β."""
    if kind == "attention" and "X" in params:
        x = params.pop("X")
        filled = [n for n in ("Q", "K", "V") if n not in params]
        for name in filled:
            params[name] = x
        if filled:
            reading.notes.append(f"self-attention without projections: {' = '.join(filled)} = X")
    if kind == "attention":
        read_padding(masked, _keys(params), reading)
        if "padding_mask" in reading.params:
            params["padding_mask"] = reading.params["padding_mask"]
    if kind == "label_smoothing":
        index = read_class(masked, reading)
        if index is not None and "target" not in params:
            rows = params.get("logits")
            if rows is not None and len(rows) != 1:
                reading.problems.append(
                    f"one class ({index}) was given for {len(rows)} rows of logits; give one per row"
                )
            else:
                params["target"] = [len(rows[0]) - 1 if index < 0 and rows else index]
    if kind == "layer_norm":
        width = len(params["X"][0]) if "X" in params else params.get("d_model")
        for name in ("gain", "bias"):
            if isinstance(params.get(name), float):
                if width is None:
                    reading.problems.append(
                        f"{name} = {params[name]:g} needs X or d_model to know its length"
                    )
                else:
                    params[name] = [params[name]] * width


def _is_request(low: str, kind: str, arrays: bool, params: Mapping[str, Any], digits: bool) -> bool:
    if kind == "orthogonal_influence":
        return True
    if arrays:
        return not re.match(r"^\s*why\b", low)
    if TRIGGER.search(low) and not NOT_A_REQUEST.search(low):
        return True
    weak = WEAK_TRIGGER.search(low) and not (NOT_A_REQUEST.search(low) or PURPOSE.search(low))
    if weak and (IMPERATIVE.match(low) or not QUESTION_START.match(low)):
        return True
    if CONCEPTUAL.search(low) or (QUESTION_START.match(low) and not VALUE_QUESTION.match(low)):
        return False  # "is 0.1 smoothing a good idea?", "are 2 heads enough?": yes/no, not a request
    # Sizes read only from words ("for one attention head, what are ...") do not make a request.
    has_numbers = digits and any(name not in FLAG_NAMES for name in params)
    return has_numbers or (kind == "param_count" and "preset" in params)


def _notes(kind: str, params: Mapping[str, Any], low: str) -> tuple[str, ...]:
    try:
        from assistant.examples.catalog import validate_params

        used = defaults_used(kind, validate_params(kind, params))
    except ToolError:
        used = ()  # the catalog will refuse and say why
    notes = []
    if used:
        lead = "no numbers given; using" if not params else "using defaults:"
        notes.append(f"{lead} {', '.join(used)}")
    if params.get("preset") == "gpt2-small" and "small" not in low and len(params) == 1:
        notes.append("GPT-2 without a size: counting GPT-2 small")
    return tuple(notes)


def route(question: str) -> RouteResult | None:
    """Read a worked-example request, or return ``None`` for anything else.

    Args:
        question: The student's message.

    Returns:
        The kind, the parameters the question states (as read), notes on the defaults that
        will be used and on numbers left unread, and the problems that stop the example;
        ``None`` for conceptual questions and unrelated text.
    """
    text = _normalise(question)
    literals = list_rows(text, find_literals(text))
    masked = mask_spans(text, [(lit.start, lit.end) for lit in literals])
    low = masked.lower()
    kind = _kind(low, literals)
    if kind is None:
        return None
    reading = Reading()
    read_arrays(text, kind, reading)
    generic = {**_scalars(masked, kind, reading), **_flags(low), **reading.params}
    params: dict[str, Any] = {}
    for source, target in ACCEPTS[kind].items():
        if source in generic and target not in params:
            params[target] = generic[source]
    _complete(kind, params, reading, masked)
    unread_arrays = _unread_arrays(masked)
    reading.problems += [f"could not read {snippet!r} as numbers" for snippet in unread_arrays]
    arrays = bool(literals or unread_arrays)
    if not _is_request(low, kind, arrays, params, digits=bool(re.search(r"\d", question))):
        return None
    unread = unread_numbers(masked, reading.spans) if not reading.problems else []
    for number, before, after in unread:
        named = _NAMED_BEFORE.search(before) or _NAMED_AFTER.match(after)
        name = named and _FIELD_OF.get(named.group(1), named.group(1))
        if name and name in KINDS[kind].params.model_fields and name not in params:
            reading.problems.append(f"{name} = {number} cannot be used: {name} takes a whole number")
    if reading.problems:
        return RouteResult(kind, params, tuple(reading.notes), tuple(reading.problems))
    notes = list(_notes(kind, params, low)) + reading.notes
    if unread:
        numbers = ", ".join(number for number, _, _ in unread)
        notes.append(f"not used (no parameter of {kind} takes them): {numbers}")
    return RouteResult(kind, params, tuple(notes), tuple(reading.problems))


__all__ = ["KINDS", "RouteResult", "route"]
