"""The gutter beside the "My code" editor: each line's shapes, on the same row as the line.

It draws only the rows in view and follows the editor's vertical scroll (the screen calls
:meth:`ShapeGutter.follow` whenever the editor scrolls), so a note never drifts away from
its line. It wears the editor's border, so row 0 of both is the same terminal row. The
editor does not wrap lines, which keeps one row per line.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.content import Content
from textual.widget import Widget

from rnn_tutor.ui import palette
from rnn_tutor.ui.cell_view import LineNote

STYLES: dict[str, str] = {
    "shapes": "",
    "printed": "italic",
    "display": "italic",
    "error": palette.WRONG,
}
ASKED_STYLE = palette.REVERSE


class ShapeGutter(Widget):
    """Notes by line (1-based); ``stale`` dims them once the code has changed since the run."""

    DEFAULT_CSS = """
    ShapeGutter {
        width: 1fr;
        height: 1fr;
        border: tall $border-blurred;
        padding: 0 1;
        color: $text-muted;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    ShapeGutter.-stale {
        color: $text-disabled;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: dict[int, LineNote] = {}
        self.first_line = 1  # the 1-based document line on the gutter's first row
        self.asked: tuple[int, str] | None = None  # quiz: (line, mark) and nothing else shown

    def show(self, notes: Mapping[int, LineNote]) -> None:
        self.notes = dict(notes)
        self.asked = None
        self.set_class(False, "-stale")
        self.refresh()

    def ask(self, line: int, mark: str) -> None:
        """Quiz mode: the annotations are hidden; only the asked line carries ``mark``."""
        self.asked = (line, mark)
        self.refresh()

    def mark_stale(self) -> None:
        self.set_class(True, "-stale")

    def follow(self, scroll_y: float) -> None:
        first = int(scroll_y) + 1
        if first != self.first_line:
            self.first_line = first
            self.refresh()

    def row_text(self, row: int) -> Text:
        """What row ``row`` (0-based, in view) shows."""
        line = self.first_line + row
        if self.asked is not None:
            asked_line, mark = self.asked
            return Text(mark, style=ASKED_STYLE) if line == asked_line else Text("")
        note = self.notes.get(line)
        if note is None:
            return Text("")
        return Text(note.fitting(self.content_region.width), style=STYLES.get(note.kind, ""))

    def render(self) -> Content:
        text = Text(no_wrap=True, overflow="crop", end="")
        for row in range(self.content_region.height or self.size.height):
            if row:
                text.append("\n")
            text.append_text(self.row_text(row))
        return palette.themed(text)
