"""Cleaning card text: mojibake, HTML, whitespace, and notes on suspected extraction defects.

Every function returns the cleaned text together with lint notes, so that each repair and each
suspicion is recorded on the card (``study cards --lint`` lists them). LaTeX is left as it is.
"""

from __future__ import annotations

import html
import re

import ftfy

# Repair mojibake only: curly quotes, full-width characters and ligatures are the author's choice.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization="NFC",
)


def _continuation_chars() -> str:
    """How the UTF-8 continuation bytes 0x80-0xBF look when decoded as cp1252."""
    chars = []
    for byte in range(0x80, 0xC0):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return re.escape("".join(chars))


# A UTF-8 lead byte followed by 1-3 continuation bytes, all shown as cp1252 characters.
_MOJIBAKE_RUN = re.compile(f"[\u00c2-\u00f4][{_continuation_chars()}]{{1,3}}")

_TAG = r"(?:br|p|span|em|strong|b|i|u|div|ul|ol|li|sup|sub|code|pre|h[1-6]|a|table|tr|td|th|hr|img)"
# No space after "<": HTML allows none there, and prose such as "a < b and b > c" has one.
_BLOCK_TAG = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|hr)\s*/?\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(rf"</?{_TAG}(?:\s[^<>]*)?/?\s*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """Repair text that was decoded with the wrong encoding (``Qâ‹…K`` → ``Q⋅K``)."""
    fixed = _MOJIBAKE_RUN.sub(_redecode, ftfy.fix_text(text, config=_FTFY_CONFIG))
    if fixed == text:
        return text, []
    return fixed, [f"repaired mojibake: {_first_difference(text, fixed)}"]


def html_to_text(text: str) -> tuple[str, list[str]]:
    """Turn ``<br>``, paragraphs and inline tags into plain text; unescape entities.

    Only known HTML tags are touched, so ``a < b`` or ``\\langle q, k \\rangle`` survive.
    """
    notes = []
    out = text
    if _ANY_TAG.search(out):
        out = _BLOCK_TAG.sub("\n", out)
        out = _ANY_TAG.sub(" ", out)
        notes.append("converted HTML markup to plain text")
    if _ENTITY.search(out):
        out = html.unescape(out)
        notes.append("unescaped HTML entities")
    return out, notes


def normalise_whitespace(text: str) -> str:
    """Collapse runs of spaces and tabs, strip each line, and drop blank lines at the ends.

    Line breaks are kept (answers that list steps read better with them), but never more than
    one blank line in a row.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    joined = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


def clean_text(text: str) -> tuple[str, list[str]]:
    """Mojibake, then HTML, then whitespace. Returns the text and the repairs made."""
    text, notes = fix_mojibake(text)
    text, html_notes = html_to_text(text)
    return normalise_whitespace(text), notes + html_notes


def suspect_defects(answer: str) -> list[str]:
    """Notes on text that looks damaged by extraction. Nothing is changed."""
    notes = []
    first = re.match(r"([a-z][a-zA-Z]+)\b", answer)
    if first:
        notes.append(
            f"answer starts with lower-case word {first.group(1)!r}: its first letter may be clipped"
        )
    if answer.count("$") % 2 == 1:
        notes.append("unbalanced '$' math delimiters: part of a formula may be missing")
    if re.search(r"\(\s*\)|,\s*,|:\s+\.", answer):
        notes.append("empty '()', ', ,' or ': .': a formula was probably dropped by extraction")
    glued = re.findall(r"\b[a-zA-Z]+_[a-zA-Z0-9]{1,2}[a-z]{2,}\b", answer)
    if glued:
        notes.append(f"words glued to math symbols: {', '.join(sorted(set(glued))[:3])}")
    return notes


def _redecode(match: re.Match[str]) -> str:
    # ftfy judges a lone run such as "â‹…" too ambiguous to touch; a run that decodes as
    # strict UTF-8 from its cp1252 bytes is mojibake all the same.
    run = match.group(0)
    try:
        return run.encode("cp1252", errors="strict").decode("utf-8", errors="strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        try:
            return run.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return run


def _first_difference(before: str, after: str, context: int = 6) -> str:
    i = next((n for n, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), 0)
    lo = max(0, i - context)
    return f"{before[lo : i + context]!r} -> {after[lo : i + context]!r}"
