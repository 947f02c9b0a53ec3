"""The exercise as the few lines a learner writes in a notebook, syntax highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.syntax import Syntax

from rnn_tutor.ui.widgets.framed import Framed

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise

# An ANSI theme follows the terminal's own palette, like the learner's notebook would.
CODE_THEME = "ansi_dark"


class CodeCard(Framed):
    """A bordered code cell titled like a notebook prompt (``In [3]:``)."""

    DEFAULT_CSS = """
    CodeCard {
        max-height: 10;
    }
    """

    def show(self, exercise: Exercise, number: int) -> None:
        self.border_title = f"In [{number}]:"
        self.update(
            Syntax(
                exercise.code(),
                "python",
                theme=CODE_THEME,
                word_wrap=True,
                background_color="default",
            )
        )
