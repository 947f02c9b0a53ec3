"""Progress on disk: every graded attempt, the FSRS card of every skill, a few settings.

SQLite (stdlib) in WAL mode, one short ``BEGIN IMMEDIATE`` transaction per attempt, so a
crash loses at most the answer being graded and two running instances both record
everything. Faults never stop the app: a file that is not a readable database is moved
aside (kept, renamed) and a new one started; a folder that cannot be written, or a
database from a newer rnn-tutor, turns progress off for the session. Either way
``Store.notice`` says what happened, for the UI to show.

Schema (``PRAGMA user_version`` is the version; MIGRATIONS[i] brings a database from
version i to i + 1, and later releases only append):

    attempts(id INTEGER PK, uuid TEXT UNIQUE, at TEXT (ISO 8601 UTC, microseconds),
             question TEXT, exercise TEXT (JSON object), skills TEXT (JSON list),
             answer TEXT, correct INTEGER 0/1, expected TEXT (JSON), misconception TEXT NULL,
             hints_used INTEGER, seconds REAL, mode TEXT)
    cards(skill TEXT PK, card TEXT (fsrs Card.to_dict() as JSON), updated_at TEXT)
    settings(key TEXT PK, value TEXT)
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from fsrs import Card

from rnn_tutor.core.progress.clock import as_utc, utc_now
from rnn_tutor.core.progress.owner_thread import OwnerThread
from rnn_tutor.core.progress.paths import data_dir, progress_file
from rnn_tutor.core.progress.scheduler import (
    card_from_json,
    card_to_json,
    replay_cards,
    review_skill_card,
)
from rnn_tutor.core.safe_text import visible_params
from rnn_tutor.i18n import t, tr

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.verdict import Verdict

# A notice quotes whole paths, which may be long; still never megabytes.
NOTICE_QUOTE_LIMIT = 1000

MODES: tuple[str, ...] = ("practice", "quiz", "review", "mycode")
# Modes whose exercise is the learner's own code (see _code_exercise), not a generated call.
CODE_MODES: frozenset[str] = frozenset({"mycode"})

# How long a writer waits for another instance's transaction before giving up.
BUSY_TIMEOUT_MS = 10_000
# An answer is worth waiting for: a busy database is tried again this many times (each
# waiting BUSY_TIMEOUT_MS) before the answer is reported unsaved.
WRITE_RETRIES = 3
# Attempts imported per transaction: each holds the write lock well under a second, so a
# running instance never waits long for its own answer.
IMPORT_BATCH = 1_000
# The pause between two batches: longer than sqlite's longest busy-handler sleep (100 ms),
# so a waiting writer always finds the lock free between batches instead of starving.
IMPORT_PAUSE = 0.12

# An imported attempt dated further ahead than this is refused: no clock is that wrong, and
# times near datetime.max overflow when the review schedule is replayed.
MAX_CLOCK_AHEAD = timedelta(days=1)

# A migration step: SQL text, or a function for data changes SQL cannot express.
Step: TypeAlias = "str | Callable[[sqlite3.Connection], None]"

MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    # 1: the first release.
    (
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            question TEXT NOT NULL,
            exercise TEXT NOT NULL,
            skills TEXT NOT NULL,
            answer TEXT NOT NULL,
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            expected TEXT NOT NULL,
            misconception TEXT,
            hints_used INTEGER NOT NULL CHECK (hints_used >= 0),
            seconds REAL NOT NULL,
            mode TEXT NOT NULL
        )""",
        "CREATE INDEX attempts_at ON attempts (at)",
        """CREATE TABLE cards (
            skill TEXT PRIMARY KEY,
            card TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# The export file: its own version, independent of the database schema.
HISTORY_FORMAT = "rnn-tutor-progress"
HISTORY_VERSION = 1

_ATTEMPT_COLUMNS = (
    "id, uuid, at, question, exercise, skills, answer, correct, expected, misconception, "
    "hints_used, seconds, mode"
)


@dataclass(frozen=True)
class StoreNotice:
    """Something the learner must be told about their progress: a catalog key and its params."""

    key: str
    params: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None

    def text(self, lang: str | None = None) -> str:
        # Paths and sqlite's reasons come from outside: shown, never acted on by a terminal.
        params = visible_params(self.params, limit=NOTICE_QUOTE_LIMIT)
        return t(self.key, **params) if lang is None else tr(lang, self.key, **params)


@dataclass(frozen=True)
class _Attempt:
    """What every attempt holds: the exercise, the answer, how it went, how it was given."""

    exercise: Mapping[str, Any]
    question: str
    skills: tuple[str, ...]
    answer: str
    correct: bool
    expected: Any
    misconception: str | None
    hints_used: int
    seconds: float
    mode: str


@dataclass(frozen=True)
class AttemptRecord(_Attempt):
    """One graded answer, as the UI hands it over (see :meth:`from_verdict`)."""

    at: datetime | None = None

    @classmethod
    def from_verdict(
        cls,
        exercise: Exercise,
        answer: str,
        verdict: Verdict,
        *,
        hints_used: int,
        seconds: float,
        mode: str,
        at: datetime | None = None,
    ) -> AttemptRecord:
        """One graded answer as it is kept: the exercise, what torch said, the time spent
        (to the millisecond, never negative); ``at`` None means now."""
        return cls(
            exercise=exercise.to_dict(),
            question=exercise.question.id,
            skills=exercise.skills,
            answer=answer,
            correct=verdict.correct,
            expected=verdict.expected.to_json(),
            misconception=verdict.misconception,
            hints_used=hints_used,
            seconds=round(max(0.0, seconds), 3),
            mode=mode,
            at=at,
        )


@dataclass(frozen=True)
class AttemptRow(_Attempt):
    """One stored attempt. ``exercise`` and ``expected`` are as read back from JSON."""

    id: int
    uuid: str
    at: datetime

    @property
    def exercise_key(self) -> str:
        """Identity of the exact exercise (configuration and question), for "each one once"."""
        return exercise_key(self.exercise, self.question)

    def to_json(self) -> dict[str, Any]:
        """The export form: everything but the local row id."""
        return {
            "uuid": self.uuid,
            "at": _iso(self.at),
            "question": self.question,
            "exercise": dict(self.exercise),
            "skills": list(self.skills),
            "answer": self.answer,
            "correct": self.correct,
            "expected": self.expected,
            "misconception": self.misconception,
            "hints_used": self.hints_used,
            "seconds": self.seconds,
            "mode": self.mode,
        }


@dataclass(frozen=True)
class AttemptSummary:
    """What the statistics need of an attempt (``Store.summaries``); ``id`` finds it in full."""

    id: int
    at: datetime
    skills: tuple[str, ...]
    correct: bool
    misconception: str | None
    hints_used: int
    seconds: float


@dataclass(frozen=True)
class SummaryBatch:
    """``Store.summaries_after``: the readable summaries and what was stored, bad rows too."""

    summaries: list[AttemptSummary]
    bad: int  # rows skipped (unreadable)
    rows: int  # rows read, bad ones included
    id_sum: int  # the sum of their ids
    last: tuple[str, int] | None  # the last row's ``at`` text and id (None: no rows, or not text)
    canonical: bool  # every readable row's ``at`` text is the one format ``_iso`` writes


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already present (same uuid)


class HistoryError(ValueError):
    """An export file that cannot be imported; ``key``/``params`` name a progress message."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = params


class _NewerSchema(Exception):
    def __init__(self, found: int) -> None:
        super().__init__(found)
        self.found = found


class _Corrupt(Exception):
    """quick_check found damage that did not raise by itself."""


class _Foreign(Exception):
    """A database that is not rnn-tutor's (other tables, or a user_version it never writes)."""

    def __init__(self, found: str) -> None:
        super().__init__(found)
        self.found = found


class StoreReadError(Exception):
    """The history cannot be read in full (a column dropped, a damaged page); for export,
    which must fail rather than write a backup with less than there is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def exercise_key(exercise: Mapping[str, Any], question: str) -> str:
    # Sorted keys: the same exercise always gives the same key, however its dict was built.
    canonical = json.dumps(
        {"exercise": exercise, "question": question},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _dumps(value: Any) -> str:
    # Key order is kept: keyword arguments replay in the order the learner saw them.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _iso(moment: datetime) -> str:
    # One fixed format so that text order is time order in SQL.
    return as_utc(moment).isoformat(timespec="microseconds")


def _parse_time(text: str) -> datetime:
    return as_utc(datetime.fromisoformat(text))


class Store:
    """The progress database, or a stand-in that records nothing when progress is off.

    One connection, used only by its owner thread (``OwnerThread``): every method hands
    its SQL to that thread and waits for the answer, so any thread may call them, and no
    Python lock is held while SQLite waits for another instance. The event loop never
    calls a method that waits: it awaits ``submit_setting`` or runs reads in a worker,
    and ``get_setting`` answers from memory.
    """

    def __init__(
        self,
        path: Path | None,
        conn: sqlite3.Connection | None,
        notice: StoreNotice | None,
        *,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.notice = notice
        self._conn = conn
        self._owner = OwnerThread(f"progress store {path.name if path else ''}".strip())
        # An unclosed store's thread ends with it (the thread holds no reference to it).
        weakref.finalize(self, self._owner.stop)
        self._read_only = read_only
        # The settings as this session sees them: read once from the file, then every
        # choice made here, saved or not (read-only, progress off, a failed write: they
        # hold for this session all the same). Guarded by a lock never held over SQL.
        self._settings: dict[str, str] = {}
        self._settings_loaded = False
        self._settings_lock = threading.Lock()
        # Rows that could not be read at the last full read: skipped, left as they are.
        self.unreadable_rows = 0
        # Rows this connection wrote to the digest cache: read and written by the owner thread.
        self._cache_changes = 0
        self.restored = 0  # attempts salvaged from a damaged file into this one
        # Called (from the reading thread) when reading sets a new notice, for the app.
        self.on_notice: Callable[[], None] | None = None

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    @property
    def read_only(self) -> bool:
        """Opened for reading only (the file or its folder cannot be written): history and
        stats are shown, nothing is saved. Callers word a choice that is not saved as holding
        for this session, rather than as a failure."""
        return self._read_only

    def revision(self) -> tuple[int, int]:
        """A value that changes whenever the history may have changed: rows written through
        this store (SQLite's total_changes) or committed by another instance (data_version).
        What is computed from the history (the review queue) is computed again only then;
        saving the digest of the history (``submit_digest``) changes nothing here."""

        def read(conn: sqlite3.Connection) -> tuple[int, int]:
            try:
                version = int(conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                version = -1
            # The digest (a cache of figures) is no change to the history.
            return (conn.total_changes - self._cache_changes, version)

        return self._owned(read, (0, 0)).result()

    def _owned(self, work: Callable[[sqlite3.Connection], Read], default: Read) -> Future[Read]:
        """Run ``work`` with the connection on its owner thread (``default`` when closed
        or off)."""

        def run() -> Read:
            conn = self._conn
            return default if conn is None else work(conn)

        return self._owner.submit(run)

    # ---- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path | None = None) -> Store:
        """Open (creating, migrating) the store in ``directory``; never raises for disk faults."""
        folder = directory if directory is not None else data_dir()
        path = progress_file(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls._off(path, folder, exc)
        seen = _identity(path)
        try:
            return cls(path, _connect(path), None)
        except _NewerSchema as exc:
            return cls._newer(path, exc.found)
        except _Foreign as exc:
            return cls._foreign(path, exc.found)
        except sqlite3.OperationalError as exc:
            # Read-only file or folder: history can still be read. Locked, cannot create:
            # the file may be fine, so never move it.
            if _is_read_only(exc) and path.exists():
                return cls._open_read_only(path, folder, exc)
            return cls._off(path, folder, exc)
        except (sqlite3.DatabaseError, _Corrupt):
            pass  # not a readable database: keep it aside, salvage what reads, start afresh
        salvaged = _salvage(path)
        notice: StoreNotice | None = None
        # Another instance starting at the same moment may have moved it (and started a new
        # file) already: move only the very file found damaged.
        if _identity(path) == seen:
            try:
                moved = _move_aside(path)
                if salvaged.attempts:
                    notice = StoreNotice(
                        "safety.notice.salvaged",
                        {
                            "path": str(path),
                            "moved_to": str(moved),
                            "count": str(len(salvaged.attempts)),
                        },
                        moved,
                    )
                else:
                    notice = StoreNotice(
                        "progress.notice.corrupt",
                        {"path": str(path), "moved_to": str(moved)},
                        moved,
                    )
            except FileNotFoundError:
                pass  # moved by the other instance between our look and our rename
            except OSError as exc:
                return cls._off(path, folder, exc)
        try:
            store = cls(path, _connect(path), notice)
        except _NewerSchema as exc:  # another instance got there first with a newer release
            return cls._newer(path, exc.found)
        except _Foreign as exc:
            return cls._foreign(path, exc.found)
        except (sqlite3.DatabaseError, _Corrupt) as exc:
            return cls._off(path, folder, exc)
        if notice is not None and notice.key == "safety.notice.salvaged":
            try:
                store._restore(salvaged)
            except sqlite3.Error as exc:  # the damaged file is kept aside all the same
                store.notice = StoreNotice(
                    "progress.notice.write_failed", {"reason": str(exc)}, store.path
                )
            else:
                params = {**notice.params, "count": str(store.restored)}
                store.notice = replace(notice, params=params)
        return store

    @classmethod
    def _open_read_only(cls, path: Path, folder: Path, exc: BaseException) -> Store:
        """History and stats from a file that cannot be written; answers are not saved."""
        try:
            conn = _connect_read_only(path)
        except (sqlite3.DatabaseError, _Corrupt, _Foreign, _NewerSchema):
            return cls._off(path, folder, exc)
        notice = StoreNotice("safety.notice.read_only", {"path": str(path)}, path)
        return cls(path, conn, notice, read_only=True)

    @classmethod
    def _foreign(cls, path: Path, found: str) -> Store:
        params = {"path": str(path), "found": found}
        return cls(None, None, StoreNotice("safety.notice.foreign", params, path))

    def _restore(self, salvaged: _Salvage) -> None:
        """Put salvaged rows into the fresh database, in batches, then rebuild the cards."""
        self._owned(lambda conn: self._restore_on_owner(conn, salvaged), None).result()

    def _restore_on_owner(self, conn: sqlite3.Connection, salvaged: _Salvage) -> None:
        for start in range(0, len(salvaged.attempts), IMPORT_BATCH):
            with _write(conn):
                before = conn.total_changes
                conn.executemany(
                    f"INSERT OR IGNORE INTO attempts ({_ATTEMPT_COLUMNS}) "
                    "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    salvaged.attempts[start : start + IMPORT_BATCH],
                )
                self.restored += conn.total_changes - before
        with _write(conn):
            conn.executemany(
                "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", salvaged.settings
            )
        with suppress(OverflowError):
            self._rebuild_cards_in_batches()

    @classmethod
    def _newer(cls, path: Path, found: int) -> Store:
        params = {"path": str(path), "found": str(found), "known": str(SCHEMA_VERSION)}
        return cls(None, None, StoreNotice("progress.notice.newer_schema", params, path))

    @classmethod
    def _off(cls, path: Path, folder: Path, exc: BaseException) -> Store:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return cls(
            None,
            None,
            StoreNotice(
                "progress.notice.unavailable", {"path": str(folder), "reason": reason}, path
            ),
        )

    @classmethod
    def disabled(cls, notice: StoreNotice | None = None) -> Store:
        """A store that records nothing (tests, or a UI run without progress)."""
        return cls(None, None, notice)

    def close(self, *, timeout: float | None = None) -> None:
        """Close the connection once the work already handed over is done, waiting at most
        ``timeout`` seconds (None: as long as it takes). An app quitting waits a moment: a
        write still waiting for another instance's lock after that is lost with the
        process, as it would be by a crash."""

        def shut() -> None:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

        closed = self._owner.submit(shut)
        self._owner.stop()
        with suppress(FutureTimeout):
            closed.result(timeout)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- writing -------------------------------------------------------------------

    def record_attempt(self, rec: AttemptRecord) -> AttemptRow | None:
        """Commit one graded attempt and review its skills' cards, in one transaction.

        Returns the stored row, or None when progress is off or the write failed (then
        ``notice`` says why). A malformed record is a programming error: ValueError.
        """
        return self.submit_attempt(rec).result()

    def submit_attempt(self, rec: AttemptRecord) -> Future[AttemptRow | None]:
        """``record_attempt`` without waiting. Work handed to the store afterwards (a read
        of the review queue) runs after this write, so it sees the answer."""
        row = _row_from_record(rec)
        if self.read_only and self.enabled:
            self.notice = StoreNotice("safety.notice.not_saved_read_only", {}, self.path)
            refused: Future[AttemptRow | None] = Future()
            refused.set_result(None)
            return refused

        def record(conn: sqlite3.Connection) -> AttemptRow | None:
            def insert() -> int:
                cursor = conn.execute(
                    f"INSERT INTO attempts ({_ATTEMPT_COLUMNS}) "
                    "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _attempt_values(row),
                )
                _review_cards(conn, row.skills, row.correct, row.hints_used, row.at)
                return int(cursor.lastrowid or 0)

            try:
                row_id = _write_retrying(conn, insert)
            except sqlite3.Error as exc:
                self.notice = StoreNotice(
                    "progress.notice.write_failed", {"reason": str(exc)}, self.path
                )
                return None
            return replace(row, id=row_id)

        return self._owned(record, None)

    def set_setting(self, key: str, value: str) -> bool:
        """Remember a choice for the next start; False when it was not saved (progress off or
        read-only: nothing is tried; a failed write: ``notice`` says why). A choice not saved
        is still what ``get_setting`` returns for the rest of this session. Waits for the
        write: from the event loop, await ``submit_setting`` instead."""
        return self.submit_setting(key, value).result()

    def submit_setting(self, key: str, value: str) -> Future[bool]:
        """``set_setting`` without waiting: ``get_setting`` returns the choice at once, and
        the future says, once the owner thread has written it, whether it was saved."""
        with self._settings_lock:
            self._settings[key] = value

        def not_saved(exc: sqlite3.Error) -> None:
            self.notice = StoreNotice("settings.notice.not_saved", {"reason": str(exc)}, self.path)

        upsert = (
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        return self._submit_write([(upsert, (key, value))], not_saved)

    def _submit_write(
        self,
        statements: Sequence[tuple[str, Sequence[Any]]],
        failed: Callable[[sqlite3.Error], None] | None = None,
        *,
        cache: bool = False,
    ) -> Future[bool]:
        """Run ``statements`` in one short write transaction on the owner thread, not
        waited for; the future says whether they were saved (nothing is tried when
        progress is off or read-only; ``failed`` hears why a write failed). ``cache``: the
        rows are derived data, not history (``revision`` does not move for them)."""
        if self._conn is None or self._read_only:
            done: Future[bool] = Future()
            done.set_result(False)
            return done

        def write(conn: sqlite3.Connection) -> bool:
            before = conn.total_changes
            try:
                with _write(conn):
                    for sql, params in statements:
                        conn.execute(sql, params)
            except sqlite3.Error as exc:
                if failed is not None:
                    failed(exc)
                return False
            finally:
                if cache:
                    self._cache_changes += conn.total_changes - before
            return True

        return self._owned(write, False)

    # ---- reading -------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        """A remembered choice, or None. The file is read once, at the first call (before
        the app's first frame); after that this answers from memory, so the event loop may
        ask it at any time. A choice another instance saves later counts at the next start."""
        if not self._settings_loaded:
            rows = self._try_read("SELECT key, value FROM settings")
            with self._settings_lock:
                stored = {str(k): str(v) for k, v in rows or ()}
                self._settings = {**stored, **self._settings}  # this session's choices win
                self._settings_loaded = rows is not None or self._conn is None
        with self._settings_lock:
            return self._settings.get(key)

    def attempts(self, since: datetime | None = None) -> list[AttemptRow]:
        """All attempts (at or after ``since``), oldest first."""
        if since is None:
            rows = self._read(f"SELECT {_ATTEMPT_COLUMNS} FROM attempts ORDER BY at, id")
        else:
            rows = self._read(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE at >= ? ORDER BY at, id",
                (_iso(since),),
            )
        read, bad = _readable_rows(rows)
        if since is None:
            self._count_unreadable(bad)
        return read

    def count_since(self, since: datetime, *, mode: str) -> int:
        """How many attempts in ``mode`` were recorded at or after ``since``: today's reviews,
        counted against the daily budget, without reading the rows."""
        rows = self._read(
            "SELECT count(*) FROM attempts WHERE at >= ? AND mode = ?", (_iso(since), mode)
        )
        return int(rows[0][0]) if rows else 0

    def open_mistakes(self) -> list[AttemptRow]:
        """Exercises answered wrong and not answered right since: the latest wrong try of each,
        most recent first. An exercise is its exact configuration and question.

        One query finds the latest right and wrong try of every stored exercise text; only
        the open ones are then read in full, so a long history costs one pass in SQLite.
        """
        latest = self._read(
            "SELECT exercise, question, correct, max(at || '#' || printf('%015d', id)) "
            "FROM attempts GROUP BY exercise, question, correct"
        )
        last_wrong: dict[str, str] = {}
        last_right: dict[str, str] = {}
        for exercise, question, correct, last in latest:
            try:
                key = exercise_key(_json_column(exercise, dict), str(question))
            except (_BadRow, ValueError, TypeError, RecursionError):
                continue  # unreadable: counted where rows are read in full
            found = last_right if correct == 1 else last_wrong
            found[key] = max(found.get(key, ""), str(last))
        open_ids = [
            int(last.rsplit("#", 1)[1])
            for key, last in last_wrong.items()
            if key not in last_right or last_right[key].split("#")[0] < last.split("#")[0]
        ]
        return self.attempts_by_id(open_ids)[::-1]

    def summaries(self) -> list[AttemptSummary]:
        """Every attempt as the statistics need it (no exercise, answer or truth), oldest
        first: the figures of a long history without decoding every exercise."""
        rows = self._read(
            "SELECT id, at, skills, correct, misconception, hints_used, seconds, "
            f"{_SOUND_UNREAD_COLUMNS} FROM attempts ORDER BY at, id"
        )
        read, bad = _readable(rows, _summary_from_db)
        self._count_unreadable(bad)
        return read

    def summaries_after(self, mark: tuple[str, int] | None) -> SummaryBatch:
        """The stored rows after ``mark`` (an ``at`` text and row id; None: from the first),
        oldest first, read as ``summaries`` reads them: what extends a digest of the
        history (``core.progress.digest``) by the attempts written since it was made."""
        where = "" if mark is None else "WHERE at > ? OR (at = ? AND id > ?) "
        params = () if mark is None else (mark[0], mark[0], mark[1])
        rows = self._read(
            "SELECT id, at, skills, correct, misconception, hints_used, seconds, "
            f"{_SOUND_UNREAD_COLUMNS} FROM attempts {where}ORDER BY at, id",
            params,
        )
        read, bad = _readable(rows, _summary_from_db)
        last = rows[-1] if rows else None
        return SummaryBatch(
            read,
            bad,
            rows=len(rows),
            id_sum=sum(int(row[0]) for row in rows),
            last=None if last is None or not isinstance(last[1], str) else (last[1], last[0]),
            canonical=all(_iso(summary.at) == text for summary, text in _texts(read, rows)),
        )

    def rows_up_to(self, mark: tuple[str, int]) -> tuple[int, int]:
        """How many rows are stored up to ``mark`` (as ``summaries_after`` orders them),
        and the sum of their ids: a digest made of them still stands while these hold."""
        found = self._read(
            "SELECT COUNT(*), COALESCE(SUM(id), 0) FROM attempts "
            "WHERE at < ? OR (at = ? AND id <= ?)",
            (mark[0], mark[0], mark[1]),
        )
        return (int(found[0][0]), int(found[0][1])) if found else (-1, -1)

    def summaries_between(self, start: datetime, end: datetime) -> list[AttemptSummary]:
        """The readable attempts at or after ``start`` and before ``end``, oldest first."""
        rows = self._read(
            "SELECT id, at, skills, correct, misconception, hints_used, seconds, "
            f"{_SOUND_UNREAD_COLUMNS} FROM attempts WHERE at >= ? AND at < ? ORDER BY at, id",
            (_iso(start), _iso(end)),
        )
        return _readable(rows, _summary_from_db)[0]

    def note_unreadable(self, bad: int) -> None:
        """Rows a digest of the history skipped: told as a full read tells them."""
        self._count_unreadable(bad)

    def load_digest(self, name: str) -> str | None:
        """A digest saved by ``submit_digest`` (None: none yet, or none can be kept)."""
        if not self._has_digests():  # reading a missing table would set a notice
            return None
        found = self._read("SELECT state FROM digests WHERE name = ?", (name,))
        return str(found[0][0]) if found and isinstance(found[0][0], str) else None

    def _has_digests(self) -> bool:
        return bool(
            self._read("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'digests'")
        )

    def submit_digest(self, name: str, state: str) -> Future[bool]:
        """Keep a digest of the history (figures made from the attempts, never part of an
        export) for the next read; not waited for, and nothing when read-only. The table is
        made on first use: it is a cache, not the schema (an older version ignores it)."""
        # A busy or full file fails quietly: the digest is made again next time.
        return self._submit_write(
            [
                (
                    "CREATE TABLE IF NOT EXISTS digests "
                    "(name TEXT PRIMARY KEY, state TEXT NOT NULL)",
                    (),
                ),
                (
                    "INSERT INTO digests (name, state) VALUES (?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET state = excluded.state",
                    (name, state),
                ),
            ],
            cache=True,
        )

    def attempts_by_id(self, ids: Sequence[int]) -> list[AttemptRow]:
        """The attempts with these row ids that can be read, oldest first."""
        rows: list[AttemptRow] = []
        for start in range(0, len(ids), 500):  # under SQLite's limit on bound parameters
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            found = self._read(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE id IN ({marks})", chunk
            )
            rows += _readable_rows(found)[0]
        return sorted(rows, key=lambda r: (r.at, r.id))

    def _count_unreadable(self, bad: int) -> None:
        """Say (once per count) how many rows are skipped; they stay in the file untouched."""
        if bad != self.unreadable_rows:
            self.unreadable_rows = bad
            if bad:
                self.notice = StoreNotice("safety.notice.bad_rows", {"count": str(bad)}, self.path)
                if self.on_notice is not None:
                    self.on_notice()

    def history_for_export(self) -> list[AttemptRow]:
        """Every readable attempt for a backup; raises StoreReadError when the table itself
        cannot be read (then no backup is better than an empty one)."""

        def read_all(conn: sqlite3.Connection) -> list[Any]:
            try:
                return conn.execute(
                    f"SELECT {_ATTEMPT_COLUMNS} FROM attempts ORDER BY at, id"
                ).fetchall()
            except sqlite3.Error as exc:
                raise StoreReadError(str(exc)) from None

        rows = self._owned(read_all, None).result()
        if rows is None:
            raise StoreReadError("progress is off")
        read, bad = _readable_rows(rows)
        self._count_unreadable(bad)
        return read

    def cards(self) -> dict[str, Card]:
        """The FSRS card of every skill seen so far; a skill never answered has none."""
        rows = self._read("SELECT skill, card FROM cards ORDER BY skill")
        loaded = {str(skill): _load_card(text) for skill, text in rows}
        return {skill: card for skill, card in loaded.items() if card is not None}

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._try_read(sql, params) or []

    def _try_read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]] | None:
        """The rows, [] when progress is off, None when SQLite failed (``notice`` says why)."""

        def read(conn: sqlite3.Connection) -> list[tuple[Any, ...]] | None:
            try:
                return list(conn.execute(sql, params).fetchall())
            except sqlite3.Error as exc:
                self.notice = StoreNotice(
                    "progress.notice.read_failed", {"reason": str(exc)}, self.path
                )
                return None

        nothing: list[tuple[Any, ...]] | None = []  # progress off: no rows, no failure
        return self._owned(read, nothing).result()

    # ---- export / import ---------------------------------------------------------------

    def export_history(self, now: datetime | None = None) -> dict[str, Any]:
        """The whole history as a JSON object (see HISTORY_FORMAT/HISTORY_VERSION).

        ``cards`` is informational for other tools: import rebuilds cards from attempts.
        """
        attempts = self.history_for_export()
        return {
            "format": HISTORY_FORMAT,
            "version": HISTORY_VERSION,
            "exported_at": _iso(now if now is not None else utc_now()),
            "attempts": [row.to_json() for row in attempts],
            "cards": {skill: card_to_json(card) for skill, card in self.cards().items()},
        }

    def import_history(self, data: Any) -> ImportResult:
        """Merge an export: attempts new by uuid are added, then every card is rebuilt by
        replaying all attempts in time order. Importing the same file twice adds nothing.

        Raises HistoryError (nothing written) when the data is not a valid export, and
        sqlite3.Error when the database fails (the transaction is rolled back).
        """
        rows = _rows_from_history(data)
        try:  # before anything is written: times that cannot be replayed refuse the file
            replay_cards(rows)
        except OverflowError:
            raise HistoryError("progress.error.replay") from None
        conn = self._conn
        if conn is None:
            return ImportResult(0, len(rows))
        if self.read_only:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        added = 0
        # Batches, each its own short transaction: a running instance's answer waits for
        # one batch at most, never for the whole file (attempts are merged by uuid, so an
        # import cut short and run again adds exactly the rest).
        for start in range(0, len(rows), IMPORT_BATCH):
            if start:
                time.sleep(IMPORT_PAUSE)
            batch = [_attempt_values(row) for row in rows[start : start + IMPORT_BATCH]]
            added += self._owner.call(partial(_insert_batch, conn, batch))
        if added:
            try:
                self._rebuild_cards_in_batches()
            except OverflowError:  # the stored rows, not this file's: cards stay as they were
                raise HistoryError("progress.error.replay") from None
        return ImportResult(added, len(rows) - added)

    def _rebuild_cards_in_batches(self) -> None:
        """Replay every attempt into fresh cards without holding the write lock meanwhile.

        The replay reads and computes outside any transaction, then catches up (still
        outside) with the answers another instance saved while it ran; the cards are
        written in one short transaction that reviews only the last few stragglers, so no
        answer's review is lost and the lock is never held for a long replay.
        """
        conn = self._conn
        assert conn is not None
        after = f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE id > ? ORDER BY at, id"

        def read_up_to_now() -> tuple[int, list[AttemptRow]]:
            last = _highest_id(conn)
            found, _bad = _readable_rows(
                conn.execute(
                    f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE id <= ? ORDER BY at, id",
                    (last,),
                )
            )
            return last, found

        def read_newer(last: int) -> tuple[int, list[AttemptRow]]:
            newest = _highest_id(conn)
            if newest == last:
                return newest, []
            found, _bad = _readable_rows(
                conn.execute(
                    f"SELECT {_ATTEMPT_COLUMNS} FROM attempts "
                    "WHERE id > ? AND id <= ? ORDER BY at, id",
                    (last, newest),
                )
            )
            return newest, found

        def write_cards(cards: Mapping[str, Card], last: int) -> None:
            with _write(conn):
                conn.execute("DELETE FROM cards")
                for skill, card in cards.items():
                    _put_card(conn, skill, card, card.last_review or utc_now())
                stragglers, _bad = _readable_rows(conn.execute(after, (last,)))
                for row in stragglers:
                    _review_cards(conn, row.skills, row.correct, row.hints_used, row.at)

        last_id, rows = self._owner.call(read_up_to_now)
        cards: dict[str, Card] = dict(replay_cards(rows))
        for _ in range(10):  # catch up while answers keep arriving, outside the lock
            newest, newer = self._owner.call(partial(read_newer, last_id))
            if newest == last_id:
                break
            for row in newer:
                for skill in dict.fromkeys(row.skills):
                    cards[skill] = review_skill_card(
                        cards.get(skill), skill, row.correct, row.hints_used, row.at
                    )
            last_id = newest
        self._owner.call(lambda: write_cards(cards, last_id))


@dataclass(frozen=True)
class TablesRead:
    """A progress database's attempts (in table order) and review cards, as the Store reads
    its own: what it would skip is left out, and skipped attempts are counted."""

    attempts: tuple[AttemptRow, ...]
    cards: Mapping[str, Card]
    skipped_rows: int


def read_tables(conn: sqlite3.Connection) -> TablesRead:
    """Every attempt and card of a progress database the caller opened.

    For the teacher's class view, which opens each learner's file itself (read-only,
    immutable or through the learner's WAL) rather than as a Store, so that it never
    creates, migrates or writes a learner's file; reading the rows here keeps one strict
    reading of a stored row for both. sqlite3.Error (a busy or damaged file, a table
    missing) is the caller's to report.
    """
    rows = conn.execute(f"SELECT {_ATTEMPT_COLUMNS} FROM attempts").fetchall()
    raw_cards = conn.execute("SELECT skill, card FROM cards").fetchall()
    attempts, skipped = _readable_rows(rows)
    cards: dict[str, Card] = {}
    for skill, text in raw_cards:
        card = _load_card(text) if isinstance(text, str) else None
        if isinstance(skill, str) and card is not None:
            cards[skill] = card
    return TablesRead(tuple(attempts), cards, skipped)


def _insert_batch(conn: sqlite3.Connection, batch: Sequence[tuple[Any, ...]]) -> int:
    """Add the attempts not yet stored (by uuid), in one transaction; how many were new."""
    with _write(conn):
        before = conn.total_changes
        conn.executemany(
            f"INSERT OR IGNORE INTO attempts ({_ATTEMPT_COLUMNS}) "
            "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )
        return conn.total_changes - before


def _highest_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM attempts").fetchone()[0])


# ---- helpers ------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check, migrate. Some steps (the switch to WAL while another instance creates the
    same file) answer "locked" at once instead of waiting: retry those until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return _connect_once(path)
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _connect_once(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path),
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # we issue BEGIN/COMMIT ourselves
        check_same_thread=False,  # opened here, then used only by the store's owner thread
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = _check_version(conn)
        _quick_check(conn)
        _use_wal(conn)
        if version < SCHEMA_VERSION:
            _migrate(conn)
        # Fails now, not at the first answer, when the file or folder is read-only: taking
        # the lock is not enough (sqlite opens an immutable file read-only and still grants
        # it), so write the header's version unchanged and roll back.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            conn.execute("ROLLBACK")
    except BaseException:
        conn.close()
        raise
    return conn


def _check_version(conn: sqlite3.Connection) -> int:
    """The schema version; raises for a newer one, or for a database that is not ours."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise _NewerSchema(version)
    if version < 0:
        raise _Foreign(f"user_version = {version}")
    if version == 0:
        tables = [
            str(name)
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        if tables:  # someone else's data: never migrate into it
            raise _Foreign(", ".join(sorted(tables))[:200])
    return version


# quick_check also reports rows that break a CHECK or NOT NULL rule: the file is sound and
# those rows are skipped when read, so they must not send the whole file aside.
_ROW_RULE_PROBLEMS = ("CHECK constraint failed", "NULL value in")


def _quick_check(conn: sqlite3.Connection) -> None:
    problems = [str(line) for (line,) in conn.execute("PRAGMA quick_check(100)")]
    damage = [p for p in problems if p != "ok" and not p.startswith(_ROW_RULE_PROBLEMS)]
    if not problems or damage:
        raise _Corrupt(damage[0] if damage else "quick_check returned nothing")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a database that cannot be written, for reading. A WAL database in a read-only
    folder cannot make its -shm file, so it is then opened as immutable."""
    last: sqlite3.Error | None = None
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?{query}",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            _check_version(conn)
            _quick_check(conn)
            conn.execute("SELECT count(*) FROM attempts").fetchone()
        except sqlite3.OperationalError as exc:
            conn.close()
            last = exc
            continue
        except BaseException:
            conn.close()
            raise
        return conn
    assert last is not None
    raise last


# SQLite's primary result codes (https://sqlite.org/rescode.html). The sqlite3 module names
# them only from Python 3.11 on, the same release that adds ``sqlite_errorcode``: named here
# so the check reads the same on 3.10, where the message is all there is.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8


def _result_code(exc: sqlite3.Error) -> int | None:
    """The primary result code of ``exc`` (Python 3.11+), None where Python does not say."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _is_read_only(exc: sqlite3.OperationalError) -> bool:
    if _result_code(exc) == SQLITE_READONLY:
        return True
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open database file" in text


def _write_retrying(conn: sqlite3.Connection, work: Callable[[], int]) -> int:
    """One write transaction, tried again while another instance holds the lock."""
    for attempt in range(WRITE_RETRIES + 1):
        try:
            with _write(conn):
                return work()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or attempt == WRITE_RETRIES:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Salvage:
    attempts: list[tuple[Any, ...]]  # raw column values (uuid first), as stored
    settings: list[tuple[Any, Any]]


def _salvage(path: Path) -> _Salvage:
    """Whatever rows of a damaged database still read, by the table itself (NOT INDEXED, so
    a damaged index does not matter), stopping at the first page that does not read."""
    attempts: list[tuple[Any, ...]] = []
    settings: list[tuple[Any, Any]] = []
    if not path.is_file():
        return _Salvage(attempts, settings)
    # Reading a WAL file makes its -wal and -shm: remove the ones this look made.
    made = [
        sidecar
        for sidecar in (path.with_name(path.name + s) for s in ("-wal", "-shm"))
        if not sidecar.exists()
    ]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return _Salvage(attempts, settings)
    try:
        attempts = _salvage_attempts(conn)
        with suppress(sqlite3.Error):
            for key, value in conn.execute("SELECT key, value FROM settings NOT INDEXED"):
                settings.append((key, value))
    finally:
        conn.close()
        for sidecar in made:
            sidecar.unlink(missing_ok=True)
    return _Salvage(attempts, settings)


def _salvage_attempts(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every attempt row that reads, in rowid order, by the table itself (NOT INDEXED: a
    damaged index does not matter). A damaged page of the table stops a scan; the rows
    after it are found again one rowid at a time (rowids are dense), and the scan resumes."""
    columns = _ATTEMPT_COLUMNS.split(", ", 1)[1]  # everything but the local id
    scan = f"SELECT rowid, {columns} FROM attempts NOT INDEXED WHERE rowid > ? ORDER BY rowid"
    point = f"SELECT rowid, {columns} FROM attempts NOT INDEXED WHERE rowid = ?"
    try:
        highest = int(conn.execute("SELECT max(rowid) FROM attempts").fetchone()[0] or 0)
    except sqlite3.Error:
        highest = 0
    rows: list[tuple[Any, ...]] = []
    last = 0
    while True:
        try:
            for row in conn.execute(scan, (last,)):
                rows.append(tuple(row[1:]))
                last = int(row[0])
            return rows
        except sqlite3.Error:
            pass
        probe = last + 1
        while probe <= highest:  # past the damaged page, to the next row that reads
            with suppress(sqlite3.Error):
                found = conn.execute(point, (probe,)).fetchone()
                if found is not None:
                    rows.append(tuple(found[1:]))
                    break
            probe += 1
        if probe > highest:
            return rows
        last = probe


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL is persistent: switch once per file, not at every open."""
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = _result_code(exc)
    if code is not None:
        return code in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _migrate(conn: sqlite3.Connection) -> None:
    with _write(conn):
        # Read again under the write lock: another instance may have migrated meanwhile.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _NewerSchema(version)
        for number in range(version + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS[number - 1]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def _write(conn: sqlite3.Connection) -> Iterator[None]:
    """A short write transaction; IMMEDIATE takes the write lock up front so two instances
    wait for each other (busy_timeout) instead of failing on a lock upgrade."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm/-journal) to ``<name>.corrupt-<UTC time>``."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    path.rename(target)
    # A stale -wal left beside a new database would be replayed into it: move it too.
    for suffix in ("-wal", "-shm", "-journal"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            try:
                sidecar.rename(target.with_name(target.name + suffix))
            except OSError:
                sidecar.unlink(missing_ok=True)
    return target


def _review_cards(
    conn: sqlite3.Connection, skills: Sequence[str], correct: bool, hints_used: int, at: datetime
) -> None:
    for skill in dict.fromkeys(skills):  # each skill once, in order
        found = conn.execute("SELECT card FROM cards WHERE skill = ?", (skill,)).fetchone()
        card = _load_card(found[0]) if found else None
        updated = review_skill_card(card, skill, correct, hints_used, at)
        _put_card(conn, skill, updated, at)


def _load_card(text: str) -> Card | None:
    """A stored card, or None (start the skill afresh) when its JSON is unreadable: one
    damaged card must not stop answers from being recorded."""
    try:
        return card_from_json(json.loads(text))
    except (ValueError, KeyError, TypeError):
        return None


def _put_card(conn: sqlite3.Connection, skill: str, card: Card, at: datetime) -> None:
    conn.execute(
        "INSERT INTO cards (skill, card, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (skill) DO UPDATE SET card = excluded.card, updated_at = excluded.updated_at",
        (skill, _dumps(card_to_json(card)), _iso(at)),
    )


def _attempt_values(row: AttemptRow) -> tuple[Any, ...]:
    return (
        row.uuid,
        _iso(row.at),
        row.question,
        _dumps(row.exercise),
        _dumps(list(row.skills)),
        row.answer,
        int(row.correct),
        _dumps(row.expected),
        row.misconception,
        row.hints_used,
        row.seconds,
        row.mode,
    )


class _BadRow(ValueError):
    """A stored row this version cannot read."""


Read = TypeVar("Read")


def _readable(
    rows: Iterable[Sequence[Any]], reader: Callable[[Sequence[Any]], Read]
) -> tuple[list[Read], int]:
    """The rows that read, and how many did not (skipped: one bad row never hides the rest)."""
    read: list[Read] = []
    bad = 0
    for row in rows:
        try:
            read.append(reader(row))
        except (_BadRow, ValueError, TypeError, OverflowError, RecursionError):
            bad += 1
    return read, bad


def _texts(
    read: Sequence[AttemptSummary], rows: Sequence[Sequence[Any]]
) -> Iterator[tuple[AttemptSummary, Any]]:
    """Each readable summary with the ``at`` text of its stored row."""
    texts = {int(row[0]): row[1] for row in rows}
    return ((summary, texts[summary.id]) for summary in read)


def _readable_rows(rows: Iterable[Sequence[Any]]) -> tuple[list[AttemptRow], int]:
    return _readable(rows, _row_from_db)


def _no_constant(name: str) -> Any:
    raise _BadRow(f"{name} is not a JSON value")  # NaN, Infinity: json reads them, no one else


def _json_column(text: Any, kind: type) -> Any:
    if not isinstance(text, str):
        raise _BadRow("not JSON text")
    value = json.loads(text, parse_constant=_no_constant)
    if not isinstance(value, kind):
        raise _BadRow(f"not a JSON {kind.__name__}")
    return value


# The columns a summary does not decode, checked by SQLite as _row_from_db checks them in
# Python (JSON1 is as strict as Python's json without NaN), so both skip the same rows.
_SOUND_UNREAD_COLUMNS = (
    "(typeof(uuid) = 'text' AND typeof(question) = 'text' AND typeof(answer) = 'text' "
    "AND typeof(mode) = 'text' AND json_valid(exercise) "
    "AND json_type(CASE WHEN json_valid(exercise) THEN exercise END) = 'object' "
    "AND json_valid(expected))"
)


@lru_cache(maxsize=1024)
def _skills_list(text: Any) -> tuple[str, ...]:
    """A row's skills; the same few lists come back in every row, so each is read once."""
    skills = _json_column(text, list)
    if not all(isinstance(s, str) for s in skills):
        raise _BadRow("skills")
    return tuple(skills)


def _summary_from_db(row: Sequence[Any]) -> AttemptSummary:
    """The summary columns of one stored row, checked as ``_row_from_db`` checks them."""
    if row[7] != 1:
        raise _BadRow("a column the summary does not read")
    skills = _skills_list(row[2])
    if not isinstance(row[1], str):
        raise _BadRow("at")
    if row[3] not in (0, 1) or isinstance(row[3], float):
        raise _BadRow("correct")
    if row[4] is not None and not isinstance(row[4], str):
        raise _BadRow("misconception")
    if not isinstance(row[5], int) or row[5] < 0:
        raise _BadRow("hints_used")
    if not isinstance(row[6], int | float) or not math.isfinite(row[6]) or row[6] < 0:
        raise _BadRow("seconds")
    return AttemptSummary(
        id=int(row[0]),
        at=_parse_time(row[1]),
        skills=skills,
        correct=bool(row[3]),
        misconception=row[4],
        hints_used=int(row[5]),
        seconds=float(row[6]),
    )


def _row_from_db(row: Sequence[Any]) -> AttemptRow:
    """One stored row, checked column by column as strictly as an import is."""
    skills = _json_column(row[5], list)
    if not all(isinstance(s, str) for s in skills):
        raise _BadRow("skills")
    if not all(isinstance(row[i], str) for i in (1, 2, 3, 6, 12)):
        raise _BadRow("text column")
    if row[7] not in (0, 1) or isinstance(row[7], float):
        raise _BadRow("correct")
    if not isinstance(row[10], int) or row[10] < 0:
        raise _BadRow("hints_used")
    if not isinstance(row[11], int | float) or not math.isfinite(row[11]) or row[11] < 0:
        raise _BadRow("seconds")
    if row[9] is not None and not isinstance(row[9], str):
        raise _BadRow("misconception")
    expected = _json_column(row[8], object)
    return AttemptRow(
        id=int(row[0]),
        uuid=row[1],
        at=_parse_time(row[2]),
        question=row[3],
        exercise=_json_column(row[4], dict),
        skills=tuple(skills),
        answer=row[6],
        correct=bool(row[7]),
        expected=expected,
        misconception=row[9],
        hints_used=row[10],
        seconds=float(row[11]),
        mode=row[12],
    )


def _row_from_record(rec: AttemptRecord) -> AttemptRow:
    """Validate a record and normalise it to exactly what reading it back will give."""
    if rec.mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {rec.mode!r}")
    if not isinstance(rec.exercise, Mapping):
        raise ValueError("exercise must be a JSON object (a mapping)")
    if isinstance(rec.skills, str):
        raise ValueError("skills must be a tuple of skill ids, not one string")
    if rec.hints_used < 0:
        raise ValueError("hints_used must be >= 0")
    if not math.isfinite(rec.seconds) or rec.seconds < 0:
        raise ValueError("seconds must be a finite number >= 0")
    try:
        exercise = json.loads(_dumps(dict(rec.exercise)))
        expected = json.loads(_dumps(rec.expected))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"exercise and expected must be JSON-serialisable: {exc}") from exc
    return AttemptRow(
        id=0,
        uuid=str(uuid.uuid4()),
        at=as_utc(rec.at) if rec.at is not None else utc_now(),
        exercise=exercise,
        question=rec.question,
        skills=tuple(str(s) for s in rec.skills),
        answer=rec.answer,
        correct=bool(rec.correct),
        expected=expected,
        misconception=rec.misconception,
        hints_used=int(rec.hints_used),
        seconds=float(rec.seconds),
        mode=rec.mode,
    )


@lru_cache(maxsize=4096)
def _usable_text(exercise_json: str) -> bool:
    """Whether this version can rebuild, show and explain a stored exercise, once per
    distinct exercise: an export repeats the same exercise for every attempt at it, and
    rebuilding one costs about half a millisecond."""
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.explain import hints, question_text

    exercise = Exercise.from_stored(json.loads(exercise_json))
    if exercise is None:
        return False
    try:
        question_text(exercise)
        hints(exercise)
    except Exception:  # whatever fails here would fail in review: refuse it now
        return False
    return True


def _code_exercise(exercise: Mapping[str, Any]) -> bool:
    """A "My code" question: the learner's code, the tensor's name and line (never rebuilt)."""
    line = exercise.get("line")
    return (
        exercise.get("kind") == "mycode"
        and isinstance(exercise.get("code"), str)
        and isinstance(exercise.get("name"), str)
        and isinstance(line, int)
        and not isinstance(line, bool)
    )


def _writable(value: Any) -> bool:
    """Stored as JSON text, so it must write back out (JSON nested too deeply does not)."""
    try:
        _dumps(value)
    except (RecursionError, TypeError, ValueError):
        return False
    return True


def _rows_from_history(data: Any) -> list[AttemptRow]:
    if not isinstance(data, dict) or data.get("format") != HISTORY_FORMAT:
        raise HistoryError("progress.error.not_export")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise HistoryError("progress.error.not_export")
    if version > HISTORY_VERSION:
        raise HistoryError(
            "progress.error.newer_export", found=str(version), known=str(HISTORY_VERSION)
        )
    attempts = data.get("attempts")
    if not isinstance(attempts, list):
        raise HistoryError("progress.error.not_export")
    return [_row_from_history(item, index) for index, item in enumerate(attempts, start=1)]


def _row_from_history(item: Any, index: int) -> AttemptRow:
    def bad(field_name: str) -> HistoryError:
        return HistoryError("progress.error.bad_attempt", index=str(index), field=field_name)

    if not isinstance(item, dict):
        raise bad("attempt")
    text_fields = ("uuid", "at", "question", "answer", "mode")
    for name in text_fields:
        if not isinstance(item.get(name), str):
            raise bad(name)
    try:
        uid = str(uuid.UUID(item["uuid"]))
    except ValueError:
        raise bad("uuid") from None
    try:
        at = _parse_time(item["at"])
    except (ValueError, OverflowError):  # an offset can push year 1 or 9999 out of range
        raise bad("at") from None
    if at > utc_now() + MAX_CLOCK_AHEAD:
        raise bad("at")
    if item["mode"] not in MODES:
        raise bad("mode")
    exercise = item.get("exercise")
    if item["mode"] in CODE_MODES:
        usable = isinstance(exercise, dict) and _code_exercise(exercise)
    else:
        usable = isinstance(exercise, dict) and _usable_text(_dumps(exercise))
    if not isinstance(exercise, dict) or not _writable(exercise) or not usable:
        raise bad("exercise")
    skills = item.get("skills")
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        raise bad("skills")
    if not isinstance(item.get("correct"), bool):
        raise bad("correct")
    if "expected" not in item or not _writable(item["expected"]):
        raise bad("expected")
    misconception = item.get("misconception")
    if misconception is not None and not isinstance(misconception, str):
        raise bad("misconception")
    hints = item.get("hints_used")
    if not isinstance(hints, int) or isinstance(hints, bool) or hints < 0:
        raise bad("hints_used")
    seconds = item.get("seconds")
    if (
        not isinstance(seconds, (int, float))
        or isinstance(seconds, bool)
        or not math.isfinite(seconds)
        or seconds < 0
    ):
        raise bad("seconds")
    return AttemptRow(
        id=0,
        uuid=uid,
        at=at,
        exercise=exercise,
        question=item["question"],
        skills=tuple(skills),
        answer=item["answer"],
        correct=item["correct"],
        expected=item["expected"],
        misconception=misconception,
        hints_used=hints,
        seconds=float(seconds),
        mode=item["mode"],
    )
