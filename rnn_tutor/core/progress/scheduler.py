"""Spaced review of skills with FSRS: one card per concept, never per question.

A skill is a concept ("h_n ignores batch_first"); review mode builds a fresh exercise for
each due skill, so a learner cannot pass by remembering an answer (``review`` holds the
queue). Every graded attempt
reviews the cards of all its skills: right without hints is Good, right after a hint is
Hard, wrong is Again.

Fuzzing is off so the same history always gives the same cards: ``progress import``
rebuilds cards by replaying attempts, and a replay must agree with the cards that were
updated one answer at a time.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol

from fsrs import Card, Rating, Scheduler

from rnn_tutor.core.progress.clock import as_utc

_FSRS = Scheduler(enable_fuzzing=False)


class GradedAnswer(Protocol):
    """What a card review needs of an attempt (``store.AttemptRow`` is one)."""

    @property
    def at(self) -> datetime: ...

    @property
    def skills(self) -> tuple[str, ...]: ...

    @property
    def correct(self) -> bool: ...

    @property
    def hints_used(self) -> int: ...


def rating_for(correct: bool, hints_used: int) -> Rating:
    """Right without hints -> Good, right with a hint -> Hard, wrong -> Again."""
    if not correct:
        return Rating.Again
    return Rating.Hard if hints_used > 0 else Rating.Good


def new_card(skill: str, at: datetime) -> Card:
    # A stable id: fsrs would otherwise use the clock and sleep 1 ms per new card.
    return Card(card_id=zlib.crc32(skill.encode("utf-8")), due=as_utc(at))


def review_skill_card(
    card: Card | None, skill: str, correct: bool, hints_used: int, at: datetime
) -> Card:
    """The card after one graded answer on ``skill`` (a new card when it was never seen)."""
    when = as_utc(at)
    if card is None:
        card = new_card(skill, when)
    elif card.last_review is not None and when < card.last_review:
        # Two instances may commit slightly out of order; fsrs needs time to move forward.
        when = card.last_review
    updated, _log = _FSRS.review_card(card, rating_for(correct, hints_used), when)
    return updated


# FSRS-6's forgetting curve, from the scheduler's own parameters (fsrs computes the same
# two numbers in Scheduler.__init__): R(t) = (1 + FACTOR * t / S) ** DECAY, t in days.
_DECAY = -_FSRS.parameters[20]
_FACTOR = 0.9 ** (1 / _DECAY) - 1
_SECONDS_PER_DAY = 86_400.0


def recall_probability(card: Card, now: datetime) -> float:
    """FSRS retrievability: the predicted chance of getting this skill right at ``now``.

    fsrs's own ``get_card_retrievability`` counts whole days elapsed, so a skill failed an
    hour ago would show 100%; this is the same curve with the elapsed time in fractional
    days. A card never reviewed has nothing to recall (0, as fsrs says).
    """
    if card.last_review is None or card.stability is None or card.stability <= 0:
        return 0.0
    elapsed = (as_utc(now) - as_utc(card.last_review)).total_seconds() / _SECONDS_PER_DAY
    days = max(0.0, elapsed)
    return float((1 + _FACTOR * days / card.stability) ** _DECAY)


def card_to_json(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def card_from_json(data: Mapping[str, Any]) -> Card:
    """Card.from_dict, with datetimes forced to aware UTC whatever offset they were written with."""
    card = Card.from_dict(dict(data))  # type: ignore[arg-type]
    card.due = as_utc(card.due)
    if card.last_review is not None:
        card.last_review = as_utc(card.last_review)
    return card


def replay_cards(attempts: Iterable[GradedAnswer]) -> dict[str, Card]:
    """Cards from scratch: every attempt in time order, each reviewing all its skills.

    The sort is stable: attempts at the same instant keep the order given, which for
    ``Store.attempts()`` is the order they were recorded in.
    """
    cards: dict[str, Card] = {}
    for row in sorted(attempts, key=lambda r: r.at):
        for skill in dict.fromkeys(row.skills):  # each skill once, as the store does
            cards[skill] = review_skill_card(
                cards.get(skill), skill, row.correct, row.hints_used, row.at
            )
    return cards


def due_skills(cards: Mapping[str, Card], now: datetime) -> list[str]:
    """Skills whose card is due at ``now``, most overdue first (ties by id, for stable order)."""
    moment = as_utc(now)
    due = [(as_utc(card.due), skill) for skill, card in cards.items() if card.due <= moment]
    return [skill for _due, skill in sorted(due)]
