"""Running the model's ``worked_example`` calls locally, with the float64 reference.

Each call is run by invoking the LangChain tool (:mod:`assistant.examples.tool`), which
validates the arguments (``extra="forbid"``, bounds) and returns the record as JSON, or a
``ToolError: ...`` text that names the bad field so that the model can correct its call.

What is kept where:

* ``ToolCall.result`` (in the answer): the tool's JSON parsed, at full precision, or
  ``{"error": message}``. It is the reference's output, never the model's text.
* The tool message sent back to the model: the same record with every float rounded to 6
  significant digits (the prompt asks for 4), in compact JSON, to save context. If it
  does not fit the tokens left, the intermediate tensors are replaced by their shapes; if it
  still does not fit, the model is told to ask for a smaller example.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from assistant.answers import ToolCall
from assistant.llm.client import RequestedCall
from assistant.llm.prompt import estimate_tokens

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


def run_call(request: RequestedCall, max_tokens: int) -> ToolRun:
    """Run ``request`` and build the reply the model gets, in at most ``max_tokens`` tokens."""
    arguments = request.arguments if request.arguments is not None else {"raw": request.raw_arguments}
    if request.name != TOOL_NAME:
        return _error(request, arguments, f"unknown tool {request.name!r}; the only tool is {TOOL_NAME}")
    if request.arguments is None:
        return _error(request, arguments, f"the arguments are not a JSON object ({request.error})")
    from assistant.examples.tool import worked_example_tool

    reply = worked_example_tool.invoke(
        {"name": TOOL_NAME, "args": request.arguments, "id": request.id, "type": "tool_call"}
    )
    content = str(reply.content)
    if getattr(reply, "status", "success") == "error" or content.startswith("ToolError:"):
        return _error(request, arguments, content.removeprefix("ToolError:").strip())
    result = json.loads(content)
    call = ToolCall(name=TOOL_NAME, arguments=arguments, result=result)
    sent = rounded(result)
    text = _compact(sent)
    warnings: tuple[str, ...] = ()
    if estimate_tokens(text) > max_tokens:
        sent = without_step_tensors(sent)
        text = _compact(sent)
        warnings = (
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
        return ToolRun(call, _tool_message(request, message), None, (warning,))
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
