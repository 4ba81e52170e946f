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
import os
import shutil
import tempfile
import time
from pathlib import Path

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
