"""One thread that runs every piece of work on a resource, one at a time, in order.

The progress store's SQLite connection belongs to such a thread. Callers hand it work and
get a ``Future``: a worker thread waits on ``call``, the event loop awaits
``asyncio.wrap_future(submit(...))`` and goes on drawing and answering keys meanwhile. No
Python lock is held while SQLite waits for another instance's transaction: the only thing
that waits is the owner thread itself, and whoever chose to wait for its answer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

Result = TypeVar("Result")

# What the queue holds: a piece of work and the future its result goes to; None stops.
_Item = tuple[Callable[[], Any], "Future[Any]"] | None


class OwnerThread:
    """Runs submitted work on one daemon thread, started at the first submission.

    Work submitted from the owner thread itself runs at once (work that calls other
    store methods would otherwise wait for itself). ``stop`` lets everything queued before
    it, and whatever arrives while the thread winds down, run on the thread; only once the
    thread has finished does later work run in the caller's thread, so two threads never
    do the resource's work at once.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        # Held to start the thread, to queue and to finish, never while work runs.
        self._lock = threading.Lock()
        self._finished = False

    def submit(self, work: Callable[[], Result]) -> Future[Result]:
        """Queue ``work``; its result (or exception) arrives in the returned future."""
        future: Future[Result] = Future()
        if not self.on_owner():
            with self._lock:
                if not self._finished:
                    if self._thread is None:
                        self._thread = threading.Thread(
                            target=self._serve, name=self._name, daemon=True
                        )
                        self._thread.start()
                    self._queue.put((work, future))
                    return future
        _run(work, future)
        return future

    def call(self, work: Callable[[], Result]) -> Result:
        """Run ``work`` on the owner and wait for it (never from the event loop)."""
        return self.submit(work).result()

    def on_owner(self) -> bool:
        thread = self._thread
        return thread is not None and thread.ident == threading.get_ident()

    def stop(self) -> None:
        """End the thread once the work queued so far is done (it is not waited for)."""
        with self._lock:
            if self._thread is None:
                self._finished = True  # never started: later work runs where it is asked
            elif not self._finished:
                self._queue.put(None)

    def _serve(self) -> None:
        while True:
            item = self._queue.get()
            if item is not None:
                _run(*item)
                continue
            with self._lock:
                self._finished = True
                leftovers: list[tuple[Callable[[], Any], Future[Any]]] = []
                while not self._queue.empty():
                    rest = self._queue.get_nowait()
                    if rest is not None:
                        leftovers.append(rest)
            for work, future in leftovers:
                _run(work, future)
            return


def _run(work: Callable[[], Result], future: Future[Result]) -> None:
    if not future.set_running_or_notify_cancel():
        return
    try:
        result = work()
    except BaseException as exc:  # handed to whoever waits for it
        future.set_exception(exc)
    else:
        future.set_result(result)
