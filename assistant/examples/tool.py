"""The ``worked_example`` LangChain tool: a thin adapter over :func:`run_request`.

Schema choice: two arguments, ``kind`` (an enum of the catalog's kinds) and ``params`` (an
object of that kind's parameters, default ``{}``). A flat schema would need the union of
every kind's fields (about forty, many with clashing meanings), which tool-calling models
fill less reliably than a small enum plus an object; each kind's parameters are listed in
the ``params`` description, and the catalog validates them with ``extra="forbid"``.

The tool only selects a catalog builder and passes numbers; it never evaluates code or
expressions from the model. Its output is :func:`to_json` of the record; if that exceeds
``MAX_OUTPUT_CHARS`` (large encoder/decoder requests reach ~700 kB), tensors of more than
``ELIDE_ABOVE_VALUES`` numbers are replaced by their shapes and an ``"elided"`` key says so.

Errors: a bad ``kind``/``params`` (unknown kind, unknown parameter, out-of-bounds value) is
*returned* to the model as the tool's content, prefixed ``"ToolError: "``, with the field
and its limit named, so the model can correct its call; when LangChain invokes the tool
with a ``tool_call_id`` the resulting ``ToolMessage`` has ``status="error"``. Python callers
who want the exception call :func:`assistant.examples.catalog.run_example` directly, which
raises :class:`~ingest.errors.ToolError`.

Example:
    >>> out = worked_example_tool.invoke({"kind": "lr_schedule", "params": {"step": 100}})
    >>> '"learning_rate"' in out
    True
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.tools import StructuredTool, ToolException
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.examples.catalog import list_kinds, run_request
from assistant.examples.literals import parse_array
from assistant.examples.render import to_json
from ingest.errors import ToolError

TOOL_NAME = "worked_example"
MAX_OUTPUT_CHARS = 60_000
"""Above this, big tensors are replaced by their shapes so the output fits a model's context."""
ELIDE_ABOVE_VALUES = 256

KindName = Literal[
    "softmax",
    "attention",
    "alignment_scores",
    "multihead",
    "orthogonal_influence",
    "positional_encoding",
    "layer_norm",
    "ffn",
    "encoder_layer",
    "decoder_layer",
    "lm_head",
    "lr_schedule",
    "label_smoothing",
    "param_count",
    "layer_cost",
]


def _params_description() -> str:
    lines = ["Parameters of the chosen kind; all optional (omit for defaults). Per kind:"]
    for kind in list_kinds():
        fields = ", ".join(f"{p.name}: {p.type} = {p.default!r} [{p.limit}]" for p in kind.params)
        lines.append(f"- {kind.name}: {fields}")
    return "\n".join(lines)


class WorkedExampleArgs(BaseModel):
    """Arguments of the ``worked_example`` tool."""

    model_config = ConfigDict(extra="forbid")

    kind: KindName = Field(description="Which worked example to compute.")
    params: dict[str, Any] = Field(default_factory=dict, description=_params_description())


DESCRIPTION = (
    "Compute a worked numerical example of a transformer concept with a float64 reference "
    "implementation and return every intermediate step as JSON (inputs, steps with tensors, "
    "outputs, LaTeX formula, notes). Use it when the student asks to compute, work through or "
    "see the numbers of: softmax, scaled dot-product attention, alignment scores, multi-head "
    "attention, whether an orthogonal vector has zero influence, sinusoidal positional "
    "encoding, layer norm vs batch norm, the FFN, an encoder or decoder layer, the LM head, "
    "the learning-rate schedule, label smoothing, parameter counts (GPT-2, BERT) or per-layer "
    "cost. Pass every number the student gives (matrices as lists of rows); omit a parameter "
    "only when the student did not give it. Limits: at most 16 tokens, d_model <= 64, "
    "heads <= 8. Random inputs are seeded (seed, default 0), so the same call gives the same "
    "numbers."
)


def read_params(arguments: dict[str, Any]) -> dict[str, Any]:
    """``arguments`` with every array the model wrote as text parsed into lists.

    Models sometimes send ``"Q": "[[1, 0], [0, 1]]"``, ``"np.array([1, 2])"`` or a LaTeX
    ``bmatrix`` string; those are read with the same parser as students' questions
    (:func:`~assistant.examples.literals.parse_array`, never ``eval``). Anything else is left
    for validation to judge.
    """
    params = arguments.get("params")
    if not isinstance(params, dict):
        return arguments
    read = {}
    for name, value in params.items():
        parsed = parse_array(value) if isinstance(value, str) else None
        read[name] = value if parsed is None else parsed
    return {**arguments, "params": read}


def _run(kind: str, params: dict[str, Any] | None = None) -> str:
    params = read_params({"params": params or {}})["params"]
    try:
        example = run_request(kind, params)
    except ToolError as err:
        raise ToolException(str(err)) from err
    text = to_json(example)
    if len(text) <= MAX_OUTPUT_CHARS:
        return text
    return to_json(example, max_values=ELIDE_ABOVE_VALUES)


def _tool_error(err: ToolException) -> str:
    return f"ToolError: {err}"


def _validation_error(err: ValidationError | Any) -> str:
    problems = []
    for e in err.errors(include_url=False):
        loc = ".".join(str(part) for part in e["loc"]) or "arguments"
        problems.append(f"'{loc}': {e['msg']} (got {str(e.get('input'))[:60]!r})")
    return f"ToolError: invalid arguments for {TOOL_NAME}: " + "; ".join(problems)


def make_worked_example_tool() -> StructuredTool:
    """A fresh ``worked_example`` tool (see the module docstring for schema and errors)."""
    return StructuredTool.from_function(
        func=_run,
        name=TOOL_NAME,
        description=DESCRIPTION,
        args_schema=WorkedExampleArgs,
        handle_tool_error=_tool_error,
        handle_validation_error=_validation_error,
    )


worked_example_tool: StructuredTool = make_worked_example_tool()
