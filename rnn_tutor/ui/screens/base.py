"""What every rnn-tutor screen shares: footer keys in the learner's language, and the app.

Subclass :class:`TutorScreen` for a new screen. Write ``BINDINGS`` descriptions as catalog
keys (``"ui.key.back"``); they are translated when the screen is made and again when the
learner switches language, which also calls :meth:`TutorScreen.relocalise` (by default it
recomposes the screen, so text produced in ``compose`` follows the new language).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from rnn_tutor.ui.localise import localise_bindings

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.verdict import Truth
    from rnn_tutor.core.progress.store import AttemptRecord
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

    def record_attempt(
        self,
        exercise: Exercise,
        answer: str,
        *,
        correct: bool,
        expected: Truth,
        misconception: str | None,
        hints_used: int,
        seconds: float,
        mode: str,
        at: datetime | None = None,
    ) -> None:
        """Store one graded attempt; called from grading workers (the store is thread-safe).

        A failed write never interrupts the learner: the store's notice is shown instead.
        """
        from rnn_tutor.core.progress.store import AttemptRecord

        self.store_attempt(
            AttemptRecord(
                exercise=exercise.to_dict(),
                question=exercise.question.id,
                skills=exercise.skills,
                answer=answer,
                correct=correct,
                expected=expected.to_json(),
                misconception=misconception,
                hints_used=hints_used,
                seconds=round(max(0.0, seconds), 3),
                mode=mode,
                at=at,
            )
        )

    def store_attempt(self, record: AttemptRecord) -> None:
        """Store any attempt from a worker thread; a failed write shows the store's notice."""
        store = self.tutor.store
        if not store.enabled:
            return
        row = store.record_attempt(record)
        if row is None and store.notice is not None:
            message = store.notice.text()
            self.app.call_from_thread(self.notify, message, severity="warning", timeout=15)
