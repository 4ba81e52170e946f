"""``study ingest`` runs itself again on jemalloc, once, when the system has the library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.allocator import MALLOC_CONF, on_jemalloc, preload_environ
from tests.support.system import needs

needs_jemalloc = needs("jemalloc")


def test_preload_environ_adds_the_library_and_turns_decay_off() -> None:
    assert preload_environ({"PATH": "/bin"}, "libjemalloc.so.2") == {
        "PATH": "/bin",
        "LD_PRELOAD": "libjemalloc.so.2",
        "MALLOC_CONF": "dirty_decay_ms:-1,muzzy_decay_ms:-1",
        "STUDY_ALLOCATOR_TRIED": "1",
    }
    assert MALLOC_CONF == "dirty_decay_ms:-1,muzzy_decay_ms:-1"


def test_preload_environ_keeps_other_preloads_and_a_users_malloc_conf() -> None:
    env = preload_environ({"LD_PRELOAD": " libfoo.so ", "MALLOC_CONF": "narenas:2"}, "libjemalloc.so.2")
    assert env == {
        "LD_PRELOAD": "libjemalloc.so.2 libfoo.so",
        "MALLOC_CONF": "narenas:2",
        "STUDY_ALLOCATOR_TRIED": "1",
    }


def test_this_test_process_runs_on_the_c_librarys_allocator() -> None:
    assert on_jemalloc() is False


# The command line of ``study ingest``, run through ``python -c`` so that the process that ends
# up doing the work can say which allocator it ran on (the first one is replaced by exec).
_SCRIPT = """
import atexit, sys
from assistant.allocator import on_jemalloc
atexit.register(lambda: print("allocator:", "jemalloc" if on_jemalloc() else "system", file=sys.stderr))
from assistant.cli import main
sys.argv = ["study", "ingest", sys.argv[1]]
sys.exit(main())
"""


def _ingest(deck: Path, data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "MALLOC_CONF")}
    environ.update(STUDY_DATA_DIR=str(data), **env)
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(deck)],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "deck.csv"
    path.write_text(
        "id;question;answer\n"
        "0b5f3c52-8d1e-4a0e-9a55-0f1c2b3d4e5f;What scales the dot products?;"
        "The square root of the key dimension.\n",
        encoding="utf-8",
    )
    return path


@needs_jemalloc
@pytest.mark.slow
def test_study_ingest_runs_on_jemalloc(deck: Path, tmp_path: Path) -> None:
    out = _ingest(deck, tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "added 1, updated 0, unchanged 0, removed 0, skipped 0"
    assert out.stderr.strip().splitlines()[-1] == "allocator: jemalloc"


@pytest.mark.slow
def test_study_ingest_keeps_the_system_allocator_when_asked(deck: Path, tmp_path: Path) -> None:
    out = _ingest(deck, tmp_path / "data", STUDY_ALLOCATOR="system")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "added 1, updated 0, unchanged 0, removed 0, skipped 0"
    assert out.stderr.strip().splitlines()[-1] == "allocator: system"


@needs_jemalloc
@pytest.mark.parametrize(
    ("tried", "printed"), [(False, "went on, jemalloc: True\n"), (True, "went on, jemalloc: False\n")]
)
def test_the_process_runs_itself_again_once(tried: bool, printed: str) -> None:
    # With the marker set, it is as if the loader had ignored LD_PRELOAD: no second try.
    script = (
        "from assistant.allocator import on_jemalloc, rerun_on_jemalloc\n"
        "rerun_on_jemalloc('jemalloc')\n"
        "print('went on, jemalloc:', on_jemalloc())"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "MALLOC_CONF")}
    if tried:
        environ["STUDY_ALLOCATOR_TRIED"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout == printed
