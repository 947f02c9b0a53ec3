"""What the tutor says back: right or wrong per axis, the misconception, the derivation.

Text is built by small pure functions (``verdict_text`` ...) so tests can read it without
an app; the panel only places it, above the unrolled picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from rnn_tutor.core.grading.answers import Expression, Raises, Runs, parse_answer
from rnn_tutor.core.grading.explain import format_value
from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import t
from rnn_tutor.ui import palette
from rnn_tutor.ui.localise import localise_bindings
from rnn_tutor.ui.widgets.unrolled import UnrolledPicture

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.slices import SlicePicture
    from rnn_tutor.core.grading.verdict import AxisMark, Truth, Verdict

RIGHT_STYLE = palette.RIGHT
WRONG_STYLE = palette.WRONG
HEADING_STYLE = palette.HEADING

SCROLL_KEYS = Binding.Group("ui.key.scroll_feedback", compact=True)
"""The feedback's scroll keys, one word in the footer ("↑↓ scroll"); the page keys, home and
end work as in any scrolling panel (no room for them at 80 columns)."""


def shape_text(value: object) -> str:
    """``(5, 3, 40)`` for shapes (``(7,)`` for one axis), ``9,200`` for counts: one format
    for the answer, torch's value and the parameter pane."""
    return format_value(value)


def typed_answer_text(answer_kind: str, typed: str) -> str:
    """A stored answer as the tutor writes values ("2,4,29" -> "(2, 4, 29)"); text that
    does not parse is shown as typed, made harmless."""
    parsed = parse_answer(answer_kind, typed)
    if parsed.ok:
        return answer_text(parsed.value)
    return visible(typed.strip()) or "-"


def answer_text(parsed: object) -> str:
    if isinstance(parsed, Raises):
        return t("ui.feedback.answer.raises")
    if isinstance(parsed, Runs):
        return t("ui.feedback.answer.runs")
    if isinstance(parsed, Expression):
        return parsed.text
    if parsed is None:
        return "-"
    return shape_text(parsed)


def truth_text(truth: Truth) -> str:
    if truth.raises is not None:
        return t("ui.feedback.truth.raises")
    if truth.value is None:
        return "-"
    if isinstance(truth.value, Expression):
        return truth.value.text
    return shape_text(truth.value)


def _axis_line(mark: AxisMark) -> Text:
    line = Text("  ")
    if mark.ok:
        line.append("✓ ", style=RIGHT_STYLE)
        line.append(t("ui.feedback.axis.ok", name=mark.name, value=mark.expected))
    elif mark.expected is None:
        line.append("✗ ", style=WRONG_STYLE)
        line.append(t("ui.feedback.axis.extra", given=mark.given))
    elif mark.given is None:
        line.append("✗ ", style=WRONG_STYLE)
        line.append(t("ui.feedback.axis.missing", name=mark.name, value=mark.expected))
    else:
        line.append("✗ ", style=WRONG_STYLE)
        line.append(
            t("ui.feedback.axis.wrong", name=mark.name, given=mark.given, value=mark.expected)
        )
    return line


def right_text(hints_used: int) -> str:
    """ "Right." on one's own; "Right, with 3 hints." when the hints showed the way."""
    if hints_used <= 0:
        return t("ui.feedback.right")
    key = "ui.feedback.right_with_hint" if hints_used == 1 else "ui.feedback.right_with_hints"
    return t(key, count=hints_used)


def verdict_text(verdict: Verdict, hints_used: int = 0) -> Text:
    """The whole feedback for one graded answer (``hints_used`` opened before answering)."""
    text = Text()
    if verdict.correct:
        text.append("✓ " + right_text(hints_used), style=RIGHT_STYLE)
    else:
        text.append("✗ " + t("ui.feedback.wrong"), style=WRONG_STYLE)
    text.append("\n")
    # A fill-in blank has many right spellings: the reference is one of them.
    blank = isinstance(verdict.expected.value, Expression)
    text.append(
        t(
            "ui.feedback.compare.blank" if blank else "ui.feedback.compare",
            answer=answer_text(verdict.parsed),
            truth=truth_text(verdict.expected),
        )
        + "\n"
    )
    if verdict.axes:
        text.append(t("ui.feedback.axes") + "\n", style=HEADING_STYLE)
        for mark in verdict.axes:
            text.append_text(_axis_line(mark))
            text.append("\n")
    if verdict.misconception_text:
        text.append(t("ui.feedback.misconception") + " ", style=HEADING_STYLE)
        text.append(verdict.misconception_text + "\n")
    if verdict.expected.raises is not None:
        text.append(t("ui.feedback.torch_error") + "\n", style=HEADING_STYLE)
        text.append("  " + verdict.expected.raises + "\n", style="italic")
    if verdict.explanation:
        text.append(t("ui.feedback.derivation") + "\n", style=HEADING_STYLE)
        text.append(verdict.explanation)
    return text


def hints_text(hints: Sequence[str], used: int) -> Text:
    text = Text()
    for index, hint in enumerate(hints[:used], start=1):
        text.append(
            t("ui.feedback.hint", number=index, total=len(hints)) + " ", style=HEADING_STYLE
        )
        text.append(hint + "\n")
    return text


def answer_shown_text(truth: Truth, explanation: str, heading: str = "ui.feedback.skipped") -> Text:
    """After a skip or a question out of time (``heading``): the answer and how it comes
    about, nothing graded."""
    text = Text()
    text.append(t(heading, truth=truth_text(truth)) + "\n", style=HEADING_STYLE)
    if truth.raises is not None:
        text.append(t("ui.feedback.torch_error") + "\n", style=HEADING_STYLE)
        text.append("  " + truth.raises + "\n", style="italic")
    if explanation:
        text.append(t("ui.feedback.derivation") + "\n", style=HEADING_STYLE)
        text.append(explanation)
    return text


class FeedbackPanel(VerticalScroll):
    """Hints while the question is open; the verdict and the unrolled picture after.

    Focused after grading, it scrolls with the arrow keys, which the footer shows (a scroll
    container's own keys are hidden there)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "ui.key.scroll_up", group=SCROLL_KEYS),
        Binding("down", "scroll_down", "ui.key.scroll_down", group=SCROLL_KEYS),
    ]

    DEFAULT_CSS = """
    FeedbackPanel {
        height: 1fr;
        min-height: 6;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        /* After grading: which keys go on (the focus has left the answer box). */
        border-subtitle-color: $text;
        border-subtitle-style: bold;
        padding: 0 1;
    }
    FeedbackPanel:focus {
        border: round $primary;
    }
    FeedbackPanel > #feedback-text {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="feedback-text", markup=False)
        yield UnrolledPicture(id="unrolled")

    def on_mount(self) -> None:
        self.border_title = t("ui.feedback.title")
        self.picture.clear()

    @property
    def picture(self) -> UnrolledPicture:
        return self.query_one("#unrolled", UnrolledPicture)

    def _set(self, content: Text | str) -> None:
        self.query_one("#feedback-text", Static).update(palette.themed(content))

    def clear(self) -> None:
        self._set(t("ui.feedback.empty"))
        self.picture.clear()
        self.scroll_home(animate=False)

    def show_hints(self, hints: Sequence[str], used: int) -> None:
        self._set(hints_text(hints, used) if used else t("ui.feedback.empty"))
        self.scroll_end(animate=False)

    def show_pending(self, loading_torch: bool) -> None:
        self._set(t("ui.feedback.loading_torch" if loading_torch else "ui.feedback.checking"))

    def show_message(self, message: str) -> None:
        self._set(message)

    def show_verdict(self, exercise: Exercise, verdict: Verdict, hints_used: int = 0) -> None:
        self._set(verdict_text(verdict, hints_used))
        self.picture.show(exercise, verdict.slices)
        self.scroll_home(animate=False)

    def show_answer(
        self,
        exercise: Exercise,
        truth: Truth,
        explanation: str,
        slices: SlicePicture | None = None,
        *,
        heading: str = "ui.feedback.skipped",
    ) -> None:
        self._set(answer_shown_text(truth, explanation, heading))
        self.picture.show(exercise, slices)
        self.scroll_home(animate=False)
