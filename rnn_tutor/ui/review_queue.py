"""What review can actually serve: the store's queue less what this version cannot use.

A history may hold skills this version does not know (written by a newer rnn-tutor, or
imported) and exercises it cannot rebuild or explain (an argument it cannot bind, a
model kind it lacks). Review passes over them instead of failing, and the home screen
counts the same queue, so "2 due" on the menu is never followed by "nothing to review".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.progress.store import AttemptRow, Store


@dataclass(frozen=True)
class UsableQueue:
    """Due skills this version can make exercises for, then past mistakes it can replay."""

    due_skills: tuple[str, ...]
    mistakes: tuple[tuple[AttemptRow, Exercise], ...]
    next_due: datetime | None  # only when nothing usable is due: when the next skill will be


def replay(row: AttemptRow) -> Exercise | None:
    """The exact exercise of a past attempt, or None if this version cannot show it.

    Showing one needs its code, its question and its hints (which bind the constructor's
    arguments); a stored exercise can be malformed in more ways than this version can
    name, so anything that fails here means "not replayable", never a crash.
    """
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.explain import hints, question_text

    try:
        exercise = Exercise.from_dict(row.exercise)
        exercise.code()
        question_text(exercise)
        hints(exercise)
    except Exception:
        return None
    return exercise


def usable_queue(store: Store, now: datetime) -> UsableQueue:
    """The review queue at ``now`` with unknown skills and unreplayable mistakes left out."""
    from rnn_tutor.core.exercises.questions import SKILLS
    from rnn_tutor.core.progress.clock import as_utc
    from rnn_tutor.core.progress.scheduler import due_skills, open_mistakes

    moment = as_utc(now)
    cards = {skill: card for skill, card in store.cards().items() if skill in SKILLS}
    due = due_skills(cards, moment)
    next_due = None
    if not due and cards:
        next_due = min(as_utc(card.due) for card in cards.values())
    mistakes = tuple(
        (row, exercise)
        for row in open_mistakes(store.attempts())
        if (exercise := replay(row)) is not None
    )
    return UsableQueue(due_skills=tuple(due), mistakes=mistakes, next_due=next_due)
