"""The store's connection has one owner thread; nothing waits on a Python lock meanwhile.

While another instance holds the write lock and an answer waits for it, a setting is
taken at once (``get_setting`` answers it from memory, the write is a future), and work
handed over later runs after the waiting answer, in order.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from rnn_tutor.core.progress import store as store_module
from rnn_tutor.core.progress.owner_thread import OwnerThread
from rnn_tutor.core.progress.paths import progress_file
from rnn_tutor.core.progress.store import AttemptRecord, Store


def stand_in_record(answer: str) -> AttemptRecord:
    """An attempt the store takes as it is (the store never rebuilds one it records)."""
    return AttemptRecord(
        exercise={"kind": "stand-in"},
        question="h_n",
        skills=("hn_first_axis",),
        answer=answer,
        correct=False,
        expected=[2, 3, 20],
        misconception=None,
        hints_used=0,
        seconds=1.0,
        mode="practice",
    )


def answers(conn: sqlite3.Connection) -> list[str]:
    return [str(answer) for (answer,) in conn.execute("SELECT answer FROM attempts")]


def test_owner_runs_work_in_order_on_one_thread_and_inline_from_itself() -> None:
    owner = OwnerThread("test owner")
    seen: list[tuple[int, int]] = []

    def work(n: int) -> int:
        seen.append((n, threading.get_ident()))
        return owner.call(lambda: n * 10)  # from the owner itself: runs at once

    futures = [owner.submit(partial(work, n)) for n in range(20)]
    assert [f.result(timeout=5) for f in futures] == [n * 10 for n in range(20)]
    assert [n for n, _ in seen] == list(range(20))
    assert len({ident for _, ident in seen}) == 1 != threading.get_ident()
    owner.stop()
    assert owner.call(lambda: 7) == 7  # after the thread ends: in the caller


def test_an_error_reaches_whoever_waits() -> None:
    owner = OwnerThread("test owner")
    with pytest.raises(ZeroDivisionError):
        owner.call(lambda: 1 // 0)
    assert owner.call(lambda: 1) == 1  # the thread lives on
    owner.stop()


def test_a_locked_file_holds_up_no_setting_and_later_reads_follow_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 3_000)
    monkeypatch.setattr(store_module, "WRITE_RETRIES", 0)
    with Store.open(tmp_path) as store:
        assert store.get_setting("level") is None  # read once from the file
        holder = sqlite3.connect(progress_file(tmp_path), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            saving = store.submit_attempt(stand_in_record("first"))
            time.sleep(0.2)
            assert not saving.done()  # waiting for the other instance
            start = time.perf_counter()
            setting = store.submit_setting("level", "3")
            assert store.get_setting("level") == "3"
            assert time.perf_counter() - start < 0.05
            none: list[str] = []
            attempts = store._owned(answers, none)
            assert not setting.done() and not attempts.done()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert saving.result(timeout=5) is not None
        assert setting.result(timeout=5) is True
        assert attempts.result(timeout=5) == ["first"]  # queued after the answer: sees it
    with Store.open(tmp_path) as again:
        assert again.get_setting("level") == "3"
