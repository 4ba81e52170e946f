"""One ingest at a time per store: a second one waits for the first, then runs."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import StoreError

#: The lock file, in a store's state folder, that one ingest or deck removal at a time holds.
LOCK_NAME = "ingest.lock"


@contextmanager
def exclusive(
    path: Path, timeout: float = 600.0, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` for the duration of the block.

    Args:
        path: The lock file (created if missing).
        timeout: Seconds to wait for another holder before giving up.
        on_wait: Called once if the lock is busy, before waiting (to tell the user).

    Raises:
        StoreError: if the lock is still held by someone else after ``timeout`` seconds.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(f"another ingest still holds {path} after {timeout:.0f} s") from None
                if on_wait and not told:
                    on_wait()
                    told = True
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
