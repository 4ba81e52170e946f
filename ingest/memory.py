"""Giving memory the process freed back to the system (glibc keeps it otherwise).

Encoding and index building allocate and free many blocks of changing sizes; glibc keeps the
freed ones in its heap, fragmented, and a long ingest grows a batch at a time even though it
holds one batch. :func:`release_freed_memory` is called after each large step.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache


@cache
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        _ = libc.malloc_trim
    except (OSError, AttributeError):  # another C library (musl has no malloc_trim)
        return None
    return libc


def release_freed_memory() -> bool:
    """Hand the memory freed inside the process back to the system; False where it cannot.

    Measured on encoding, whose activation tensors change size with every batch: encoding 18,000
    short texts in calls of 4,096 took a process from 844 to 1,177 MB resident. Trimming after
    each call kept it at 553 MB and cost nothing measurable (4,096 texts: 29.8 s against
    30.5 s). Keeping blocks over 64 KiB out of the heap instead (``mallopt``) held memory as
    flat but made encoding 28 % slower. A no-op elsewhere than on Linux with glibc.
    """
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
