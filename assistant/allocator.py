"""Running ``study ingest`` on jemalloc, when the system has it.

Why: an ingest alternates encoding, whose activation blocks change size with every batch,
with writes to the store. On glibc's allocator the freed blocks fragment and the peaks of a
10k-card ingest climbed from 0.99 to 1.51 GB although it holds one batch. On jemalloc, with its
decay turned off and its arenas purged after each batch (:func:`ingest.memory.release_freed_memory`),
the peaks rose only as much as the memory between batches (Chroma's own index: 0.63 to
0.79 GB), and encoding was faster (12,288 texts: 81.6 s against 89.2 s on glibc).

How: ``LD_PRELOAD`` only works when a process starts, so the command runs itself again, once,
with the library preloaded, before it loads anything heavy. Nothing changes where the library
is missing (``apt install libjemalloc2``), off Linux, or with ``STUDY_ALLOCATOR=system``.

Example:
    >>> preload_environ({"PATH": "/bin"}, "libjemalloc.so.2")["LD_PRELOAD"]
    'libjemalloc.so.2'
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Mapping

#: Keep freed pages for reuse (no time-based decay); they are purged after each batch instead.
MALLOC_CONF = "dirty_decay_ms:-1,muzzy_decay_ms:-1"
#: Set in the re-run process, so that a preload the loader ignored is never retried in a loop.
_TRIED = "STUDY_ALLOCATOR_TRIED"


def find_jemalloc() -> str | None:
    """The jemalloc library's name as the dynamic loader finds it, or None."""
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.util.find_library("jemalloc")


def on_jemalloc() -> bool:
    """True when this process allocates through jemalloc."""
    return sys.platform.startswith("linux") and hasattr(ctypes.CDLL(None), "mallctl")


def preload_environ(environ: Mapping[str, str], library: str) -> dict[str, str]:
    """``environ`` with ``library`` preloaded first, and decay off unless MALLOC_CONF is set."""
    env = dict(environ)
    env["LD_PRELOAD"] = " ".join(p for p in (library, environ.get("LD_PRELOAD", "").strip()) if p)
    env.setdefault("MALLOC_CONF", MALLOC_CONF)
    env[_TRIED] = "1"
    return env


def rerun_on_jemalloc(allocator: str) -> None:
    """Replace this process by itself on jemalloc, when ``allocator`` asks for it and it helps.

    Returns (doing nothing) when ``allocator`` is ``"system"``, when the process already runs on
    jemalloc or tried to, or when the library is not installed.
    """
    if allocator != "jemalloc" or on_jemalloc() or os.environ.get(_TRIED):
        return
    library = find_jemalloc()
    if library is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], preload_environ(os.environ, library))
