"""One parser per deck format, all with the same signature.

Each parser module has ``FORMAT`` (its name), ``sniff(text) -> float`` (how sure it is that the
text is its format, 0 to 1) and ``parse(text, source) -> ParseResult``. The format is chosen from
the content, never from the file name, so a user's own export of a known kind parses too.
"""

from __future__ import annotations

from types import ModuleType

from ingest.cards import ParseResult
from ingest.errors import IngestError
from ingest.parsers import blog, flashcard_export, knowledge_page, recall_quiz, semicolon_csv

#: In order of precedence when two parsers are equally sure.
PARSERS: tuple[ModuleType, ...] = (
    semicolon_csv,
    recall_quiz,
    knowledge_page,
    blog,
    flashcard_export,
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


def parse_text(text: str, source: str) -> ParseResult:
    """Detect the format of ``text`` and parse it.

    Raises:
        IngestError: when the format is unknown or the file holds no card at all.
    """
    result = detect_format(text).parse(text, source)
    if not result.cards:
        reasons = "; ".join(p.reason for p in result.problems[:3])
        raise IngestError(f"no recognisable cards ({result.format}{': ' + reasons if reasons else ''})")
    return result
