"""UI fixtures: a private copy of the session's store, a launched server, screenshots, and a
store lock that records who held it.

Tests that change the store (uploads) get their own copy of the session's ingested store, so
that the rest of the suite keeps seeing exactly the bundled decks; copying is much faster than
ingesting again.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.system import skip_unless
from ui.store_lock import LockState, StoreLock

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: A small deck in the semicolon CSV format, on a topic the bundled decks do not cover.
SMALL_DECK = "\n".join(
    [
        "Question;Answer;UUID",
        "What is FlashAttention?;FlashAttention computes exact attention in tiles that fit in on-chip SRAM, "
        "so the full attention matrix is never written to GPU memory.;c0ffee00-0000-4000-8000-000000000001",
        "Why is FlashAttention faster than standard attention?;It is IO-aware: it cuts reads and writes "
        "between GPU high-bandwidth memory and SRAM, which dominate the run time of attention.;"
        "c0ffee00-0000-4000-8000-000000000002",
        "Does FlashAttention approximate the softmax?;No. It is exact: an online softmax rescales partial "
        "sums so that the result equals standard attention.;c0ffee00-0000-4000-8000-000000000003",
        "",
    ]
)


#: Seconds a test waits for another thread before it fails (never reached when all is well).
TIMEOUT = 10.0


class RecordingLock(StoreLock):
    """A :class:`StoreLock` that records, in order, which thread held it how: ``"<thread> reads"``
    or ``"<thread> writes"`` on entering, ``"<thread> done"`` just before leaving."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    @contextmanager
    def reading(self) -> Iterator[None]:
        with super().reading(), self._record("reads"):
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        with super().writing(), self._record("writes"):
            yield

    @contextmanager
    def _record(self, how: str) -> Iterator[None]:
        self.events.append(f"{threading.current_thread().name} {how}")
        try:
            yield
        finally:
            self.events.append(f"{threading.current_thread().name} done")


def wait_for_state(lock: StoreLock, expected: LockState) -> None:
    """Wait until ``lock`` is in the ``expected`` state, e.g. until a thread is blocked in it.

    Polls: a thread that waits inside the lock cannot signal that it does. Fails after
    :data:`TIMEOUT` seconds with the state it saw.
    """
    deadline = time.monotonic() + TIMEOUT
    while (state := lock.state()) != expected:
        assert time.monotonic() < deadline, f"the lock is {state}, expected {expected}"
        time.sleep(0.001)


def start_thread(name: str, target: Callable[[], object]) -> threading.Thread:
    """Run ``target()`` in a new daemon thread named ``name``."""
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def join(thread: threading.Thread) -> None:
    """Wait for ``thread`` to end (up to :data:`TIMEOUT` seconds)."""
    thread.join(TIMEOUT)
    assert not thread.is_alive(), f"{thread.name} is still running"


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def copy_store(bundled_settings, study, tmp_path_factory):
    """Make a private, already-ingested copy of the session's store: ``copy_store() -> StudyAssistant``."""
    from assistant.api import StudyAssistant
    from ingest.settings import load_settings

    def make() -> StudyAssistant:
        target = tmp_path_factory.mktemp("ui-study-data")
        shutil.copytree(bundled_settings.data_dir, target, dirs_exist_ok=True)
        return StudyAssistant(load_settings(data_dir=target, cards_dir=bundled_settings.cards_dir))

    return make


@dataclass
class Server:
    """A launched UI: its URL, the assistant behind it and the Blocks."""

    url: str
    sa: object
    demo: object


@pytest.fixture(scope="module")
def launch_ui(tmp_path_factory):
    """Start a UI server on a free loopback port: ``launch_ui(sa, **options) -> Server``; the
    module's servers are closed when it ends."""
    from ui.app import build_app, launch
    from ui.options import UIOptions

    started: list[Server] = []

    def start(sa, **options) -> Server:
        opts = UIOptions(port=free_port(), **options)
        demo = build_app(sa.settings, opts, assistant=sa, media_dir=tmp_path_factory.mktemp("ui-media"))
        url = launch(demo, sa.settings, opts, block=False, quiet=True)
        server = Server(url, sa, demo)
        started.append(server)
        return server

    yield start
    for server in started:
        server.demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright."""
    skip_unless("browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where browser tests save their screenshots (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
