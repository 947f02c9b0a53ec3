"""Who is learning? The first screen of a served class: a name opens that learner's profile.

Shown only when the app is served to a class without a name in the URL (``ask_learner``);
nothing reads or writes progress until a valid name is given, then the app opens that
learner's own database and shows the home screen.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from rnn_tutor.core.progress.confusables import prototypes
from rnn_tutor.core.progress.learners import MAX_NAME_LENGTH, LearnerNameError, check_learner_name
from rnn_tutor.i18n import t


class LearnerScreen(Screen[Any]):
    """A name box; Enter checks the name and opens the profile."""

    class Chosen(Message):
        """A valid learner name was given; the app opens that learner's profile, or calls
        ``refused`` when the name reads like another learner's."""

        def __init__(self, name: str, screen: LearnerScreen) -> None:
            super().__init__()
            self.name = name
            self.screen = screen

        def refused(self, error: LearnerNameError) -> None:
            self.screen.refuse(error)

    # ctrl+q (an app binding) still quits; nothing else is meaningful before a name.
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, refusal: LearnerNameError | None = None) -> None:
        """``refusal``: why the name the tab came with cannot be used, said at once."""
        super().__init__(id="learner")
        self.refusal = refusal

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-body"):
            yield Static(t("ui.app.title"), id="learner-title")
            yield Static(t("serve.prompt.ask"), id="learner-ask")
            yield Input(
                placeholder=t("serve.prompt.placeholder"),
                max_length=MAX_NAME_LENGTH,
                id="learner-name",
            )
            yield Static(t("serve.prompt.rules"), id="learner-rules")
            yield Static(self._refusal_text(), id="learner-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#learner-name", Input).focus()
        # Names are compared through Unicode's confusables table: read it while the learner
        # types, so the check on Enter never waits for the file.
        self.run_worker(prototypes, thread=True, group="names", exit_on_error=False)

    def refuse(self, error: LearnerNameError) -> None:
        """Say why the name cannot be used (kept, so a change of language says it again)."""
        self.refusal = error
        self.query_one("#learner-error", Static).update(self._refusal_text())
        name_box = self.query_one("#learner-name", Input)
        name_box.disabled = False
        name_box.focus()

    def opening(self) -> None:
        """The name is being claimed and the profile opened (in a thread): say so, and take
        no second name until it is done or refused."""
        self.query_one("#learner-name", Input).disabled = True
        self.query_one("#learner-error", Static).update(t("serve.prompt.opening"))

    def _refusal_text(self) -> str:
        error = self.refusal
        return "" if error is None else t(error.key, **error.params)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = check_learner_name(event.value)
        except LearnerNameError as exc:
            self.refuse(exc)
            return
        self.post_message(self.Chosen(name, self))

    def relocalise(self) -> None:
        if self.is_mounted:
            self.call_later(self.recompose)
