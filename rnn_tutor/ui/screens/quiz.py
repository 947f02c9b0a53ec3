"""A quiz: a fixed set of exercises, the score at the end, then the results screen.

The set comes from the seeded generator, so ``--seed`` gives the same quiz every time.
Answers go through the one answering flow (``answering.py``), recorded with mode "quiz".
With feedback "end" the quiz moves straight on and grades in the background, so the
learner never waits between questions; with "each" the verdict shows before the next
question. A question skipped or out of time is graded as unanswered (wrong).

The optional countdown is a one-second ``set_interval`` whose handler, ``tick``, tests
call directly; a question whose time runs out counts as unanswered (wrong) and the quiz
moves on. The countdown waits while another screen covers the quiz (the too-small
message, the command palette) and goes on with the time that was left; that time is
not counted as time spent. The clock that measures time spent is injectable for
deterministic tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Footer, Static

from rnn_tutor.core.exercises.generator import generate
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import answer_placeholder, question_text
from rnn_tutor.core.grading.verdict import Verdict
from rnn_tutor.i18n import t
from rnn_tutor.ui.screens.answering import AnsweringScreen, Attempt, Graded, GradingFailed
from rnn_tutor.ui.screens.quiz_result import FeedbackMode, QuizAnswer, QuizResult, Status
from rnn_tutor.ui.widgets.code_card import CodeCard

FEEDBACK_MODES: tuple[FeedbackMode, ...] = ("end", "each")
SETTING_FEEDBACK = "quiz_feedback"
DEFAULT_COUNT = 10


@dataclass
class _Slot:
    """One question while the quiz runs (mutable; frozen into a QuizAnswer at the end)."""

    exercise: Exercise
    answer: str = ""
    status: Status | None = None  # None while the question is still open
    seconds: float = 0.0
    pending: bool = False  # a grading worker is busy with it
    verdict: Verdict | None = None
    error: str | None = None

    @property
    def settled(self) -> bool:
        return self.status is not None and not self.pending

    def frozen(self, number: int) -> QuizAnswer:
        return QuizAnswer(
            number=number,
            exercise=self.exercise,
            answer=self.answer,
            status=self.status or "skipped",
            seconds=self.seconds,
            verdict=self.verdict,
            error=self.error,
        )


def clock_text(seconds: int) -> str:
    minutes, rest = divmod(max(0, seconds), 60)
    return t("ui.quiz.clock", time=f"{minutes}:{rest:02d}")


class QuizScreen(AnsweringScreen):
    """``count`` questions of ``level``; Enter answers, ``s`` skips, ``n`` goes on after feedback.

    ``exercises`` replaces the generated set (a quiz of missed questions);
    ``time_limit`` is seconds per question (None: no countdown); ``feedback`` is "end" or
    "each" (None: the remembered choice, else "end"); ``clock`` measures time spent.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "ui.key.back"),
        Binding("n", "next", "ui.quiz.key.next"),
        Binding("s", "skip", "ui.quiz.key.skip"),
        Binding("enter", "enter", "ui.quiz.key.enter", show=False),
    ]
    LEAVE_WINDOW = 3.0  # seconds in which a second Esc confirms leaving a quiz under way
    MODE = "quiz"

    feedback_mode: reactive[FeedbackMode] = reactive[FeedbackMode]("end", bindings=True)
    # Every question has been answered, skipped or timed out.
    finished: reactive[bool] = reactive(False, bindings=True)

    def __init__(
        self,
        *,
        count: int = DEFAULT_COUNT,
        level: int | None = None,
        seed: int | None = None,
        time_limit: int | None = None,
        feedback: FeedbackMode | None = None,
        exercises: Sequence[Exercise] | None = None,
        retry: bool = False,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(id="quiz", clock=clock)
        self._count = max(0, count)
        self._level = level
        self._seed = seed
        self.time_limit = time_limit if time_limit and time_limit > 0 else None
        self._feedback_option = feedback
        self.set_reactive(QuizScreen.feedback_mode, feedback or "end")
        self._given = list(exercises) if exercises is not None else None
        self.retry = retry
        self.slots: list[_Slot] = []
        self.index = 0
        self.remaining = 0  # seconds left on the countdown
        self.countdown: Timer | None = None
        self._counting = False  # the countdown runs for the open question
        self._leave_armed_at: float | None = None  # first Esc of a quiz under way
        self._started_at = 0.0
        self._total_seconds = 0.0
        self._results_opened = False

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="quiz-top"):
            yield Static("", id="quiz-progress", markup=False)
            yield Static("", id="quiz-clock", markup=False)
        with Vertical(id="quiz-pane"):
            yield from self.question_widgets()
        yield Footer()

    def on_mount(self) -> None:
        if self._feedback_option is None:
            remembered = self.tutor.store.get_setting(SETTING_FEEDBACK)
            if remembered in FEEDBACK_MODES:
                self.feedback_mode = "each" if remembered == "each" else "end"
        if self._given is None:
            self._seed = self.seed_or_random(self._seed)
            self._given = generate(self.level, self._seed, self._count, track=self.tutor.track)
        self.slots = [_Slot(exercise) for exercise in self._given]
        self._started_at = self._clock()
        if self.time_limit is not None:
            self.countdown = self.set_interval(1.0, self.tick, pause=True)
        self.query_one("#quiz-clock", Static).display = self.time_limit is not None
        if not self.slots:
            self.query_one("#quiz-pane").display = False
            self.query_one("#quiz-progress", Static).update(t("ui.quiz.empty"))
            return
        self.show_question(0)

    @property
    def level(self) -> int:
        return self._level if self._level is not None else self.tutor.level

    @property
    def slot(self) -> _Slot:
        return self.slots[self.index]

    @property
    def question_open(self) -> bool:
        return bool(self.slots) and not self.finished and self.slot.status is None

    # ---- showing questions -------------------------------------------------------------

    def show_question(self, index: int) -> None:
        self.index = index
        exercise = self.slot.exercise
        self.ask(exercise, index)
        self.query_one("#code-card", CodeCard).show(exercise, index + 1)
        self._show_texts()
        self.answer_box.prepare(answer_placeholder(exercise))
        self.feedback.clear()
        self._show_note()
        self.answer_box.focus_input()
        self._start_countdown()

    def _show_texts(self) -> None:
        progress = t("ui.quiz.progress", number=self.index + 1, total=len(self.slots))
        if self.retry:
            progress += t("ui.quiz.progress.retry")
        else:
            progress += t("ui.quiz.progress.level", level=self.level)
        if self.finished:
            progress = t("ui.quiz.checking")
        self.query_one("#quiz-progress", Static).update(progress)
        self.query_one("#question", Static).update(question_text(self.slot.exercise))
        self._show_clock()

    def _show_note(self, note: str | None = None) -> None:
        """What the panel says while a question is open (feedback "end" never shows verdicts)."""
        if self.feedback_mode == "end":
            self.feedback.show_message((note + "\n\n" if note else "") + t("ui.quiz.note.end"))
        elif note:
            self.feedback.show_message(note + "\n\n" + t("ui.quiz.note.each"))
        else:
            self.feedback.show_message(t("ui.quiz.note.each"))

    def _show_clock(self) -> None:
        if self.time_limit is not None:
            self.query_one("#quiz-clock", Static).update(clock_text(self.remaining))

    # ---- the countdown ---------------------------------------------------------------

    def _start_countdown(self) -> None:
        if self.time_limit is None or self.countdown is None:
            return
        self.remaining = self.time_limit
        self._show_clock()
        self._counting = True
        if self.is_active:
            self.countdown.reset()
            self.countdown.resume()
        else:
            self.countdown.pause()  # on_screen_resume starts it

    def _stop_countdown(self) -> None:
        self._counting = False
        if self.countdown is not None:
            self.countdown.pause()

    def on_screen_suspend(self) -> None:
        """Covered (too small a window, the palette): the clock waits for the learner."""
        if self.countdown is not None:
            self.countdown.pause()

    def covered_for(self, seconds: float) -> None:
        # Time behind another screen is not time spent on the quiz either.
        self._started_at += seconds

    def on_screen_resume(self) -> None:
        if self._counting and self.countdown is not None and self.is_active:
            # A whole second from now, with the seconds that were left.
            self.countdown.reset()
            self.countdown.resume()
        self._open_results_when_ready()

    def tick(self) -> None:
        """One second of the countdown; at zero the question counts as unanswered."""
        if self.time_limit is None or not self.question_open or not self.is_active:
            return
        self.remaining = max(0, self.remaining - 1)
        self._show_clock()
        if self.remaining == 0:
            self.notify(t("ui.quiz.notify.timed_out", number=self.index + 1), severity="warning")
            self._close_unanswered("timed_out")

    # ---- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return self.question_open
        if action == "next":
            # Only with feedback after each; greyed out until the verdict is there.
            if self.feedback_mode != "each" or not self.slots or self.finished:
                return False
            return True if self.slot.settled else None
        return super().check_action(action, parameters)

    def can_answer(self) -> bool:
        return self.question_open

    def action_skip(self) -> None:
        if self.question_open:
            self._close_unanswered("skipped")

    def action_leave(self) -> None:
        """Esc leaves at once before the first answer; mid-quiz it asks for a second Esc.

        Every graded answer is already saved, but the round itself (score, results) would
        end, and Esc is also the key that leaves the answer box: one stray press must not
        end a quiz.
        """
        now = self._clock()
        under_way = not self.finished and any(slot.status is not None for slot in self.slots)
        armed = self._leave_armed_at is not None and now - self._leave_armed_at <= self.LEAVE_WINDOW
        if under_way and not armed:
            self._leave_armed_at = now
            self.notify(t("ui.quiz.leave_confirm"), timeout=self.LEAVE_WINDOW)
            return
        self._leave_armed_at = None
        self.app.pop_screen()

    def action_next(self) -> None:
        if self.slots and not self.finished and self.slot.settled:
            self._advance()

    def action_enter(self) -> None:
        if self.question_open:
            self.answer_box.focus_input()
        elif self.feedback_mode == "each":
            self.action_next()

    def action_toggle_feedback(self) -> None:
        """Switch between feedback after each answer and at the end; it is remembered."""
        self.feedback_mode = "each" if self.feedback_mode == "end" else "end"
        self.tutor.remember({SETTING_FEEDBACK: self.feedback_mode})
        self.notify(t(f"ui.quiz.feedback.{self.feedback_mode}"))
        if self.question_open:
            self._show_note()
        elif self.feedback_mode == "end" and self.slots and not self.finished and self.slot.settled:
            # A verdict (or a time-out's answer) was waiting for n or Enter, which only
            # "each" has: the quiz moves on now instead of waiting for a key that is gone.
            self._advance()

    def screen_commands(self) -> Iterable[SystemCommand]:
        other = "end" if self.feedback_mode == "each" else "each"
        yield SystemCommand(
            t(f"ui.quiz.command.feedback.{other}"),
            t("ui.quiz.command.feedback.help"),
            self.action_toggle_feedback,
        )
        yield SystemCommand(
            t("ui.quiz.command.skip"), t("ui.quiz.command.skip.help"), self.action_skip
        )

    # ---- answering: the flow's hooks -------------------------------------------------

    def go_on(self) -> None:
        if self.feedback_mode == "each":
            self.action_next()

    def grading_started(self, attempt: Attempt, text: str | None) -> None:
        if text is None:
            return  # skipped or out of time: _close_unanswered moves on
        self._close("answered", text)
        if self.feedback_mode == "each":
            self.answer_box.freeze()
            super().grading_started(attempt, text)
        else:
            self._advance(note=t("ui.quiz.note.saved", number=self.index + 1))

    def _close(self, status: Status, answer: str) -> _Slot:
        slot = self.slot
        slot.status = status
        slot.answer = answer
        slot.seconds = round(self.seconds_spent(), 3)
        slot.pending = True
        self._stop_countdown()
        return slot

    def _close_unanswered(self, status: Status) -> None:
        self._close(status, "")
        self.submit(None)
        if status == "timed_out" and self.feedback_mode == "each":
            # The learner was still working on it: torch's answer is shown (``_settle``)
            # and Enter or n moves on, as after an answer (issue 21).
            self.answer_box.freeze()
            self.feedback.show_pending(loading_torch=not self.tutor.torch_ready.is_set())
            return
        note_key = "ui.quiz.note.timed_out" if status == "timed_out" else "ui.quiz.note.skipped"
        self._advance(note=t(note_key, number=self.index + 1))

    def _advance(self, note: str | None = None) -> None:
        if self.index + 1 < len(self.slots):
            self.show_question(self.index + 1)
            if note:
                self._show_note(note)
        else:
            self._finish()

    def _finish(self) -> None:
        self.finished = True
        self._stop_countdown()
        self._total_seconds = self._clock() - self._started_at
        self.answer_box.freeze()
        self._show_texts()
        self.feedback.show_message(t("ui.quiz.checking"))
        self.attempt = Attempt()
        self._open_results_when_ready()

    def _open_results_when_ready(self) -> None:
        if not self.finished or self._results_opened:
            return
        if not self.is_active:
            return  # switch_screen replaces the top screen: wait until that is the quiz
        if not all(slot.settled for slot in self.slots):
            return  # show_graded calls back here as each worker finishes
        self._results_opened = True
        result = QuizResult(
            answers=tuple(slot.frozen(i + 1) for i, slot in enumerate(self.slots)),
            seconds=round(self._total_seconds, 3),
            level=None if self.retry else self.level,
            seed=None if self.retry else self._seed,
            feedback=self.feedback_mode,
            time_limit=self.time_limit,
            retry=self.retry,
        )
        self.tutor.open_screen("results", replace=True, result=result)

    def show_graded(self, message: Graded, *, current: bool) -> None:
        verdict = message.verdict
        self._settle(
            message.attempt.number,
            None if verdict.error is not None else verdict,
            verdict.error,
            current=current,
        )

    def show_failure(self, message: GradingFailed, *, current: bool) -> None:
        self._settle(message.attempt.number, None, message.error, current=current)

    def _settle(
        self, index: int, verdict: Verdict | None, error: str | None, *, current: bool
    ) -> None:
        """A question is graded (``verdict``) or could not be (``error``): the results say so."""
        if not 0 <= index < len(self.slots):
            return
        slot = self.slots[index]
        slot.pending = False
        slot.verdict = verdict
        slot.error = error
        if self.feedback_mode == "each" and current and slot.status in ("answered", "timed_out"):
            if verdict is None:
                self.feedback.show_message(t("ui.quiz.unchecked", error=error or "-"))
            else:
                self._show_verdict(slot, verdict)
            self.feedback.focus()
        if current and error is not None:
            self.attempt = Attempt(slot.exercise, index, "graded")  # answered: it stays closed
        self._open_results_when_ready()

    def _show_verdict(self, slot: _Slot, verdict: Verdict) -> None:
        """Feedback after each: the verdict, or torch's answer to a question out of time."""
        if slot.status == "timed_out":
            self.feedback.show_answer(
                slot.exercise,
                verdict.expected,
                verdict.explanation,
                verdict.slices,
                heading="ui.feedback.timed_out",
            )
        else:
            self.feedback.show_verdict(slot.exercise, verdict)

    # ---- language --------------------------------------------------------------------

    def reword(self) -> None:
        """Re-word what is on screen without losing the quiz or the typed answer."""
        if not self.slots:
            return
        self._show_texts()
        self.answer_box.input.placeholder = answer_placeholder(self.slot.exercise)
        self.feedback.border_title = t("ui.feedback.title")
        slot = self.slot
        if self.finished:
            self.feedback.show_message(t("ui.quiz.checking"))
        elif self.question_open:
            self._show_note()
        elif self.feedback_mode == "each" and slot.verdict is not None:
            self._show_verdict(slot, slot.verdict)
