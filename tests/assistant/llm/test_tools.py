"""The model's worked_example calls, run locally: results from the reference, replies that fit."""

from __future__ import annotations

import json

from assistant.examples.catalog import run_request
from assistant.examples.render import to_json
from assistant.examples.routing import route
from assistant.llm.client import RequestedCall
from assistant.llm.tools import reconcile, rounded, run_call, without_step_tensors


def call(arguments, name="worked_example", raw=None):
    return RequestedCall(
        "call_1", name, arguments, raw or json.dumps(arguments), None if arguments else "bad"
    )


def test_a_call_is_run_with_the_reference():
    run = run_call(call({"kind": "lr_schedule", "params": {"step": 100}}), max_tokens=10_000)
    reference = json.loads(to_json(run_request("lr_schedule", {"step": 100})))
    assert (
        run.call.result == reference and run.call.result["outputs"]["learning_rate"] == 1.746928107421711e-05
    )
    assert run.call.arguments == {"kind": "lr_schedule", "params": {"step": 100}}
    assert run.message["role"] == "tool" and run.message["tool_call_id"] == "call_1"
    assert json.loads(run.message["content"]) == rounded(reference) == run.sent
    assert run.sent["outputs"]["learning_rate"] == 1.74693e-05 and run.warnings == ()


def test_rounded():
    assert rounded({"a": [0.24472847105479764, 3, -1.0e-9 / 3], "b": "0.123456789", "c": 0.0}) == {
        "a": [0.244728, 3, -3.33333e-10],
        "b": "0.123456789",
        "c": 0.0,
    }


def test_bad_calls_are_answered_with_the_reason():
    unknown = run_call(call({"x": 1}, name="search"), 1000)
    assert unknown.message["content"] == "ToolError: unknown tool 'search'; the only tool is worked_example"
    not_json = run_call(RequestedCall("call_2", "worked_example", None, "{oops", "not valid JSON"), 1000)
    assert not_json.message["content"] == "ToolError: the arguments are not a JSON object (not valid JSON)"
    assert not_json.call.arguments == {"raw": "{oops"} and not_json.call.result == {
        "error": "the arguments are not a JSON object (not valid JSON)"
    }
    out_of_bounds = run_call(call({"kind": "attention", "params": {"tokens": 100}}), 1000)
    assert out_of_bounds.message["content"].startswith(
        "ToolError: invalid parameters for worked example 'attention'"
    )
    assert "<= 16" in out_of_bounds.call.result["error"]


def test_a_result_too_large_for_the_budget_loses_its_steps_then_is_refused():
    request = call({"kind": "encoder_layer", "params": {}})
    full = run_call(request, max_tokens=100_000)
    assert full.warnings == ()
    without_steps = json.dumps(without_step_tensors(full.sent), separators=(",", ":"))
    from assistant.llm.prompt import estimate_tokens

    slim = run_call(request, max_tokens=estimate_tokens(without_steps))
    assert json.loads(slim.message["content"])["steps"][0]["tensor"] == "left out to fit the context"
    assert slim.call.result == full.call.result  # the answer keeps everything
    assert "intermediate tensors were left out" in slim.warnings[0]
    refused = run_call(request, max_tokens=50)
    assert refused.message["content"].startswith("ToolError: the result (about ")
    assert refused.sent is None and refused.call.result == full.call.result
    assert refused.warnings == ("worked example 'encoder_layer' was too large for the context budget",)


def test_arrays_written_as_text_by_the_model_are_read():
    arguments = {"kind": "softmax", "params": {"scores": "np.array([1, 2, 3])", "temperature": 2}}
    run = run_call(call(arguments), 10_000)
    assert run.call.arguments == {"kind": "softmax", "params": {"scores": [1, 2, 3], "temperature": 2}}
    assert run.call.result["inputs"]["scores"] == [1.0, 2.0, 3.0]
    latex = {"kind": "layer_norm", "params": {"X": r"\begin{bmatrix} 1 & 2 \\ 3 & 5 \end{bmatrix}"}}
    assert run_call(call(latex), 10_000).call.arguments["params"] == {"X": [[1, 2], [3, 5]]}


def test_the_questions_numbers_win_only_over_defaults():
    reading = route("softmax of [1, 2, 3] with temperature 0.5")
    # the model left the scores out: the question's are used, with a warning
    filled, warnings = reconcile({"kind": "softmax", "params": {"temperature": 0.5}}, reading)
    assert filled == {"kind": "softmax", "params": {"temperature": 0.5, "scores": [1, 2, 3]}}
    assert warnings == (
        "worked example 'softmax': the model's call left out scores, which the question gives; the "
        "question's values (read offline) were used instead of defaults",
    )
    # the model gave every number: its call stands
    given = {"kind": "softmax", "params": {"scores": [1, 2, 3], "temperature": 0.5}}
    assert reconcile(given, reading) == (given, ())
    # another kind, no reading, or a call that does not validate: untouched
    other = {"kind": "lm_head", "params": {}}
    assert reconcile(other, reading) == (other, ())
    assert reconcile({"kind": "softmax", "params": {}}, None) == ({"kind": "softmax", "params": {}}, ())
    invalid = {"kind": "softmax", "params": {"x": [1]}}
    assert reconcile(invalid, reading) == (invalid, ())
