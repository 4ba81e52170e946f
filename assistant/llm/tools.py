"""Running the model's ``worked_example`` calls locally, with the float64 reference.

Each call is run by invoking the LangChain tool (:mod:`assistant.examples.tool`), which
validates the arguments (``extra="forbid"``, bounds) and returns the record as JSON, or a
``ToolError: ...`` text that names the bad field so that the model can correct its call.

What is kept where:

* ``ToolCall.result`` (in the answer): the tool's JSON parsed, at full precision, or
  ``{"error": message}``. It is the reference's output, never the model's text.
* ``ToolCall.arguments``: the model's arguments as read: arrays it wrote as text
  (``"[[1, 0], [0, 1]]"``, ``np.array(...)``, LaTeX) parsed into lists, and, when the model
  left out numbers the question gives, the question's values (:func:`reconcile`, with a
  warning).
* The tool message sent back to the model: the same record with every float rounded to 6
  significant digits (the prompt asks for 4), in compact JSON, to save context. If it
  does not fit the tokens left, the intermediate tensors are replaced by their shapes; if it
  still does not fit, the model is told to ask for a smaller example.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.answers import ToolCall
from assistant.llm.client import RequestedCall
from assistant.llm.prompt import estimate_tokens

if TYPE_CHECKING:
    from assistant.examples.routing import RouteResult

TOOL_NAME = "worked_example"
SIGNIFICANT_DIGITS = 6


@dataclass(frozen=True)
class ToolRun:
    """One call run locally.

    Attributes:
        call: The record for ``Answer.tool_calls``.
        message: The ``tool`` message for the model.
        sent: The result as the model received it (rounded), for the number check.
        warnings: Notes for the answer (steps left out to fit the budget ...).
    """

    call: ToolCall
    message: dict[str, Any]
    sent: Any = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def tools() -> list[Any]:
    """The LangChain tools the model is offered."""
    from assistant.examples.tool import worked_example_tool

    return [worked_example_tool]


def reconcile(
    arguments: dict[str, Any], reading: RouteResult | None
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The model's arguments, with the question's own numbers where the model left them out.

    When the offline reader (:func:`~assistant.examples.routing.route`) read the question as the
    same kind and the model's call leaves out parameters the question gives (it would compute
    on defaults), the reader's values are used for those, the model's size parameters that the
    question's matrices fix are dropped, and a warning says so. The model's own values are kept
    otherwise and validated as before.
    """
    if reading is None or reading.problems or not isinstance(arguments.get("params", {}), dict):
        return arguments, ()
    if arguments.get("kind") != reading.kind:
        return arguments, ()
    params = dict(arguments.get("params") or {})
    missing = [name for name in reading.params if name not in params]
    if not missing:
        return arguments, ()
    from assistant.examples.catalog import validate_params
    from assistant.examples.defaults import IMPLIED
    from ingest.errors import ToolError

    try:
        validate_params(reading.kind, params)
    except ToolError:
        return arguments, ()  # an invalid call goes back to the model to correct, as before

    fixed = {size for name in missing for size in IMPLIED.get(name, ())}
    dropped = [n for n in params if n in fixed and n not in reading.params]
    params = {k: v for k, v in params.items() if k not in dropped} | {n: reading.params[n] for n in missing}
    warning = (
        f"worked example {reading.kind!r}: the model's call left out {', '.join(missing)}, which the "
        "question gives; the question's values (read offline) were used instead of defaults"
        + (f", and the model's {', '.join(dropped)} dropped" if dropped else "")
    )
    return {**arguments, "params": params}, (warning,)


def run_call(request: RequestedCall, max_tokens: int, reading: RouteResult | None = None) -> ToolRun:
    """Run ``request`` and build the reply the model gets, in at most ``max_tokens`` tokens.

    ``reading`` is the offline reader's reading of the question (see :func:`reconcile`).
    """
    arguments = request.arguments if request.arguments is not None else {"raw": request.raw_arguments}
    if request.name != TOOL_NAME:
        return _error(request, arguments, f"unknown tool {request.name!r}; the only tool is {TOOL_NAME}")
    if request.arguments is None:
        return _error(request, arguments, f"the arguments are not a JSON object ({request.error})")
    from assistant.examples.tool import read_params, worked_example_tool

    arguments, reconciled = reconcile(read_params(arguments), reading)
    reply = worked_example_tool.invoke(
        {"name": TOOL_NAME, "args": arguments, "id": request.id, "type": "tool_call"}
    )
    content = str(reply.content)
    if getattr(reply, "status", "success") == "error" or content.startswith("ToolError:"):
        run = _error(request, arguments, content.removeprefix("ToolError:").strip())
        return dataclasses.replace(run, warnings=reconciled)
    result = json.loads(content)
    call = ToolCall(name=TOOL_NAME, arguments=arguments, result=result)
    sent = rounded(result)
    text = _compact(sent)
    warnings = reconciled
    if estimate_tokens(text) > max_tokens:
        sent = without_step_tensors(sent)
        text = _compact(sent)
        warnings += (
            f"worked example {result.get('kind', '')!r}: its intermediate tensors were left out of the "
            "model's context to fit the budget (tool_calls holds them all)",
        )
    if estimate_tokens(text) > max_tokens:
        message = (
            f"ToolError: the result (about {estimate_tokens(text)} tokens) does not fit the "
            f"{max(0, max_tokens)} tokens left in the context; ask for a smaller example "
            "(fewer tokens, a smaller d_model) or answer without it"
        )
        warning = f"worked example {result.get('kind', '')!r} was too large for the context budget"
        return ToolRun(call, _tool_message(request, message), None, (*reconciled, warning))
    return ToolRun(call, _tool_message(request, text), sent, warnings)


def rounded(data: Any, digits: int = SIGNIFICANT_DIGITS) -> Any:
    """``data`` with every finite float rounded to ``digits`` significant digits."""
    if isinstance(data, float) and math.isfinite(data) and data != 0.0:
        return float(f"{data:.{digits}g}")
    if isinstance(data, dict):
        return {key: rounded(value, digits) for key, value in data.items()}
    if isinstance(data, list):
        return [rounded(value, digits) for value in data]
    return data


def without_step_tensors(record: Any) -> Any:
    """The record with each step's tensor replaced by its shape."""
    if not isinstance(record, dict) or not isinstance(record.get("steps"), list):
        return record
    steps = [
        {k: v for k, v in step.items() if k != "tensor"} | {"tensor": "left out to fit the context"}
        if isinstance(step, dict)
        else step
        for step in record["steps"]
    ]
    return {**record, "steps": steps}


def _compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _tool_message(request: RequestedCall, content: str) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": request.id, "content": content}


def _error(request: RequestedCall, arguments: dict[str, Any], message: str) -> ToolRun:
    call = ToolCall(name=request.name or TOOL_NAME, arguments=arguments, result={"error": message})
    return ToolRun(call, _tool_message(request, f"ToolError: {message}"))
