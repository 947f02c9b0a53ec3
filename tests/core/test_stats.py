"""Statistics over a history: days, streaks, skills, misconceptions, totals."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor.core.progress.stats import compute_stats, stats_for, streaks
from rnn_tutor.core.progress.store import AttemptRecord, Store
from tests.core.test_progress_cli import fill
from tests.core.test_store_faults import BAD_VALUES, raw

if TYPE_CHECKING:
    from tests.conftest import SeededHistory

UTC = timezone.utc
SEOUL = timezone(timedelta(hours=9))
D = date(2026, 3, 10)


def at(day: date, hour: int, minute: int = 0, tz: timezone = UTC) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def rec(
    when: datetime,
    *,
    correct: bool = True,
    misconception: str | None = None,
    answer: str = "(1, 2, 3)",
    model: str = "nn.RNN(3, 4)",
    hints_used: int = 0,
    seconds: float = 10.0,
    skills: tuple[str, ...] = ("output_layout",),
) -> AttemptRecord:
    return AttemptRecord(
        exercise={"model": model},
        question="output",
        skills=skills,
        answer=answer,
        correct=correct,
        expected=[1, 2, 3],
        misconception=misconception,
        hints_used=hints_used,
        seconds=seconds,
        mode="practice",
        at=when,
    )


# ---- streaks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ([], (0, 0)),
        ([0], (1, 1)),
        ([-1], (1, 1)),  # yesterday's run is still alive today
        ([-2], (0, 1)),  # broken
        ([-4, -3, -2, 0], (1, 3)),
        ([-6, -5, -4, -3, -1, 0], (2, 4)),
        ([-2, -1, 0, 0, 0], (3, 3)),  # several attempts a day count once
        ([-1, 0, 1, 2], (2, 2)),  # days after "today" (clock moved back) are ignored
    ],
)
def test_streaks(offsets: list[int], expected: tuple[int, int]) -> None:
    assert streaks([D + timedelta(days=o) for o in offsets], D) == expected


@given(st.sets(st.integers(min_value=-60, max_value=0)))
def test_streak_bounds(offsets: set[int]) -> None:
    current, longest = streaks([D + timedelta(days=o) for o in offsets], D)
    assert 0 <= current <= longest <= len(offsets)
    if offsets:
        assert longest >= 1
    # the current run is exactly the days practised back from today (or yesterday)
    start = 0 if 0 in offsets else -1
    run = 0
    while start - run in offsets:
        run += 1
    assert current == run


# ---- figures over a history ------------------------------------------------------------------


@pytest.fixture
def history(tmp_path: Path) -> Store:
    store = Store.open(tmp_path)
    day1, day2, day3, day5 = D, D + timedelta(days=1), D + timedelta(days=2), D + timedelta(days=4)
    records = [
        rec(at(day1, 9), correct=False, misconception="batch_first_ignored", answer="x1"),
        rec(at(day1, 10), hints_used=1, seconds=30),
        rec(at(day2, 9), correct=False, misconception="time_in_hidden", answer="y1", model="m2"),
        rec(at(day2, 11), correct=False, misconception="batch_first_ignored", answer="x2",
            model="m3"),
        rec(at(day2, 12)),
        rec(at(day3, 8), skills=("proj_size", "output_layout")),
        rec(at(day5, 9), correct=False, misconception="time_in_hidden", answer="y2", model="m4"),
        rec(at(day5, 10), hints_used=2, seconds=5.5),
    ]  # fmt: skip
    for r in records:
        assert store.record_attempt(r) is not None
    return store


def test_accuracy_per_day(history: Store) -> None:
    stats = stats_for(history, at(D + timedelta(days=4), 20), UTC)
    assert [(d.day, d.attempts, d.correct) for d in stats.days] == [
        (D, 2, 1),
        (D + timedelta(days=1), 3, 1),
        (D + timedelta(days=2), 1, 1),
        (D + timedelta(days=4), 2, 1),
    ]
    history.close()


def test_streaks_across_days(history: Store) -> None:
    on_day5 = stats_for(history, at(D + timedelta(days=4), 20), UTC)
    assert (on_day5.current_streak, on_day5.longest_streak) == (1, 3)
    on_day6 = stats_for(history, at(D + timedelta(days=5), 20), UTC)
    assert on_day6.current_streak == 1  # day 5 was yesterday
    on_day7 = stats_for(history, at(D + timedelta(days=6), 20), UTC)
    assert on_day7.current_streak == 0
    history.close()


def test_totals(history: Store) -> None:
    totals = stats_for(history, at(D + timedelta(days=4), 20), UTC).totals
    assert (totals.attempts, totals.correct, totals.hints_used) == (8, 4, 3)
    assert totals.accuracy == pytest.approx(0.5)
    assert totals.seconds == pytest.approx(6 * 10 + 30 + 5.5)
    history.close()


def test_misconceptions_most_frequent_first_with_latest_example(history: Store) -> None:
    stats = stats_for(history, at(D + timedelta(days=4), 20), UTC)
    listed = [(m.misconception, m.count, m.example.answer) for m in stats.misconceptions]
    # Both made twice: time_in_hidden was made more recently, so it comes first.
    assert listed == [("time_in_hidden", 2, "y2"), ("batch_first_ignored", 2, "x2")]
    assert stats.misconceptions[0].example.exercise == {"model": "m4"}
    history.close()


def test_skills_listed_with_recall_and_due(history: Store) -> None:
    now = at(D + timedelta(days=4), 20)
    stats = stats_for(history, now, UTC, skills=("proj_size", "packed_sequence"))
    by_id = {s.skill: s for s in stats.skills}
    assert [s.skill for s in stats.skills] == ["proj_size", "packed_sequence", "output_layout"]
    assert by_id["packed_sequence"].recall is None and by_id["packed_sequence"].due is None
    assert by_id["packed_sequence"].attempts == 0
    assert (by_id["output_layout"].attempts, by_id["output_layout"].correct) == (8, 4)
    assert (by_id["proj_size"].attempts, by_id["proj_size"].correct) == (1, 1)
    cards = history.cards()
    for skill in ("proj_size", "output_layout"):
        recall = by_id[skill].recall
        assert recall is not None and 0.0 <= recall <= 1.0
        assert by_id[skill].due == cards[skill].due
    # Seen once, three days ago: memory has faded below certainty.
    proj_recall = by_id["proj_size"].recall
    assert proj_recall is not None and proj_recall < 1.0
    history.close()


def test_days_follow_the_learners_time_zone(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        # 23:30 UTC on the 10th is 08:30 on the 11th in Seoul.
        store.record_attempt(rec(at(D, 23, 30)))
        store.record_attempt(rec(at(D + timedelta(days=1), 1)))
        now = at(D + timedelta(days=1), 2)
        in_utc = stats_for(store, now, UTC)
        in_seoul = stats_for(store, now, SEOUL)
    assert [(d.day, d.attempts) for d in in_utc.days] == [(D, 1), (D + timedelta(days=1), 1)]
    assert [(d.day, d.attempts) for d in in_seoul.days] == [(D + timedelta(days=1), 2)]
    assert (in_utc.longest_streak, in_seoul.longest_streak) == (2, 1)


def test_empty_history() -> None:
    stats = compute_stats([], {}, at(D, 12), UTC)
    assert stats.days == () and stats.misconceptions == () and stats.skills == ()
    assert (stats.current_streak, stats.longest_streak) == (0, 0)
    assert stats.totals.accuracy is None
    assert json.loads(json.dumps(stats.to_json()))["totals"]["accuracy"] is None


def test_json_shape(history: Store) -> None:
    data = stats_for(history, at(D + timedelta(days=4), 20), UTC).to_json()
    history.close()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "version",
        "generated_at",
        "totals",
        "streak",
        "days",
        "skills",
        "misconceptions",
        "mastery",
    }
    assert data["generated_at"] == "2026-03-14T20:00:00+00:00"
    assert data["days"][0] == {"date": "2026-03-10", "attempts": 2, "correct": 1}
    assert data["streak"] == {"current": 1, "longest": 3}
    assert set(data["skills"][0]) == {
        "id", "recall", "due", "attempts", "correct", "correct_on_own", "standing"
    }  # fmt: skip
    first = data["misconceptions"][0]
    assert first["id"] == "time_in_hidden" and first["count"] == 2
    assert first["example"]["answer"] == "y2"
    assert first["example"]["exercise"] == {"model": "m4"}
    assert datetime.fromisoformat(first["last_at"]) == at(D + timedelta(days=4), 9)


def test_seeded_history_figures(seeded_history: SeededHistory) -> None:
    with Store.open(seeded_history.data_dir) as store:
        stats = stats_for(store, seeded_history.now, SEOUL)
    assert stats.totals.attempts == seeded_history.attempts == 10
    assert stats.totals.correct == seeded_history.correct == 4
    assert [(d.day.isoformat(), d.attempts, d.correct) for d in stats.days] == [
        ("2026-11-27", 10, 4)
    ]
    assert (stats.current_streak, stats.longest_streak) == (1, 1)
    assert stats.misconceptions[0].misconception == "direction_factor_missing"
    assert stats.misconceptions[0].count == 2


# ---- help counted honestly (issue 8) ------------------------------------------------------


def test_right_on_your_own_is_counted_apart(history: Store) -> None:
    stats = stats_for(history, at(D + timedelta(days=4), 20), UTC)
    assert stats.totals.correct == 4 and stats.totals.correct_on_own == 2
    document = stats.to_json()
    assert document["totals"]["correct_on_own"] == 2
    layout = next(s for s in document["skills"] if s["id"] == "output_layout")
    assert layout["correct_on_own"] == 2 and layout["correct"] == 4
    history.close()


def test_a_skill_missed_last_time_reads_as_missed_not_as_recall(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.record_attempt(rec(at(D, 9), skills=("two_biases",)))
    store.record_attempt(rec(at(D, 9, 1), correct=False, skills=("two_biases",)))
    stats = stats_for(store, at(D, 9, 2), UTC, skills=("two_biases",))
    skill = stats.skills[0]
    assert skill.recall is not None and skill.recall > 0.9  # FSRS right after the miss
    assert skill.standing(at(D, 9, 2)) == "missed"
    assert stats.to_json()["skills"][0]["standing"] == "missed"
    store.close()


def test_minutes_after_one_right_answer_a_skill_is_learning_not_recalled(tmp_path: Path) -> None:
    """FSRS's learning steps say ~100% recall and "due in minutes": the figures flag the
    step, and the learner model beside them says "learning", until a later right answer
    moves the card out of its steps."""
    store = Store.open(tmp_path)
    store.record_attempt(rec(at(D, 9), skills=("two_biases",)))
    stats = stats_for(store, at(D, 9, 2), UTC, skills=("two_biases",))
    skill = stats.skills[0]
    assert skill.recall is not None and skill.recall > 0.99 and skill.in_steps
    assert stats.mastery.skills[0].standing == "learning"
    assert stats.to_json()["mastery"]["skills"][0]["standing"] == "learning"
    store.record_attempt(rec(at(D, 9, 30), skills=("two_biases",)))
    later = stats_for(store, at(D, 10), UTC, skills=("two_biases",))
    assert not later.skills[0].in_steps
    store.close()


@pytest.mark.parametrize(("column", "value"), BAD_VALUES)
def test_the_figures_skip_exactly_the_rows_a_full_read_skips(
    tmp_path: Path, column: str, value: Any
) -> None:
    """Statistics read summaries (no exercise decoded), yet count the same rows as a full
    read: SQLite checks the columns they leave undecoded."""
    fill(tmp_path, range(4))
    conn = raw(tmp_path)
    conn.execute(f"UPDATE attempts SET {column} = ? WHERE id = 2", (value,))
    conn.close()
    with Store.open(tmp_path) as store:
        assert [row.id for row in store.summaries()] == [row.id for row in store.attempts()]
        assert store.unreadable_rows == 1
