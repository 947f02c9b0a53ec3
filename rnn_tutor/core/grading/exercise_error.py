"""The one refusal of grading: a question that cannot be asked of this code or cell.

Raised by the torch grader (too large, a device, a parameter that cannot exist, a forward
pass torch refuses) and by the cell grader (a cell that does not run where it must); one
type, so every caller catches both the same way.
"""

from __future__ import annotations

from rnn_tutor.core.grading.verdict import Truth
from rnn_tutor.i18n.message import Message


class ExerciseError(ValueError):
    """An exercise the grader cannot ask torch about; ``reason`` says why, as data, and
    ``truth`` still holds torch's message where there is one."""

    def __init__(self, reason: Message, truth: Truth | None = None) -> None:
        super().__init__(reason.key)
        self.reason = reason
        self.truth = truth if truth is not None else Truth(None)

    @property
    def message(self) -> str:
        """The reason worded in the current language."""
        return self.reason.text()
