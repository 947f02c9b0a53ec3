"""Snapshots of one cell exercise per level (6, 7, 8) with its feedback, at 100x30 and
80x24, in English and Korean: a wrong answer each, its misconception named.

Regenerate with ``--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rnn_tutor.core.exercises.generator import exercise_at
from tests.ui.test_snapshots import LANGS, SIZES, answered, english_after_each_test, make_app

__all__ = ["english_after_each_test"]  # the fixture resets the language after each test

# (level, seed, index) of a generated exercise and a wrong answer learners give.
CASES = [
    # last = output[-1] with batch_first=True: the last sequence, not the last step.
    pytest.param((6, 1, 5), "(6, 8)", id="level6"),
    # last = ____ after padding: padded[:, -1] has the right shape but padding zeros.
    pytest.param((7, 3, 0), "padded[:, -1]", id="level7"),
    # A bidirectional encoder's h_n handed to a unidirectional decoder: torch refuses.
    pytest.param((8, 0, 0), "(8, 5, 15)", id="level8"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("where", "answer"), CASES)
def test_cell_exercise_with_feedback(
    snap_compare: Any,
    tmp_path: Path,
    size: tuple[int, int],
    lang: str,
    where: tuple[int, int, int],
    answer: str,
) -> None:
    exercise = exercise_at(*where)
    assert exercise.cell is not None
    step = answered(exercise, answer)
    assert snap_compare(make_app(tmp_path, lang), run_before=step, terminal_size=size)
