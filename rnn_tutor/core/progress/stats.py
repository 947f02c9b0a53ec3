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

from rnn_tutor.core.progress.clock import as_utc, utc_now
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


def local_zone() -> tzinfo:
    """The machine's current time zone."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None  # astimezone() always sets one
    return zone


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
    tried: Counter[str] = Counter()
    right: Counter[str] = Counter()
    on_own: Counter[str] = Counter()
    latest: dict[str, bool] = {}
    for row in sorted(attempts, key=lambda r: (r.at, r.id)):
        for skill in dict.fromkeys(row.skills):
            tried[skill] += 1
            right[skill] += int(row.correct)
            on_own[skill] += int(row.correct and row.hints_used == 0)
            latest[skill] = row.correct
    others = sorted((set(cards) | set(tried)) - set(skills))
    result = []
    for skill in [*dict.fromkeys(skills), *others]:
        card = cards.get(skill)
        result.append(
            SkillStat(
                skill=skill,
                recall=None if card is None else recall_probability(card, now),
                due=None if card is None else as_utc(card.due),
                attempts=tried[skill],
                correct=right[skill],
                last_correct=latest.get(skill),
                on_own=on_own[skill],
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
    ordered = sorted(counts, key=lambda m: (-counts[m], -latest[m].at.timestamp(), m))
    examples = {row.id: row for row in full_rows([latest[m] for m in ordered])}
    return tuple(
        MisconceptionStat(m, counts[m], examples[latest[m].id])
        for m in ordered
        if latest[m].id in examples
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

    The figures read each attempt's summary only; the few shown as examples of a mix-up
    are read in full, so 100,000 attempts never decode 100,000 exercises.
    """
    return compute_stats(
        store.summaries(),
        store.cards(),
        now if now is not None else utc_now(),
        tz,
        skills,
        full_rows=lambda answered: store.attempts_by_id([row.id for row in answered]),
    )
