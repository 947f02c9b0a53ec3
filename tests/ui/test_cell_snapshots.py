"""Snapshots of one cell exercise per level (6, 7, 8) with its feedback, at 100x30 and
80x24, in English and Korean: a wrong answer each, its misconception named.

Regenerate with ``--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from rnn_tutor.core.exercises.generator import exercise_at
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.ui.screens.practice import PracticeScreen
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


def picture_in_view(exercise: Exercise, answer: str) -> Any:
    """Answer, then scroll the feedback to the unrolled picture (as a learner scrolls)."""
    answer_first = answered(exercise, answer)

    async def run_before(pilot: Pilot[Any]) -> None:
        await answer_first(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PracticeScreen)
        picture = screen.feedback.picture
        assert picture.display  # a slice was traced: the picture is there to see
        screen.feedback.scroll_to_widget(picture, animate=False, top=True)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("where", "answer"), CASES)
def test_cell_picture_marks_the_slices(
    snap_compare: Any,
    tmp_path: Path,
    size: tuple[int, int],
    lang: str,
    where: tuple[int, int, int],
    answer: str,
) -> None:
    """Level 6: output[-1] under batch_first reads the last sequence at every step.
    Level 7: the real last steps ({}) beside the padding padded[:, -1] reads (<>).
    Level 8: the decoder is handed every row of the bidirectional encoder's h_n."""
    exercise = exercise_at(*where)
    step = picture_in_view(exercise, answer)
    assert snap_compare(make_app(tmp_path, lang), run_before=step, terminal_size=size)
