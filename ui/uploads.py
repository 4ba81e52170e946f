"""Uploaded decks: refuse what is not a readable deck, keep the rest under one folder.

An upload is checked before it is kept: its name must be a plain file name (no ``/``, ``\\``,
a lone ``..``, or a leading dot), it must fit the size limit, decode as text and hold cards in a known
format. What passes is copied to the uploads folder under its own (cleaned) name, so that
uploading a changed version of the same deck later updates its cards instead of duplicating
them. Nothing is ever written outside the uploads folder.

Example:
    >>> staged = stage_uploads(["/tmp/gradio/ab12/my_deck.csv"], Path("/data/uploads"), 5_000_000)
    >>> staged.paths, [str(r) for r in staged.refused]
    ([PosixPath('/data/uploads/my_deck.csv')], [])
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError
from ingest.sources import read_source

#: Longest file name kept, in characters (the suffix is kept when a name is shortened).
MAX_NAME_CHARS = 100
#: Files accepted in one upload.
MAX_FILES = 20

_UNSAFE_CHARS = re.compile(r"[^\w.()+ -]")


@dataclass(frozen=True)
class Refused:
    """An upload that was not kept, and why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class Staged:
    """The outcome of :func:`stage_uploads`: the kept copies and the refusals."""

    paths: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def safe_name(name: str) -> str:
    """``name`` as a file name that can only live directly inside the uploads folder.

    Characters other than letters, digits, ``._()+-`` and spaces become ``_``; a long name is
    shortened, keeping its suffix.

    Raises:
        IngestError: for an empty name, one with a path separator or a NUL byte, ``.`` or
            ``..``, or a leading dot (hidden files are never read as decks).
    """
    if not name or not name.strip():
        raise IngestError("the file has no name")
    if "/" in name or "\\" in name or "\x00" in name or name in {".", ".."}:
        raise IngestError(f"{name!r} is not a plain file name (no paths or '..')")
    if name.startswith("."):
        raise IngestError(f"{name!r} is a hidden file name")
    cleaned = _UNSAFE_CHARS.sub("_", name.strip())
    if len(cleaned) > MAX_NAME_CHARS:
        stem, dot, suffix = cleaned.rpartition(".")
        suffix = suffix[:10] if dot else ""
        keep = MAX_NAME_CHARS - len(suffix) - (1 if suffix else 0)
        cleaned = (stem if dot else cleaned)[:keep] + (f".{suffix}" if suffix else "")
    return cleaned


def check_deck(path: Path, name: str, max_bytes: int) -> None:
    """Refuse ``path`` unless it is a readable deck: a text deck within ``max_bytes`` or an Anki
    package within its own limits.

    Raises:
        IngestError: naming the reason (too big, empty, binary, no recognisable cards, a refused
            package).
    """
    try:
        read_source(path, max_bytes)
    except IngestError as exc:
        # The reader names the temporary path; the user knows the file by its own name.
        raise IngestError(str(exc).removeprefix(f"{path}: ")) from None


def stage_uploads(files: Iterable[str | Path], upload_dir: Path, max_bytes: int) -> Staged:
    """Check each uploaded file and copy the good ones into ``upload_dir``.

    Args:
        files: Paths of the uploaded files; each is known by its base name.
        upload_dir: Where kept decks live (created if needed).
        max_bytes: The size limit of one file.

    Returns:
        The kept copies, in upload order, and every refusal with its reason.
    """
    staged = Staged()
    seen: set[str] = set()
    upload_dir.mkdir(parents=True, exist_ok=True)
    root = upload_dir.resolve()
    for i, file in enumerate(files):
        source = Path(file)
        name = source.name or str(file)
        if i >= MAX_FILES:
            staged.refused.append(Refused(name, f"more than {MAX_FILES} files in one upload"))
            continue
        try:
            clean = safe_name(name)
            if clean in seen:
                raise IngestError(f"another file named {clean} is in this upload")
            check_deck(source, clean, max_bytes)
        except IngestError as exc:
            staged.refused.append(Refused(name, str(exc)))
            continue
        target = (root / clean).resolve()
        if target.parent != root:  # cannot happen after safe_name; never write outside root
            staged.refused.append(Refused(name, "the name would leave the uploads folder"))
            continue
        shutil.copyfile(source, target)
        seen.add(clean)
        staged.paths.append(target)
    return staged
