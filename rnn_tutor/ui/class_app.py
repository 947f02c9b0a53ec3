"""`rnn-tutor class --app`: the class screen in its own small app.

The teacher's machine need not have a learner's progress of its own, so this app opens
no progress store at all: it only reads the class's files, read-only.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from rnn_tutor.i18n import LANGUAGES, detect_language, set_language
from rnn_tutor.ui.localise import localise_bindings
from rnn_tutor.ui.screens.classview import ClassScreen


class ClassApp(App[int]):
    TITLE = "rnn-tutor"
    CSS_PATH = "tutor.tcss"  # screen layout lives there, the class screen's included
    # Nothing to command here: r reads again, ctrl+q quits (both in the footer).
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "ui.key.quit", priority=True, show=True),
    ]

    def __init__(
        self, data_dir: Path, *, since: datetime | None = None, lang: str | None = None
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.since = since
        set_language(lang if lang in LANGUAGES else detect_language(None))
        localise_bindings(self)

    def get_default_screen(self) -> Screen[Any]:
        return ClassScreen(self.data_dir, self.since)
