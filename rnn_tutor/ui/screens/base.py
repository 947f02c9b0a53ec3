"""What every rnn-tutor screen shares: footer keys in the learner's language, and the app.

Subclass :class:`TutorScreen` for a new screen. Write ``BINDINGS`` descriptions as catalog
keys (``"ui.key.back"``); they are translated when the screen is made and again when the
learner switches language, which also calls :meth:`TutorScreen.relocalise` (by default it
recomposes the screen, so text produced in ``compose`` follows the new language).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from rnn_tutor.ui.localise import localise_bindings

if TYPE_CHECKING:
    from rnn_tutor.ui.app import RnnTutorApp


class TutorScreen(Screen[Any]):
    """Base of all rnn-tutor screens (escape goes back to the screen below)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", "ui.key.back", show=True),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        localise_bindings(self)

    @property
    def tutor(self) -> RnnTutorApp:
        """The app, typed: ``self.tutor.store``, ``.level``, ``.seed``, ``.open_screen(...)``."""
        return cast("RnnTutorApp", self.app)

    def relocalise(self) -> None:
        """The language changed: translate keys and rebuild the text."""
        localise_bindings(self)
        self.refresh_bindings()
        if self.is_mounted:
            self.call_later(self.recompose)

    def screen_commands(self) -> Iterable[SystemCommand]:
        """Extra command-palette entries while this screen is on top (override)."""
        return ()
