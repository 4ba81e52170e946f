"""Anki notes as cards: the package's notes (read by :mod:`ingest.anki_package`) turned into cards.

- A Cloze note gives one card per cloze number (see :mod:`ingest.cloze`): the question is the
  text with that deletion blanked (its hint kept), the answer is the deleted text, then the
  full sentence, then the note's other non-empty fields (Back Extra).
- Any other note (Basic, Basic and reversed, ...) gives ONE card: the first field is the
  question and the other non-empty fields, in order, are the answer. A reversed template is
  the same fact, so it adds no card. ``ParseOptions.question_fields`` / ``answer_fields`` pick
  fields by name instead, for note types where the first field is not the question.

The card id is the note's GUID (``GUID-cN`` for cloze number N), so importing an updated
package updates its cards in place (a note without a GUID gets the usual hash id). The card's
metadata keeps ``deck`` (the deck of that card, ``Parent::Child``), ``tags`` (space-separated,
as Anki writes them), ``note_type`` and ``guid``.
HTML goes through the shared cleaner; images and sounds are removed, and a lint note lists them.
This module is also used for the plain-text export of Anki notes (its fields are the same).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ingest.anki_package import AnkiNote, read_package
from ingest.cards import Card, ParseResult, Problem
from ingest.cloze import cloze_cards
from ingest.parse_options import ParseOptions
from ingest.parsers.common import build_card

FORMAT = "anki-package"

_MEDIA = re.compile(
    r"<(?:img|audio|video|source)\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))[^>]*>"
    r"|\[sound:([^\]]*)\]",
    re.IGNORECASE,
)

#: Inline formatting, which renders as nothing (the cleaner turns every tag into a space or a
#: line break, which would split ``<b>atten</b>tion``).
_INLINE_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|font|mark|s|small|big)(?:\s[^<>]*)?>", re.IGNORECASE)


def parse_package(path: Path, source: str, options: ParseOptions) -> ParseResult:
    """The cards of the Anki package at ``path``.

    Raises:
        IngestError: for a package that cannot be read or is refused (see :mod:`ingest.anki_package`).
    """
    collection = read_package(path, options.max_package_bytes)
    return notes_to_cards(collection.notes, source, options, FORMAT)


def notes_to_cards(notes: Sequence[AnkiNote], source: str, options: ParseOptions, fmt: str) -> ParseResult:
    """One card per note (per cloze number for Cloze notes), with problems for notes that give none."""
    cards: list[Card] = []
    problems: list[Problem] = []
    for note in notes:
        if note.notetype is None:
            problems.append(Problem(source, None, f"note {note.guid}: its note type is missing"))
            continue
        made = _cloze_cards(note, source) if note.notetype.is_cloze else _note_card(note, source, options)
        if not made:
            problems.append(Problem(source, None, f"note {note.guid}: {_why_empty(note)}"))
        cards += made
    return ParseResult(fmt, tuple(cards), tuple(problems))


def strip_media(text: str) -> tuple[str, list[str]]:
    """``text`` without images, audio, video and ``[sound:...]`` references (and without inline
    formatting tags); the files they named."""
    names: list[str] = []

    def drop(m: re.Match[str]) -> str:
        names.append(next(g for g in m.groups() if g is not None))
        return ""

    return _INLINE_TAG.sub("", _MEDIA.sub(drop, text)), names


def _metadata(note: AnkiNote, ord_: int) -> dict[str, str]:
    deck = note.decks.get(ord_) or next(iter(note.decks.values()), "")
    meta = {"guid": note.guid} if note.guid else {}
    if note.notetype and note.notetype.name:
        meta["note_type"] = note.notetype.name
    if deck:
        meta["deck"] = deck
    if note.tags:
        meta["tags"] = " ".join(note.tags)
    return meta


def _card(
    source: str, question: str, answer: str, card_id: str | None, meta: Mapping[str, str]
) -> Card | None:
    question, q_media = strip_media(question)
    answer, a_media = strip_media(answer)
    card = build_card(source, question, answer, metadata=meta, uuid=card_id)
    if not card.question:
        return None
    if not card.answer:
        card = dataclasses.replace(card, kind="practice")
    media = q_media + a_media
    if media:
        card = dataclasses.replace(card, lint=(*card.lint, f"removed media: {', '.join(media)}"))
    return card


def _note_card(note: AnkiNote, source: str, options: ParseOptions) -> list[Card]:
    assert note.notetype is not None
    names = note.notetype.fields
    values = dict(zip(names, note.fields, strict=False))
    q_names = [n for n in options.question_fields if n in values]
    if q_names:
        a_names = [n for n in options.answer_fields if n in values] or [n for n in names if n not in q_names]
        question = "\n".join(values[n] for n in q_names if values[n].strip())
        answer = "\n".join(values[n] for n in a_names if values[n].strip())
    else:
        question = note.fields[0]
        answer = "\n".join(f for f in note.fields[1:] if f.strip())
    card = _card(source, question, answer, note.guid or None, _metadata(note, 0))
    return [card] if card else []


def _cloze_cards(note: AnkiNote, source: str) -> list[Card]:
    extra = "\n".join(f for f in note.fields[1:] if f.strip())
    cards = []
    for c in cloze_cards(note.fields[0]):
        answer = "\n\n".join(p for p in (c.deleted, c.full, extra) if p.strip())
        card_id = f"{note.guid}-c{c.number}" if note.guid else None
        card = _card(source, c.question, answer, card_id, _metadata(note, c.number - 1))
        if card:
            cards.append(card)
    return cards


def _why_empty(note: AnkiNote) -> str:
    if note.notetype is not None and note.notetype.is_cloze:
        return "a Cloze note without any cloze deletion ({{c1::...}}); skipped"
    return "its question field is empty; skipped"
