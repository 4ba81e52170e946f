"""The Decks tab's deck list and its remove button, as plain functions over the assistant.

No Gradio here (like :mod:`ui.handlers`): each function takes the assistant and plain values
and returns table rows or Markdown. Listing holds the store lock for reading; removing holds it
alone, as an ingest does. A removal asks first (:func:`removal_question`), then
:func:`remove_deck` removes the deck's cards from the store and the local indexes
(:meth:`assistant.api.StudyAssistant.remove`) and deletes the copy the UI kept of an uploaded
deck, so that neither comes back. Study history is not touched.

Example:
    >>> rows, names = deck_table(sa)
    >>> names
    ['000_e99f669388c05c9c.txt', '001_43092e04bfd5a145.txt', ...]
    >>> remove_deck(sa, "001_43092e04bfd5a145.txt")
    'Removed **001_43092e04bfd5a145.txt**: 2 cards and 0 practice prompts.\\n'
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from assistant.api import StudyAssistant
from assistant.decks_view import COLUMNS, deck_row, plural, totals
from ingest.errors import StudyAssistantError
from ui import render
from ui.report import md_text
from ui.store_lock import StoreLock

#: Columns of the deck table.
DECK_COLUMNS = [title for title, _ in COLUMNS]
#: What the removal message says when no deck is chosen.
CHOOSE = "Choose a deck in the list, then press **Remove deck**.\n"


def _shared(lock: StoreLock | None) -> AbstractContextManager[None]:
    return lock.reading() if lock is not None else nullcontext()


def _alone(lock: StoreLock | None) -> AbstractContextManager[None]:
    return lock.writing() if lock is not None else nullcontext()


def deck_table(
    sa: StudyAssistant, *, lock: StoreLock | None = None
) -> tuple[list[list[str]], list[str], str]:
    """The deck table's rows, the deck names (for the choice of deck to remove) and a count line."""
    with _shared(lock):
        decks = sa.decks()
    count = totals(decks) if decks else "No decks in the store: upload one above."
    return [deck_row(d) for d in decks], [d.name for d in decks], count


def removal_question(sa: StudyAssistant, name: str | None, *, lock: StoreLock | None = None) -> str | None:
    """The confirmation to show before removing ``name``; None, with nothing to confirm, when
    no deck is chosen or there is no such deck (:func:`remove_deck` then says why)."""
    if not name:
        return None
    with _shared(lock):
        decks = {d.name: d for d in sa.decks()}
    deck = decks.get(name)
    if deck is None:
        return None
    return (
        f"Remove **{md_text(deck.name)}** and its {plural(deck.cards, 'card')} and "
        f"{plural(deck.practice, 'practice prompt')} from the store? Your study history is kept; "
        "ingesting the file again brings the cards back.\n"
    )


def remove_deck(sa: StudyAssistant, name: str | None, *, lock: StoreLock | None = None) -> str:
    """Remove the deck ``name``; what was done (or why not) as Markdown."""
    if not name:
        return CHOOSE
    try:
        with _alone(lock):
            removed = sa.remove(name)
    except StudyAssistantError as exc:
        return render.error_html(f"remove failed: {exc}")
    text = f"Removed **{md_text(removed.name)}**: {plural(removed.cards, 'card')} and "
    text += f"{plural(removed.practice, 'practice prompt')}."
    if removed.path and _delete_upload(Path(removed.path), sa.settings.data_dir / "uploads"):
        text += " Its uploaded copy is deleted too."
    return text + "\n"


def _delete_upload(path: Path, uploads: Path) -> bool:
    """Delete ``path`` if it is a deck the UI kept in the ``uploads`` folder; True if it was."""
    if path.parent != uploads.resolve() or not path.is_file():
        return False
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True
