"""The one answering flow of practice, quiz and review: answer box -> grade -> record -> show.

Enter parses the answer on the main thread (instant; a typo shows the parser's message
under the box and keeps the text). A readable answer is graded on real torch in the app's
kernel (``core.kernel.grading.grade_verdict``: a session forked for the answer, so the app
process never imports torch, issue 17), from a thread worker, which records it in the
store (``AttemptRecord.from_verdict``) and posts one :class:`Graded` back, or
:class:`GradingFailed` when the kernel could not grade it (a limit, a crash, torch
missing). The UI never waits on torch.

A screen adds small hooks: what Enter does once the answer is graded (:meth:`go_on`), what
it shows while grading (:meth:`grading_started`) and once graded (:meth:`show_graded`,
:meth:`show_failure`). The attempt at the open question is a plain value,
:class:`Attempt`, in a reactive that refreshes the footer when it changes, so keys that
depend on it (hint, skip, next) grey out and come back by themselves.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message as TextualMessage
from textual.reactive import reactive
from textual.widgets import Static

from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.answers import parse_answer
from rnn_tutor.core.grading.explain import hints
from rnn_tutor.core.grading.verdict import Verdict
from rnn_tutor.core.kernel.grading import grade_verdict
from rnn_tutor.core.progress.clock import utc_now
from rnn_tutor.core.progress.store import AttemptRecord
from rnn_tutor.i18n import t
from rnn_tutor.i18n.message import Message
from rnn_tutor.ui.screens.base import TutorScreen
from rnn_tutor.ui.widgets.answer_box import AnswerBox
from rnn_tutor.ui.widgets.code_card import CodeCard
from rnn_tutor.ui.widgets.feedback import FeedbackPanel

AttemptState = Literal["open", "grading", "graded"]


@dataclass(frozen=True)
class Attempt:
    """The learner's attempt at the question on screen.

    ``number`` tells questions of one screen apart, so a verdict that arrives after the
    learner moved on is recognised; ``shown_at`` is the screen clock's reading when the
    question was shown (moved on by the time the screen was covered).
    """

    exercise: Exercise | None = None
    number: int = 0
    state: AttemptState = "open"
    hints_used: int = 0
    shown_at: float = 0.0

    @property
    def open(self) -> bool:
        return self.exercise is not None and self.state == "open"

    @property
    def grading(self) -> bool:
        return self.state == "grading"

    @property
    def graded(self) -> bool:
        return self.state == "graded"

    def is_for(self, other: Attempt) -> bool:
        """The same question as ``other`` (not one shown before or after it)."""
        return self.number == other.number and self.exercise is other.exercise


@dataclass
class Graded(TextualMessage):
    """A grading worker finished (posted from its thread).

    ``answer`` is None for a question left unanswered (skipped, out of time); a
    ``verdict.error`` means the answer could not be graded (nothing was recorded).
    ``total_params`` is torchinfo's total, for screens that show it (``WANTS_TOTAL``).
    """

    attempt: Attempt
    answer: str | None
    verdict: Verdict
    total_params: int | None = None


@dataclass
class GradingFailed(TextualMessage):
    """Torch could not be used (missing, broken), or the kernel stopped on this answer
    (``stopped``: ``error`` is then the stop in words, which limit and that the next answer
    is graded in a fresh kernel): the screen says so; nothing is recorded."""

    attempt: Attempt
    error: str
    stopped: bool = False


class AnsweringScreen(TutorScreen):
    """A screen where the learner answers (it composes ``#answer-box`` and ``#feedback``).

    ``MODE`` is what attempts are recorded as; ``clock`` measures time spent (injectable
    for deterministic tests).
    """

    MODE: ClassVar[str] = "practice"
    WANTS_TOTAL: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        # After Esc nothing is focused: the footer says how to get back into the box.
        Binding("a", "answer", "ui.key.answer"),
    ]

    attempt: reactive[Attempt] = reactive(Attempt, bindings=True)

    def __init__(self, *, id: str | None = None, clock: Callable[[], float] | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock or time.monotonic
        self._covered_at: float | None = None
        self._hints: list[str] = []

    def question_widgets(self) -> ComposeResult:
        """The exercise as the answering screens show it: code, question, box, feedback."""
        yield CodeCard(id="code-card")
        yield Static("", id="question", markup=False)
        yield AnswerBox(id="answer-box")
        yield FeedbackPanel(id="feedback")

    @property
    def answer_box(self) -> AnswerBox:
        return self.query_one("#answer-box", AnswerBox)

    @property
    def feedback(self) -> FeedbackPanel:
        return self.query_one("#feedback", FeedbackPanel)

    @property
    def exercise(self) -> Exercise | None:
        return self.attempt.exercise

    @property
    def graded(self) -> bool:
        return self.attempt.graded

    @property
    def hints_used(self) -> int:
        return self.attempt.hints_used

    def seed_or_random(self, seed: int | None) -> int:
        """``seed``, else the app's ``--seed`` (tests, snapshots), else a fresh one."""
        if seed is not None:
            return seed
        tutor_seed = self.tutor.seed
        return tutor_seed if tutor_seed is not None else random.randrange(2**31)

    def now(self) -> datetime:
        """When an answer is given (review fixes it for tests)."""
        return utc_now()

    # ---- the open question -------------------------------------------------------------

    def ask(self, exercise: Exercise, number: int) -> None:
        """Make ``exercise`` the open question; its hints are worded now."""
        self._hints = list(hints(exercise))
        self.attempt = Attempt(exercise, number, shown_at=self._clock())

    def take_hint(self, no_more_key: str) -> None:
        """The next rung of the hint ladder, counted; ``no_more_key`` says there is none."""
        attempt = self.attempt
        if not attempt.open:
            return
        if attempt.hints_used >= len(self._hints):
            self.notify(t(no_more_key))
            return
        self.attempt = replace(attempt, hints_used=attempt.hints_used + 1)
        self.feedback.show_hints(self._hints, self.attempt.hints_used)

    def reword_hints(self) -> None:
        if self.attempt.exercise is not None:
            self._hints = list(hints(self.attempt.exercise))

    def seconds_spent(self) -> float:
        return self._clock() - self.attempt.shown_at

    def on_screen_suspend(self) -> None:
        if self._covered_at is None:
            self._covered_at = self._clock()

    def on_screen_resume(self) -> None:
        # Time behind another screen (the menu, the palette, the too-small message) is not
        # time spent on the question.
        if self._covered_at is not None:
            covered = self._clock() - self._covered_at
            self._covered_at = None
            self.attempt = replace(self.attempt, shown_at=self.attempt.shown_at + covered)
            self.covered_for(covered)

    def covered_for(self, seconds: float) -> None:
        """Hook: the screen was covered this long and is back on top."""

    # ---- keys shared by the answering screens ------------------------------------------

    def can_answer(self) -> bool:
        """The question on screen still takes an answer (``a`` goes back into the box)."""
        return self.attempt.open

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.can_answer()  # hidden once answered
        return True

    def action_answer(self) -> None:
        if self.can_answer():
            self.answer_box.focus_input()

    # ---- answering -----------------------------------------------------------------------

    @on(AnswerBox.Submitted)
    def _submitted(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        attempt = self.attempt
        if attempt.exercise is None or attempt.grading:
            return
        if attempt.graded:
            self.go_on()
            return
        parsed = parse_answer(attempt.exercise.question.answer_kind, event.text)
        if not parsed.ok:
            # A typo loses nothing: the parser's message goes under the box, the text stays.
            self.answer_box.show_error(parsed.message or "")
            return
        self.submit(event.text)

    def submit(self, text: str | None) -> Attempt:
        """Grade ``text`` (None: left unanswered) for the open question in a worker."""
        attempt = replace(self.attempt, state="grading")
        self.attempt = attempt
        self._grade(attempt, text, self.seconds_spent(), self.now())
        self.grading_started(attempt, text)
        return attempt

    @work(thread=True, group="grade")
    def _grade(self, attempt: Attempt, text: str | None, seconds: float, at: datetime) -> None:
        exercise = attempt.exercise
        assert exercise is not None
        try:
            graded = grade_verdict(exercise, text, total=self.WANTS_TOTAL)
        except Exception as exc:  # torch missing or broken: tell, keep the answer
            self.post_message(GradingFailed(attempt, f"{type(exc).__name__}: {exc}"))
            return
        if isinstance(graded, Message):  # the kernel stopped on it: which limit, and why
            self.post_message(GradingFailed(attempt, graded.text(), stopped=True))
            return
        verdict, total = graded
        saving = None
        if verdict.error is None:
            saving = self.store_attempt(
                AttemptRecord.from_verdict(
                    exercise,
                    text or "",
                    verdict,
                    hints_used=attempt.hints_used,
                    seconds=seconds,
                    mode=self.MODE,
                    at=at,
                )
            )
        # The verdict first: the write may wait for another instance's transaction.
        self.post_message(Graded(attempt, text, verdict, total))
        self.tell_if_unsaved(saving)

    @on(Graded)
    def _graded(self, message: Graded) -> None:
        message.stop()
        current = message.attempt.is_for(self.attempt)
        if current:
            ungraded = message.verdict.error is not None
            self.attempt = replace(self.attempt, state="open" if ungraded else "graded")
            if not ungraded:  # the feedback's turn: on a short terminal a long cell folds
                self.query_one("#code-card", CodeCard).fold()
        self.show_graded(message, current=current)

    @on(GradingFailed)
    def _failed(self, message: GradingFailed) -> None:
        message.stop()
        current = message.attempt.is_for(self.attempt)
        if current:
            self.attempt = replace(self.attempt, state="open")
        self.show_failure(message, current=current)

    # ---- hooks -----------------------------------------------------------------------------

    def go_on(self) -> None:
        """Enter once the answer is graded (override: the next question)."""

    def grading_started(self, attempt: Attempt, text: str | None) -> None:
        """The answer went to torch: say so where the verdict will appear (override)."""
        self.feedback.show_pending(loading_torch=not self.tutor.torch_ready.is_set())

    def show_graded(self, message: Graded, *, current: bool) -> None:
        """A verdict arrived; ``current`` is False when the learner has moved on (override)."""

    def show_failure(self, message: GradingFailed, *, current: bool) -> None:
        """Torch could not be used: by default said in the feedback panel, if still current."""
        if current:
            key = "ui.feedback.kernel_stopped" if message.stopped else "ui.feedback.grading_failed"
            self.feedback.show_message(t(key, error=message.error))
