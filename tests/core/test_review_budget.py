"""The daily review budget: at most N reviews a local day, most overdue first, the rest later.

A long first sitting brings dozens of skills due together; the queue is cut to what is left
of today's budget (answers in review mode since local midnight count against it), and it
says how many wait, so home can tell the learner instead of hiding them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.progress.review import (
    DAILY_BUDGETS,
    DEFAULT_DAILY_BUDGET,
    daily_budget,
    day_start,
    review_queue,
)
from rnn_tutor.core.progress.store import AttemptRecord, Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SEOUL = timezone(timedelta(hours=9))


def answer(
    skill: str, at: datetime, *, mode: str = "practice", correct: bool = True
) -> AttemptRecord:
    return AttemptRecord(
        exercise={"model": "nn.RNN(3, 4)"},
        question="output",
        skills=(skill,),
        answer="(1, 2, 3)",
        correct=correct,
        expected=[1, 2, 3],
        misconception=None,
        hints_used=0,
        seconds=5.0,
        mode=mode,
        at=at,
    )


def learned_on_different_days(store: Store, skills: tuple[str, ...]) -> datetime:
    """Each skill answered right once, a day apart; returns a moment when all are due."""
    for day, skill in enumerate(skills):
        store.record_attempt(answer(skill, T0 + timedelta(days=day)))
    return max(card.due for card in store.cards().values()) + timedelta(seconds=1)


def test_the_budget_keeps_the_most_overdue_and_says_how_many_wait(tmp_path: Path) -> None:
    skills = SKILLS[:25]
    with Store.open(tmp_path) as store:
        now = learned_on_different_days(store, skills)
        whole = review_queue(store, now)
        cut = review_queue(store, now, budget=20)
    assert len(whole.due_skills) == 25 and whole.later == 0
    assert cut.due_skills == whole.due_skills[:20]  # the most overdue first
    assert cut.later == 5 and cut.size == 20 and cut.budget == 20
    assert not cut.budget_spent


def test_todays_reviews_count_against_the_budget_and_other_modes_do_not(tmp_path: Path) -> None:
    skills = SKILLS[:25]
    with Store.open(tmp_path) as store:
        now = learned_on_different_days(store, skills)
        for minute in range(8):  # 8 reviews this morning (UTC)...
            store.record_attempt(
                answer(skills[0], now - timedelta(minutes=minute + 1), mode="review")
            )
        for minute in range(5):  # ...and practice, which is not review
            store.record_attempt(answer(skills[1], now - timedelta(minutes=minute + 20)))
        queue = review_queue(store, now, budget=20, tz=timezone.utc)
        whole = review_queue(store, now)
    assert queue.reviewed_today == 8
    assert queue.size == 12
    assert queue.later == whole.size - 12


def test_a_spent_budget_is_told_apart_from_nothing_due(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        now = learned_on_different_days(store, SKILLS[:3])
        for minute in range(10):
            store.record_attempt(
                answer(SKILLS[5], now - timedelta(minutes=minute + 1), mode="review")
            )
        spent = review_queue(store, now, budget=10, tz=timezone.utc)
        unlimited = review_queue(store, now, budget=0, tz=timezone.utc)
    assert spent.size == 0 and spent.budget_spent
    assert spent.later == unlimited.size > 0


def test_the_day_starts_at_the_learners_midnight(tmp_path: Path) -> None:
    # 23:30 UTC is 08:30 the next day in Seoul: reviews from 22:00 UTC are "yesterday" in
    # UTC's sense only if the day is cut in UTC.
    now = datetime(2026, 3, 10, 23, 30, tzinfo=timezone.utc)
    assert day_start(now, timezone.utc) == datetime(2026, 3, 10, 0, 0, tzinfo=timezone.utc)
    assert day_start(now, SEOUL) == datetime(2026, 3, 10, 15, 0, tzinfo=timezone.utc)
    with Store.open(tmp_path) as store:
        store.record_attempt(
            answer(SKILLS[0], datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc), mode="review")
        )
        store.record_attempt(
            answer(SKILLS[0], datetime(2026, 3, 10, 16, 0, tzinfo=timezone.utc), mode="review")
        )
        assert store.count_since(day_start(now, timezone.utc), mode="review") == 2
        assert store.count_since(day_start(now, SEOUL), mode="review") == 1
        assert store.count_since(day_start(now, SEOUL), mode="practice") == 0


def test_after_a_long_sitting_the_next_day_holds_at_most_the_budget(tmp_path: Path) -> None:
    """The issue's case: 50 answers in one sitting, then the next day's review."""
    sitting = T0
    with Store.open(tmp_path) as store:
        for n in range(50):
            skill = SKILLS[n % len(SKILLS)]
            store.record_attempt(answer(skill, sitting + timedelta(minutes=n), correct=n % 3 != 0))
        next_day = sitting + timedelta(days=1)
        whole = review_queue(store, next_day)
        queue = review_queue(store, next_day, budget=DEFAULT_DAILY_BUDGET, tz=timezone.utc)
    assert whole.size > DEFAULT_DAILY_BUDGET  # without a budget: more than a day's worth
    assert queue.size == DEFAULT_DAILY_BUDGET
    assert queue.later == whole.size - DEFAULT_DAILY_BUDGET


@pytest.mark.parametrize(
    ("stored", "budget"),
    [(None, 20), ("10", 10), ("0", 0), ("50", 50), ("7", 20), ("-3", 20), ("lots", 20)],
)
def test_a_stored_budget_is_read_or_the_default_taken(stored: str | None, budget: int) -> None:
    assert daily_budget(stored) == budget


@settings(max_examples=40, deadline=None)
@given(
    due=st.integers(0, 29),
    reviewed=st.integers(0, 40),
    budget=st.sampled_from(DAILY_BUDGETS),
)
def test_the_cut_never_loses_an_item_nor_passes_the_budget(
    tmp_path_factory: pytest.TempPathFactory, due: int, reviewed: int, budget: int
) -> None:
    folder = tmp_path_factory.mktemp("budget")
    with Store.open(folder) as store:
        now = learned_on_different_days(store, SKILLS[:due]) if due else T0
        for minute in range(reviewed):
            store.record_attempt(
                answer(SKILLS[0], now - timedelta(seconds=minute + 1), mode="review")
            )
        whole = review_queue(store, now)
        cut = review_queue(store, now, budget=budget, tz=timezone.utc)
    assert cut.size + cut.later == whole.size  # nothing lost: what is cut waits
    if budget:
        assert cut.size <= max(0, budget - cut.reviewed_today)
    else:
        assert cut.later == 0
    assert cut.due_skills == whole.due_skills[: len(cut.due_skills)]
