"""Shared fixtures. Keep this small: per-area helpers belong in the area's own test files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

# torch on one thread per process: the suite's tensors are tiny, so a second intra-op thread
# only waits and spins, and the suite already runs one worker per core (pytest-xdist). Measured
# on this 2-core machine: 100 cell exercises of test_cell_generator took 1.4 s on one thread
# and 8.3 s on two. Set in the environment (not torch.set_num_threads) so it holds before torch
# is imported and in every process a test starts (the CLI, the app, the kernel).
os.environ.setdefault("OMP_NUM_THREADS", "1")

# The seeded day: 2026-11-27, 09:00-09:45 UTC (18:00-18:45 in Seoul, the same calendar day).
SEED_START = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class SeededHistory:
    """A progress folder holding one day of attempts at fixed past times.

    Open it with ``Store.open(data_dir)`` or ``--data-dir``; compute figures at ``now``
    (one hour after the last attempt) so snapshots and numbers never depend on the clock.
    10 attempts, 4 right, 2 hints, misconceptions: direction_factor_missing x2 and four
    others x1; one exercise (the bidirectional LSTM's h_n) is still wrong.
    """

    data_dir: Path
    now: datetime
    attempts: int
    correct: int


@pytest.fixture
def seeded_history(tmp_path: Path) -> SeededHistory:
    # Imported here so a broken module fails only the tests that use this fixture.
    from rnn_tutor.core.call.spec import InputSpec, ModelCall
    from rnn_tutor.core.exercises.questions import Exercise, Question
    from rnn_tutor.core.progress.store import AttemptRecord, Store

    rnn = ModelCall("RNN", (10, 5, 1), (("batch_first", True),))
    lstm = ModelCall("LSTM", (10, 20, 2), (("batch_first", True),))
    bi_lstm = ModelCall("LSTM", (20, 30, 3), (("bidirectional", True),))
    gru = ModelCall("GRU", (8, 16, 2), (("bidirectional", True),))

    def exercise(call: ModelCall, shape: tuple[int, ...] | None, question: str) -> Exercise:
        return Exercise(
            call=call,
            input=None if shape is None else InputSpec(shape),
            question=Question.parse(question),
            skills=SKILLS_BY_QUESTION[question],
        )

    ex_output = exercise(rnn, (1, 4, 10), "output")
    ex_hn = exercise(rnn, (1, 4, 10), "h_n")
    ex_count = exercise(lstm, None, "total_params")
    ex_bi_hn = exercise(bi_lstm, (7, 5, 20), "h_n")
    ex_param = exercise(gru, None, "param:weight_ih_l1")

    # (minutes after SEED_START, exercise, answer, expected, misconception, hints, seconds, mode)
    plan = [
        (0, ex_output, "(4, 1, 5)", [1, 4, 5], "batch_first_ignored", 0, 21.5, "practice"),
        (3, ex_output, "(1, 4, 5)", [1, 4, 5], None, 1, 30.0, "practice"),
        (7, ex_hn, "(4, 1, 5)", [1, 1, 5], "time_in_hidden", 0, 18.25, "practice"),
        (10, ex_hn, "(1, 1, 5)", [1, 1, 5], None, 1, 12.0, "practice"),
        (15, ex_count, "5760", 5920, "single_bias", 0, 45.0, "quiz"),
        (20, ex_count, "5920", 5920, None, 0, 40.0, "quiz"),
        (25, ex_bi_hn, "(3, 5, 30)", [6, 5, 30], "direction_factor_missing", 0, 25.0, "quiz"),
        (30, ex_param, "torch.Size([48, 16])", [48, 32], "deep_input_is_hidden", 0, 33.0, "quiz"),
        (40, ex_bi_hn, "(3, 5, 30)", [6, 5, 30], "direction_factor_missing", 0, 15.0, "review"),
        (45, ex_param, "(48, 32)", [48, 32], None, 0, 20.0, "review"),
    ]
    data_dir = tmp_path / "seeded-progress"
    with Store.open(data_dir) as store:
        assert store.enabled, store.notice
        for minutes, ex, answer, expected, misconception, hints, seconds, mode in plan:
            row = store.record_attempt(
                AttemptRecord(
                    exercise=ex.to_dict(),
                    question=ex.question.id,
                    skills=ex.skills,
                    answer=answer,
                    correct=misconception is None,
                    expected=expected,
                    misconception=misconception,
                    hints_used=hints,
                    seconds=seconds,
                    mode=mode,
                    at=SEED_START + timedelta(minutes=minutes),
                )
            )
            assert row is not None, store.notice
    return SeededHistory(
        data_dir=data_dir,
        now=SEED_START + timedelta(minutes=45 + 60),
        attempts=len(plan),
        correct=sum(1 for step in plan if step[4] is None),
    )


SKILLS_BY_QUESTION: dict[str, tuple[str, ...]] = {
    "output": ("output_layout", "output_last_axis"),
    "h_n": ("hn_ignores_batch_first", "hn_first_axis"),
    "total_params": ("param_count", "gate_blocks", "two_biases"),
    "param:weight_ih_l1": ("gate_blocks", "deep_layer_input"),
}
