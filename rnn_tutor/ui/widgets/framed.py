"""A block of text in a rounded frame with its title in the border (code cells, pictures)."""

from __future__ import annotations

from textual.widgets import Static


class Framed(Static):
    """Sized to its text; subclasses choose the frame's colour and their own limits."""

    DEFAULT_CSS = """
    Framed {
        height: auto;
        padding: 0 1;
        border: round $primary 60%;
        border-title-color: $primary;
    }
    """
