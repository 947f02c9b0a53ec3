"""The store tells "busy" and "read-only" apart from other SQLite errors on every Python it
supports: by the result code where Python gives one (3.11+), by the message on 3.10."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rnn_tutor.core.progress import store


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "codes.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    yield path


def _busy_error(path: Path) -> sqlite3.OperationalError:
    holder = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("INSERT INTO t VALUES (1)")
        return caught.value
    finally:
        holder.rollback()
        holder.close()
        other.close()


def _read_only_error(path: Path) -> sqlite3.OperationalError:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            conn.execute("INSERT INTO t VALUES (1)")
        return caught.value
    finally:
        conn.close()


def _as_on_python_310(exc: sqlite3.OperationalError) -> sqlite3.OperationalError:
    """The same error as Python 3.10 raises it: the message only, no result code."""
    bare = sqlite3.OperationalError(str(exc))
    assert getattr(bare, "sqlite_errorcode", None) is None
    return bare


def test_the_named_codes_are_sqlites() -> None:
    if sys.version_info < (3, 11):
        pytest.skip("sqlite3 names the codes from Python 3.11 on")
    assert store.SQLITE_BUSY == sqlite3.SQLITE_BUSY
    assert store.SQLITE_LOCKED == sqlite3.SQLITE_LOCKED
    assert store.SQLITE_READONLY == sqlite3.SQLITE_READONLY


def test_a_locked_file_is_busy_with_or_without_a_result_code(database: Path) -> None:
    exc = _busy_error(database)
    if sys.version_info >= (3, 11):
        assert getattr(exc, "sqlite_errorcode", None) is not None
    assert store._is_busy(exc)
    assert store._is_busy(_as_on_python_310(exc))
    assert not store._is_read_only(exc)


def test_a_read_only_file_is_read_only_with_or_without_a_result_code(database: Path) -> None:
    exc = _read_only_error(database)
    assert store._is_read_only(exc)
    assert store._is_read_only(_as_on_python_310(exc))
    assert not store._is_busy(exc)


def test_other_errors_are_neither(database: Path) -> None:
    conn = sqlite3.connect(database)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            conn.execute("SELECT * FROM no_such_table")
    finally:
        conn.close()
    for exc in (caught.value, _as_on_python_310(caught.value)):
        assert not store._is_busy(exc)
        assert not store._is_read_only(exc)
