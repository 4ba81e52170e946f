"""A readers-writer lock over the store that every session of the UI shares.

Questions only read the vector store and the lexical index, so any number of them may run at
once; an ingest rewrites both and must have the store alone. A plain lock would queue every
question behind whichever one holds it, and in LLM mode that one may be waiting seconds on a
remote model. :class:`StoreLock` lets the readers overlap and keeps the writer exclusive.

It prefers the writer: once an ingest waits, questions that arrive after it wait too, so a
steady stream of chats cannot starve it. Questions already running finish first; those held
back go as soon as the ingest is done.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class LockState:
    """Who holds a :class:`StoreLock` and who waits for it, at one moment.

    Attributes:
        readers: Blocks inside :meth:`StoreLock.reading`.
        writing: Whether a block is inside :meth:`StoreLock.writing`.
        readers_waiting: Readers waiting to enter.
        writers_waiting: Writers waiting to enter.
    """

    readers: int = 0
    writing: bool = False
    readers_waiting: int = 0
    writers_waiting: int = 0


class StoreLock:
    """Many readers at once, or one writer alone; a waiting writer goes before new readers.

    Built on one :class:`threading.Condition`. Entering a block waits as long as it must; leaving
    it (normally or by an exception) lets the waiting threads in.

    The lock is not reentrant: a reader that asks to read again while a writer waits, or a
    writer that asks for either, waits for itself forever. It is not owned by a thread, though:
    a block may be entered in one thread and left in another, as happens when a generator holds
    it across its yields and Gradio resumes it on whichever worker thread is free.

    Example:
        >>> lock = StoreLock()
        >>> with lock.reading():  # a question; others may read at the same time
        ...     lock.state()
        LockState(readers=1, writing=False, readers_waiting=0, writers_waiting=0)
        >>> with lock.writing():  # an ingest; it waits until no question is running
        ...     lock.state().writing
        True
    """

    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._readers = 0
        self._writing = False
        self._readers_waiting = 0
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the store for reading: with other readers, never with a writer.

        Waits while a writer holds the store or waits for it (writer preference).
        """
        with self._changed:
            self._readers_waiting += 1
            try:
                self._changed.wait_for(lambda: not self._writing and not self._writers_waiting)
            finally:
                self._readers_waiting -= 1
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                if not self._readers:
                    self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store alone: waits until the readers in it and any other writer have left."""
        with self._changed:
            self._writers_waiting += 1
            try:
                self._changed.wait_for(lambda: not self._writing and not self._readers)
            except BaseException:
                # Interrupted while waiting: readers held back by this writer may go in now.
                self._writers_waiting -= 1
                self._changed.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()

    def state(self) -> LockState:
        """Who holds the lock and who waits, now (for diagnostics and tests)."""
        with self._changed:
            return LockState(self._readers, self._writing, self._readers_waiting, self._writers_waiting)
