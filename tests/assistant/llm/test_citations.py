"""Citation markers removed in code, while streaming and after; sentences without a citation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.llm.citations import (
    MarkerFilter,
    cited,
    data_lists,
    marker_numbers,
    remove_invalid_markers,
    sentences,
    uncited_sentences,
)


@pytest.mark.parametrize(
    ("text", "expected", "removed"),
    [
        ("Scaling helps [1].", "Scaling helps [1].", []),
        ("Softmax saturates [9].", "Softmax saturates.", [9]),
        ("Both [1, 7].", "Both [1].", [7]),
        ("Both [1,3].", "Both [1,3].", []),
        ("Both [7,3].", "Both [3].", [7]),
        ("Chained [2][6][0].", "Chained [2].", [6, 0]),
        ("Tab\t[8] here.", "Tab here.", [8]),
        ("Claim.\n[9] Next line.", "Claim.\n Next line.", [9]),
        ("Not markers: [CLS], [a1], [1.5], [-1].", "Not markers: [CLS], [a1], [1.5], [-1].", []),
        ("A 4-digit [1000] is not a marker.", "A 4-digit [1000] is not a marker.", []),
    ],
)
def test_remove_invalid_markers(text, expected, removed):
    assert remove_invalid_markers(text, sources=5) == (expected, removed)


@pytest.mark.parametrize(
    "text",
    [
        "Q = [[1, 0], [0, 9]] is the identity.",
        "With x = [7, 8] the result is small.",
        "The softmax of [1, 2, 9] is computed.",  # a list the question wrote
        "Nested [[12, 3],\n[4, 5]] rows.",
        "In code `scores[3]` and\n```\nx[5] = 1\n```\nrows.",
    ],
)
def test_data_lists_are_never_changed(text):
    data = data_lists("compute softmax of [1, 2, 9]")
    assert remove_invalid_markers(text, sources=2, data=data) == (text, [])
    assert cited(text, sources=2, data=data) == []


def test_data_lists():
    assert data_lists("softmax of [1, 2, 3]", '{"Q": [[1, 0], [0, 1]]}', "see [1]") == {
        (1, 2, 3),
        (1, 0),
        (0, 1),
    }


def test_a_citation_after_data_is_still_checked():
    text = "For x = [1, 2] the weights differ [4]. See [1], [2]."
    fixed = "For x = [1, 2] the weights differ. See [1], [2]."
    assert remove_invalid_markers(text, sources=2) == (fixed, [4])


def test_marker_numbers_and_cited():
    text = "A [2]. B [1, 2]. C [9]. D [3,1]."
    assert marker_numbers(text) == [2, 1, 2, 9, 3, 1]
    assert cited(text, sources=3) == [1, 2, 3]
    assert cited(text, sources=1) == [1]


def test_filter_holds_back_only_what_could_become_a_marker():
    f = MarkerFilter(sources=2)
    assert list(f.feed("  Scaling helps ")) == ["Scaling helps"]  # leading spaces dropped, trailing held
    assert list(f.feed("[")) == []
    assert list(f.feed("1")) == []
    assert list(f.feed("]. It is [")) == [" [1]. It is"]
    assert list(f.feed("9] known.\n")) == [" known."]  # [9] removed with its space; "\n" held
    assert list(f.close()) == []
    assert f.text == "Scaling helps [1]. It is known."
    assert f.removed == [9]


def test_filter_releases_brackets_that_are_not_markers():
    f = MarkerFilter(sources=2)
    assert list(f.feed("Q = [[1, 0], ")) == ["Q = [[1, 0],"]
    assert list(f.feed("[0, 1]] and [CLS")) == [" [0, 1]] and [CLS"]
    assert list(f.close()) == []
    assert f.text == "Q = [[1, 0], [0, 1]] and [CLS"


def test_filter_drops_trailing_whitespace_at_the_end():
    f = MarkerFilter(sources=1)
    pieces = [*f.feed("Done [1].  \n\n"), *f.close()]
    assert "".join(pieces) == f.text == "Done [1]."


PIECE = st.text(alphabet="ab .,=`[]0123456789\n\t", max_size=12)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECE, max_size=12), st.integers(min_value=0, max_value=6))
def test_streamed_pieces_join_to_the_whole_text_checked_at_once(pieces, sources):
    data = frozenset({(1, 2), (7, 8, 9)})
    f = MarkerFilter(sources, data)
    emitted = [p for piece in pieces for p in f.feed(piece)] + list(f.close())
    whole, removed = remove_invalid_markers("".join(pieces).strip(), sources, data)
    assert "".join(emitted) == f.text == whole
    assert f.removed == removed


CLAIM = st.sampled_from(["Attention mixes values", "Scaling keeps softmax soft", "Heads split d_model"])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=8),
    st.lists(st.tuples(CLAIM, st.lists(st.integers(0, 40), min_size=1, max_size=3)), max_size=8),
    st.integers(min_value=1, max_value=9),
)
def test_valid_citations_are_never_removed_and_invalid_ones_never_survive(sources, claims, chunk):
    text = " ".join(f"{claim} [{', '.join(map(str, ns))}]." for claim, ns in claims)
    f = MarkerFilter(sources)
    for i in range(0, len(text), chunk):
        list(f.feed(text[i : i + chunk]))
    list(f.close())
    written = [n for _, ns in claims for n in ns]
    # every valid citation is kept, in order, and every invalid one is removed
    assert marker_numbers(f.text) == [n for n in written if 1 <= n <= sources]
    assert f.removed == [n for n in written if not 1 <= n <= sources]


def test_sentences_keep_markers_after_the_full_stop():
    assert sentences("Scaling keeps values small. [1] It stabilises softmax. [1]") == [
        "Scaling keeps values small. [1]",
        "It stabilises softmax. [1]",
    ]
    assert sentences("Use e.g. the mean. The value 0.5 is fine [2].") == [
        "Use e.g. the mean.",
        "The value 0.5 is fine [2].",
    ]


def test_uncited_sentences():
    text = (
        "Attention lets each token look at the others [1]. It was introduced in 2017 by Google.\n"
        "In short:\n"
        "- Queries meet keys [2].\n"
        "- Values are mixed by the weights.\n"
        "Yes.\n"
        "| table | row without citation |\n"
        "```\ncode line without any citation at all\n```\n"
        "# Heading without a citation\n"
        "I can't answer that from your cards. The cards do cover softmax [3].\n"
        "The weights are 0.2447 and 0.6652."
    )
    backed = lambda s: "0.2447" in s  # noqa: E731 - the stand-in for "reports a tool result"
    assert uncited_sentences(text, backed) == [
        "It was introduced in 2017 by Google.",
        "Values are mixed by the weights.",
    ]
