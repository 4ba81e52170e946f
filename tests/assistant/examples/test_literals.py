"""Array literals in students' notations, read without evaluating anything."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.examples.literals import find_literals, list_rows, parse_array, parse_number


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Q = [[1, 0], [0, 1]]", [[[1, 0], [0, 1]]]),
        ("s = (1, 2, 3) and H = ((1, 0), (0, 1))", [[1, 2, 3], [[1, 0], [0, 1]]]),
        ("np.array([[1, 0.5]]) then torch.tensor([2., -1.], dtype=torch.float64)", [[[1, 0.5]], [2.0, -1.0]]),
        ("x = tensor([1, 2])", [[1, 2]]),
        (r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}", [[[1, 0], [0, 1]]]),
        (r"\begin{pmatrix} 1 & -2 & 3 \end{pmatrix}", [[1, -2, 3]]),
        ("printed [1 2 3] and rows [1 2; 3 4]", [[1, 2, 3], [[1, 2], [3, 4]]]),
        ("fractions [1/2, 1/4] and minus [−1, 2]", [[0.5, 0.25], [-1, 2]]),
        ("sci [1e-3, 2.5E2]", [[0.001, 250.0]]),
        ("mask [True, False]", [[True, False]]),
        ("softmax of 1, 2 and 3", [[1, 2, 3]]),
        ("scores: 0.5, 1, 1.5, 2 please", [[0.5, 1, 1.5, 2]]),
    ],
)
def test_notations(text: str, values: list[Any]) -> None:
    assert [lit.value for lit in find_literals(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "softmax(x) at step 10,000",  # a call, and a thousands separator
        "(seed 0)",  # not numbers
        "f(3)",  # a one-entry tuple is not an array
        "[[__import__('os')]]",  # never evaluated, not an array
        "[[1, 2], [3]]",  # ragged
        "[1, 2",  # unclosed
        "d_model = 512, 8 heads",  # two numbers with words between are not a list
        "[" * 500 + "1" + "]" * 500,  # nested deeper than any tensor (and than Python's stack)
    ],
)
def test_not_arrays(text: str) -> None:
    assert find_literals(text) == []


def test_integers_stay_integers_and_spans_are_exact() -> None:
    text = "Q = [[1, 0.5]] ok"
    (lit,) = find_literals(text)
    assert lit.value == [[1, 0.5]] and isinstance(lit.value[0][0], int)
    assert text[lit.start : lit.end] == "[[1, 0.5]]"
    assert lit.ndim == 2


def test_rows_listed_one_by_one_become_a_matrix() -> None:
    text = "the query [1, 1] over the keys [1, 0], [0, 1] and [1, 1]"
    query, keys = list_rows(text, find_literals(text))
    assert query.value == [1, 1] and not query.rows_listed
    assert keys.value == [[1, 0], [0, 1], [1, 1]] and keys.rows_listed
    assert text[keys.start : keys.end] == "[1, 0], [0, 1] and [1, 1]"
    # different lengths, or a name between them, are not one matrix
    assert len(list_rows("[1, 0], [0, 1, 2]", find_literals("[1, 0], [0, 1, 2]"))) == 2
    named = "s = [1, 2] and h = [3, 4]"
    assert len(list_rows(named, find_literals(named))) == 2


def test_parse_number_and_parse_array() -> None:
    assert [parse_number(t) for t in ("3", "-0.5", "1e-5", "−2", "3/4", r"\frac{1}{8}", "x")] == [
        3,
        -0.5,
        1e-5,
        -2,
        0.75,
        0.125,
        None,
    ]
    assert parse_array("np.array([[1, 2], [3, 4]])") == [[1, 2], [3, 4]]
    assert parse_array("[1, 2] and more") is None
