"""What every rnn-tutor screen shares: footer keys in the learner's language, and the app.

Subclass :class:`TutorScreen` for a new screen. Write ``BINDINGS`` descriptions as catalog
keys (``"ui.key.back"``); they are translated when the screen is made and again when the
learner switches language, which also calls :meth:`TutorScreen.reword` (by default it
recomposes the screen, so text produced in ``compose`` follows the new language). A screen
the app keeps between visits (see ``RnnTutorApp.SCREENS``) is re-worded when it comes back
if the language changed while it was away.

Screens reach the app through :class:`Tutor`, what they may ask of it; they never import
the app module (which imports them).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any, ClassVar, Protocol, cast

from textual import on
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.events import ScreenResume
from textual.screen import Screen

from rnn_tutor.core.progress.store import AttemptRecord, AttemptRow, Store
from rnn_tutor.i18n import get_language
from rnn_tutor.ui.localise import localise_bindings, localise_tree


class Tutor(Protocol):
    """What a screen may ask of the app (``RnnTutorApp`` provides it)."""

    @property
    def store(self) -> Store: ...

    @property
    def language(self) -> str: ...

    @property
    def level(self) -> int: ...

    @level.setter
    def level(self, value: int) -> None: ...

    @property
    def track(self) -> str: ...

    @track.setter
    def track(self, value: str) -> None: ...

    @property
    def review_budget(self) -> int:
        """Reviews asked per day at most (0: no limit)."""
        ...

    @review_budget.setter
    def review_budget(self, value: int) -> None: ...

    @property
    def seed(self) -> int | None: ...

    @property
    def torch_ready(self) -> threading.Event: ...

    @property
    def data_folder(self) -> Path:
        """This run's own folder: the learner's profile folder, or the data folder."""
        ...

    def wait_for_torch(self, timeout: float = 60.0) -> None: ...

    def open_screen(self, name: str, /, *, replace: bool = False, **options: Any) -> bool: ...

    def switch_language(self, lang: str | None = None) -> None: ...

    def remember(self, choices: Mapping[str, str]) -> None: ...


class TutorScreen(Screen[Any]):
    """Base of all rnn-tutor screens (escape goes back to the screen below)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", "ui.key.back", show=True),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._worded_in = get_language()
        localise_bindings(self)

    @property
    def tutor(self) -> Tutor:
        """The app, typed: ``self.tutor.store``, ``.level``, ``.seed``, ``.open_screen(...)``."""
        return cast("Tutor", self.app)

    def relocalise(self) -> None:
        """The language changed: translate the keys, then :meth:`reword` what is shown."""
        self._worded_in = get_language()
        localise_tree(self)
        self.refresh_bindings()
        if self.is_mounted:
            self.reword()

    def reword(self) -> None:
        """Say what is on screen in the current language (override to keep state)."""
        self.call_later(self.recompose)

    @on(ScreenResume)
    def _reword_if_the_language_changed(self) -> None:
        # A kept screen away while the language changed comes back in the new one.
        if self._worded_in != get_language():
            self.relocalise()

    def reopened(self) -> None:
        """Opened again from a menu (only screens the app keeps between visits)."""

    def screen_commands(self) -> Iterable[SystemCommand]:
        """Extra command-palette entries while this screen is on top (override)."""
        return ()

    def store_attempt(self, record: AttemptRecord) -> Future[AttemptRow | None] | None:
        """Hand one attempt to the store's thread, from a worker thread; None when progress
        is off. Whatever reads the history afterwards sees it, so the verdict can be shown
        before the write is done (another instance may hold the file for seconds); then
        :meth:`tell_if_unsaved`."""
        store = self.tutor.store
        if not store.enabled:
            return None
        return store.submit_attempt(record)

    def tell_if_unsaved(self, saving: Future[AttemptRow | None] | None) -> None:
        """Wait (in the worker) for the write; a failed one never interrupts the learner:
        the store's notice is shown instead."""
        if saving is None:
            return
        store = self.tutor.store
        if saving.result() is None and store.notice is not None:
            message = store.notice.text()
            self.app.call_from_thread(self.notify, message, severity="warning", timeout=15)
