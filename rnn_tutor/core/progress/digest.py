"""A digest of the history: the sums the statistics and the learner model are made of, kept
in the progress file and brought up to date with only the attempts written since.

The statistics of 100,000 attempts were read one summary per attempt, every time the
screen opened (13.5 s against 3.6 s with no history, issue 23). The digest holds what
those figures sum: totals, attempts per UTC hour (days are counted in the learner's zone
when the figures are made), per skill and per mix-up tallies, and the learner model's
evidence (``MasteryFold``). Folding an attempt into it is what the per-attempt path does
to that attempt, in the same order (``summaries``' order: time, then row id), so the
figures are exactly the same numbers (tests/core/test_digest.py).

It is a cache, checked before use: it names the last row it covers (``mark``) with the
count and id sum of the rows up to it, so a row that another instance (or an older
version) added before the mark, or a row removed, is seen and the digest is made again
from the whole history. Rows after the mark are folded in and the digest saved again,
without waiting (``Store.submit_digest``; nothing is saved on read-only progress). A
history whose stored times are out of the one format the store writes is not digested at
all (``ordered`` is False): the figures are then read per attempt, as before.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rnn_tutor.core.progress.clock import as_utc
from rnn_tutor.core.progress.mastery import LearnerModel, MasteryFold, learner_model
from rnn_tutor.core.progress.store import AttemptSummary, Store, SummaryBatch

DIGEST_NAME = "stats"
DIGEST_VERSION = 1
HOUR = timedelta(hours=1)


def hour_key(moment: datetime) -> str:
    """The UTC hour an attempt falls in, as the digest's key ("2026-03-01T08")."""
    return as_utc(moment).isoformat()[:13]


def hour_start(key: str) -> datetime:
    return datetime.fromisoformat(key + ":00:00+00:00")


@dataclass
class Digest:
    """The sums over every readable attempt up to ``mark``, oldest first."""

    mark: tuple[str, int] | None = None  # the last stored row covered: its ``at`` text, id
    rows: int = 0  # stored rows up to the mark, unreadable ones included
    id_sum: int = 0
    bad: int = 0  # unreadable rows among them (skipped, as a full read skips them)
    ordered: bool = True  # stored order is time order, in the store's one format
    latest: tuple[datetime, int] | None = None  # the latest readable attempt: at, id
    attempts: int = 0
    correct: int = 0
    hints_used: int = 0
    seconds: float = 0.0  # summed in order, as the per-attempt path sums it
    correct_on_own: int = 0
    hours: dict[str, list[int]] = field(default_factory=dict)  # UTC hour -> [tried, right]
    # skill -> [tried, right, right on own, the latest attempt's correctness (0/1)]
    skills: dict[str, list[int]] = field(default_factory=dict)
    # mix-up -> its count, and the latest attempt that made it (at, id)
    mistakes: dict[str, tuple[int, datetime, int]] = field(default_factory=dict)
    mastery: MasteryFold = field(default_factory=MasteryFold)

    def add(self, batch: SummaryBatch) -> None:
        """The rows stored after the mark, in their stored order."""
        self.rows += batch.rows
        self.id_sum += batch.id_sum
        self.bad += batch.bad
        if batch.rows:
            self.mark = batch.last
            self.ordered = self.ordered and batch.canonical and batch.last is not None
        for row in batch.summaries:
            self._add(row)

    def _add(self, row: AttemptSummary) -> None:
        key = (row.at, row.id)
        if self.latest is not None and key < self.latest:
            self.ordered = False
        self.latest = key
        on_own = row.correct and row.hints_used == 0
        self.attempts += 1
        self.correct += int(row.correct)
        self.hints_used += row.hints_used
        self.seconds += row.seconds
        self.correct_on_own += int(on_own)
        hour = self.hours.setdefault(hour_key(row.at), [0, 0])
        hour[0] += 1
        hour[1] += int(row.correct)
        for skill in dict.fromkeys(row.skills):
            tally = self.skills.setdefault(skill, [0, 0, 0, 0])
            tally[0] += 1
            tally[1] += int(row.correct)
            tally[2] += int(on_own)
            tally[3] = int(row.correct)
        if row.misconception and not row.correct:
            count = self.mistakes.get(row.misconception, (0, row.at, row.id))[0]
            self.mistakes[row.misconception] = (count + 1, row.at, row.id)
        self.mastery.add(row)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": DIGEST_VERSION,
            "mark": self.mark,
            "rows": self.rows,
            "id_sum": self.id_sum,
            "bad": self.bad,
            "ordered": self.ordered,
            "latest": None if self.latest is None else [_time(self.latest[0]), self.latest[1]],
            "totals": [
                self.attempts,
                self.correct,
                self.hints_used,
                self.seconds,
                self.correct_on_own,
            ],
            "hours": self.hours,
            "skills": self.skills,
            "mistakes": {m: [n, _time(at), i] for m, (n, at, i) in self.mistakes.items()},
            "mastery": self.mastery.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Digest:
        """``to_json`` read back; ValueError (or KeyError, TypeError) when it is not one."""
        if data["version"] != DIGEST_VERSION:
            raise ValueError("another version's digest")
        mark, latest = data["mark"], data["latest"]
        attempts, correct, hints_used, seconds, on_own = data["totals"]
        digest = cls(
            mark=None if mark is None else (str(mark[0]), int(mark[1])),
            rows=int(data["rows"]),
            id_sum=int(data["id_sum"]),
            bad=int(data["bad"]),
            ordered=bool(data["ordered"]),
            latest=None if latest is None else (_parse(latest[0]), int(latest[1])),
            attempts=int(attempts),
            correct=int(correct),
            hints_used=int(hints_used),
            seconds=float(seconds),
            correct_on_own=int(on_own),
            hours={str(k): [int(v[0]), int(v[1])] for k, v in data["hours"].items()},
            skills={str(k): [int(x) for x in v] for k, v in data["skills"].items()},
            mistakes={
                str(m): (int(n), _parse(at), int(i)) for m, (n, at, i) in data["mistakes"].items()
            },
            mastery=MasteryFold.from_json(data["mastery"]),
        )
        if not math.isfinite(digest.seconds) or any(len(v) != 4 for v in digest.skills.values()):
            raise ValueError("not a digest")
        return digest


def _time(moment: datetime) -> str:
    return moment.isoformat()


def _parse(text: Any) -> datetime:
    return as_utc(datetime.fromisoformat(str(text)))


def _saved(store: Store) -> Digest | None:
    """The digest saved in ``store``, if it still covers exactly the rows up to its mark."""
    text = store.load_digest(DIGEST_NAME)
    if text is None:
        return None
    try:
        digest = Digest.from_json(json.loads(text))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # damaged or another version's: made again
    if digest.mark is not None and store.rows_up_to(digest.mark) != (digest.rows, digest.id_sum):
        return None
    return digest


def current_digest(store: Store) -> Digest | None:
    """The digest of everything in ``store`` now (None when progress is off, or when the
    history cannot be digested: then read it per attempt). Saved again if it grew."""
    if not store.enabled:
        return None
    saved = _saved(store)
    digest = saved if saved is not None else Digest()
    batch = store.summaries_after(digest.mark)
    digest.add(batch)
    if not digest.ordered:  # read per attempt (which tells unreadable rows itself); not kept
        return None
    store.note_unreadable(digest.bad)
    if saved is None or batch.rows:
        store.submit_digest(DIGEST_NAME, json.dumps(digest.to_json(), separators=(",", ":")))
    return digest


def learner_model_for(store: Store, now: datetime, skills: Sequence[str] = ()) -> LearnerModel:
    """The learner model of everything in ``store`` (home's mastery map): from the digest,
    or read per attempt when the history cannot be digested."""
    digest = current_digest(store)
    if digest is None:
        return learner_model(store.summaries(), now, skills)
    return digest.mastery.model(now, skills)
