"""One parser per deck format, all with the same signature.

Each parser module has ``FORMAT`` (its name), ``sniff(text) -> float`` (how sure it is that the
text is its format, 0 to 1) and ``parse(text, source) -> ParseResult``. The format is chosen from
the content, never from the file name, so a user's own export of a known kind parses too.
"""

from __future__ import annotations

from types import ModuleType

from ingest.cards import ParseResult
from ingest.errors import IngestError
from ingest.parse_options import ParseOptions
from ingest.parsers import (
    anki_text,
    blog,
    flashcard_export,
    knowledge_page,
    markdown_notes,
    obsidian_cards,
    quizlet,
    recall_quiz,
    semicolon_csv,
    tab_separated,
)

#: In order of precedence when two parsers are equally sure.
PARSERS: tuple[ModuleType, ...] = (
    anki_text,
    semicolon_csv,
    recall_quiz,
    knowledge_page,
    blog,
    markdown_notes,
    flashcard_export,
    obsidian_cards,
    tab_separated,
    quizlet,
)


def detect_format(text: str) -> ModuleType:
    """The parser most sure that ``text`` is its format.

    Raises:
        IngestError: when no parser recognises the text.
    """
    best = max(PARSERS, key=lambda parser: parser.sniff(text))
    if best.sniff(text) <= 0.0:
        raise IngestError("no recognisable cards (not a known deck format)")
    return best


def parse_text(text: str, source: str, options: ParseOptions | None = None) -> ParseResult:
    """Detect the format of ``text`` and parse it.

    With ``options.headings``, a Markdown file's headings become questions (see
    :mod:`ingest.parsers.markdown_notes`).

    Raises:
        IngestError: when the format is unknown or the file holds no card at all.
    """
    if options is not None and options.headings and markdown_notes.has_headings(text):
        return require_cards(markdown_notes.parse(text, source, headings=True))
    return require_cards(detect_format(text).parse(text, source))


def require_cards(result: ParseResult) -> ParseResult:
    """``result`` when it holds a card.

    Raises:
        IngestError: naming the format and the first reasons when it holds none.
    """
    if not result.cards:
        reasons = "; ".join(p.reason for p in result.problems[:3])
        raise IngestError(f"no recognisable cards ({result.format}{': ' + reasons if reasons else ''})")
    return result
