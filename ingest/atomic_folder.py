"""A folder written beside its final place, then moved there in one rename.

The local indexes are saved this way, so a half-written one is never loaded. Saves may race (a
question rebuilding a stale index while an ingest saves its own): each writes its own temporary
folder, and when two land at once the first stays. A save killed half way leaves its temporary
(or its replaced) folder behind; the next save beside it removes such folders once nothing in
them has changed for an hour, which no live save comes near (rebuilding the local indexes of a
50k-card store through a server takes about a minute).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, ClassVar, Self, TypeVar

from ingest.errors import StoreError

T = TypeVar("T")

#: A temporary or replaced folder unchanged for this long was left by a save that died.
ABANDONED_AFTER_S = 3600.0


def temporary_beside(directory: Path) -> Path:
    """A new, empty folder next to ``directory``, to be moved into its place."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(directory)
    return Path(tempfile.mkdtemp(dir=directory.parent, prefix=f"{directory.name}.tmp-"))


def move_into_place(tmp: Path, directory: Path) -> bool:
    """Replace ``directory`` by ``tmp``; False, with ``tmp`` removed, when another save got there first."""
    old = tmp.with_name(tmp.name.replace(".tmp-", ".old-"))
    with contextlib.suppress(FileNotFoundError):
        directory.rename(old)
    try:
        tmp.rename(directory)
        landed = True
    except OSError:  # another save got there first
        shutil.rmtree(tmp, ignore_errors=True)
        landed = False
    shutil.rmtree(old, ignore_errors=True)
    return landed


def read_saved(
    directory: Path,
    index_name: str,
    revision: str,
    unreadable: str,
    open_saved: Callable[[dict[str, Any]], T | None],
) -> T | None:
    """What ``open_saved`` makes of the folder's index file, if that was saved for ``revision``.

    None when the folder or a file in it is missing, or the save is for another revision.

    Raises:
        StoreError: ``"{unreadable}: {reason}"`` when a file is there but cannot be read.
    """
    try:
        saved = json.loads((directory / index_name).read_text())
        return open_saved(saved) if saved["revision"] == revision else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{unreadable}: {exc}") from None


class FolderWriter:
    """Appends to one data file in a temporary folder; closing saves the index file beside it
    and moves the folder into place.

    Writes may race (two processes rebuilding at once): see the module's docstring. Leaving the
    ``with`` block on an exception discards what was written. A subclass names the two files,
    says what the index file holds (:meth:`_index`) and opens what was written (:meth:`_opened`).

    Attributes:
        ids: The id of each record appended so far, in order (a subclass's ``add`` appends it).
    """

    data_name: ClassVar[str]
    index_name: ClassVar[str]

    def __init__(self, directory: Path, revision: str) -> None:
        self.directory = directory
        self.revision = revision
        self.ids: list[str] = []
        self._tmp: Path | None = None
        self._file: BinaryIO | None = None

    def __enter__(self) -> Self:
        self._tmp = temporary_beside(self.directory)
        self._file = open(self._tmp / self.data_name, "wb")  # noqa: SIM115 (closed in __exit__)
        return self

    def _append(self, data: bytes) -> None:
        assert self._file is not None, f"use {type(self).__name__} in a with block"
        self._file.write(data)

    def _index(self) -> dict[str, Any]:
        """What the index file holds, the revision aside."""
        raise NotImplementedError

    def _opened(self, folder: Path) -> None:
        """Open what was written in ``folder``, before it moves into place."""
        raise NotImplementedError

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._file is not None and self._tmp is not None
        self._file.close()
        if kind is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            return
        (self._tmp / self.index_name).write_text(json.dumps({"revision": self.revision, **self._index()}))
        # Mapped before the move, what was written stays readable whichever write lands (POSIX
        # keeps a mapped file's pages when the file is moved or deleted).
        self._opened(self._tmp)
        move_into_place(self._tmp, self.directory)


def _remove_abandoned(directory: Path) -> None:
    """Remove the temporary and replaced folders of ``directory`` that dead saves left behind."""
    cutoff = time.time() - ABANDONED_AFTER_S
    for pattern in (f"{directory.name}.tmp-*", f"{directory.name}.old-*"):
        for left in directory.parent.glob(pattern):
            if _last_change(left) < cutoff:
                shutil.rmtree(left, ignore_errors=True)


def _last_change(folder: Path) -> float:
    """The newest modification time of ``folder`` and the files in it (a writer appends to one)."""
    try:
        with os.scandir(folder) as entries:
            times = [e.stat().st_mtime for e in entries]
        return max([folder.stat().st_mtime, *times])
    except OSError:  # removed meanwhile, or not a folder
        return float("inf")
