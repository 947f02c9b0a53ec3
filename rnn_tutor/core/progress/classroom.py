"""The teacher's view of a class: every learner's figures and the class's, read-only.

Each learner's database is opened read-only (SQLite URI ``mode=ro``, ``query_only``), so
the view can be read while learners are answering (WAL: readers never block the writer)
and can never change a learner's history. A damaged row is skipped and counted, a file
that cannot be read at all is reported as such; neither stops the rest of the class.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from fsrs import Card

from rnn_tutor.core.progress.clock import as_utc, utc_now
from rnn_tutor.core.progress.learners import Profile, profiles
from rnn_tutor.core.progress.stats import (
    SkillStat,
    Stats,
    Totals,
    compute_stats,
    skill_stats,
    totals,
)
from rnn_tutor.core.progress.store import AttemptRow, TablesRead, read_tables

CLASS_VERSION = 1
# A reader waits this long for a writer's checkpoint before reporting the file as busy.
READ_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class LearnerHistory:
    """What could be read from one learner's file."""

    attempts: tuple[AttemptRow, ...]
    cards: Mapping[str, Card]
    skipped_rows: int
    error: str | None = None  # the file could not be read at all (SQLite's words)


def _read_tables(database: Path, query: str) -> TablesRead:
    uri = f"{database.resolve().as_uri()}?{query}"
    conn = sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT_S)
    try:
        conn.execute("PRAGMA query_only = ON")
        return read_tables(conn)
    finally:
        conn.close()


def read_history(database: Path, since: datetime | None = None) -> LearnerHistory:
    """Attempts (at or after ``since``) and cards of one database, opened read-only.

    A database no app has open (no ``-wal`` file beside it) is read as immutable, which
    creates no ``-wal``/``-shm`` files next to a learner's file; one in use is read with
    ``mode=ro`` through the learner's own WAL, so answers just given are counted. Rows are
    read as the store reads them: a row it would skip is skipped here too, and counted.
    """
    wal = database.with_name(database.name + "-wal")
    queries = ("mode=ro",) if wal.exists() else ("immutable=1", "mode=ro")
    error = ""
    for query in queries:
        try:
            tables = _read_tables(database, query)
            break
        except sqlite3.Error as exc:  # e.g. an app opened it meanwhile: read it the other way
            error = str(exc)
    else:
        return LearnerHistory((), {}, 0, error)
    rows = sorted(
        (row for row in tables.attempts if since is None or row.at >= since),
        key=lambda r: (r.at, r.id),
    )
    return LearnerHistory(tuple(rows), tables.cards, tables.skipped_rows)


@dataclass(frozen=True)
class LearnerReport:
    name: str
    stats: Stats
    due: tuple[str, ...]  # skill ids due now, in the order of the skills list
    skipped_rows: int
    error: str | None
    reads_like: tuple[str, ...] = ()  # other profiles whose names read like this one


@dataclass(frozen=True)
class ClassMisconception:
    """A mix-up across the class: how often, by how many learners, the latest example."""

    misconception: str
    count: int
    learners: tuple[str, ...]
    example: AttemptRow
    example_learner: str


@dataclass(frozen=True)
class ClassReport:
    generated_at: datetime
    since: datetime | None
    learners: tuple[LearnerReport, ...]
    skills: tuple[SkillStat, ...]  # the class's answers per skill (recall/due not set)
    due: Mapping[str, tuple[str, ...]]  # skill id -> learners it is due for
    misconceptions: tuple[ClassMisconception, ...]
    totals: Totals
    skipped_rows: int

    def to_json(self) -> dict[str, Any]:
        """Ids, names and numbers only (no language): for scripts and spreadsheets."""
        return {
            "version": CLASS_VERSION,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "since": None if self.since is None else self.since.isoformat(timespec="seconds"),
            "class": {
                "learners": len(self.learners),
                "totals": _totals_json(self.totals),
                "skills": [_skill_json(s) for s in self.skills if s.attempts],
                "due": {skill: list(names) for skill, names in self.due.items()},
                "misconceptions": [
                    {
                        "id": m.misconception,
                        "count": m.count,
                        "learners": list(m.learners),
                        "example": {"learner": m.example_learner, **_example_json(m.example)},
                    }
                    for m in self.misconceptions
                ],
                "skipped_rows": self.skipped_rows,
            },
            "learners": [_learner_json(report) for report in self.learners],
        }


def _totals_json(t: Totals) -> dict[str, Any]:
    return {"attempts": t.attempts, "correct": t.correct, "accuracy": t.accuracy}


def _skill_json(s: SkillStat) -> dict[str, Any]:
    accuracy = s.correct / s.attempts if s.attempts else None
    return {"id": s.skill, "attempts": s.attempts, "correct": s.correct, "accuracy": accuracy}


def _example_json(row: AttemptRow) -> dict[str, Any]:
    return {
        "at": row.at.isoformat(timespec="seconds"),
        "question": row.question,
        "exercise": dict(row.exercise),
        "answer": row.answer,
        "expected": row.expected,
    }


def _learner_json(report: LearnerReport) -> dict[str, Any]:
    stats = report.stats
    return {
        "name": report.name,
        "totals": _totals_json(stats.totals),
        "skills": [_skill_json(s) for s in stats.skills if s.attempts],
        "misconceptions": [
            {"id": m.misconception, "count": m.count, "example": _example_json(m.example)}
            for m in stats.misconceptions
        ],
        "due": list(report.due),
        "skipped_rows": report.skipped_rows,
        "error": report.error,
        "reads_like": list(report.reads_like),
    }


def _class_misconceptions(
    histories: Sequence[tuple[str, Sequence[AttemptRow]]],
) -> tuple[ClassMisconception, ...]:
    counts: Counter[str] = Counter()
    who: dict[str, dict[str, None]] = {}
    latest: dict[str, tuple[AttemptRow, str]] = {}
    for name, rows in histories:
        for row in rows:
            if row.correct or not row.misconception:
                continue
            key = row.misconception
            counts[key] += 1
            who.setdefault(key, {})[name] = None
            if key not in latest or row.at >= latest[key][0].at:
                latest[key] = (row, name)
    ordered = sorted(counts, key=lambda m: (-counts[m], -latest[m][0].at.timestamp(), m))
    return tuple(
        ClassMisconception(m, counts[m], tuple(who[m]), latest[m][0], latest[m][1]) for m in ordered
    )


def class_report(
    base: Path,
    now: datetime | None = None,
    since: datetime | None = None,
    tz: tzinfo | None = None,
    skills: Sequence[str] = (),
) -> ClassReport:
    """Every profile under ``base`` (see learners.profiles), read-only, at ``now``."""
    moment = as_utc(now) if now is not None else utc_now()
    reports: list[LearnerReport] = []
    histories: list[tuple[str, Sequence[AttemptRow]]] = []
    due: dict[str, list[str]] = {}
    for profile in profiles(base):
        history = read_history(profile.database, since)
        stats = compute_stats(history.attempts, history.cards, moment, tz, skills)
        due_now = tuple(s.skill for s in stats.skills if s.due is not None and s.due <= moment)
        for skill in due_now:
            due.setdefault(skill, []).append(profile.name)
        reports.append(
            LearnerReport(
                profile.name,
                stats,
                due_now,
                history.skipped_rows,
                history.error,
                profile.reads_like,
            )
        )
        histories.append((profile.name, history.attempts))
    every_row = [row for _, rows in histories for row in rows]
    return ClassReport(
        generated_at=moment if tz is None else moment.astimezone(tz),
        since=since,
        learners=tuple(reports),
        skills=skill_stats(every_row, {}, moment, skills),
        due={skill: tuple(names) for skill, names in due.items()},
        misconceptions=_class_misconceptions(histories),
        totals=totals(every_row),
        skipped_rows=sum(r.skipped_rows for r in reports),
    )


__all__ = ["ClassReport", "LearnerReport", "Profile", "class_report", "read_history"]
