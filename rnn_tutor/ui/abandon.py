"""Workers the app never waits for when it quits.

Textual runs ``@work(thread=True)`` workers in the event loop's default executor, a
ThreadPoolExecutor: quitting then waits for every running worker (``asyncio.run`` shuts the
executor down, and the interpreter joins its threads at exit). A grading or torch import
still running would hold ctrl+q for as long as it takes. ``install`` gives the loop an
executor whose threads are daemons and whose shutdown never waits: a worker still running
at exit is abandoned (it only ever reads; answers are saved in one short transaction).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonExecutor(ThreadPoolExecutor):
    """One daemon thread per task; ``shutdown`` returns at once. (A ThreadPoolExecutor by
    type only, as asyncio requires: none of its pool, which the interpreter joins at exit.)"""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="rnn-tutor worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: running tasks are abandoned with the process."""


def install() -> None:
    """Make the running loop's default executor a DaemonExecutor (call inside the app)."""
    asyncio.get_running_loop().set_default_executor(DaemonExecutor())
