"""The history's digest (core.progress.digest): the statistics made from sums kept in the
file give exactly the numbers the per-attempt path gives, and a long history is not read
attempt by attempt again (issue 23: 13.5 s to the figures at 100,000 attempts)."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnn_tutor.core.progress.digest import DIGEST_NAME, current_digest
from rnn_tutor.core.progress.mastery import learner_model
from rnn_tutor.core.progress.stats import Stats, compute_stats, stats_for
from rnn_tutor.core.progress.store import AttemptRecord, Store
from tests.core.test_progress_cli import fill, run
from tests.core.test_stats import rec
from tests.core.test_store_faults import immutable, raw

UTC = timezone.utc
ZONES: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=9)),  # Seoul
    timezone(timedelta(hours=5, minutes=30)),  # a day starts on the half hour
    ZoneInfo("America/New_York"),  # clocks change twice a year
)
SKILLS = ("output_layout", "gate_blocks", "two_biases")
START = datetime(2025, 3, 1, tzinfo=UTC)

ATTEMPTS = st.lists(
    st.builds(
        lambda minutes, micros, skills, correct, mix, hints, seconds: rec(
            START + timedelta(minutes=minutes, microseconds=micros),
            correct=correct,
            misconception=None if correct else mix,
            hints_used=hints,
            seconds=seconds,
            skills=tuple(skills),
        ),
        st.integers(min_value=0, max_value=60 * 24 * 300),  # March to Christmas: DST both ways
        st.sampled_from((0, 0, 1, 500_000)),
        st.lists(st.sampled_from(SKILLS), min_size=1, max_size=3),
        st.booleans(),
        st.sampled_from((None, "batch_first_on_hidden", "time_in_hidden")),
        st.sampled_from((0, 0, 1, 2)),
        st.floats(min_value=0, max_value=120, allow_nan=False, allow_infinity=False),
    ),
    max_size=25,
)


def per_attempt(store: Store, now: datetime, tz: tzinfo) -> Stats:
    """The figures as they were read before the digest: every summary, one by one."""
    return compute_stats(
        store.summaries(),
        store.cards(),
        now,
        tz,
        SKILLS,
        full_rows=lambda answered: store.attempts_by_id([row.id for row in answered]),
    )


def record(store: Store, records: Sequence[AttemptRecord]) -> None:
    for one in records:
        assert store.record_attempt(one) is not None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # a store per example
@given(ATTEMPTS, ATTEMPTS, st.sampled_from(ZONES))
def test_the_digest_gives_the_numbers_of_the_per_attempt_path(
    first: list[AttemptRecord], then: list[AttemptRecord], tz: tzinfo
) -> None:
    """Made from scratch, extended by later answers (written in any time order), and read
    back by another store: always the per-attempt figures, to the last bit."""
    now = START + timedelta(days=320)
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder)) as store:
            record(store, first)
            assert stats_for(store, now, tz, SKILLS) == per_attempt(store, now, tz)
            record(store, then)
            figures = stats_for(store, now, tz, SKILLS)
            assert figures == per_attempt(store, now, tz)
            assert figures.to_json() == per_attempt(store, now, tz).to_json()
        with Store.open(Path(folder)) as store:
            assert stats_for(store, now, tz, SKILLS) == per_attempt(store, now, tz)
            digest = current_digest(store)
            model = learner_model(store.summaries(), now, SKILLS)
            assert digest is None or digest.mastery.model(now, SKILLS) == model


def history(store: Store, count: int = 40) -> None:
    record(
        store,
        [
            rec(
                START + timedelta(hours=7 * i),
                correct=i % 3 != 0,
                misconception=None if i % 3 else "time_in_hidden",
                hints_used=i % 2,
                seconds=1.5 * i,
                skills=SKILLS[: 1 + i % 3],
            )
            for i in range(count)
        ],
    )


def test_a_kept_digest_is_not_read_again_attempt_by_attempt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = START + timedelta(days=30)
    with Store.open(tmp_path) as store:
        history(store)
        expected = per_attempt(store, now, UTC)
        stats_for(store, now, UTC, SKILLS)  # the first read makes the digest and keeps it
    with Store.open(tmp_path) as store:
        assert store.load_digest(DIGEST_NAME) is not None

        def one_by_one(*_args: Any) -> Any:
            raise AssertionError("the whole history read attempt by attempt")

        monkeypatch.setattr(Store, "summaries", one_by_one)
        assert stats_for(store, now, UTC, SKILLS) == expected
        # One answer later only that answer is read.
        store.record_attempt(rec(START + timedelta(days=20), correct=False, skills=SKILLS))
        read: list[int] = []
        after = Store.summaries_after

        def counted(self: Store, mark: Any) -> Any:
            batch = after(self, mark)
            read.append(batch.rows)
            return batch

        monkeypatch.setattr(Store, "summaries_after", counted)
        figures = stats_for(store, now, UTC, SKILLS)
        assert read == [1]
        assert figures.totals.attempts == expected.totals.attempts + 1


def test_a_row_another_writer_put_before_the_digest_is_counted(tmp_path: Path) -> None:
    """An older version (or a raw edit) adds a row that sorts before the digest's mark:
    the digest no longer matches the rows it covers and is made again."""
    now = START + timedelta(days=30)
    with Store.open(tmp_path) as store:
        history(store)
        before = stats_for(store, now, UTC, SKILLS)
    conn = raw(tmp_path)
    columns = "uuid, at, question, exercise, skills, answer, correct, expected, misconception"
    conn.execute(
        f"INSERT INTO attempts ({columns}, hints_used, seconds, mode) VALUES "
        "('u-raw', '2025-03-01T00:30:00.000000+00:00', 'output', '{}', '[\"gate_blocks\"]', "
        "'(1,)', 0, '[1]', 'time_in_hidden', 0, 2.0, 'practice')"
    )
    conn.close()
    with Store.open(tmp_path) as store:
        after = stats_for(store, now, UTC, SKILLS)
        assert after == per_attempt(store, now, UTC)
        assert after.totals.attempts == before.totals.attempts + 1


def test_unreadable_rows_are_skipped_and_told_as_before(tmp_path: Path) -> None:
    now = START + timedelta(days=30)
    with Store.open(tmp_path) as store:
        history(store, 6)
    conn = raw(tmp_path)
    conn.execute("UPDATE attempts SET seconds = -3.0 WHERE id = 2")
    conn.close()
    with Store.open(tmp_path) as store:
        figures = stats_for(store, now, UTC, SKILLS)
        assert figures.totals.attempts == 5
        assert store.unreadable_rows == 1
    with Store.open(tmp_path) as store:  # from the kept digest: still told
        assert stats_for(store, now, UTC, SKILLS) == figures
        assert store.unreadable_rows == 1


def test_read_only_progress_keeps_no_digest_and_gives_the_same_figures(tmp_path: Path) -> None:
    now = START + timedelta(days=30)
    with Store.open(tmp_path) as store:
        history(store, 10)
        expected = per_attempt(store, now, UTC)
    with immutable(tmp_path), Store.open(tmp_path) as store:
        assert store.read_only
        assert stats_for(store, now, UTC, SKILLS) == expected
        assert store.load_digest(DIGEST_NAME) is None


def test_progress_import_makes_the_digest_with_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After ``progress import`` the first statistics read no attempt one by one."""
    source, target, file = tmp_path / "a", tmp_path / "b", tmp_path / "history.json"
    fill(source, range(12))
    assert run(["--data-dir", str(source), "progress", "export", str(file)], capsys)[0] == 0
    assert run(["--data-dir", str(target), "progress", "import", str(file)], capsys)[0] == 0
    with Store.open(target) as store:
        assert store.load_digest(DIGEST_NAME) is not None
        digest = current_digest(store)
        assert digest is not None and digest.attempts == 12


def test_keeping_the_digest_is_no_change_to_the_history(tmp_path: Path) -> None:
    """Home counts what is due again when ``revision`` moves: saving the digest (a cache of
    figures, on opening the statistics) must not make it count again."""
    with Store.open(tmp_path) as store:
        history(store, 5)
        before = store.revision()
        stats_for(store, START + timedelta(days=3), UTC, SKILLS)
        assert store.load_digest(DIGEST_NAME) is not None  # saved: the write is done
        assert store.revision() == before
        store.record_attempt(rec(START + timedelta(days=2)))
        assert store.revision() != before


def test_a_time_stored_in_another_format_is_read_per_attempt_and_not_kept(tmp_path: Path) -> None:
    """A readable row whose time is not in the store's one format (an offset of +09:00):
    text order need not be time order, so the figures are read per attempt, every time."""
    now = START + timedelta(days=30)
    with Store.open(tmp_path) as store:
        history(store, 6)
    conn = raw(tmp_path)
    conn.execute("UPDATE attempts SET at = '2025-03-02T09:00:00+09:00' WHERE id = 3")
    conn.execute("UPDATE attempts SET seconds = -3.0 WHERE id = 4")
    conn.close()
    for _ in range(2):
        with Store.open(tmp_path) as store:
            figures = stats_for(store, now, UTC, SKILLS)
            assert figures == per_attempt(store, now, UTC)
            assert figures.totals.attempts == 5
            assert store.unreadable_rows == 1
            assert store.load_digest(DIGEST_NAME) is None
