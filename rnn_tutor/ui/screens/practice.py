"""Endless practice: an exercise as notebook code, a question, an answer, and feedback.

Flow: the exercise comes from the seeded generator (closed form, no torch) so it shows at
once; Enter parses the answer on the main thread (instant, keeps the text on a typo),
then grades it in a thread worker with the real torch forward pass, records the attempt,
and posts the verdict back. The UI never waits on torch.

The app keeps this screen for the whole run (``RnnTutorApp.SCREENS``): leaving practice
(Esc) and coming back continues where the learner was. An open exercise comes back as it
was left (hints, the typed text); a graded one, or one of a level changed meanwhile, is
followed by the next one of the sequence.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Static

from rnn_tutor.i18n import t
from rnn_tutor.ui.screens.answering import AnsweringScreen
from rnn_tutor.ui.widgets.answer_box import AnswerBox
from rnn_tutor.ui.widgets.code_card import CodeCard
from rnn_tutor.ui.widgets.feedback import FeedbackPanel
from rnn_tutor.ui.widgets.param_browser import ParamBrowser

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.verdict import Truth, Verdict


class Graded(Message):
    """A grading worker finished (posted from its thread)."""

    def __init__(self, exercise: Exercise, verdict: Verdict, torch_total: int | None) -> None:
        super().__init__()
        self.exercise = exercise
        self.verdict = verdict
        self.torch_total = torch_total


class Revealed(Message):
    """The answer of a skipped exercise, from torch."""

    def __init__(
        self, exercise: Exercise, truth: Truth, explanation: str, torch_total: int | None
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.truth = truth
        self.explanation = explanation
        self.torch_total = torch_total


class GradingFailed(Message):
    """Torch could not be used (missing, broken): say so; the answer stays in the box."""

    def __init__(self, exercise: Exercise, error: str) -> None:
        super().__init__()
        self.exercise = exercise
        self.error = error


def _torch_total(exercise: Exercise) -> int | None:
    """torchinfo's Total params for the browser, or None when the model cannot be built."""
    from rnn_tutor.core.grading.grader import run_model

    try:
        model = run_model(exercise)
    except Exception:
        return None
    total = getattr(model, "total_params", None)
    return total if isinstance(total, int) else None


class PracticeScreen(AnsweringScreen):
    """One exercise at a time, forever; ``n`` next, ``h`` hint, ``s`` skip, ``p`` parameters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "ui.key.next"),
        Binding("h", "hint", "ui.key.hint"),
        Binding("s", "skip", "ui.key.skip"),
        Binding("p", "toggle_params", "ui.key.params"),
        Binding("a", "answer", "ui.key.answer", show=False),
        Binding("enter", "enter", "ui.key.enter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="practice")
        self._seed: int | None = None
        self._shown_level = 0
        self._index = 0  # how many exercises were shown before this one
        self.exercise: Exercise | None = None
        self.graded = False
        self.hints_used = 0
        self.verdict: Verdict | None = None
        self.revealed: Truth | None = None  # the answer shown after a skip
        self._hints: list[str] = []
        self._shown_at = 0.0
        self._grading = False

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="practice-body"):
            with Vertical(id="exercise-pane"):
                yield CodeCard(id="code-card")
                yield Static("", id="question")
                yield AnswerBox(id="answer-box")
                yield FeedbackPanel(id="feedback")
            yield ParamBrowser(id="param-browser")
        yield Footer()

    def on_mount(self) -> None:
        tutor_seed = self.tutor.seed
        self._seed = tutor_seed if tutor_seed is not None else random.randrange(2**31)
        self.show_exercise(self._make_exercise())

    def reopened(self) -> None:
        """Back from the menu: the next exercise after a graded one, else the one left open."""
        if self.exercise is not None and (self.graded or self._shown_level != self.level):
            self.action_next()

    @property
    def level(self) -> int:
        return self.tutor.level

    @property
    def browser(self) -> ParamBrowser:
        return self.query_one("#param-browser", ParamBrowser)

    # ---- exercises -------------------------------------------------------------------

    def _make_exercise(self) -> Exercise:
        from rnn_tutor.core.exercises.generator import generate, track_level

        assert self._seed is not None
        # In the mixed track every other exercise comes from the other ladder.
        level = track_level(self.tutor.track, self.level, self._index)
        return generate(level, self._seed + self._index)[0]

    def show_exercise(self, exercise: Exercise) -> None:
        from rnn_tutor.core.grading.explain import hints

        self.exercise = exercise
        self._shown_level = self.level
        self.graded = False
        self.verdict = None
        self.revealed = None
        self.hints_used = 0
        self._grading = False
        self._hints = list(hints(exercise))
        self._shown_at = time.monotonic()
        self.query_one("#code-card", CodeCard).show(exercise, self._index + 1)
        self._show_question()
        self.answer_box.prepare(self._placeholder())
        self.feedback.clear()
        self.feedback.border_subtitle = ""
        self.browser.show(exercise, revealed=False)
        self.answer_box.focus_input()
        self.refresh_bindings()

    def _show_question(self) -> None:
        from rnn_tutor.core.grading.explain import question_text

        if self.exercise is not None:
            self.query_one("#question", Static).update(question_text(self.exercise))

    def _placeholder(self) -> str:
        kind = "shape" if self.exercise is None else self.exercise.question.answer_kind
        return t(f"ui.answer.placeholder.{kind}")

    # ---- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "skip", "answer"):
            # Greyed out once the answer is known.
            return None if self.graded else True
        return True

    def action_next(self) -> None:
        self._index += 1
        self.show_exercise(self._make_exercise())

    def action_enter(self) -> None:
        if self.graded:
            self.action_next()
        else:
            self.answer_box.focus_input()

    def action_answer(self) -> None:
        if not self.graded:
            self.answer_box.focus_input()

    def action_hint(self) -> None:
        if self.graded or self.exercise is None:
            return
        if self.hints_used >= len(self._hints):
            self.notify(t("ui.notify.no_more_hints"))
            return
        self.hints_used += 1
        self.feedback.show_hints(self._hints, self.hints_used)

    def action_skip(self) -> None:
        if self.graded or self.exercise is None or self._grading:
            return
        self._grading = True
        self.feedback.show_pending(loading_torch=not self.tutor.torch_ready.is_set())
        self._reveal(self.exercise, self.hints_used, time.monotonic() - self._shown_at)

    def action_toggle_params(self) -> None:
        browser = self.browser
        if browser.display:
            self.remove_class("-show-params")
            self.add_class("-hide-params")
            if not self.graded:
                self.answer_box.focus_input()
            else:
                self.feedback.focus()
        else:
            self.remove_class("-hide-params")
            self.add_class("-show-params")
            if browser.param_tree.display:
                browser.param_tree.focus()

    def screen_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("ui.command.next"), t("ui.command.next.help"), self.action_next)
        yield SystemCommand(t("ui.command.hint"), t("ui.command.hint.help"), self.action_hint)
        yield SystemCommand(t("ui.command.skip"), t("ui.command.skip.help"), self.action_skip)
        yield SystemCommand(
            t("ui.command.params"), t("ui.command.params.help"), self.action_toggle_params
        )

    # ---- grading ---------------------------------------------------------------------

    @on(AnswerBox.Submitted)
    def _submitted(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        if self.exercise is None or self._grading:
            return
        if self.graded:
            self.action_next()
            return
        if not self.answer_is_readable(self.exercise, event.text):
            return
        self._grading = True
        self.feedback.show_pending(loading_torch=not self.tutor.torch_ready.is_set())
        seconds = time.monotonic() - self._shown_at
        self._grade(self.exercise, event.text, self.hints_used, seconds)

    @work(thread=True, group="grade")
    def _grade(self, exercise: Exercise, text: str, hints_used: int, seconds: float) -> None:
        try:
            from rnn_tutor.core.grading.grader import grade

            verdict = grade(exercise, text)
            torch_total = _torch_total(exercise)
        except Exception as exc:  # torch missing or broken: tell, keep the answer
            self.post_message(GradingFailed(exercise, f"{type(exc).__name__}: {exc}"))
            return
        if verdict.error is None:
            self.record_verdict(
                exercise, text, verdict, hints_used=hints_used, seconds=seconds, mode="practice"
            )
        self.post_message(Graded(exercise, verdict, torch_total))

    @work(thread=True, group="grade")
    def _reveal(self, exercise: Exercise, hints_used: int, seconds: float) -> None:
        try:
            from rnn_tutor.core.grading.explain import explanation
            from rnn_tutor.core.grading.grader import truth

            answer = truth(exercise)
            torch_total = _torch_total(exercise)
            words = explanation(exercise)
        except Exception as exc:
            self.post_message(GradingFailed(exercise, f"{type(exc).__name__}: {exc}"))
            return
        # Not knowing is a weak spot too: a skip is kept as a miss, so it comes back in review.
        self.record_attempt(
            exercise,
            "",
            correct=False,
            expected=answer,
            misconception=None,
            hints_used=hints_used,
            seconds=seconds,
            mode="practice",
        )
        self.post_message(Revealed(exercise, answer, words, torch_total))

    @on(Graded)
    def _show_verdict(self, message: Graded) -> None:
        if message.exercise is not self.exercise:
            return  # the learner moved on while torch was working
        self._grading = False
        verdict = message.verdict
        if verdict.error is not None:
            self.answer_box.show_error(verdict.error)
            self.feedback.show_hints(self._hints, self.hints_used)
            return
        self.verdict = verdict
        self._finish(message.exercise, message.torch_total)
        self.feedback.show_verdict(message.exercise, verdict)

    @on(Revealed)
    def _show_revealed(self, message: Revealed) -> None:
        if message.exercise is not self.exercise:
            return
        self._grading = False
        self.revealed = message.truth
        self._finish(message.exercise, message.torch_total)
        self.feedback.show_answer(message.exercise, message.truth, message.explanation)

    def _finish(self, exercise: Exercise, torch_total: int | None) -> None:
        self.graded = True
        self.answer_box.freeze()
        self.browser.show(exercise, revealed=True, torch_total=torch_total)
        # The focus leaves the box, so Esc now goes back: say so where the eyes are.
        self.feedback.border_subtitle = t("ui.feedback.after")
        self.feedback.focus()
        self.refresh_bindings()

    @on(GradingFailed)
    def _show_failure(self, message: GradingFailed) -> None:
        if message.exercise is not self.exercise:
            return
        self._grading = False
        self.feedback.show_message(t("ui.feedback.grading_failed", error=message.error))

    # ---- language --------------------------------------------------------------------

    def reword(self) -> None:
        """Re-word what is on screen without losing the exercise or the typed answer."""
        if self.exercise is None:
            return
        from rnn_tutor.core.grading.explain import hints

        self._hints = list(hints(self.exercise))
        self._show_question()
        self.answer_box.input.placeholder = self._placeholder()
        self.feedback.border_title = t("ui.feedback.title")
        self.feedback.border_subtitle = t("ui.feedback.after") if self.graded else ""
        self.browser.show(self.exercise, revealed=self.graded)
        if self.verdict is not None:
            self.feedback.show_verdict(self.exercise, self.verdict)
        elif self.revealed is not None:
            from rnn_tutor.core.grading.explain import explanation

            self.feedback.show_answer(self.exercise, self.revealed, explanation(self.exercise))
        elif not self.graded:
            self.feedback.show_hints(self._hints, self.hints_used)
