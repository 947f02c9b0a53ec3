"""Shown instead of a broken layout when the terminal is smaller than 80x24."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from rnn_tutor.i18n import t


class TooSmallScreen(Screen[Any]):
    """Covers everything until the window is at least 80x24; the app pops it on resize."""

    # Nothing but ctrl+q (an app binding) works behind this screen.
    BINDINGS: ClassVar[list[BindingType]] = []

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(self._message(), id="too-small-message")

    def _message(self) -> str:
        from rnn_tutor.ui.app import MIN_HEIGHT, MIN_WIDTH

        size = self.app.size
        return t(
            "ui.too_small",
            min_width=MIN_WIDTH,
            min_height=MIN_HEIGHT,
            width=size.width,
            height=size.height,
        )

    def on_resize(self) -> None:
        self.query_one("#too-small-message", Static).update(self._message())

    def relocalise(self) -> None:
        if self.is_mounted:
            self.query_one("#too-small-message", Static).update(self._message())
