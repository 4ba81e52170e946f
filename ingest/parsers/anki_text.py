"""Anki's "Notes in Plain Text" export: ``#key:value`` header lines, then one note per row.

The header lines Anki writes and reads (all optional, at the top of the file)::

    #separator:tab            Tab, Comma, Semicolon, Space, Pipe, Colon, or the character itself
    #html:true                fields are HTML (false: plain text)
    #tags:shared tags         added to every note
    #columns:Front<sep>Back   column names
    #notetype:Basic           #deck:Name   the note type and deck of every row
    #guid column:1            #notetype column:2   #deck column:3   #tags column:6   (1-based)

Rows are CSV-quoted with the separator (a field may hold the separator or span lines when it is
quoted). The fields become cards as in an ``.apkg`` (:mod:`ingest.parsers.anki_notes`): the
first field is the question, the rest the answer, and a Cloze row (its note type says Cloze, or
its first field holds ``{{c1::...}}``) gives one card per cloze number. The GUID column, when
present, gives the card ids.
"""

from __future__ import annotations

import csv
import html
import io
import re

from ingest.anki_package import AnkiNote, NoteType
from ingest.cards import ParseResult, Problem
from ingest.cloze import cloze_numbers
from ingest.parse_options import ParseOptions
from ingest.parsers.anki_notes import notes_to_cards

FORMAT = "anki-text"

_HEADER = re.compile(r"^#([a-z ]+):(.*)$")
_KNOWN = {"separator", "html", "tags", "columns", "notetype", "deck", "if matches"}
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_MAX_COLUMN = 1000


def _headers(text: str) -> tuple[dict[str, str], int]:
    """The ``#key:value`` lines at the top and the offset where the rows start."""
    headers: dict[str, str] = {}
    offset = 0
    for line in text.splitlines(keepends=True):
        m = _HEADER.match(line.rstrip("\r\n"))
        if not m or not (m.group(1) in _KNOWN or m.group(1).endswith(" column")):
            break
        headers[m.group(1)] = m.group(2)
        offset += len(line)
    return headers, offset


def sniff(text: str) -> float:
    """1.0 when the file starts with Anki's ``#separator:`` or ``#html:`` header."""
    headers, _ = _headers(text)
    return 1.0 if {"separator", "html"} & headers.keys() else 0.0


def _separator(value: str, problems: list[Problem], source: str) -> str:
    value = value.strip("\r\n")
    sep = _SEPARATORS.get(value.strip().lower(), value if len(value) == 1 else "")
    if not sep:
        problems.append(Problem(source, 1, f"unknown separator {value[:20]!r}; tab used", skipped=False))
        return "\t"
    return sep


def _column(headers: dict[str, str], key: str, problems: list[Problem], source: str) -> int | None:
    value = headers.get(f"{key} column", "").strip()
    if not value:
        return None
    if value.isdigit() and 1 <= int(value) <= _MAX_COLUMN:
        return int(value) - 1
    problems.append(Problem(source, None, f"'#{key} column:{value[:20]}' is not a column number; ignored"))
    return None


def parse(text: str, source: str, options: ParseOptions | None = None) -> ParseResult:
    """One card per row (per cloze number for Cloze rows)."""
    problems: list[Problem] = []
    headers, offset = _headers(text)
    if not {"separator", "html"} & headers.keys():
        return ParseResult(FORMAT, (), (Problem(source, 1, "no '#separator:' or '#html:' header line"),))
    sep = _separator(headers.get("separator", "tab"), problems, source)
    is_html = headers.get("html", "true").strip().lower() != "false"
    special = {k: _column(headers, k, problems, source) for k in ("guid", "notetype", "deck", "tags")}
    shared_tags = tuple(headers.get("tags", "").split())
    names = [n.strip() for n in headers["columns"].split(sep)] if "columns" in headers else []
    first_line = text[:offset].count("\n") + 1
    notes = []
    reader = csv.reader(io.StringIO(text[offset:]), delimiter=sep)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(source, first_line + reader.line_num - 1, f"broken row: {exc}"))
            break
        if not any(cell.strip() for cell in row):
            continue
        note = _note(row, special, names, headers, shared_tags, is_html)
        if note is None:
            problems.append(Problem(source, first_line + reader.line_num - 1, "row has no field"))
            continue
        notes.append(note)
    result = notes_to_cards(notes, source, options or ParseOptions(), FORMAT)
    return ParseResult(FORMAT, result.cards, (*problems, *result.problems))


def _note(
    row: list[str],
    special: dict[str, int | None],
    names: list[str],
    headers: dict[str, str],
    shared_tags: tuple[str, ...],
    is_html: bool,
) -> AnkiNote | None:
    def cell(key: str) -> str:
        i = special[key]
        return row[i].strip() if i is not None and i < len(row) else ""

    skip = {i for i in special.values() if i is not None}
    kept = [(i, value) for i, value in enumerate(row) if i not in skip]
    if not kept:
        return None
    fields = tuple(value if is_html else html.escape(value, quote=False) for _, value in kept)
    field_names = tuple(names[i] if i < len(names) else f"Field {n + 1}" for n, (i, _) in enumerate(kept))
    notetype_name = cell("notetype") or headers.get("notetype", "").strip()
    is_cloze = notetype_name.lower().startswith("cloze") or (
        not notetype_name and bool(cloze_numbers(fields[0]))
    )
    deck = cell("deck") or headers.get("deck", "").strip()
    tags = tuple(dict.fromkeys((*shared_tags, *cell("tags").split())))
    guid = cell("guid")
    return AnkiNote(
        guid, NoteType(notetype_name, is_cloze, field_names), fields, tags, {0: deck} if deck else {}
    )
