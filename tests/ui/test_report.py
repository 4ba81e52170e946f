"""The ingest diff report and the card table, on hand-built reports and cards."""

from __future__ import annotations

from ingest.cards import Card, Problem
from ingest.pipeline import IngestReport
from ui.report import card_rows, ingest_report_markdown
from ui.uploads import Refused

CARDS = {
    "a": Card("a", "flash.csv", "What is FlashAttention?", "Exact attention in tiles."),
    "b": Card("b", "flash.csv", "Is it exact?", "Yes.", lint=("answer: repaired mojibake",)),
    "p": Card("p", "quiz.txt", "Explain <eos>.", "", kind="practice"),
}


def test_report_counts_lists_and_reasons():
    report = IngestReport(
        added_ids=["a", "b"],
        updated_ids=[],
        unchanged_ids=["x"] * 5,
        removed_ids=["old-1"],
        problems=[Problem("/data/uploads/flash.csv", 4, "row has no question")],
        warnings=[Problem("/data/uploads/flash.csv", None, "decoded as cp1252", skipped=False)],
        sources={"flash.csv": "semicolon-csv"},
    )
    text = ingest_report_markdown(report, [Refused("photo.png", "binary file, not a text deck")], CARDS)
    assert text == (
        "### Ingest report\n\n"
        "Read `flash.csv` (semicolon-csv).\n\n"
        "| added | updated | unchanged | removed | skipped |\n"
        "|---:|---:|---:|---:|---:|\n"
        "| 2 | 0 | 5 | 1 | 2 |\n\n"
        "**Added (2)**\n\n"
        "- What is FlashAttention? · `flash.csv`\n"
        "- Is it exact? · `flash.csv`\n\n"
        "**Removed (1)**\n\n"
        "- `old-1`\n\n"
        "**Skipped (2)**\n\n"
        "- **photo.png**: binary file, not a text deck\n"
        "- **flash.csv, line 4**: row has no question\n\n"
        "**Notes**\n\n"
        "- flash.csv: decoded as cp1252\n"
    )


def test_every_upload_refused_is_still_a_report():
    text = ingest_report_markdown(None, [Refused("a.bin", "binary file, not a text deck")])
    assert "| 0 | 0 | 0 | 0 | 1 |" in text
    assert "- **a.bin**: binary file, not a text deck" in text


def test_nothing_changed_is_said():
    report = IngestReport(unchanged_ids=["a"], sources={"flash.csv": "semicolon-csv"})
    assert ingest_report_markdown(report).endswith("Nothing changed: the store already holds these cards.\n")


def test_reasons_cannot_inject_markup():
    text = ingest_report_markdown(None, [Refused("<img src=x>.csv", "bad | pipe")])
    assert "- **&lt;img src=x&gt;.csv**: bad \\| pipe" in text


def test_card_rows_search_every_word_case_insensitively():
    cards = list(CARDS.values())
    assert [r[2] for r in card_rows(cards, "flashattention TILES")] == ["What is FlashAttention?"]
    assert [r[2] for r in card_rows(cards, "flash.csv")] == ["What is FlashAttention?", "Is it exact?"]
    assert card_rows(cards, "mojibake") == [
        ["flash.csv", "flashcard", "Is it exact?", "Yes.", "answer: repaired mojibake"]
    ]


def test_card_rows_lint_only_and_practice_prompts():
    cards = list(CARDS.values())
    assert [r[2] for r in card_rows(cards, lint_only=True)] == ["Is it exact?"]
    assert card_rows([CARDS["p"]]) == [
        ["quiz.txt", "practice", "Explain &lt;eos>.", "(practice prompt: no answer)", ""]
    ]


def test_long_answers_are_cut_in_the_table():
    card = Card("l", "d.txt", "Q?", "word " * 200)
    answer = card_rows([card])[0][3]
    assert len(answer) == 220 and answer.endswith("…")
