"""A folder written beside its final place, then moved there in one rename.

The local indexes are saved this way, so a half-written one is never loaded. Saves may race (a
question rebuilding a stale index while an ingest saves its own): each writes its own temporary
folder, and when two land at once the first stays.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path


def temporary_beside(directory: Path) -> Path:
    """A new, empty folder next to ``directory``, to be moved into its place."""
    directory.parent.mkdir(parents=True, exist_ok=True)
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
