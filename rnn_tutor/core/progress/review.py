"""What review asks next: the skills that are due, then the exact exercises still answered wrong.

Only what this version can serve: a history may hold skills it does not know (written by a
newer rnn-tutor, or imported) and exercises it cannot rebuild (an argument it cannot bind,
a model kind it lacks). Review passes over them instead of failing, and the home screen
counts the same queue, so "2 due" on the menu is never followed by "nothing to review".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from rnn_tutor.core.exercises.questions import SKILLS, Exercise
from rnn_tutor.core.progress.clock import as_utc
from rnn_tutor.core.progress.scheduler import due_skills
from rnn_tutor.core.progress.store import AttemptRow, Store


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

    @property
    def size(self) -> int:
        return len(self.due_skills) + len(self.mistakes)


@lru_cache(maxsize=4096)
def _usable(stored: str) -> Exercise | None:
    """``Exercise.from_stored``, once per stored exercise text (the queue is read again
    after every answer; most of its mistakes were checked the time before)."""
    return Exercise.from_stored(json.loads(stored))


def review_queue(store: Store, now: datetime) -> ReviewQueue:
    """The review queue at ``now``, less unknown skills and exercises that cannot be rebuilt."""
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
    return ReviewQueue(
        due_skills=tuple(due),
        mistakes=mistakes,
        next_due=None if due else changes_at,
        changes_at=changes_at,
    )
