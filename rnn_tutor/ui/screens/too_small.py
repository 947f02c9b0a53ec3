"""Shown instead of a broken layout when the terminal is smaller than 80x24."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from rnn_tutor.i18n import t

# Below this the layout cannot hold (issue: "works at 80x24").
MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(Screen[Any]):
    """Covers everything until the window is at least 80x24; the app pops it on resize."""

    # Nothing but ctrl+q (an app binding) works behind this screen.
    BINDINGS: ClassVar[list[BindingType]] = []

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(self._message(), id="too-small-message")

    def _message(self) -> str:
        size = self.app.size
        return t(
            "ui.too_small",
            min_width=MIN_WIDTH,
            min_height=MIN_HEIGHT,
            width=size.width,
            height=size.height,
        )

    def show_size(self) -> None:
        """Say the window's size as it is now (the app calls this on every resize)."""
        if self.is_mounted:
            self.query_one("#too-small-message", Static).update(self._message())

    def on_resize(self) -> None:
        self.show_size()

    def on_screen_resume(self) -> None:
        self.show_size()

    def relocalise(self) -> None:
        self.show_size()

    @staticmethod
    def needed(width: int, height: int) -> bool:
        """Whether a window of this size is too small for the layout."""
        return width < MIN_WIDTH or height < MIN_HEIGHT
