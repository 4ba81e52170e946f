"""Freed memory goes back to the system."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.allocator import find_jemalloc, preload_environ
from ingest.memory import release_freed_memory
from tests.support.system import needs

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")


@linux_only
def test_glibc_can_trim() -> None:
    assert release_freed_memory() is True
    assert release_freed_memory() is True  # again is harmless


# Run in a fresh process: ``allocate`` makes and frees blocks, then (mode "trim") the freed
# memory is released; prints how many KiB the resident set grew.
_GROWTH = """
import sys
from ingest.memory import release_freed_memory
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS"))
before = rss()
{allocate}
if sys.argv[1] == "trim":
    assert release_freed_memory() is True
print(rss() - before)
"""


def _grown_kib(allocate: str, env: dict[str, str] | None = None) -> dict[str, int]:
    script = _GROWTH.format(allocate=allocate)
    return {
        mode: int(
            subprocess.run(
                [sys.executable, "-c", script, mode], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for mode in ("keep", "trim")
    }


@linux_only
def test_freed_heap_blocks_go_back_to_the_system() -> None:
    # 600 blocks of 60 KiB (under glibc's mmap threshold, so in the heap), every other one
    # freed while its neighbours are kept: the heap cannot shrink from its top, and only a
    # trim gives the freed pages back.
    grown = _grown_kib(
        "blocks = [bytearray(60 * 1024) for _ in range(600)]\n"
        "for i in range(0, 600, 2):\n"
        "    blocks[i] = None"
    )
    # 300 blocks of 60 KiB are still held either way (18,000 KiB); without the trim the 300
    # freed ones stay resident too.
    assert grown["keep"] > 32_000
    assert grown["trim"] < 22_000


@needs("jemalloc")
def test_under_jemalloc_freed_memory_is_purged() -> None:
    # jemalloc preloaded as ``study ingest`` does it (decay off): 200 MiB freed stays resident
    # until the purge gives it back.
    env = {**os.environ, **preload_environ(os.environ, str(find_jemalloc()))}
    grown = _grown_kib("blocks = [bytearray(1024 * 1024) for _ in range(200)]\ndel blocks", env)
    assert grown["keep"] > 190_000  # KiB: all 200 MiB still resident
    assert grown["trim"] < 10_000
