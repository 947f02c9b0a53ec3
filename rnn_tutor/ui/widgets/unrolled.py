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
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from rnn_tutor.core.grading.explain import format_shape
from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import t
from rnn_tutor.ui import palette
from rnn_tutor.ui.unroll import (
    MAX_COLUMNS,
    Cell,
    Row,
    SlicePick,
    Unrolled,
    unroll_exercise,
    unroll_slices,
)

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.slices import SlicePicture

OUTPUT_STYLE = palette.OUTPUT
H_N_STYLE = palette.H_N
BOTH_STYLE = palette.BOTH
EMPTY_STYLE = palette.MUTED
PADDING_STYLE = palette.PADDING
RIGHT_STYLE = palette.MARKED_RIGHT
YOURS_STYLE = palette.MARKED_YOURS
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


def _bracketed(cell: Cell, inner: str, style: str) -> tuple[str, str]:
    """``inner`` in brackets that say which slice reads the cell: ``{}`` the right one,
    ``<>`` the learner's, ``[]`` none."""
    if cell.right:
        return RIGHT_BRACKETS[0] + inner + RIGHT_BRACKETS[1], RIGHT_STYLE
    if cell.yours:
        return YOURS_BRACKETS[0] + inner + YOURS_BRACKETS[1], YOURS_STYLE
    return "[" + inner + "]", style


def _cell(cell: Cell) -> tuple[str, str]:
    """The cell's four characters: what it is inside, and which slice reads it outside."""
    return _bracketed(cell, *_inner(cell))


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


def _compact(cell: Cell) -> tuple[str, str]:
    """A packed batch's cell in three characters: ``h`` is a sequence's real last step."""
    if cell.padding:
        inner, style = "0", PADDING_STYLE
    elif cell.in_h_n:
        inner, style = "h", BOTH_STYLE if cell.in_output else H_N_STYLE
    elif cell.in_output:
        inner, style = "o", OUTPUT_STYLE
    else:
        inner, style = " ", EMPTY_STYLE
    return _bracketed(cell, inner, style)


def _by_sequence(picture: Unrolled) -> bool:
    return any(row.sequence is not None for row in picture.rows)


def draw_grid(picture: Unrolled) -> Text:
    """The cells: layers by steps joined by arrows, or a packed batch's sequences by steps
    in three-character cells (a row for every sequence must fit beside its label)."""
    compact = _by_sequence(picture)
    labels = [_label(row) for row in picture.rows]
    label_width = max(cell_len(label) for label in labels) + 1
    text = Text()
    if compact:
        header = t("ui.picture.steps").ljust(label_width)
        header += "".join(" .." if step is None else f"{step:^3}" for step in picture.steps)
    else:
        header = " " * (label_width + GAP)
        for step in picture.steps:
            column = ".." if step is None else f"t={step}"
            header += column.ljust(CELL_WIDTH + GAP)
    text.append(header.rstrip() + "\n", style="bold")
    for label, row in zip(labels, picture.rows, strict=True):
        arrow = "" if compact else ("<-" if row.reverse else "->")
        text.append(label + " " * (label_width - cell_len(label)))
        text.append(arrow, style=EMPTY_STYLE)
        for index, (step, cell) in enumerate(zip(picture.steps, row.cells, strict=True)):
            if step is None:
                text.append(" .." if compact else " .. ", style=EMPTY_STYLE)
            else:
                glyph, style = _compact(cell) if compact else _cell(cell)
                text.append(glyph, style=style)
            if index < len(picture.steps) - 1:
                text.append(arrow, style=EMPTY_STYLE)
        text.append("\n")
    text.rstrip()
    return text


def draw_legend(picture: Unrolled) -> Text:
    """What the marks mean, with the shapes (wraps with the panel)."""
    compact = _by_sequence(picture)
    text = Text()
    if picture.right is not None:
        text.append("{ }" if compact else "{  }", style=RIGHT_STYLE)
        text.append(" " + _picked("ui.picture.legend.right", picture.right) + "\n")
    if picture.yours is not None:
        text.append("< >" if compact else "<  >", style=YOURS_STYLE)
        text.append(" " + _picked("ui.picture.legend.yours", picture.yours) + "\n")
    if compact:
        text.append(t("ui.picture.legend.rows") + "\n")
        text.append("[0]", style=PADDING_STYLE)
        text.append(" " + t("ui.picture.legend.padding") + "\n")
        text.append("[o]", style=OUTPUT_STYLE)
        said = t("ui.picture.legend.padded", shape=_shape(picture.output_shape))
        text.append(" " + said + "\n")
        text.append("[h]", style=BOTH_STYLE)
        text.append(" " + t("ui.picture.legend.last_real", shape=_shape(picture.h_n_shape)))
        if picture.c_n_shape is not None:
            text.append(" " + t("ui.unrolled.legend.c_n", shape=_shape(picture.c_n_shape)))
        text.append("\n" + t("ui.unrolled.packed"), style="italic")
        return text
    if picture.output_name != "output":
        output_key = "ui.picture.legend.output"
    else:
        output_key = "ui.unrolled.legend.output"
    said = t(output_key, name=picture.output_name, shape=_shape(picture.output_shape))
    text.append("[o ]", style=OUTPUT_STYLE)
    text.append(" " + said + "\n")
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


def draw(picture: Unrolled) -> Text:
    """The picture as styled text, grid then legend (testable without an app)."""
    return Text("\n\n").join((draw_grid(picture), draw_legend(picture)))


def grid_width(picture: Unrolled) -> int:
    """Cells across the widest line of the grid."""
    return max(cell_len(line) for line in draw_grid(picture).plain.splitlines())


# Steps tried when a cell's picture must be narrowed: every step first, then fewer.
_COLUMN_TRIES: tuple[int | None, ...] = (None, 12, 10, 8, MAX_COLUMNS, 5, 4, 3)


class UnrolledPicture(Vertical):
    """Hidden until an exercise is graded or skipped; empty when there is no forward pass.

    The grid never wraps (a wrapped row would split its steps): it is narrowed to the
    panel's width, and past that cut off; the legend below wraps like any text.
    """

    DEFAULT_CSS = """
    UnrolledPicture {
        height: auto;
        margin-top: 1;
        padding: 0 1;
        border: round $secondary 70%;
        border-title-color: $secondary;
    }
    UnrolledPicture > #picture-grid {
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    UnrolledPicture > #picture-legend {
        height: auto;
        margin-top: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="picture-grid", markup=False)
        yield Static("", id="picture-legend", markup=False)

    def show(self, exercise: Exercise, slices: SlicePicture | None = None) -> None:
        """The call's picture, or a cell's with the cells its slices read (``slices``)."""
        picture = unroll_exercise(exercise) if slices is None else self._fitted(slices)
        if picture is None:
            self.clear()
            return
        self.border_title = t("ui.unrolled.title", steps=picture.seq_len)
        self.query_one("#picture-grid", Static).update(palette.themed(draw_grid(picture)))
        self.query_one("#picture-legend", Static).update(palette.themed(draw_legend(picture)))
        self.display = True

    def _fitted(self, slices: SlicePicture) -> Unrolled:
        """As many time steps as the panel is wide for (at least three)."""
        # The panel's text width, less this frame (4) and a scrollbar that may yet appear (2).
        parent = self.parent
        room = parent.scrollable_content_region.width - 6 if isinstance(parent, Widget) else 0
        return fitted(slices, room)

    def clear(self) -> None:
        self.query_one("#picture-grid", Static).update("")
        self.query_one("#picture-legend", Static).update("")
        self.display = False


def fitted(slices: SlicePicture, room: int) -> Unrolled:
    """The widest picture of ``slices`` whose grid fits ``room`` cells (0: the default);
    a packed batch's real last steps are given up before the steps its slices read."""
    if room <= 0:
        return unroll_slices(slices)
    picture = unroll_slices(slices, None)
    for last_steps in (True, False):
        for columns in _COLUMN_TRIES:
            picture = unroll_slices(slices, columns, last_steps)
            if grid_width(picture) <= room:
                return picture
    return picture
