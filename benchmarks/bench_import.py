"""A long ``progress import`` beside a running instance: how long the import holds the
write lock, and how long the running instance waits to save an answer.

Run by hand: ``python benchmarks/bench_import.py [--count 200000] [--batch N]``.

One store imports ``--count`` attempts (copies of one real attempt with fresh uuids) while a
second process, as another rnn-tutor would, records an answer every 50 ms. Reported: the
import's phases (validation, batched inserts, card rebuild), the longest single write
transaction the importer held, the writer's longest and median wait per answer, and that
no answer was lost. Before batching, 200,000 attempts held the lock for about 40 s and the
writer gave up after its 10 s busy timeout.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rnn_tutor.core.call.spec import InputSpec, ModelCall
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.progress import store as store_module
from rnn_tutor.core.progress.store import AttemptRecord, Store

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def record(i: int) -> AttemptRecord:
    exercise = Exercise(
        ModelCall("LSTM", (10, 20), ()), InputSpec((3, 1, 10)), Question("h_n"), seed=i
    )
    return AttemptRecord(
        exercise=exercise.to_dict(),
        question="h_n",
        skills=("hn_first_axis",),
        answer="(1, 1, 20)",
        correct=True,
        expected=[1, 1, 20],
        misconception=None,
        hints_used=0,
        seconds=2.0,
        mode="practice",
    )


def writer(folder: Path, stop: Any, results: Any) -> None:
    """Another rnn-tutor, in its own process, saving an answer every 50 ms."""
    waits: list[float] = []
    saved: list[str] = []
    with Store.open(folder) as other:
        i = 1
        while not stop.is_set():
            started = time.perf_counter()
            row = other.record_attempt(record(i))
            waits.append(time.perf_counter() - started)
            if row is not None:
                saved.append(row.uuid)
            else:
                print("LOST:", other.notice)
            i += 1
            time.sleep(0.05)
    results.put((waits, saved))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=store_module.IMPORT_BATCH)
    args = parser.parse_args()
    store_module.IMPORT_BATCH = args.batch

    held: list[float] = []
    original = store_module._write

    @contextmanager
    def timed_write(conn: Any) -> Iterator[None]:
        with original(conn):
            started = time.perf_counter()
            yield
            if threading.current_thread() is threading.main_thread():
                held.append(time.perf_counter() - started)

    store_module._write = timed_write  # type: ignore[assignment]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Store.open(folder) as store:
            store.record_attempt(record(0))
            template = store.export_history()["attempts"][0]
        items = []
        for i in range(args.count):
            item = dict(template)
            item["uuid"] = str(uuid.uuid4())
            item["at"] = (T0 + timedelta(seconds=i)).isoformat()
            items.append(item)
        history = {"format": "rnn-tutor-progress", "version": 1, "attempts": items}

        stop = multiprocessing.Event()
        results: Any = multiprocessing.Queue()
        process = multiprocessing.Process(target=writer, args=(folder, stop, results))
        with Store.open(folder) as importer:
            process.start()
            time.sleep(1.0)  # the writer is up and saving
            started = time.perf_counter()
            result = importer.import_history(history)
            total = time.perf_counter() - started
            stop.set()
            waits, saved = results.get()
            process.join()
            stored = {row.uuid for row in importer.attempts()}
        lost = [u for u in saved if u not in stored]
        print(f"imported {result.added:,} attempts in {total:.1f} s (batch {args.batch:,})")
        longest = sorted(range(len(held)), key=held.__getitem__)[-3:]
        print(
            f"importer's write transactions: {len(held)}, longest "
            + ", ".join(f"#{i} {held[i] * 1000:.0f} ms" for i in reversed(longest))
        )
        print(
            f"writer: {len(waits)} answers, longest wait {max(waits) * 1000:.0f} ms, "
            f"median {statistics.median(waits) * 1000:.1f} ms, lost {len(lost)}"
        )


if __name__ == "__main__":
    main()
