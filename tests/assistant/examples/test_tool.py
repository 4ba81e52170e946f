"""The ``worked_example`` LangChain tool."""

from __future__ import annotations

import json
from typing import get_args

from langchain_core.messages import ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant.examples.catalog import kind_names, run_example
from assistant.examples.render import to_json
from assistant.examples.tool import KindName, worked_example_tool


def test_schema_is_kind_enum_plus_params_object() -> None:
    spec = convert_to_openai_tool(worked_example_tool)["function"]
    assert spec["name"] == "worked_example"
    props = spec["parameters"]["properties"]
    assert set(props) == {"kind", "params"}
    assert props["kind"]["enum"] == list(kind_names())
    assert props["params"]["type"] == "object"
    assert spec["parameters"]["required"] == ["kind"]
    assert "- attention: Q:" in props["params"]["description"]
    assert len(spec["description"]) < 1024


def test_kind_literal_matches_catalog() -> None:
    assert get_args(KindName) == kind_names()


def test_invoke_returns_the_json_rendering() -> None:
    out = worked_example_tool.invoke({"kind": "attention", "params": {"tokens": 2, "seed": 4}})
    assert out == to_json(run_example("attention", tokens=2, seed=4))
    assert json.loads(out)["kind"] == "attention"
    assert worked_example_tool.invoke({"kind": "softmax"}) == to_json(run_example("softmax"))


def test_out_of_bounds_is_returned_as_tool_error_text() -> None:
    out = worked_example_tool.invoke({"kind": "multihead", "params": {"heads": 12}})
    assert out.startswith("ToolError: invalid parameters for worked example 'multihead'")
    assert "'heads'" in out and "<= 8" in out


def test_unknown_kind_and_extra_argument_are_returned_as_tool_error_text() -> None:
    out = worked_example_tool.invoke({"kind": "transformer", "params": {}})
    assert out.startswith("ToolError: invalid arguments for worked_example: 'kind'")
    out = worked_example_tool.invoke({"kind": "softmax", "code": "print(1)"})
    assert "'code'" in out and out.startswith("ToolError")


def test_tool_call_gives_error_status_message() -> None:
    call = {
        "name": "worked_example",
        "args": {"kind": "attention", "params": {"tokens": 99}},
        "id": "call-1",
        "type": "tool_call",
    }
    message = worked_example_tool.invoke(call)
    assert isinstance(message, ToolMessage)
    assert message.status == "error"
    assert "'tokens'" in str(message.content) and "<= 16" in str(message.content)


def test_strings_are_never_evaluated() -> None:
    out = worked_example_tool.invoke({"kind": "attention", "params": {"tokens": "__import__('os').getcwd()"}})
    assert out.startswith("ToolError") and "'tokens'" in out


def test_huge_results_are_elided_to_fit_a_context() -> None:
    params = {"tokens": 16, "source_tokens": 16, "d_model": 64, "heads": 8, "d_ff": 256}
    out = worked_example_tool.invoke({"kind": "decoder_layer", "params": params})
    assert len(out) < 60_000
    data = json.loads(out)
    assert "elided" in data
    assert data["inputs"]["W_1"] == {"omitted_values": 64 * 256, "shape": [64, 256]}
