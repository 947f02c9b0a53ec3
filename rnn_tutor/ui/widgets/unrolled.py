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
from textual.widget import Widget

from rnn_tutor.core.grading.explain import format_shape
from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import t
from rnn_tutor.ui.unroll import (
    MAX_COLUMNS,
    Cell,
    Row,
    SlicePick,
    Unrolled,
    unroll_exercise,
    unroll_slices,
)
from rnn_tutor.ui.widgets.framed import Framed

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.slices import SlicePicture

OUTPUT_STYLE = "bold green"
H_N_STYLE = "bold yellow"
BOTH_STYLE = "bold cyan"
EMPTY_STYLE = "dim"
PADDING_STYLE = "dim red"
RIGHT_STYLE = "bold black on green"
YOURS_STYLE = "bold white on red"
RIGHT_BRACKETS = "{}"
YOURS_BRACKETS = "<>"
CELL_WIDTH = 4  # "[oh]"
GAP = 2  # "->" / "<-"


def _shape(shape: tuple[int, ...]) -> str:
    return format_shape(shape)


def _inner(cell: Cell) -> tuple[str, str]:
    if cell.padding:
        return "0 ", PADDING_STYLE
    if cell.in_output and cell.in_h_n:
        return "oh", BOTH_STYLE
    if cell.in_output:
        return "o ", OUTPUT_STYLE
    if cell.in_h_n:
        return " h", H_N_STYLE
    return "  ", EMPTY_STYLE


def _cell(cell: Cell) -> tuple[str, str]:
    """The cell's four characters: what it is inside, and which slice reads it outside."""
    inner, style = _inner(cell)
    if cell.right:
        return RIGHT_BRACKETS[0] + inner + RIGHT_BRACKETS[1], RIGHT_STYLE
    if cell.yours:
        return YOURS_BRACKETS[0] + inner + YOURS_BRACKETS[1], YOURS_STYLE
    return "[" + inner + "]", style


def _label(row: Row) -> str:
    if row.sequence is None:
        key = "ui.unrolled.row.reverse" if row.reverse else "ui.unrolled.row.forward"
        return t(key, layer=row.layer)
    key = "ui.picture.row.sequence.reverse" if row.reverse else "ui.picture.row.sequence"
    return t(key, sequence=row.sequence, length=row.length if row.length is not None else "?")


def _picked(key: str, pick: SlicePick) -> str:
    said = t(key, expression=visible(pick.expression, limit=60))
    if pick.only is None:
        return said
    return said + " " + t("ui.picture.only", sequences=", ".join(map(str, pick.only)))


def draw(picture: Unrolled) -> Text:
    """The picture as styled text (testable without an app)."""
    labels = [_label(row) for row in picture.rows]
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
    if picture.right is not None:
        text.append("{  }", style=RIGHT_STYLE)
        text.append(" " + _picked("ui.picture.legend.right", picture.right) + "\n")
    if picture.yours is not None:
        text.append("<  >", style=YOURS_STYLE)
        text.append(" " + _picked("ui.picture.legend.yours", picture.yours) + "\n")
    if picture.packed and any(row.sequence is not None for row in picture.rows):
        text.append("[0 ]", style=PADDING_STYLE)
        text.append(" " + t("ui.picture.legend.padding") + "\n")
    by_sequence = any(row.sequence is not None for row in picture.rows)
    output_key = "ui.picture.legend.padded" if by_sequence else "ui.unrolled.legend.output"
    text.append("[o ]", style=OUTPUT_STYLE)
    text.append(" " + t(output_key, shape=_shape(picture.output_shape)) + "\n")
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


def _grid_width(picture: Unrolled) -> int:
    """Cells across the widest line of the drawn grid (the legend wraps; the grid cannot)."""
    lines = draw(picture).plain.splitlines()[: len(picture.rows) + 1]
    return max(cell_len(line) for line in lines)


class UnrolledPicture(Framed):
    """Hidden until an exercise is graded or skipped; empty when there is no forward pass."""

    DEFAULT_CSS = """
    UnrolledPicture {
        margin-top: 1;
        border: round $secondary 70%;
        border-title-color: $secondary;
    }
    """

    def show(self, exercise: Exercise, slices: SlicePicture | None = None) -> None:
        """The call's picture, or a cell's with the cells its slices read (``slices``)."""
        picture = unroll_exercise(exercise) if slices is None else self._fitted(slices)
        if picture is None:
            self.clear()
            return
        self.border_title = t("ui.unrolled.title", steps=picture.seq_len)
        self.update(draw(picture))
        self.display = True

    def _fitted(self, slices: SlicePicture) -> Unrolled:
        """As many time steps as the panel is wide for (at least three)."""
        # The panel's text width, less this frame (4) and a scrollbar that may yet appear (2).
        parent = self.parent
        room = parent.scrollable_content_region.width - 6 if isinstance(parent, Widget) else 0
        picture = unroll_slices(slices)
        for columns in range(MAX_COLUMNS - 1, 2, -1):
            if room <= 0 or _grid_width(picture) <= room:
                break
            picture = unroll_slices(slices, columns)
        return picture

    def clear(self) -> None:
        self.update("")
        self.display = False
