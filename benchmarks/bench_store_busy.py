"""Keys while another instance holds the progress database locked, against a free one.

Issue 23 saw answering in practice and then Esc twice take 9.4 s while another connection
held ``BEGIN IMMEDIATE`` for 12 s: home's due count asked the store on the event loop while
the grading thread held the store's lock inside SQLite's busy wait. This drives the app
with Pilot (100x30) through the keys of ``tests/ui/test_store_busy.py`` (Esc to home, a
level change, the statistics, Esc again, back to practice), each timed from the key reaching
the app until the screen answers it. Rounds alternate in one run: the database free, then
locked by another connection while an answer waits to be recorded (the store's thread in
SQLite's busy handler). The ratio is locked to free per key (median of the rounds).

Run by hand (not a test):

    .venv/bin/python benchmarks/bench_store_busy.py            # 7 rounds of each
    .venv/bin/python benchmarks/bench_store_busy.py --rounds 15
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402

from rnn_tutor.core.progress import store as store_module  # noqa: E402
from rnn_tutor.core.progress.paths import progress_file  # noqa: E402
from rnn_tutor.ui.app import RnnTutorApp  # noqa: E402
from rnn_tutor.ui.screens.practice import PracticeScreen  # noqa: E402
from tests.core.test_store_owner import stand_in_record  # noqa: E402
from tests.ui.test_store_busy import on_top, run_rounds, timed_key  # noqa: E402

BUSY_MS = 600_000  # the writer waits for the lock longer than the whole run


async def locked_round(pilot: Pilot[Any], app: RnnTutorApp, folder: Path) -> dict[str, list[float]]:
    """One round of keys while another connection holds the write lock and an answer waits."""
    holder = sqlite3.connect(progress_file(folder), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    writer = threading.Thread(
        target=lambda: app.store.record_attempt(stand_in_record("(2, 3, 20)"))
    )
    writer.start()
    await pilot.pause(0.2)
    try:
        if not writer.is_alive():
            raise RuntimeError("the write did not wait for the lock")
        return await run_rounds(pilot, app)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        writer.join(timeout=30)


async def measure(rounds: int) -> dict[str, dict[str, list[float]]]:
    store_module.BUSY_TIMEOUT_MS = BUSY_MS
    store_module.WRITE_RETRIES = 0
    times: dict[str, dict[str, list[float]]] = {"free": {}, "locked": {}}
    with tempfile.TemporaryDirectory() as folder:
        app = RnnTutorApp(data_dir=Path(folder), lang="en", seed=7, warm_up=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await timed_key(pilot, "p", on_top(app, PracticeScreen))
            await pilot.press("escape")
            for _ in range(rounds):
                for mode in ("free", "locked"):
                    took = (
                        await run_rounds(pilot, app)
                        if mode == "free"
                        else await locked_round(pilot, app, Path(folder))
                    )
                    for key, values in took.items():
                        times[mode].setdefault(key, []).extend(values)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    times = asyncio.run(measure(args.rounds))
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {args.rounds} rounds each")
    print(
        f"{'key':<16} {'free ms':>9} {'locked ms':>10} {'ratio':>6}"
        f" {'slowest free':>13} {'slowest locked':>15}"
    )
    for key in times["free"]:
        free = statistics.median(times["free"][key]) * 1000
        locked = statistics.median(times["locked"][key]) * 1000
        worst_free = max(times["free"][key]) * 1000
        worst = max(times["locked"][key]) * 1000
        print(
            f"{key:<16} {free:9.1f} {locked:10.1f} {locked / free:6.2f}"
            f" {worst_free:13.1f} {worst:15.1f}"
        )


if __name__ == "__main__":
    main()
