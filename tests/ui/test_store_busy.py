"""Keys answer while another instance holds the progress database locked.

Another connection takes SQLite's write lock (``BEGIN IMMEDIATE``) and keeps it; an answer
is being recorded meanwhile, so the store's thread waits in SQLite's busy handler. The
learner goes on: back to home (which asks whether the history changed), a level change
(a setting to save), the statistics and home again. Each key must be answered within
100 ms (the median of three rounds); before the store had its own thread, home's
``Store.revision`` waited on the lock the recording thread held, for as long as SQLite
waited (seconds).

The same keys are first timed with the database free, in the same run: on a machine busy
with other work a frame alone can take longer than 100 ms, and then the budget is twice what
the free database's keys took (a wait on the lock is 30 s, far beyond either).
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot

from rnn_tutor.core.progress import store as store_module
from rnn_tutor.core.progress.paths import progress_file
from rnn_tutor.core.progress.store import AttemptRow
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens.home import HomeScreen
from rnn_tutor.ui.screens.practice import PracticeScreen
from rnn_tutor.ui.screens.stats import StatsScreen
from tests.core.test_store_owner import stand_in_record

# What a key may take, from the press to the screen that answers it (the median of a few
# rounds: on a machine shared with other work one frame now and then is late by itself).
KEY_BUDGET = 0.1
ROUNDS = 3
# How long the test's own writer waits for the lock: longer than all the keys take.
BUSY_MS = 30_000


async def timed_key(pilot: Pilot[Any], key: str, answered: Callable[[], bool]) -> float:
    """Seconds from the key reaching the app to ``answered()`` holding.

    The key is posted to the app as the terminal's driver posts it, and the screen is polled
    every millisecond: ``Pilot.press`` also waits for the whole process to fall idle, which on
    a busy machine takes longer than any key."""
    app = pilot.app
    start = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    while not answered():
        await asyncio.sleep(0.001)
        assert time.perf_counter() - start < 10, f"{key!r} was never answered"
    took = time.perf_counter() - start
    await pilot.pause()
    return took


def on_top(app: App[Any], kind: type) -> Callable[[], bool]:
    return lambda: isinstance(app.screen, kind)


def level_moved(app: RnnTutorApp, level: int) -> Callable[[], bool]:
    return lambda: app.level != level


def budget(free: dict[str, list[float]]) -> float:
    """100 ms, or twice the free database's slowest median key on a loaded machine."""
    slowest_free = max(statistics.median(times) for times in free.values())
    return max(KEY_BUDGET, 2 * slowest_free)


async def run_rounds(pilot: Pilot[Any], app: RnnTutorApp) -> dict[str, list[float]]:
    """Median-able times of home, a level change, the statistics and home again."""
    took: dict[str, list[float]] = {}

    async def timed(name: str, key: str, answered: Callable[[], bool]) -> None:
        took.setdefault(name, []).append(await timed_key(pilot, key, answered))

    for _ in range(ROUNDS):
        level = app.level
        await timed("escape to home", "escape", on_top(app, HomeScreen))
        await timed("level", "v", level_moved(app, level))
        await timed("stats", "s", on_top(app, StatsScreen))
        await timed("escape again", "escape", on_top(app, HomeScreen))
        await timed_key(pilot, "p", on_top(app, PracticeScreen))
        await pilot.press("escape")  # out of the answer box
    return took


async def test_keys_answer_while_another_instance_holds_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", BUSY_MS)
    monkeypatch.setattr(store_module, "WRITE_RETRIES", 0)
    folder = tmp_path / "progress"
    app = RnnTutorApp(data_dir=folder, lang="en", seed=7, warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.store.enabled
        await timed_key(pilot, "p", on_top(app, PracticeScreen))
        await pilot.press("escape")  # out of the answer box: the next Esc goes back
        allowed = budget(await run_rounds(pilot, app))

        holder = sqlite3.connect(progress_file(folder), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        stored: list[AttemptRow | None] = []
        # As the grading worker does: the store's thread now waits for the lock.
        writer = threading.Thread(
            target=lambda: stored.append(app.store.record_attempt(stand_in_record("(2, 3, 20)")))
        )
        writer.start()
        await pilot.pause(0.2)
        try:
            assert writer.is_alive(), "the write did not wait for the lock"
            took = await run_rounds(pilot, app)
            slow = {
                key: round(statistics.median(times), 3)
                for key, times in took.items()
                if statistics.median(times) > allowed
            }
            assert not slow, f"keys waited on the store: {slow} (budget {allowed:.3f} s)"
            assert writer.is_alive(), "the lock was not held through the keys"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        writer.join(timeout=BUSY_MS / 1000 + 5)
        # The lock was let go in time: the answer was saved after all.
        assert stored and stored[0] is not None
        assert [row.answer for row in app.store.attempts()] == ["(2, 3, 20)"]
