"""What review asks next: the skills that are due, then the exact exercises still answered wrong,
no more in a day than the learner's daily budget.

Only what this version can serve: a history may hold skills it does not know (written by a
newer rnn-tutor, or imported) and exercises it cannot rebuild (an argument it cannot bind,
a model kind it lacks). Review passes over them instead of failing, and the home screen
counts the same queue, so "2 due" on the menu is never followed by "nothing to review".

The daily budget: after a long sitting dozens of skills come due together, and a review of 46
items is one nobody starts. At most ``budget`` reviews are asked per local day (answers in
review mode since midnight count against it), the most overdue first; the rest wait for later
days, and the queue says how many (``later``), so home can say so rather than hide them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from rnn_tutor.core.exercises.curriculum import SKILLS
from rnn_tutor.core.progress.clock import as_utc, local_zone
from rnn_tutor.core.progress.scheduler import due_skills
from rnn_tutor.core.progress.store import AttemptRow, Store

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise

# The setting that holds the daily budget, its choices (0: no limit) and the default: about 20
# a day keeps a review under ten minutes at this tutor's pace.
SETTING_DAILY_BUDGET = "review_daily_budget"
DAILY_BUDGETS: tuple[int, ...] = (10, 20, 30, 50, 0)
DEFAULT_DAILY_BUDGET = 20


def daily_budget(stored: str | None) -> int:
    """The budget a stored setting names (0: no limit); the default for anything else."""
    if stored is not None and stored.isdigit() and int(stored) in DAILY_BUDGETS:
        return int(stored)
    return DEFAULT_DAILY_BUDGET


@dataclass(frozen=True)
class Mistake:
    """A past attempt still wrong, and its exact exercise to answer again."""

    attempt: AttemptRow
    exercise: Exercise


@dataclass(frozen=True)
class ReviewQueue:
    """Due skills first (most overdue first), then the mistakes to redo (most recent first)."""

    due_skills: tuple[str, ...]
    mistakes: tuple[Mistake, ...]
    next_due: datetime | None  # only when no skill is due: when the next one will be
    changes_at: datetime | None = None  # when a skill not due yet will be: the queue grows
    later: int = 0  # due, but over today's budget: they wait for later days
    reviewed_today: int = 0  # answers in review mode since local midnight
    budget: int = 0  # the daily budget it was cut to (0: no limit)

    @property
    def size(self) -> int:
        return len(self.due_skills) + len(self.mistakes)

    @property
    def budget_spent(self) -> bool:
        """Nothing more today because the day's budget is used up (not because nothing is due)."""
        return self.size == 0 and self.later > 0


@lru_cache(maxsize=4096)
def _usable(stored: str) -> Exercise | None:
    """``Exercise.from_stored``, once per stored exercise text (the queue is read again
    after every answer; most of its mistakes were checked the time before). Only mistakes
    need it: home counts what is due without loading the call room."""
    from rnn_tutor.core.exercises.questions import Exercise

    return Exercise.from_stored(json.loads(stored))


def day_start(now: datetime, tz: tzinfo | None = None) -> datetime:
    """Midnight of ``now``'s day where the learner is (``tz``, else the machine's zone), in UTC."""
    local = as_utc(now).astimezone(tz if tz is not None else local_zone())
    return as_utc(datetime.combine(local.date(), time(0), tzinfo=local.tzinfo))


def review_queue(
    store: Store, now: datetime, *, budget: int = 0, tz: tzinfo | None = None
) -> ReviewQueue:
    """The review queue at ``now``, less unknown skills and exercises that cannot be rebuilt,
    cut to what is left of today's ``budget`` (0: no limit; ``tz`` says where the day starts)."""
    moment = as_utc(now)
    cards = {skill: card for skill, card in store.cards().items() if skill in SKILLS}
    due = due_skills(cards, moment)
    upcoming = [as_utc(card.due) for card in cards.values() if as_utc(card.due) > moment]
    changes_at = min(upcoming) if upcoming else None
    mistakes = tuple(
        Mistake(row, exercise)
        for row in store.open_mistakes()
        if (exercise := _usable(json.dumps(row.exercise, sort_keys=True))) is not None
    )
    reviewed = store.count_since(day_start(moment, tz), mode="review") if budget else 0
    room = max(0, budget - reviewed) if budget else len(due) + len(mistakes)
    kept_due = tuple(due[:room])
    kept_mistakes = mistakes[: room - len(kept_due)]
    return ReviewQueue(
        due_skills=kept_due,
        mistakes=kept_mistakes,
        next_due=None if due else changes_at,
        changes_at=changes_at,
        later=len(due) + len(mistakes) - len(kept_due) - len(kept_mistakes),
        reviewed_today=reviewed,
        budget=budget,
    )
