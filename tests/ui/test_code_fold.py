"""At 80x24 a graded cell's code card folds so the feedback is in view (issue 23).

Seen on main: at level 8, 80x24, the 14-line cell kept its rows after grading and the
feedback showed 3 lines. Folded, the card keeps the lines that build the layers and the
input and the asked last line; the rest become ``# ... N lines folded`` lines; the next
exercise shows the whole cell again, and a taller terminal never folds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rnn_tutor.core.exercises.generator import practice_at
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.ui.screens.practice import PracticeScreen
from rnn_tutor.ui.widgets.code_card import CodeCard
from tests.ui.test_snapshots import answered, make_app


def net_cell() -> Exercise:
    for index in range(60):
        exercise = practice_at(8, 5, index)
        if exercise.cell is not None and "class Net" in exercise.code():
            return exercise
    raise AssertionError("no class Net cell at level 8")


def card_text(card: CodeCard) -> str:
    return "\n".join(line.text for line in card.render_lines(card.region.reset_offset))


@pytest.mark.parametrize(("size", "folds"), [((80, 24), True), ((100, 30), False)])
async def test_a_graded_cell_folds_on_a_short_terminal(
    tmp_path: Path, size: tuple[int, int], folds: bool
) -> None:
    exercise = net_cell()
    app = make_app(tmp_path, "en")
    async with app.run_test(size=size) as pilot:
        await answered(exercise, "(1, 2)")(pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        card = screen.query_one("#code-card", CodeCard)
        shown = card_text(card)
        assert card.has_class("-folded") is folds
        last = exercise.code().splitlines()[-1]
        assert last in shown  # the asked line stays
        if folds:
            assert "folded" in shown
            assert "nn.Linear(" in shown and "nn.LSTM(" in shown  # where the sizes come from
            assert screen.feedback.size.height >= 9  # was 5 (3 lines inside its frame)
        screen.action_next()
        await pilot.pause()
        assert not card.has_class("-folded")
        assert "folded" not in card_text(card)
