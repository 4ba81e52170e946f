"""The store's readers-writer lock: readers together, a writer alone, a waiting writer first.

Threads meet at barriers and events; where a thread must be blocked inside the lock before the
test goes on, the test waits for the lock's own state to say so (:func:`wait_for_state`).
"""

from __future__ import annotations

import threading

import pytest

from tests.ui.conftest import TIMEOUT, RecordingLock, join, start_thread, wait_for_state
from ui.store_lock import LockState, StoreLock

IDLE = LockState()


def passing(lock: StoreLock, how: str):
    """A thread's work: enter ``lock`` ``how`` (``"reading"`` or ``"writing"``), leave at once."""

    def run() -> None:
        with getattr(lock, how)():
            pass

    return run


def test_two_readers_hold_it_at_the_same_time():
    lock = StoreLock()
    both_in = threading.Barrier(2, timeout=TIMEOUT)  # broken unless both readers get in together
    seen: list[LockState] = []

    def read() -> None:
        with lock.reading():
            both_in.wait()
            seen.append(lock.state())
            both_in.wait()

    threads = [start_thread(f"reader {i}", read) for i in (1, 2)]
    for thread in threads:
        join(thread)
    assert seen == [LockState(readers=2), LockState(readers=2)]
    assert lock.state() == IDLE


def test_a_writer_waits_for_the_readers_to_leave():
    lock = RecordingLock()

    with lock.reading():
        writer = start_thread("writer", passing(lock, "writing"))
        wait_for_state(lock, LockState(readers=1, writers_waiting=1))
        assert lock.events == ["MainThread reads"]
    join(writer)
    assert lock.events == ["MainThread reads", "MainThread done", "writer writes", "writer done"]
    assert lock.state() == IDLE


def test_a_reader_waits_while_a_writer_holds_it():
    lock = RecordingLock()

    with lock.writing():
        reader = start_thread("reader", passing(lock, "reading"))
        wait_for_state(lock, LockState(writing=True, readers_waiting=1))
        assert lock.events == ["MainThread writes"]
    join(reader)
    assert lock.events == ["MainThread writes", "MainThread done", "reader reads", "reader done"]
    assert lock.state() == IDLE


def test_writers_exclude_each_other():
    lock = RecordingLock()

    with lock.writing():
        writer = start_thread("writer", passing(lock, "writing"))
        wait_for_state(lock, LockState(writing=True, writers_waiting=1))
    join(writer)
    assert lock.events == ["MainThread writes", "MainThread done", "writer writes", "writer done"]
    assert lock.state() == IDLE


def test_a_reader_that_comes_while_a_writer_waits_goes_after_the_writer():
    lock = RecordingLock()

    with lock.reading():
        writer = start_thread("writer", passing(lock, "writing"))
        wait_for_state(lock, LockState(readers=1, writers_waiting=1))
        # Without writer preference this reader would join the one inside at once.
        late = start_thread("late reader", passing(lock, "reading"))
        wait_for_state(lock, LockState(readers=1, readers_waiting=1, writers_waiting=1))
    join(writer)
    join(late)
    assert lock.events == [
        "MainThread reads",
        "MainThread done",
        "writer writes",
        "writer done",
        "late reader reads",
        "late reader done",
    ]
    assert lock.state() == IDLE


@pytest.mark.parametrize("how", ["reading", "writing"])
def test_an_exception_inside_the_block_releases_it(how):
    lock = StoreLock()
    with pytest.raises(ValueError, match="boom"), getattr(lock, how)():
        raise ValueError("boom")
    assert lock.state() == IDLE
    with lock.writing():  # would wait forever if anything were still held
        assert lock.state() == LockState(writing=True)


def test_a_block_may_be_left_in_another_thread():
    """A chat generator holds the store across its yields; Gradio may resume or close it on
    another worker thread than the one that entered."""
    lock = StoreLock()

    def answer():
        with lock.reading():
            yield "first piece"
            yield "second piece"

    steps = answer()
    entered = start_thread("worker 1", lambda: next(steps))
    join(entered)
    assert lock.state() == LockState(readers=1)
    closed = start_thread("worker 2", steps.close)
    join(closed)
    assert lock.state() == IDLE
