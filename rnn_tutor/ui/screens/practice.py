"""Endless practice: an exercise as notebook code, a question, an answer, and feedback.

The exercise comes from the seeded generator (closed form, no torch) so it shows at once;
answers go through the one answering flow (``answering.py``): parsed at once, graded by
torch in a worker, recorded, shown. A skip is graded as unanswered: the answer is shown
and the miss recorded, so the concept comes back in review.

The app keeps this screen for the whole run (``RnnTutorApp.SCREENS``): leaving practice
(Esc) and coming back continues where the learner was. An open exercise comes back as it
was left (hints, the typed text); a graded one, or one of a level changed meanwhile, is
followed by the next one of the sequence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static

from rnn_tutor.core.exercises.generator import practice_at
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import answer_placeholder, question_text
from rnn_tutor.core.grading.verdict import Verdict
from rnn_tutor.i18n import t
from rnn_tutor.ui.screens.answering import AnsweringScreen, Graded
from rnn_tutor.ui.widgets.code_card import CodeCard
from rnn_tutor.ui.widgets.param_browser import ParamBrowser


class PracticeScreen(AnsweringScreen):
    """One exercise at a time, forever; ``n`` next, ``h`` hint, ``s`` skip, ``p`` parameters."""

    MODE = "practice"
    WANTS_TOTAL = True  # the parameter pane shows torchinfo's Total params

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "ui.key.next"),
        Binding("h", "hint", "ui.key.hint"),
        Binding("s", "skip", "ui.key.skip"),
        Binding("p", "toggle_params", "ui.key.params"),
        Binding("enter", "enter", "ui.key.enter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="practice")
        self._seed = 0
        self._shown_level = 0
        self._index = 0  # how many exercises were shown before this one
        self._result: Graded | None = None  # the verdict (or the skipped answer) shown

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="practice-body"):
            with Vertical(id="exercise-pane"):
                yield from self.question_widgets()
            yield ParamBrowser(id="param-browser")
        yield Footer()

    def on_mount(self) -> None:
        self._seed = self.seed_or_random(None)
        self.show_exercise(self._make_exercise())

    def reopened(self) -> None:
        """Back from the menu: the next exercise after a graded one, else the one left open."""
        if self.exercise is not None and (self.graded or self._shown_level != self.level):
            self.action_next()

    @property
    def level(self) -> int:
        return self.tutor.level

    @property
    def verdict(self) -> Verdict | None:
        """The verdict on the learner's answer (None before grading and after a skip)."""
        result = self._result
        return None if result is None or result.answer is None else result.verdict

    @property
    def browser(self) -> ParamBrowser:
        return self.query_one("#param-browser", ParamBrowser)

    # ---- exercises -------------------------------------------------------------------

    def _make_exercise(self) -> Exercise:
        # Cell levels rotate through their topics; the mixed track alternates ladders.
        return practice_at(self.level, self._seed, self._index, self.tutor.track)

    def show_exercise(self, exercise: Exercise) -> None:
        self.ask(exercise, self._index)
        self._shown_level = self.level
        self._result = None
        self.query_one("#code-card", CodeCard).show(exercise, self._index + 1)
        self._show_question()
        self.answer_box.prepare(self._placeholder())
        self.feedback.clear()
        self.feedback.border_subtitle = ""
        self.browser.show(exercise, revealed=False)
        self.answer_box.focus_input()

    def _show_question(self) -> None:
        if self.exercise is not None:
            self.query_one("#question", Static).update(question_text(self.exercise))

    def _placeholder(self) -> str:
        if self.exercise is None:
            return t("ui.answer.placeholder.shape")
        return answer_placeholder(self.exercise)

    # ---- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "skip"):
            # Greyed out once the answer is known.
            return None if self.graded else True
        return super().check_action(action, parameters)

    def action_next(self) -> None:
        self._index += 1
        self.show_exercise(self._make_exercise())

    def go_on(self) -> None:
        self.action_next()

    def action_enter(self) -> None:
        if self.graded:
            self.action_next()
        else:
            self.answer_box.focus_input()

    def action_hint(self) -> None:
        self.take_hint("ui.notify.no_more_hints")

    def action_skip(self) -> None:
        if self.attempt.open:
            self.submit(None)

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

    # ---- the answering flow's hooks --------------------------------------------------

    def show_graded(self, message: Graded, *, current: bool) -> None:
        if not current:
            return  # the learner moved on while torch was working
        verdict = message.verdict
        if verdict.error is not None:
            if message.answer is None:
                self.feedback.show_message(t("ui.feedback.grading_failed", error=verdict.error))
            else:
                self.answer_box.show_error(verdict.error)
                self.feedback.show_hints(self._hints, self.hints_used)
            return
        self._result = message
        exercise = message.attempt.exercise
        assert exercise is not None
        self.answer_box.freeze()
        self.browser.show(exercise, revealed=True, torch_total=message.total_params)
        self._show_result()
        # The focus leaves the box, so Esc now goes back: say so where the eyes are.
        self.feedback.border_subtitle = t("ui.feedback.after")
        self.feedback.focus()

    def _show_result(self) -> None:
        result = self._result
        if result is None or result.attempt.exercise is None:
            return
        if result.answer is None:
            verdict = result.verdict
            self.feedback.show_answer(
                result.attempt.exercise, verdict.expected, verdict.explanation, verdict.slices
            )
        else:
            self.feedback.show_verdict(
                result.attempt.exercise, result.verdict, result.attempt.hints_used
            )

    # ---- language --------------------------------------------------------------------

    def reword(self) -> None:
        """Re-word what is on screen without losing the exercise or the typed answer."""
        if self.exercise is None:
            return
        self.reword_hints()
        self._show_question()
        self.answer_box.input.placeholder = self._placeholder()
        self.feedback.border_title = t("ui.feedback.title")
        self.feedback.border_subtitle = t("ui.feedback.after") if self.graded else ""
        self.browser.show(self.exercise, revealed=self.graded)
        if self._result is not None:
            self._show_result()
        elif not self.graded:
            self.feedback.show_hints(self._hints, self.hints_used)
