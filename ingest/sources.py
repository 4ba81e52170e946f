"""Reading one source file into cards, whatever its kind: an Anki package or a text deck.

The kind comes from the content: a zip archive is an Anki package (``.apkg``, ``.colpkg``),
anything else is read as text and its format detected (:mod:`ingest.parsers`).
"""

from __future__ import annotations

from pathlib import Path

from ingest.anki_package import is_package
from ingest.cards import ParseResult
from ingest.errors import IngestError
from ingest.parse_options import ParseOptions
from ingest.parsers import parse_text, require_cards
from ingest.parsers.anki_notes import parse_package
from ingest.reader import read_text


def read_source(
    path: Path, max_bytes: int, options: ParseOptions | None = None
) -> tuple[ParseResult, list[str]]:
    """The cards in the file at ``path`` and notes on how it was read.

    Args:
        path: The file.
        max_bytes: The largest text file read (a package's limit is ``options.max_package_bytes``).
        options: How to parse (default: :class:`ParseOptions` defaults).

    Raises:
        IngestError: naming ``path`` and the reason when it gives no card.
    """
    options = options or ParseOptions()
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    if is_package(head):
        return require_cards(parse_package(path, path.name, options)), []
    text, notes = read_text(path, max_bytes)
    return parse_text(text, path.name, options), notes
