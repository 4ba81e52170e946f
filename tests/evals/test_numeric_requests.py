"""The numeric-requests set: the file, its scoring, and the reader's figures on it.

The figures are measured through the worked-example answerer with a retriever that finds no
cards (routing, arguments and values do not depend on the cards); ``study eval`` runs the same
set through ``StudyAssistant.ask`` (tests/evals/test_eval_bundled.py, slow).
"""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from assistant.answers import Answer, ToolCall
from assistant.example_answerer import ExampleAnswerer
from evals.numeric_requests import (
    DATA,
    RequestLine,
    judge_request,
    load_requests,
    same_value,
    score_numeric_requests,
)


class NoCards:
    def search(self, question: str, k: int = 5) -> list:
        return []


def ask_offline(question: str) -> Answer:
    answer = ExampleAnswerer(NoCards(), threshold=0.4).try_answer(question)  # type: ignore[arg-type]
    return answer if answer is not None else Answer(question=question, text="a card answer", abstained=False)


def test_the_file_is_large_and_varied_enough() -> None:
    rows = load_requests()
    requests = [r for r in rows if r.route]
    concepts = [r for r in rows if not r.route]
    assert len(requests) >= 150 and len(concepts) >= 40
    from assistant.examples.catalog import kind_names

    assert {r.kind for r in requests} == set(kind_names())  # every kind
    assert min(Counter(r.kind for r in requests).values()) >= 4
    assert sum(r.expected_values is not None for r in requests) >= 130
    assert all(r.expected_args for r in requests)
    assert all(any(c.isdigit() for c in r.question) for r in concepts[2:])  # concept questions with numbers
    assert len({r.question for r in rows}) == len(rows)


@pytest.mark.slow  # imports transformers to count GPT-2/BERT parameters on the meta device
def test_the_file_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_numeric_requests", DATA.parent / "make_numeric_requests.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert DATA.read_text(encoding="utf-8") == module.render()


def test_expected_values_are_pytorch_s_own_numbers() -> None:
    rows = {r.id: r for r in load_requests()}
    first = next(r for r in rows.values() if r.question == "compute softmax of [1, 2, 3]")
    assert first.expected_values == pytest.approx(
        [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]
    )
    gpt2 = next(r for r in rows.values() if r.question == "How many parameters does GPT-2 small have?")
    assert gpt2.expected_values == [124439808.0]


def test_the_reader_meets_the_targets_on_the_development_set() -> None:
    figures = score_numeric_requests(ask_offline)
    assert figures["n_requests"] >= 150 and figures["n_concepts"] >= 40
    assert figures["value_accuracy"]["mean"] >= 0.97
    assert figures["silent_substitutions"]["mean"] == 0
    assert figures["concepts_routed"]["mean"] == 0
    assert figures["routing_accuracy"]["mean"] >= 0.97
    assert figures["argument_accuracy"]["mean"] >= 0.95


def _answer(params: dict, result: dict) -> Answer:
    call = ToolCall(name="worked_example", arguments={"kind": "softmax", "params": params}, result=result)
    return Answer(question="q", text="t", abstained=False, tool_calls=(call,))


ROW = RequestLine(
    id="r1",
    route=True,
    question="softmax of [1, 2] at temperature 2",
    kind="softmax",
    expected_args={"scores": [1, 2], "temperature": 2.0},
    expected_values=[0.3775406687981454, 0.6224593312018546],
)


def test_a_default_in_place_of_a_given_number_is_a_silent_substitution() -> None:
    ran = {"outputs": {"probabilities": [0.2689414213699951, 0.7310585786300049]}}
    outcome = judge_request(ROW, _answer({"scores": [1, 2]}, ran))
    assert outcome["silent_substitution"] and outcome["replaced"] == ["temperature"]
    assert outcome["routed"] and not outcome["arguments"] and outcome["values"] is False
    refused = judge_request(ROW, _answer({"scores": [1, 2]}, {"error": "temperature given twice"}))
    assert not refused["silent_substitution"] and refused["refused"]  # said why: not silent
    right = {"outputs": {"probabilities": [0.3775406687981454, 0.6224593312018546]}}
    good = judge_request(ROW, _answer({"scores": [1.0, 2.0], "temperature": 2}, right))
    assert good["arguments"] and good["values"] and not good["silent_substitution"]
    card = judge_request(ROW, Answer(question="q", text="t", abstained=False))
    assert (card["routed"], card["values"], card["silent_substitution"]) == (False, False, False)


def test_same_value() -> None:
    assert same_value([[1, 0]], [[1.0, 0.0]]) and same_value("causal", "causal")
    assert not same_value([1, 2], [1, 2, 3]) and not same_value(True, 1) and not same_value(0.1, 0.2)
