"""The exercise as the few lines a learner writes in a notebook, syntax highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.syntax import Syntax
from textual.widgets import Static

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise

# An ANSI theme follows the terminal's own palette, like the learner's notebook would.
CODE_THEME = "ansi_dark"


class CodeCard(Static):
    """A bordered code cell titled like a notebook prompt (``In [3]:``)."""

    def show(self, exercise: Exercise, number: int) -> None:
        self.border_title = f"In [{number}]:"
        self.set_class(exercise.cell is not None, "-cell")  # taller: see tutor.tcss
        self.update(
            Syntax(
                exercise.code(),
                "python",
                theme=CODE_THEME,
                word_wrap=True,
                background_color="default",
            )
        )
