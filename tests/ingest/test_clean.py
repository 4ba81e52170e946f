"""Cleaning card text: each repair has an exact output and an exact lint note."""

from __future__ import annotations

import pytest

from ingest.clean import clean_text, fix_mojibake, html_to_text, normalise_whitespace, suspect_defects

HTML_NOTE = "converted HTML markup to plain text"
ENTITY_NOTE = "unescaped HTML entities"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qâ‹…K", ("Q⋅K", ["repaired mojibake: 'Qâ‹…K' -> 'Q⋅K'"])),
        ("cafÃ© naÃ¯ve", ("café naïve", ["repaired mojibake: 'cafÃ© naÃ' -> 'café naïv'"])),
        ("donâ€™t", ("don’t", ["repaired mojibake: 'donâ€™t' -> 'don’t'"])),
        (
            "the product (Qâ‹…K) measures",
            ("the product (Q⋅K) measures", ["repaired mojibake: 'uct (Qâ‹…K) ' -> 'uct (Q⋅K) me'"]),
        ),
    ],
)
def test_fix_mojibake_repairs_and_says_where(text: str, expected: tuple[str, list[str]]) -> None:
    assert fix_mojibake(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "plain ASCII",
        "Zürich – naïve “curly” ‘quotes’ stay",
        "ﬁne ligature and ＦＵＬＬ width are the author's choice",
        "α ≤ β, Q⋅K, √d_k",
        r"\(\mathbf{Q}\) and $\sqrt{d_k}$",
        "",
    ],
)
def test_fix_mojibake_leaves_correct_text_alone(text: str) -> None:
    assert fix_mojibake(text) == (text, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a < b", ("a < b", [])),
        ("a < b and b > c", ("a < b and b > c", [])),
        ("if x<y then y > x", ("if x<y then y > x", [])),
        (r"\langle q, k \rangle", (r"\langle q, k \rangle", [])),
        ("x &amp; y", ("x & y", [ENTITY_NOTE])),
        ("&lt;br&gt; is a tag", ("<br> is a tag", [ENTITY_NOTE])),
        ("one<br>two<BR/>three<br />four", ("one\ntwo\nthree\nfour", [HTML_NOTE])),
        ("<b>bold</b> text", (" bold  text", [HTML_NOTE])),
        ("<p>first</p><p>second</p>", (" first\n second\n", [HTML_NOTE])),
        ('<span class="x">t_i^3</span>', (" t_i^3 ", [HTML_NOTE])),
        ("Q&amp;A<br>done", ("Q&A\ndone", [HTML_NOTE, ENTITY_NOTE])),
        ("no markup at all", ("no markup at all", [])),
    ],
)
def test_html_to_text(text: str, expected: tuple[str, list[str]]) -> None:
    assert html_to_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  a \t b  \r\n\r\n\r\n\n c\u00a0d  \n\n", "a b\n\nc d"),
        ("line one\nline two", "line one\nline two"),
        ("x\r\ny\rz", "x\ny\nz"),
        ("keep\n\none blank line", "keep\n\none blank line"),
        (" \n \t\n ", ""),
        ("", ""),
    ],
)
def test_normalise_whitespace(text: str, expected: str) -> None:
    assert normalise_whitespace(text) == expected


CLIPPED = "answer starts with lower-case word {!r}: its first letter may be clipped"
DOLLAR = "unbalanced '$' math delimiters: part of a formula may be missing"
DROPPED = "empty '()', ', ,' or ': .': a formula was probably dropped by extraction"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("ltering Heads: Setting h=8 was found to be optimal.", [CLIPPED.format("ltering")]),
        ("The cost is $O(n^2) per layer.", [DOLLAR]),
        ("The cost is $O(n^2)$ per layer.", []),
        ("maps sequences to the same length ().", [CLIPPED.format("maps"), DROPPED]),
        ("The weights , , sum to one.", [DROPPED]),
        ("The formula is: . Then", [DROPPED]),
        (
            "then x_jwill have zero influence",
            [CLIPPED.format("then"), "words glued to math symbols: x_jwill"],
        ),
        ("x is a vector.", []),
        ("Fine answer with \\(\\mathbf{Q}\\) in it.", []),
        ("", []),
    ],
)
def test_suspect_defects(answer: str, expected: list[str]) -> None:
    assert suspect_defects(answer) == expected


def test_clean_text_runs_mojibake_then_html_then_whitespace() -> None:
    text = "  Qâ‹…K &amp; V<br>  next   line "
    assert clean_text(text) == (
        "Q⋅K & V\nnext line",
        ["repaired mojibake: '  Qâ‹…K &' -> '  Q⋅K &am'", HTML_NOTE, ENTITY_NOTE],
    )
