"""Figures about a learner's history, for the stats screen and ``rnn-tutor stats --json``.

Pure functions over attempts and cards: ``compute_stats`` takes the data and a clock, so the
screen, the JSON and the tests all see the same numbers. Days (accuracy per day, streaks)
are calendar days in the learner's time zone, not UTC: a learner in Seoul practising at
8 am must not have it counted on the day before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Protocol

from fsrs import Card, State

from rnn_tutor.core.progress.clock import as_utc, local_zone, utc_now
from rnn_tutor.core.progress.digest import HOUR, Digest, current_digest, hour_start
from rnn_tutor.core.progress.mastery import LearnerModel, learner_model
from rnn_tutor.core.progress.scheduler import GradedAnswer, recall_probability
from rnn_tutor.core.progress.store import AttemptRow, Store


class Answered(GradedAnswer, Protocol):
    """What the figures read of an attempt: ``AttemptSummary`` (cheap) or ``AttemptRow``."""

    @property
    def id(self) -> int: ...

    @property
    def misconception(self) -> str | None: ...

    @property
    def seconds(self) -> float: ...


FullRows = Callable[[Sequence[Answered]], Sequence[AttemptRow]]


def _already_full(answered: Sequence[Answered]) -> Sequence[AttemptRow]:
    return [row for row in answered if isinstance(row, AttemptRow)]


STATS_VERSION = 1
NO_MODEL = LearnerModel((), ())  # figures made without the learner model (old callers)


@dataclass(frozen=True)
class DayAccuracy:
    """One calendar day with at least one attempt (days without practice are not listed)."""

    day: date
    attempts: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts


@dataclass(frozen=True)
class SkillStat:
    """A skill's memory: ``recall`` and ``due`` are None for a skill never answered."""

    skill: str
    recall: float | None
    due: datetime | None
    attempts: int
    correct: int
    last_correct: bool | None = None  # the latest attempt at this skill; None if none
    on_own: int = 0  # right without opening a hint
    # FSRS's short learning steps (minutes apart): its recall figure reads ~100% there and
    # says nothing yet about memory, so the screen shows the learner model instead.
    in_steps: bool = False

    def standing(self, now: datetime) -> str:
        """What to read about this skill now: "unseen", "missed" (the latest attempt was
        wrong: a recall figure right after a miss reads 100%), "due", or "recall"."""
        if self.recall is None:
            return "unseen"
        if self.last_correct is False:
            return "missed"
        if self.due is not None and self.due <= as_utc(now):
            return "due"
        return "recall"


@dataclass(frozen=True)
class MisconceptionStat:
    """A misconception, how often it was made, and the latest attempt that made it."""

    misconception: str
    count: int
    example: AttemptRow


@dataclass(frozen=True)
class Totals:
    attempts: int
    correct: int
    hints_used: int
    seconds: float
    correct_on_own: int = 0  # right with no hint opened (FSRS rates a hinted right Hard)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None


@dataclass(frozen=True)
class Stats:
    generated_at: datetime  # in the time zone the days were counted in
    days: tuple[DayAccuracy, ...]  # oldest first
    skills: tuple[SkillStat, ...]
    misconceptions: tuple[MisconceptionStat, ...]  # most frequent first
    current_streak: int  # days in a row up to today (or up to yesterday, if not yet today)
    longest_streak: int
    totals: Totals
    mastery: LearnerModel = NO_MODEL  # known / learning / not yet per skill

    def to_json(self) -> dict[str, Any]:
        """Language-neutral figures: ids, numbers, ISO 8601 dates and times."""
        return {
            "version": STATS_VERSION,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "totals": {
                "attempts": self.totals.attempts,
                "correct": self.totals.correct,
                "accuracy": self.totals.accuracy,
                "hints_used": self.totals.hints_used,
                "correct_on_own": self.totals.correct_on_own,
                "seconds": round(self.totals.seconds, 3),
            },
            "streak": {"current": self.current_streak, "longest": self.longest_streak},
            "days": [
                {"date": d.day.isoformat(), "attempts": d.attempts, "correct": d.correct}
                for d in self.days
            ],
            "skills": [
                {
                    "id": s.skill,
                    "recall": s.recall,
                    "due": None if s.due is None else s.due.isoformat(timespec="seconds"),
                    "attempts": s.attempts,
                    "correct": s.correct,
                    "correct_on_own": s.on_own,
                    "standing": s.standing(self.generated_at),
                }
                for s in self.skills
            ],
            "misconceptions": [
                {
                    "id": m.misconception,
                    "count": m.count,
                    "last_at": m.example.at.isoformat(timespec="seconds"),
                    "example": {
                        "question": m.example.question,
                        "exercise": dict(m.example.exercise),
                        "answer": m.example.answer,
                        "expected": m.example.expected,
                    },
                }
                for m in self.misconceptions
            ],
            "mastery": self.mastery.to_json(),
        }


def accuracy_per_day(attempts: Iterable[Answered], tz: tzinfo) -> tuple[DayAccuracy, ...]:
    tried: Counter[date] = Counter()
    right: Counter[date] = Counter()
    for row in attempts:
        day = row.at.astimezone(tz).date()
        tried[day] += 1
        right[day] += int(row.correct)
    return tuple(DayAccuracy(day, tried[day], right[day]) for day in sorted(tried))


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive practice days.

    The current run still counts when today has no practice yet but yesterday had: the
    day is not over. Practice dated after ``today`` (a clock moved back) is ignored.
    """
    ordered = sorted({d for d in days if d <= today})
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and today - previous <= timedelta(days=1) else 0
    return current, longest


def skill_stats(
    attempts: Sequence[Answered],
    cards: Mapping[str, Card],
    now: datetime,
    skills: Sequence[str] = (),
) -> tuple[SkillStat, ...]:
    """One line per skill: the ``skills`` given (in that order, seen or not), then any other
    skill with a card or an attempt, by id."""
    tallies: dict[str, list[int]] = {}
    for row in sorted(attempts, key=lambda r: (r.at, r.id)):
        for skill in dict.fromkeys(row.skills):
            tally = tallies.setdefault(skill, [0, 0, 0, 0])
            tally[0] += 1
            tally[1] += int(row.correct)
            tally[2] += int(row.correct and row.hints_used == 0)
            tally[3] = int(row.correct)
    return _skill_rows(tallies, cards, now, skills)


def _skill_rows(
    tallies: Mapping[str, Sequence[int]],
    cards: Mapping[str, Card],
    now: datetime,
    skills: Sequence[str],
) -> tuple[SkillStat, ...]:
    """The lines from each skill's [tried, right, right on own, latest right (0/1)]."""
    others = sorted((set(cards) | set(tallies)) - set(skills))
    result = []
    for skill in [*dict.fromkeys(skills), *others]:
        card = cards.get(skill)
        tried, right, on_own, latest = tallies.get(skill, (0, 0, 0, None))
        result.append(
            SkillStat(
                skill=skill,
                recall=None if card is None else recall_probability(card, now),
                due=None if card is None else as_utc(card.due),
                attempts=tried,
                correct=right,
                last_correct=None if latest is None else bool(latest),
                on_own=on_own,
                in_steps=card is not None and card.state != State.Review,
            )
        )
    return tuple(result)


def misconception_stats(
    attempts: Iterable[Answered], full_rows: FullRows = _already_full
) -> tuple[MisconceptionStat, ...]:
    """Most frequent first; ties go to the one made most recently. ``full_rows`` reads the
    latest attempt of each in full (its exercise and answer are the example shown)."""
    counts: Counter[str] = Counter()
    latest: dict[str, Answered] = {}
    for row in sorted(attempts, key=lambda r: (r.at, r.id)):
        if row.misconception and not row.correct:
            counts[row.misconception] += 1
            latest[row.misconception] = row
    by_id = {row.id: row for row in latest.values()}
    return _misconception_rows(
        {m: (counts[m], row.at, row.id) for m, row in latest.items()},
        lambda ids: full_rows([by_id[i] for i in ids]),
    )


def _misconception_rows(
    made: Mapping[str, tuple[int, datetime, int]],
    examples: Callable[[list[int]], Sequence[AttemptRow]],
) -> tuple[MisconceptionStat, ...]:
    """From each mix-up's count and latest attempt (at, id); ``examples`` reads those."""
    ordered = sorted(made, key=lambda m: (-made[m][0], -made[m][1].timestamp(), m))
    found = {row.id: row for row in examples([made[m][2] for m in ordered])}
    return tuple(
        MisconceptionStat(m, made[m][0], found[made[m][2]]) for m in ordered if made[m][2] in found
    )


def totals(attempts: Iterable[Answered]) -> Totals:
    rows = list(attempts)
    return Totals(
        attempts=len(rows),
        correct=sum(1 for r in rows if r.correct),
        hints_used=sum(r.hints_used for r in rows),
        seconds=sum(r.seconds for r in rows),
        correct_on_own=sum(1 for r in rows if r.correct and r.hints_used == 0),
    )


def compute_stats(
    attempts: Sequence[Answered],
    cards: Mapping[str, Card],
    now: datetime,
    tz: tzinfo | None = None,
    skills: Sequence[str] = (),
    full_rows: FullRows = _already_full,
) -> Stats:
    """All figures at ``now``; days counted in ``tz`` (default: the machine's zone)."""
    zone = tz if tz is not None else local_zone()
    moment = as_utc(now).astimezone(zone)
    days = accuracy_per_day(attempts, zone)
    current, longest = streaks((d.day for d in days), moment.date())
    return Stats(
        generated_at=moment,
        days=days,
        skills=skill_stats(attempts, cards, now, skills),
        misconceptions=misconception_stats(attempts, full_rows),
        current_streak=current,
        longest_streak=longest,
        totals=totals(attempts),
        mastery=learner_model(attempts, now, skills),
    )


def stats_for(
    store: Store,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    skills: Sequence[str] = (),
) -> Stats:
    """``compute_stats`` over everything in ``store`` (empty figures when progress is off).

    Read from the history's digest (``core.progress.digest``: sums kept in the file and
    extended by the attempts written since), so 100,000 attempts are not read one by one;
    the few shown as examples of a mix-up are read in full. A history the digest cannot
    hold is read per attempt, each summary only.
    """
    moment = now if now is not None else utc_now()
    digest = current_digest(store)
    if digest is None:
        return compute_stats(
            store.summaries(),
            store.cards(),
            moment,
            tz,
            skills,
            full_rows=lambda answered: store.attempts_by_id([row.id for row in answered]),
        )
    return digest_stats(digest, store, moment, tz, skills)


def digest_stats(
    digest: Digest,
    store: Store,
    now: datetime,
    tz: tzinfo | None = None,
    skills: Sequence[str] = (),
) -> Stats:
    """``compute_stats``' figures from a digest: the same numbers, made from its sums."""
    zone = tz if tz is not None else local_zone()
    moment = as_utc(now).astimezone(zone)
    days = _days_from_hours(digest.hours, zone, store.summaries_between)
    current, longest = streaks((d.day for d in days), moment.date())
    return Stats(
        generated_at=moment,
        days=days,
        skills=_skill_rows(digest.skills, store.cards(), now, skills),
        misconceptions=_misconception_rows(digest.mistakes, store.attempts_by_id),
        current_streak=current,
        longest_streak=longest,
        totals=Totals(
            attempts=digest.attempts,
            correct=digest.correct,
            hints_used=digest.hints_used,
            seconds=digest.seconds,
            correct_on_own=digest.correct_on_own,
        ),
        mastery=digest.mastery.model(now, skills),
    )


def _days_from_hours(
    hours: Mapping[str, Sequence[int]],
    tz: tzinfo,
    between: Callable[[datetime, datetime], Sequence[Answered]],
) -> tuple[DayAccuracy, ...]:
    """``accuracy_per_day`` from attempts per UTC hour: an hour that lies within one local
    day (and one UTC offset) counts whole; one that does not (a zone half an hour off UTC,
    a clock change) is read attempt by attempt (``between``)."""
    tried: Counter[date] = Counter()
    right: Counter[date] = Counter()
    for key, (count, correct) in hours.items():
        start = hour_start(key)
        first, last = start.astimezone(tz), (start + HOUR - timedelta.resolution).astimezone(tz)
        if first.date() == last.date() and first.utcoffset() == last.utcoffset():
            tried[first.date()] += count
            right[first.date()] += correct
            continue
        for row in between(start, start + HOUR):
            day = row.at.astimezone(tz).date()
            tried[day] += 1
            right[day] += int(row.correct)
    return tuple(DayAccuracy(day, tried[day], right[day]) for day in sorted(tried))
