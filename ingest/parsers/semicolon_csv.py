"""Delimited tables with a question and an answer column (``Question;Answer;UUID``).

Several tables may follow each other in one file, each with its own header line. Semicolons are
the norm; commas and tabs are recognised too. A row that does not fit its header is reported
as a problem with its line number, and the rest of the file is still read.

:func:`to_csv` writes cards in this format (``study export --csv``), with the columns
``Question;Answer;card_id;kind;deck;tags``: a ``card_id`` column keeps any id (a ``uuid`` or
``id`` column takes UUIDs only), and ``kind``, ``deck`` and ``tags`` columns are read back into
the card. Line breaks are written as ``<br>`` (the cleaner turns them back), so every card is
one line.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
from collections.abc import Iterable

from ingest.cards import KINDS, Card, ParseResult, Problem
from ingest.clean import html_to_text
from ingest.parsers.common import build_card

FORMAT = "semicolon-csv"

_QUESTION_COLS = {"question", "front", "prompt", "term", "q"}
_ANSWER_COLS = {"answer", "back", "definition", "a", "response"}
_ID_COLS = {"uuid", "id", "guid"}
#: Columns read into the card as they are (``card_id``: any id, as ``study export --csv`` writes).
_EXTRA_COLS = {"card_id": "card_id", "kind": "kind", "deck": "deck", "tags": "tags"}
_CARD_ID = re.compile(r"^\S(?:[^\n]{0,198}\S)?$")
#: The columns :func:`to_csv` writes.
EXPORT_COLUMNS = ("Question", "Answer", "card_id", "kind", "deck", "tags")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _header(fields: list[str]) -> dict[str, int] | None:
    names = [f.strip().lower() for f in fields]
    roles: dict[str, int] = {}
    for i, name in enumerate(names):
        for role, allowed in (("q", _QUESTION_COLS), ("a", _ANSWER_COLS), ("id", _ID_COLS)):
            if name in allowed and role not in roles:
                roles[role] = i
        if name in _EXTRA_COLS and _EXTRA_COLS[name] not in roles:
            roles[_EXTRA_COLS[name]] = i
    return roles if {"q", "a"} <= roles.keys() else None


def _delimiter(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            for delim in (";", "\t", ","):
                if _header(line.split(delim)):
                    return delim
            return None
    return None


def sniff(text: str) -> float:
    """1.0 when the first line is a header with question and answer columns."""
    return 1.0 if _delimiter(text) else 0.0


def parse(text: str, source: str) -> ParseResult:
    """Read every table in ``text``; one card per complete row."""
    delim = _delimiter(text) or ";"
    cards: list[Card] = []
    problems: list[Problem] = []
    roles: dict[str, int] | None = None
    header_width = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            fields = next(csv.reader(io.StringIO(line), delimiter=delim, strict=True))
        except csv.Error as exc:
            problems.append(Problem(source, lineno, f"broken CSV row: {exc}"))
            continue
        header = _header(fields)
        if header:
            roles, header_width = header, len(fields)
            continue
        if roles is None:
            problems.append(Problem(source, lineno, "row before any header line"))
            continue
        card, problem = _row_card(fields, roles, header_width, source, lineno)
        if card:
            cards.append(card)
        if problem:
            problems.append(problem)
    return ParseResult(FORMAT, tuple(cards), tuple(problems))


def _row_card(
    fields: list[str], roles: dict[str, int], header_width: int, source: str, lineno: int
) -> tuple[Card | None, Problem | None]:
    width = max(roles.values()) + 1
    if len(fields) < width:
        return None, Problem(
            source, lineno, f"broken CSV row: {len(fields)} field(s), the header has {width}"
        )
    problem = None
    if len(fields) > header_width:
        rejoined, problem = _rejoin_answer(fields, roles, header_width, source, lineno)
        if rejoined is None:
            return None, problem
        fields = rejoined
    question, answer = fields[roles["q"]].strip(), fields[roles["a"]].strip()
    if not question:
        return None, Problem(source, lineno, "row has an empty question")
    uuid = fields[roles["id"]].strip() if "id" in roles else ""
    if uuid and not _UUID.match(uuid):
        why = f"id {uuid[:40]!r} is not a UUID; using a hash id"
        problem = Problem(source, lineno, why, skipped=False)
        uuid = ""
    kind = "flashcard" if answer else "practice"
    extra = {k: fields[roles[k]].strip() for k in ("card_id", "kind", "deck", "tags") if k in roles}
    if extra.get("card_id") and not uuid:
        if _CARD_ID.match(extra["card_id"]):
            uuid = extra["card_id"]
        else:
            problem = Problem(
                source, lineno, "card_id is blank-edged or too long; using a hash id", skipped=False
            )
    meta = {k: extra[k] for k in ("deck", "tags") if extra.get(k)}
    card = build_card(source, question, answer, kind=kind, metadata=meta, uuid=uuid or None)
    if extra.get("kind") in KINDS and (extra["kind"] == "practice") == (not card.answer):
        card = dataclasses.replace(card, kind=extra["kind"])
    return card, problem


def to_csv(cards: Iterable[Card]) -> str:
    """``cards`` as semicolon CSV with :data:`EXPORT_COLUMNS`; :func:`parse` reads back the same cards."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for c in cards:
        meta = c.metadata
        row = [
            _one_line(c.question),
            _one_line(c.answer),
            c.card_id,
            c.kind,
            meta.get("deck", ""),
            meta.get("tags", ""),
        ]
        writer.writerow(row)
    return out.getvalue()


def _one_line(text: str) -> str:
    """``text`` on one line: HTML the cleaner would read as markup is escaped, line breaks become ``<br>``."""
    if html_to_text(text)[0] != text:
        text = html.escape(text, quote=False)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def _rejoin_answer(
    fields: list[str], roles: dict[str, int], header_width: int, source: str, lineno: int
) -> tuple[list[str] | None, Problem]:
    """A row with more fields than its header: an unquoted delimiter inside the answer.

    When the answer is the column just before a trailing id column, the extra fields can only
    belong to the answer, so they are joined back; any other shape is refused rather than
    guessed.
    """
    extra = len(fields) - header_width
    a = roles["a"]
    if roles.get("id") == header_width - 1 and a == header_width - 2 and _UUID.match(fields[-1].strip()):
        joined = [*fields[:a], ";".join(fields[a : a + extra + 1]), fields[-1]]
        why = f"the answer holds {extra} unquoted ';'; the fields were joined back"
        return joined, Problem(source, lineno, why, skipped=False)
    why = f"broken CSV row: {len(fields)} fields, the header has {header_width} (an unquoted delimiter?)"
    return None, Problem(source, lineno, why)
