"""The number check: numbers found in prose, the rounding rule and the warnings, on exact values."""

from __future__ import annotations

import pytest

from assistant.llm.number_check import (
    References,
    find_numbers,
    reports_result,
    unsupported_numbers,
    values_in,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p = 0.75 [1].", [("0.75", 0.75, 0.01)]),
        ("GPT-2 has 124,439,808 weights, W1 and d_k2 are names.", [("124,439,808", 124439808.0, 1.0)]),
        ("x = -0.5 and y = −1.25", [("-0.5", -0.5, 0.1), ("−1.25", -1.25, 0.01)]),
        ("tokens 1-3", [("1", 1.0, 1.0), ("3", 3.0, 1.0)]),
        ("lr 1.75e-05", [("1.75e-05", 1.75e-05, 1e-07)]),
        ("57% of it", [("57%", 0.57, 0.01)]),
        ("about 124.4 million", [("124.4 million", 124.4e6, 1e5)]),
        ("3rd, 16k, 1.2.3, v2", []),
        ("see [1, 2] and [3]", []),  # markers are not numbers
        (".5 of it", [(".5", 0.5, 0.1)]),
        ("lr = 1.7×10^-5", [("1.7×10^-5", 1.7e-5, 1e-6)]),
        (r"$\eta = 1.7 \times 10^{-5}$", [(r"1.7 \times 10^{-5}", 1.7e-5, 1e-6)]),
        ("1.75·10⁻⁵ at step 100", [("1.75·10^-5", 1.75e-5, 1e-7), ("100", 100.0, 1.0)]),
        ("-3.5 x 10^2", [("-3.5 x 10^2", -350.0, 10.0)]),
        ("lr 1.7e-5", [("1.7e-5", 1.7e-5, 1e-6)]),
        (
            r"$p = \frac{1}{3}$, $q = \tfrac{3}{4}$",
            [(r"\frac{1}{3}", 1 / 3, 2e-4), (r"\tfrac{3}{4}", 0.75, 2e-4)],
        ),
        ("1/3 of it", [("1/3", 1 / 3, 2e-4)]),
        (r"$124{,}439{,}808$ and $124\,439\,808$", [("124,439,808", 124439808.0, 1.0)] * 2),
        (r"$0.7548$ and $57\%$", [("0.7548", 0.7548, 1e-4), ("57%", 0.57, 0.01)]),
    ],
)
def test_find_numbers(text, expected):
    got = [(n.text, n.value, n.unit) for n in find_numbers(text)]
    assert [t for t, _, _ in got] == [t for t, _, _ in expected]
    for (_, value, unit), (_, want_value, want_unit) in zip(got, expected, strict=True):
        assert value == pytest.approx(want_value, rel=1e-12)
        assert unit == pytest.approx(want_unit, rel=1e-12)


def test_small_plain_integers_are_marked():
    assert [n.is_small_int for n in find_numbers("2 heads, 10 rows, 11 cols, 2.0 and -3")] == [
        True,
        True,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("written", "matches"),
    [
        ("0.7548", True),  # rounded to 4 places
        ("0.75", True),  # rounded to 2 places
        ("0.755", True),  # |0.755 - 0.75478541| = 0.00021 <= 0.0005
        ("0.76", False),  # rounded wrongly: 0.0052 > 0.005
        ("0.7547", False),  # truncated, not rounded: 0.000085 > 0.00005
        ("1", True),  # 0.75 rounds to 1
        ("75.48%", True),
        ("75.4%", False),
    ],
)
def test_a_number_matches_a_value_it_rounds(written, matches):
    (number,) = find_numbers(written)
    assert number.matches(0.75478541) is matches


def test_values_in_reads_numbers_and_numbers_written_in_strings():
    record = {
        "kind": "attention",
        "inputs": {"Q": [[1.5, -0.3]], "mask": "none"},
        "note": "1/√2 = 0.7071",
        "ok": True,
    }
    assert list(values_in(record)) == [1.5, -0.3, 1.0, 2.0, 0.7071]


def test_unsupported_numbers_with_a_worked_example():
    refs = References.build(
        results=[{"outputs": {"weights": [0.09003057, 0.24472847, 0.66524096]}}],
        texts=["compute softmax of [1, 2, 3]", "Softmax was described in 1959."],
        arguments=[{"kind": "softmax", "params": {"scores": [1, 2, 3]}}],
    )
    text = (
        "For scores [1, 2, 3] the weights are 0.0900, 0.2447 and 0.67 [1]. "
        "The largest is 0.6653, and 1959 is when it was described [2]. "
        "It is 3 times 0.2447, give or take 12 percent, and 2017 is a year."
    )
    unmatched = "in the answer matches no worked-example result, source or question (nearest result: 0.6652)"
    assert unsupported_numbers(text, refs) == [
        f"number 0.6653 {unmatched}",
        f"number 12 {unmatched}",
        f"number 2017 {unmatched}",
    ]


def test_unsupported_numbers_without_a_worked_example_names_no_result():
    refs = References.build(results=[], texts=["d_model is 512 in the base model"])
    assert unsupported_numbers("d_model = 512, and GPT-3 has 175 billion parameters.", refs) == [
        "number 175 billion in the answer matches no worked-example result, source or question"
    ]


def test_reports_result():
    refs = References.build(results=[{"lr": 1.746928107421711e-05}], texts=[])
    assert reports_result("The learning rate is 1.747e-05 at step 100.", refs)
    assert not reports_result("It warms up for 2 steps.", refs)  # small integers do not count
    assert not reports_result("The learning rate is 0.001.", refs)


@pytest.mark.parametrize(
    ("written", "flagged"),
    [
        ("The rate is 1.7×10^-5.", False),
        (r"The rate is $1.75 \times 10^{-5}$.", False),
        ("The rate is 1.747·10⁻⁵.", False),
        ("The rate is 1.8×10^-5.", True),  # 1.8e-5 is not 1.7469e-5 rounded
        ("The rate is 2.5e-5.", True),
        (r"A third: $\frac{1}{3}$.", False),
        (r"A quarter: $\frac{1}{4}$.", True),
        ("1/3 of the weight", False),  # matches 0.33333
        ("2/3 of the tokens", False),  # a small fraction in words, not a result
        ("33/100 of it", True),
    ],
)
def test_scientific_latex_and_fractions_are_checked(written, flagged):
    refs = References.build(results=[{"outputs": {"lr": 1.746928107421711e-05, "w": 0.3333333}}], texts=[""])
    assert bool(unsupported_numbers(written, refs)) is flagged
