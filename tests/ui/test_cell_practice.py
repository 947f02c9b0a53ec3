"""The practice screen with cell exercises (levels 6-8): what the learner sees around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from rnn_tutor.core.exercises.generator import generate
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.i18n import LANGUAGES
from tests.ui.test_app_flows import english_after_each_test, make_app, open_practice

__all__ = ["english_after_each_test"]  # the fixture resets the language after each test


def cell_exercise(level: int, question: str) -> Exercise:
    """The first generated exercise of ``level`` asking ``question``."""
    for seed in range(40):
        for exercise in generate(level, seed, 10):
            if exercise.cell is not None and exercise.cell.question == question:
                return exercise
    raise AssertionError(f"no {question} at level {level}")  # pragma: no cover


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_answer_box_of_a_runs_cell_names_the_asked_expression(
    tmp_path: Path, lang: str
) -> None:
    app = make_app(tmp_path, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot, cell_exercise(6, "runs:logits"))
        placeholder = screen.answer_box.input.placeholder
        assert "logits" in placeholder and "output" not in placeholder
        screen.show_exercise(cell_exercise(8, "runs:dec_out"))
        await pilot.pause()
        assert "dec_out" in screen.answer_box.input.placeholder
