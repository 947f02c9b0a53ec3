"""Where the learner types an answer; a typo shows the parser's message and keeps the text."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from rnn_tutor.core.grading.answers import MAX_INPUT_CHARS
from rnn_tutor.ui.localise import localise_bindings


class AnswerInput(Input):
    """The text field; escape hands the keys back to the screen (n, h, s, p)."""

    DEFAULT_CSS = """
    AnswerInput {
        border: tall $primary 40%;
    }
    AnswerInput:focus {
        border: tall $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "ui.key.leave_box", show=True),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        # A paste of megabytes is cut where the parser would refuse it anyway.
        super().__init__(id=id, max_length=MAX_INPUT_CHARS)
        localise_bindings(self)

    def action_leave(self) -> None:
        self.screen.set_focus(None)


class AnswerBox(Vertical):
    """An input line and, under it, why the last answer could not be read."""

    DEFAULT_CSS = """
    AnswerBox {
        height: auto;
    }
    AnswerBox > #answer-message {
        height: auto;
        color: $error;
        padding: 0 1;
    }
    """

    class Submitted(Message):
        """The learner pressed Enter in the box."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        yield AnswerInput(id="answer-input")
        yield Static("", id="answer-message", markup=False)

    @property
    def input(self) -> AnswerInput:
        return self.query_one("#answer-input", AnswerInput)

    @property
    def text(self) -> str:
        return self.input.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        # A stale parser message next to new text reads like a verdict on it.
        event.stop()
        self.clear_message()

    def prepare(self, placeholder: str) -> None:
        """A fresh, empty, editable box for a new question."""
        box = self.input
        box.value = ""
        box.placeholder = placeholder
        box.disabled = False
        self.clear_message()

    def show_error(self, message: str) -> None:
        """The parser's message under the box; what was typed stays as it is."""
        widget = self.query_one("#answer-message", Static)
        widget.update(message)
        widget.display = True

    def clear_message(self) -> None:
        widget = self.query_one("#answer-message", Static)
        widget.update("")
        widget.display = False

    def freeze(self) -> None:
        """Graded: the answer stays visible but can no longer be edited."""
        self.input.disabled = True

    def focus_input(self) -> None:
        self.input.focus()
