"""One fixture per text and Markdown format (``tests/ingest/formats``), with its exact cards.

Also: Anki's own "Notes in Plain Text" export, written by the official ``anki`` package, reads
into the same cards as the ``.apkg`` of the same collection.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.generic_pb2 import Empty
from anki.import_export_pb2 import ExportLimit

from ingest.cards import stable_card_id
from ingest.errors import IngestError
from ingest.parse_options import ParseOptions
from ingest.parsers import detect_format
from ingest.sources import read_source
from tests.support.anki_decks import build_collection, export_package

FORMATS = Path(__file__).parent / "formats"
LIMIT = 5_000_000


def cards_of(name: str, options: ParseOptions | None = None) -> tuple[str, list[tuple[str, str, str, str]]]:
    result, notes = read_source(FORMATS / name, LIMIT, options)
    assert notes == [] and result.problems == ()
    return result.format, [(c.card_id, c.kind, c.question, c.answer) for c in result.cards]


def hashed(name: str, question: str) -> str:
    return stable_card_id(name, question)


def test_anki_plain_text_with_its_header_lines() -> None:
    fmt, cards = cards_of("anki_notes.txt")
    assert fmt == "anki-text"
    assert cards == [
        (
            "f6Qy<Zq1mB",
            "flashcard",
            "What is multi-head attention?",
            "Several attention heads\nrun in parallel; their outputs are concatenated.",
        ),
        (
            "P9c:T]w2x#-c1",
            "flashcard",
            "[a normalisation] rescales each token.",
            "Layer normalisation\n\nLayer normalisation rescales each token.",
        ),
        (
            "P9c:T]w2x#-c2",
            "flashcard",
            "Layer normalisation rescales each [...].",
            "token\n\nLayer normalisation rescales each token.",
        ),
        ("r2&Xv0pLq!", "flashcard", 'Why "scaled" dot-product?', "Dividing by √d_k keeps\nthe softmax soft."),
    ]
    result, _ = read_source(FORMATS / "anki_notes.txt", LIMIT)
    assert [dict(c.metadata).get("deck") for c in result.cards] == [
        "Transformers",
        "Transformers::Norms",
        "Transformers::Norms",
        "Transformers",
    ]
    assert [dict(c.metadata).get("tags") for c in result.cards] == ["attention heads", "norms", "norms", None]


@pytest.mark.parametrize("name", ["quizlet_comma.txt", "quizlet_semicolon.txt", "quizlet_custom.txt"])
def test_quizlet_exports_with_each_separator_pair(name: str) -> None:
    fmt, cards = cards_of(name)
    assert fmt == "quizlet"
    first = {
        "quizlet_comma.txt": "turns scores into weights that sum to one",
        "quizlet_semicolon.txt": "turns scores into weights",
        "quizlet_custom.txt": "turns scores into weights\nthat sum to one",
    }[name]
    rest = {
        "quizlet_comma.txt": ["adds a block input to its output", "normalises the features of one token"],
        "quizlet_semicolon.txt": ["adds the input to the output", "normalises one token"],
        "quizlet_custom.txt": ["adds the input to the output", "normalises one token"],
    }[name]
    terms = ["softmax", "residual connection", "layer norm"]
    assert cards == [(hashed(name, t), "flashcard", t, a) for t, a in zip(terms, [first, *rest], strict=True)]


def test_tab_separated_questions_and_answers() -> None:
    name = "tab_separated.tsv"
    fmt, cards = cards_of(name)
    assert fmt == "tab-separated"
    rows = [
        ("What is a query?", "What a token looks for."),
        ("What is a key?", "What a token offers.\nkeys"),
        ("What is a value?", "What a token passes on,\nweighted by attention."),
    ]
    assert cards == [(hashed(name, q), "flashcard", q, a) for q, a in rows]


def test_markdown_q_and_a_blocks() -> None:
    name = "markdown_qa.md"
    fmt, cards = cards_of(name)
    assert fmt == "markdown"
    rows = [
        ("What does the attention mask do?", "It hides positions a token must not see."),
        (
            "Why divide by sqrt(d_k)?",
            "To keep the dot products from growing with d_k,\nwhich would saturate the softmax.",
        ),
        ("What is a head?", "One attention pattern."),
    ]
    assert cards == [(hashed(name, q), "flashcard", q, a) for q, a in rows]


def test_obsidian_single_line_and_multi_line_cards() -> None:
    name = "obsidian.md"
    fmt, cards = cards_of(name)
    assert fmt == "obsidian-cards"
    rows = [
        ("What is a token", "A unit of text the model reads"),
        ("What is d_model", "The width of every token vector"),
        ("What does the causal\nmask do?", "It hides future positions\nfrom each token."),
    ]
    assert cards == [(hashed(name, q), "flashcard", q, a) for q, a in rows]
    result, _ = read_source(FORMATS / name, LIMIT)
    assert {c.metadata["deck"] for c in result.cards} == {"transformers"}


def test_headings_become_questions_only_when_asked() -> None:
    name = "headings.md"
    with pytest.raises(IngestError) as err:
        read_source(FORMATS / name, LIMIT)
    assert str(err.value) == (
        "no recognisable cards (markdown: headings are used as questions only when asked (--headings))"
    )
    fmt, cards = cards_of(name, ParseOptions(headings=True))
    assert fmt == "markdown"
    rows = [
        (
            "What is a residual connection?",
            "A path that adds a block's input to its output.\nIt keeps gradients flowing.",
        ),
        ("Layer normalisation", "Normalises the features of one token."),
    ]
    assert cards == [(hashed(name, q), "note", q, a) for q, a in rows]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("anki_notes.txt", "anki-text"),
        ("quizlet_comma.txt", "quizlet"),
        ("quizlet_semicolon.txt", "quizlet"),
        ("quizlet_custom.txt", "quizlet"),
        ("tab_separated.tsv", "tab-separated"),
        ("markdown_qa.md", "markdown"),
        ("obsidian.md", "obsidian-cards"),
        ("headings.md", "markdown"),
    ],
)
def test_the_format_comes_from_the_content(name: str, fmt: str) -> None:
    assert fmt == detect_format((FORMATS / name).read_text(encoding="utf-8")).FORMAT


@pytest.mark.parametrize("with_html", [True, False])
def test_ankis_own_plain_text_export_reads_like_its_package(tmp_path: Path, with_html: bool) -> None:
    col = build_collection(tmp_path / "c.anki2", reviews=0)
    package = export_package(col, tmp_path / "deck.apkg")
    text = tmp_path / "deck.txt"
    col.export_note_csv(
        out_path=str(text),
        limit=ExportLimit(whole_collection=Empty()),
        with_html=with_html,
        with_tags=True,
        with_deck=True,
        with_notetype=True,
        with_guid=True,
    )
    col.close()
    from_text, _ = read_source(text, LIMIT)
    from_package, _ = read_source(package, LIMIT)
    assert from_text.format == "anki-text"

    def plain(cards):  # media and lint differ: the plain-text export drops HTML when asked to
        return [
            (c.card_id, c.question, c.answer, c.metadata.get("deck"), c.metadata.get("tags")) for c in cards
        ]

    expected = plain(from_package.cards)
    if not with_html:  # Anki writes the plain text of each field: <br> as a space, no media
        card_id, question, _, deck, tags = expected[0]
        expected[0] = (card_id, question, "A weighted sum of the values.", deck, tags)
    assert plain(from_text.cards) == expected
