"""Reading a source file into text, refusing what is not a readable text deck."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError

_BINARY_CONTROL_RATIO = 0.10


def read_text(path: Path, max_bytes: int) -> tuple[str, list[str]]:
    """Read ``path`` as text.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; anything else that is not
    UTF-8 is read as cp1252 and a note says so.

    Returns:
        The text and notes on how it was decoded.

    Raises:
        IngestError: for a missing, oversized, empty or binary file, naming the path and reason.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"{path}: file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    return text_from_bytes(data, path)


def text_from_bytes(data: bytes, path: Path | str) -> tuple[str, list[str]]:
    """Decode a deck's bytes (see :func:`read_text`); ``path`` only names it in errors.

    Raises:
        IngestError: for empty or binary data.
    """
    if not data.strip():
        raise IngestError(f"{path}: file is empty")
    text, notes = _decode(data, path)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if "\x00" in text or controls > _BINARY_CONTROL_RATIO * len(text):
        raise IngestError(f"{path}: binary file, not a text deck")
    if not text.strip():
        raise IngestError(f"{path}: file is empty")
    return text, notes


_TRUNCATED = "file ends in the middle of a character (truncated?); the partial character was dropped"


def _decode(data: bytes, path: Path | str) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["decoded as UTF-16"]
        except UnicodeDecodeError as exc:
            if exc.end < len(data):
                raise IngestError(f"{path}: not valid UTF-16 ({exc.reason})") from None
            # A file cut short in the middle of a code unit or a surrogate pair.
            return data[: exc.start].decode("utf-16"), ["decoded as UTF-16", _TRUNCATED]
    if b"\x00" in data:
        raise IngestError(f"{path}: binary file, not a text deck")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # valid UTF-8 cut short inside a character
            return data[: exc.start].decode("utf-8"), [_TRUNCATED]
    try:
        return data.decode("cp1252"), ["file is not valid UTF-8; decoded as cp1252"]
    except UnicodeDecodeError:
        # Bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): Latin-1 reads any byte,
        # and the control-character check that follows still refuses real binary data.
        return data.decode("latin-1"), ["file is not valid UTF-8 or cp1252; decoded as Latin-1"]
