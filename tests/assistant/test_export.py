"""``study export``: an Anki package the official ``anki`` package imports, and semicolon CSV that
the CSV parser reads back into the same cards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.export import export_anki, export_csv, select_cards, to_html
from ingest.anki_package import EXPORT_NOTETYPE
from ingest.cards import Card
from ingest.errors import ExportError
from ingest.sources import read_source
from tests.support.anki_decks import build_collection, export_package, import_into_new_collection, notes_of

REPO = Path(__file__).resolve().parents[2]
LIMIT = 5_000_000

#: Cards as other formats give them: awkward text on purpose.
OWN_CARDS = [
    Card("q-1", "mine.csv", 'Is a < b; and "c" > d?', "Yes: a & b <b>stay</b> text.\nSecond line."),
    Card("q-2", "mine.csv", "What is left to practise?", "", kind="practice"),
    Card("q-3", "notes.md", "Layer normalisation", "Normalises one token.", kind="note"),
]


@pytest.fixture(scope="module")
def anki_cards(tmp_path_factory: pytest.TempPathFactory) -> list[Card]:
    folder = tmp_path_factory.mktemp("export")
    col = build_collection(folder / "c.anki2")
    package = export_package(col, folder / "deck.apkg")
    col.close()
    return list(read_source(package, LIMIT)[0].cards)


def essentials(
    cards: list[Card] | tuple[Card, ...],
) -> list[tuple[str, str, str, str, str | None, str | None]]:
    return [
        (c.card_id, c.kind, c.question, c.answer, c.metadata.get("deck"), c.metadata.get("tags"))
        for c in cards
    ]


def test_the_official_anki_imports_the_package_with_notes_fields_tags_and_decks(
    tmp_path: Path, anki_cards: list[Card]
) -> None:
    cards = anki_cards + OWN_CARDS
    path = tmp_path / "out.apkg"
    assert export_anki(cards, path) == 8
    col = import_into_new_collection(path, tmp_path)
    imported = notes_of(col)
    col.close()
    expected = [
        {
            "guid": c.card_id,
            "notetype": EXPORT_NOTETYPE,
            "fields": [to_html(c.question), to_html(c.answer)],
            "tags": sorted(c.metadata.get("tags", "").split()),
            "decks": [c.metadata.get("deck") or c.source.rsplit(".", 1)[0]],
        }
        for c in cards
    ]
    assert imported == expected
    assert imported[0]["fields"] == ["What is attention?", "A weighted sum<br>of the values."]
    assert imported[0]["decks"] == ["Transformers"] and imported[0]["tags"] == ["attention", "core"]
    assert imported[5]["fields"] == [
        'Is a &lt; b; and "c" &gt; d?',
        "Yes: a &amp; b &lt;b&gt;stay&lt;/b&gt; text.<br>Second line.",
    ]


def test_an_exported_package_reads_back_into_the_same_cards(tmp_path: Path, anki_cards: list[Card]) -> None:
    path = tmp_path / "round.apkg"
    export_anki(anki_cards + OWN_CARDS, path)
    back, _ = read_source(path, LIMIT)
    expected = essentials(anki_cards + OWN_CARDS)
    expected[-1] = (*expected[-1][:4], "notes", None)  # the deck named after the source file
    expected[-2] = (*expected[-2][:4], "mine", None)
    expected[-3] = (*expected[-3][:4], "mine", None)
    expected[-1] = ("q-3", "flashcard", *expected[-1][2:])  # a note comes back as a Basic flashcard
    assert essentials(back.cards) == expected


def test_csv_export_reads_back_into_the_same_cards(tmp_path: Path, anki_cards: list[Card]) -> None:
    path = tmp_path / "cards.csv"
    assert export_csv(anki_cards + OWN_CARDS, path) == 8
    back, notes = read_source(path, LIMIT)
    assert (back.format, notes, back.problems) == ("semicolon-csv", [], ())
    assert essentials(back.cards) == essentials(anki_cards + OWN_CARDS)
    assert path.read_text(encoding="utf-8").splitlines()[0] == "Question;Answer;card_id;kind;deck;tags"


def test_select_cards_by_anki_deck_with_subdecks_or_by_source(anki_cards: list[Card]) -> None:
    cards = anki_cards + OWN_CARDS
    assert [c.question for c in select_cards(cards, "Transformers::Attention")] == [
        "d_k",
        "[function] turns scores into weights.",
        "Softmax turns scores into [...].",
    ]
    assert len(select_cards(cards, "Transformers")) == 5
    assert [c.card_id for c in select_cards(cards, "mine.csv")] == ["q-1", "q-2"]
    assert [c.card_id for c in select_cards(cards, "notes")] == ["q-3"]
    with pytest.raises(ExportError) as err:
        select_cards(cards, "Biology")
    assert str(err.value) == (
        "no cards in deck 'Biology'; decks: Transformers, Transformers::Attention, mine, notes"
    )


def test_an_unwritable_path_is_an_export_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "out.apkg"
    with pytest.raises(ExportError, match="cannot write the package"):
        export_anki(OWN_CARDS, missing)
    with pytest.raises(ExportError, match="cannot write"):
        export_csv(OWN_CARDS, missing.with_suffix(".csv"))


@pytest.mark.slow
def test_study_export_from_the_command_line(tmp_path: Path) -> None:
    """Ingest a real package with ``study ingest`` and export it with ``study export`` (real model)."""
    col = build_collection(tmp_path / "c.anki2")
    package = export_package(col, tmp_path / "deck.apkg")
    col.close()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STUDY_DATA_DIR": str(tmp_path / "data"),
        "STUDY_CARDS_DIR": str(tmp_path / "no-bundled-decks"),
        "HF_HUB_OFFLINE": "1",
    }
    (tmp_path / "no-bundled-decks").mkdir()

    def study(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    out = study("ingest", str(package))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "added 5, updated 0, unchanged 0, removed 0, skipped 0"
    out = study("export", "--anki", str(tmp_path / "out.apkg"), "--deck", "Transformers::Attention")
    assert (out.returncode, out.stdout) == (0, f"wrote 3 note(s) to {tmp_path / 'out.apkg'}\n"), out.stderr
    imported = import_into_new_collection(tmp_path / "out.apkg", tmp_path)
    # Anki orders notes by their ids, which say nothing about the deck: compare the set of fronts.
    assert sorted(n["fields"][0] for n in notes_of(imported)) == [
        "Softmax turns scores into [...].",
        "[function] turns scores into weights.",
        "d_k",
    ]
    imported.close()
    out = study("export", "--csv", str(tmp_path / "out.csv"), "--deck", "nowhere")
    assert out.returncode == 1
    assert out.stderr.startswith("study: no cards in deck 'nowhere'") and "Traceback" not in out.stderr
