"""The unrolled picture: layers by time steps, marking the cells of ``output`` and ``h_n``.

No notebook shows this, and it settles the two confusions learners have most: ``output``
is the top layer at every step, ``h_n`` is every layer at its last step (step 0 for the
reverse direction). ASCII only for the drawing itself: arrows and bullets are
ambiguous-width characters that Korean terminals may draw two cells wide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from rnn_tutor.core.grading.explain import format_shape
from rnn_tutor.i18n import t
from rnn_tutor.ui.unroll import Cell, Unrolled, unroll_exercise
from rnn_tutor.ui.widgets.framed import Framed

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise

OUTPUT_STYLE = "bold green"
H_N_STYLE = "bold yellow"
BOTH_STYLE = "bold cyan"
EMPTY_STYLE = "dim"
CELL_WIDTH = 4  # "[oh]"
GAP = 2  # "->" / "<-"


def _shape(shape: tuple[int, ...]) -> str:
    return format_shape(shape)


def _cell(cell: Cell) -> tuple[str, str]:
    if cell.in_output and cell.in_h_n:
        return "[oh]", BOTH_STYLE
    if cell.in_output:
        return "[o ]", OUTPUT_STYLE
    if cell.in_h_n:
        return "[ h]", H_N_STYLE
    return "[  ]", EMPTY_STYLE


def draw(picture: Unrolled) -> Text:
    """The picture as styled text (testable without an app)."""
    labels = [
        t(
            "ui.unrolled.row.reverse" if row.reverse else "ui.unrolled.row.forward",
            layer=row.layer,
        )
        for row in picture.rows
    ]
    label_width = max(cell_len(label) for label in labels) + 1
    text = Text(no_wrap=True, overflow="crop")
    header = " " * (label_width + GAP)
    for step in picture.steps:
        column = ".." if step is None else f"t={step}"
        header += column.ljust(CELL_WIDTH + GAP)
    text.append(header.rstrip() + "\n", style="bold")
    for label, row in zip(labels, picture.rows, strict=True):
        arrow = "<-" if row.reverse else "->"
        text.append(label + " " * (label_width - cell_len(label)))
        text.append(arrow, style="dim")
        for index, (step, cell) in enumerate(zip(picture.steps, row.cells, strict=True)):
            if step is None:
                text.append(" .. ", style="dim")
            else:
                glyph, style = _cell(cell)
                text.append(glyph, style=style)
            if index < len(picture.steps) - 1:
                text.append(arrow, style="dim")
        text.append("\n")
    text.append("\n")
    text.append("[o ]", style=OUTPUT_STYLE)
    text.append(" " + t("ui.unrolled.legend.output", shape=_shape(picture.output_shape)) + "\n")
    text.append("[ h]", style=H_N_STYLE)
    bidirectional = any(row.reverse for row in picture.rows)
    h_n_key = "ui.unrolled.legend.h_n.bidirectional" if bidirectional else "ui.unrolled.legend.h_n"
    text.append(" " + t(h_n_key, shape=_shape(picture.h_n_shape)))
    if picture.c_n_shape is not None:
        text.append(" " + t("ui.unrolled.legend.c_n", shape=_shape(picture.c_n_shape)))
    text.append("\n")
    text.append("[oh]", style=BOTH_STYLE)
    text.append(" " + t("ui.unrolled.legend.both"))
    if picture.packed:
        text.append("\n" + t("ui.unrolled.packed"), style="italic")
    return text


class UnrolledPicture(Framed):
    """Hidden until an exercise is graded or skipped; empty when there is no forward pass."""

    DEFAULT_CSS = """
    UnrolledPicture {
        margin-top: 1;
        border: round $secondary 70%;
        border-title-color: $secondary;
    }
    """

    def show(self, exercise: Exercise) -> None:
        picture = unroll_exercise(exercise)
        if picture is None:
            self.clear()
            return
        self.border_title = t("ui.unrolled.title", steps=picture.seq_len)
        self.update(draw(picture))
        self.display = True

    def clear(self) -> None:
        self.update("")
        self.display = False
