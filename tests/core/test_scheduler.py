"""FSRS per skill: the rating mapping, the review order, and replay agreeing with live updates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating
from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor.core.progress.review import review_queue
from rnn_tutor.core.progress.scheduler import (
    rating_for,
    recall_probability,
    review_skill_card,
)
from rnn_tutor.core.progress.store import AttemptRecord, Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def attempt(
    *,
    skills: tuple[str, ...],
    correct: bool = True,
    hints_used: int = 0,
    at: datetime = T0,
    exercise: dict[str, Any] | None = None,
    question: str = "output",
    answer: str = "(1, 2, 3)",
) -> AttemptRecord:
    return AttemptRecord(
        exercise=exercise if exercise is not None else {"model": "nn.RNN(3, 4)"},
        question=question,
        skills=skills,
        answer=answer,
        correct=correct,
        expected=[1, 2, 3],
        misconception=None if correct else "batch_first_ignored",
        hints_used=hints_used,
        seconds=5.0,
        mode="review",
        at=at,
    )


def test_rating_mapping() -> None:
    assert rating_for(correct=True, hints_used=0) == Rating.Good
    assert rating_for(correct=True, hints_used=1) == Rating.Hard
    assert rating_for(correct=True, hints_used=3) == Rating.Hard
    assert rating_for(correct=False, hints_used=0) == Rating.Again
    assert rating_for(correct=False, hints_used=2) == Rating.Again


def test_wrong_is_due_sooner_than_hinted_sooner_than_right(tmp_path: Path) -> None:
    """Through the store: the same history except the last answer's grade."""
    with Store.open(tmp_path) as store:
        for skill, correct, hints in (
            ("again", False, 0),
            ("hard", True, 1),
            ("good", True, 0),
        ):
            # Two days apart, so the second review is a real (not same-day) one.
            store.record_attempt(attempt(skills=(skill,), at=T0))
            store.record_attempt(attempt(skills=(skill,), at=T0 + timedelta(minutes=20)))
            store.record_attempt(
                attempt(
                    skills=(skill,),
                    correct=correct,
                    hints_used=hints,
                    at=T0 + timedelta(days=3),
                )
            )
        cards = store.cards()
    assert cards["again"].due < cards["hard"].due < cards["good"].due
    stability = {name: card.stability or 0.0 for name, card in cards.items()}
    assert 0.0 < stability["again"] < stability["hard"] < stability["good"]


def test_first_answer_sets_stability_by_grade() -> None:
    again = review_skill_card(None, "s", correct=False, hints_used=0, at=T0)
    hard = review_skill_card(None, "s", correct=True, hints_used=1, at=T0)
    good = review_skill_card(None, "s", correct=True, hints_used=0, at=T0)
    assert again.stability is not None and hard.stability is not None
    assert good.stability is not None
    assert again.stability < hard.stability < good.stability
    assert again.due < hard.due < good.due
    assert good.due.tzinfo == timezone.utc


def test_review_time_never_goes_backwards() -> None:
    card = review_skill_card(None, "s", correct=True, hints_used=0, at=T0)
    earlier = review_skill_card(card, "s", correct=True, hints_used=0, at=T0 - timedelta(hours=1))
    assert earlier.last_review == T0


def test_recall_probability_falls_with_time() -> None:
    card = review_skill_card(None, "s", correct=True, hints_used=0, at=T0)
    card = review_skill_card(card, "s", correct=True, hints_used=0, at=T0 + timedelta(minutes=15))
    soon = recall_probability(card, T0 + timedelta(days=1))
    later = recall_probability(card, T0 + timedelta(days=30))
    assert 0.0 < later < soon <= 1.0


def test_recall_of_a_skill_failed_today_is_below_one_within_the_day() -> None:
    # fsrs's get_card_retrievability counts whole days: a skill failed an hour ago showed 100%.
    card = review_skill_card(None, "s", correct=False, hints_used=0, at=T0)
    just_now = recall_probability(card, T0)
    hour = recall_probability(card, T0 + timedelta(hours=1))
    evening = recall_probability(card, T0 + timedelta(hours=8))
    assert just_now == pytest.approx(1.0)
    assert 0.0 < evening < hour < 1.0


def test_recall_follows_the_fsrs_curve_at_whole_days() -> None:
    from rnn_tutor.core.progress.scheduler import _FSRS

    card = review_skill_card(None, "s", correct=True, hints_used=0, at=T0)
    for days in (1, 3, 10):
        moment = T0 + timedelta(days=days)
        assert recall_probability(card, moment) == pytest.approx(
            _FSRS.get_card_retrievability(card, moment)
        )


@given(st.floats(0, 400), st.floats(0, 400))
def test_recall_never_rises_with_time(a: float, b: float) -> None:
    card = review_skill_card(None, "s", correct=False, hints_used=1, at=T0)
    early, late = sorted((a, b))
    r_early = recall_probability(card, T0 + timedelta(days=early))
    r_late = recall_probability(card, T0 + timedelta(days=late))
    assert 0.0 < r_late <= r_early <= 1.0


def test_skill_never_seen_has_no_card(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_attempt(attempt(skills=("output_layout",)))
        queue = review_queue(store, T0 + timedelta(days=400))
        assert "proj_size" not in store.cards()
    assert queue.due_skills == ("output_layout",)


def test_due_skills_most_overdue_first(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        # Learned on different days, each answered right once: due one day apart.
        for day, skill in enumerate(("proj_size", "gate_blocks", "output_layout")):
            store.record_attempt(attempt(skills=(skill,), at=T0 + timedelta(days=day)))
        cards = store.cards()
        now = max(card.due for card in cards.values()) + timedelta(seconds=1)
        queue = review_queue(store, now)
    assert queue.due_skills == ("proj_size", "gate_blocks", "output_layout")
    assert queue.next_due is None


def test_only_due_skills_are_listed_and_next_due_when_none(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_attempt(attempt(skills=("proj_size",), at=T0))
        store.record_attempt(attempt(skills=("gate_blocks",), at=T0 + timedelta(days=5)))
        cards = store.cards()
        between = cards["proj_size"].due + timedelta(seconds=1)
        assert between < cards["gate_blocks"].due
        assert review_queue(store, between).due_skills == ("proj_size",)

        # ...and it says when it will change by itself: gate_blocks comes due then.
        assert review_queue(store, between).changes_at == cards["gate_blocks"].due

        before_all = T0 + timedelta(seconds=1)
        empty = review_queue(store, before_all)
    assert empty.due_skills == ()
    assert empty.next_due == min(card.due for card in cards.values())


def test_mistakes_recent_first_deduplicated_and_dropped_once_right(tmp_path: Path) -> None:
    ex = {name: {"model": name} for name in ("a", "b", "c", "d")}
    with Store.open(tmp_path) as store:
        minute = iter(range(100))

        def answer(name: str, correct: bool, question: str = "output") -> None:
            store.record_attempt(
                attempt(
                    skills=("output_layout",),
                    exercise=ex[name],
                    question=question,
                    correct=correct,
                    answer=f"{name}@{question}",
                    at=T0 + timedelta(minutes=next(minute)),
                )
            )

        answer("a", False)
        answer("b", False)
        answer("a", False)  # a twice: listed once, by its latest try
        answer("c", False)
        answer("c", True)  # c put right: dropped
        answer("d", True)
        answer("d", False)  # d right then wrong: still open
        answer("b", False, question="h_n")  # same model, other question: another exercise
        mistakes = store.open_mistakes()
    listed = [(m.exercise["model"], m.question, m.at) for m in mistakes]
    assert listed == [
        ("b", "h_n", T0 + timedelta(minutes=7)),
        ("d", "output", T0 + timedelta(minutes=6)),
        ("a", "output", T0 + timedelta(minutes=2)),
        ("b", "output", T0 + timedelta(minutes=1)),
    ]


def test_a_disabled_store_has_an_empty_queue() -> None:
    queue = review_queue(Store.disabled(), T0)
    assert (queue.due_skills, queue.mistakes, queue.next_due) == ((), (), None)


def test_the_queue_passes_over_skills_and_exercises_this_version_cannot_serve(
    tmp_path: Path,
) -> None:
    from rnn_tutor.core.call.spec import InputSpec, ModelCall
    from rnn_tutor.core.exercises.questions import Exercise, Question

    usable = Exercise(ModelCall("RNN", (10, 20)), InputSpec((3, 2, 10)), Question("h_n"))
    with Store.open(tmp_path) as store:
        for minute, stored in enumerate((usable.to_dict(), {"model": "nn.Mamba(10, 20)"})):
            store.record_attempt(
                attempt(
                    skills=("attention_heads", "proj_size"),
                    exercise=stored,
                    question="h_n",
                    correct=False,
                    at=T0 + timedelta(minutes=minute),
                )
            )
        queue = review_queue(store, T0 + timedelta(days=1))
    assert queue.due_skills == ("proj_size",)  # a newer version's skill is left out
    assert [m.exercise for m in queue.mistakes] == [usable]
    assert queue.size == 2
