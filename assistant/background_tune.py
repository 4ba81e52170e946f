"""Tuning in the background, so that the first answer never waits for it.

The UI starts ``study tune`` as a child process at low priority (``nice 10``) when the deck
should be tuned (:func:`ingest.retune.should_tune`): on a fresh machine, right after the bundled
decks are ingested. Until the child switches the pointer, questions are answered with the base
model and its collection, and :meth:`BackgroundTune.note` says that the assistant is still
adapting to the deck; the next question after the switch is answered by the tuned model (the
index follows the pointer, :meth:`ingest.index.CardIndex.follow_pointer`). A child process, not
a thread: training holds the CPU and hundreds of MB, and the UI keeps neither. It is ended
with the UI (``atexit``); if the UI is killed, the job's pending mark makes the next start finish it.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from ingest.settings import Settings

#: The settings a tune needs, passed to the child as ``STUDY_*`` variables.
_PASSED = (
    "data_dir",
    "cards_dir",
    "embedding_model",
    "embedding_batch_size",
    "chroma_host",
    "chroma_port",
    "collection",
    "max_file_bytes",
    "tune_budget_s",
    "tune_epochs",
    "tune_learning_rate",
    "tune_batch_size",
    "tune_seed",
    "tune_threads",
)


def child_environment(settings: Settings) -> dict[str, str]:
    """The environment of the child: this one's, with the store's settings made explicit."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    # Training threads that wait sleep instead of spinning: the UI process shares the cores.
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    for name in _PASSED:
        value = getattr(settings, name)
        if value is not None:
            env[f"STUDY_{name.upper()}"] = str(value)
    return env


class BackgroundTune:
    """One ``study tune`` child process and what the UI says about it.

    Example:
        >>> tuner = BackgroundTune(settings)
        >>> tuner.start("the deck has not been tuned on yet")
        >>> tuner.note()
        'Still adapting to your deck: ...'
    """

    def __init__(self, settings: Settings, log: Path | None = None) -> None:
        self.settings = settings
        self.log = log or settings.data_dir / "state" / "background-tune.log"
        self.reason: str | None = None
        self.started = 0.0
        self.returncode: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def start(self, reason: str) -> None:
        """Start the child (once); ``reason`` says why the deck is tuned."""
        with self._lock:
            if self._process is not None:
                return
            self.log.parent.mkdir(parents=True, exist_ok=True)
            with self.log.open("ab") as out:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "assistant.cli", "tune"],
                    env=child_environment(self.settings),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    preexec_fn=lambda: os.nice(10),  # noqa: PLW1509 (no threads are started before exec)
                )
            self.reason, self.started = reason, time.monotonic()
            atexit.register(self.stop)

    @property
    def running(self) -> bool:
        """True while the child tunes or re-embeds."""
        with self._lock:
            if self._process is None or self.returncode is not None:
                return False
            code = self._process.poll()
            if code is None:
                return True
            self.returncode = code
            return False

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the child to end; its exit code (None if none was started)."""
        if self._process is None:
            return None
        self.returncode = self._process.wait(timeout)
        return self.returncode

    def note(self) -> str | None:
        """What the UI shows while tuning (or after a failed tune), else None."""
        if self.running:
            minutes = (time.monotonic() - self.started) / 60
            return (
                f"Still adapting to your deck ({self.reason}; started {minutes:.0f} min ago): answers use "
                "the base embedding model until the tuned one is ready."
            )
        if self.returncode not in (None, 0):
            return (
                f"Tuning the embedding model on your deck failed; see {self.log}. Answers use the base model."
            )
        return None

    def stop(self) -> None:
        """End the child (with the UI); the job's pending mark lets the next start finish it."""
        with self._lock:
            proc = self._process
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
