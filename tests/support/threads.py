"""Running one function in several threads at once, for the race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def errors_of_concurrent_calls(target: Callable[[T], None], args: Iterable[T]) -> list[BaseException]:
    """Call ``target(arg)`` for every arg, each in its own thread, all at once; what they raised."""
    errors: list[BaseException] = []

    def run(arg: T) -> None:
        try:
            target(arg)
        except BaseException as exc:  # noqa: BLE001 - returned to the test, which asserts on it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
