"""Spaced review: the skills that are due, each as a fresh exercise, then the mistakes to redo.

A due skill gets a newly generated exercise every time (a new seed), so the learner must
apply the rule rather than remember an answer. After the due skills come the exact
exercises still answered wrong, most recent first. Every graded answer is recorded with
mode "review"; the store reviews the FSRS cards of all the exercise's skills (right
without hints: Good, with a hint: Hard, wrong: Again), so a skill covered by an earlier
exercise of the session is no longer due and is passed over.

The queue (``core.progress.review``) is read in a worker while a loading indicator shows,
when the screen opens and again when the queue is done (for what is still due).

``now`` fixes the clock (tests and snapshots): the queue, the "next review" time and the
recorded attempts all use it. ``tz`` is the zone dates are shown in (default: the machine's).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Footer, Static

from rnn_tutor.core.exercises.generator import exercise_for_skill
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import answer_placeholder, question_text
from rnn_tutor.core.grading.verdict import Verdict
from rnn_tutor.core.grading.words import skill_heading
from rnn_tutor.core.progress.clock import as_utc
from rnn_tutor.core.progress.review import ReviewQueue, review_queue
from rnn_tutor.core.progress.store import AttemptRow
from rnn_tutor.core.progress.wording import when_text, zone
from rnn_tutor.core.safe_text import QUOTE_LIMIT, visible
from rnn_tutor.i18n import t
from rnn_tutor.ui.screens.answering import AnsweringScreen, Attempt, Graded
from rnn_tutor.ui.widgets.code_card import CodeCard

if TYPE_CHECKING:
    from fsrs import Card

State = Literal["loading", "asking", "empty", "done"]


@dataclass(frozen=True)
class ReviewItem:
    """One step of the queue: a due skill (exercise made when shown) or a past mistake."""

    skill: str | None = None
    mistake: AttemptRow | None = None
    exercise: Exercise | None = None  # the mistake's exact exercise


class ReviewScreen(AnsweringScreen):
    """Due skills first, then mistakes; ``h`` hint, ``n`` next (unanswered: skipped, still due)."""

    MODE = "review"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "hint", "ui.review.key.hint"),
        Binding("n", "next", "ui.review.key.next"),
        Binding("p", "practice", "ui.review.key.practice"),
        Binding("enter", "enter", "ui.review.key.enter", show=False),
    ]

    state: reactive[State] = reactive[State]("loading", bindings=True)

    def __init__(
        self, *, now: datetime | None = None, tz: tzinfo | None = None, seed: int | None = None
    ) -> None:
        super().__init__(id="review")
        self._fixed_now = now
        self._tz = tz
        self._seed = seed
        self.items: list[ReviewItem] = []
        self.position = 0  # items taken from the queue so far
        self.shown = 0  # items actually shown (due skills no longer due are passed over)
        self.item: ReviewItem | None = None
        self.verdict: Verdict | None = None
        self.answered = 0
        self.right = 0
        self.next_due: datetime | None = None
        self._message_key = ""
        self._still_due_count = 0  # at the end: what home will count as due now
        self._queue: ReviewQueue | None = None  # as last read (the daily budget's figures)

    def now(self) -> datetime:
        return self._fixed_now if self._fixed_now is not None else datetime.now(timezone.utc)

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="review-progress", markup=False)
        with Vertical(id="review-pane"):
            yield from self.question_widgets()
        yield Static("", id="review-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._seed = self.seed_or_random(self._seed)
        if not self.tutor.store.enabled:
            self._show_message("empty", "off")
            return
        self._load_queue(starting=True)

    @work(exclusive=True, group="queue")
    async def _load_queue(self, *, starting: bool) -> None:
        """The queue, read off the event loop; at the start it is served, at the end it says
        what is still due."""
        pane = self.query_one("#review-pane")
        pane.loading = True
        queue = await asyncio.to_thread(
            review_queue,
            self.tutor.store,
            self.now(),
            budget=self.tutor.review_budget,
            tz=self._tz,
        )
        pane.loading = False
        self._queue = queue
        if starting:
            self._serve(queue)
        else:
            self.next_due = queue.next_due
            # The same count as home's "Review (N due)": skills moved past and mistakes still
            # open (answered wrong again) are due now, not "next".
            self._still_due_count = len(queue.due_skills) + len(queue.mistakes)
            detail = "still_due" if self._still_due_count else "budget" if queue.later else "next"
            self._show_message("done", detail)

    def _serve(self, queue: ReviewQueue) -> None:
        # Skills this version does not know and exercises it cannot rebuild are left out.
        self.items = [ReviewItem(skill=skill) for skill in queue.due_skills]
        self.items += [
            ReviewItem(mistake=mistake.attempt, exercise=mistake.exercise)
            for mistake in queue.mistakes
        ]
        self.next_due = queue.next_due
        if not self.items:
            if queue.budget_spent:
                self._show_message("empty", "budget")
            else:
                self._show_message("empty", "next" if queue.next_due is not None else "none")
            return
        self.show_next()

    # ---- the queue -------------------------------------------------------------------

    def show_next(self) -> None:
        """The next item still to answer. Whether a skill is still due (an earlier answer
        may have reviewed it) is read in a worker: the store may be busy writing."""
        self.state = "loading"  # no key moves on twice meanwhile
        self._show_next()

    @work(group="next")
    async def _show_next(self) -> None:
        cards: dict[str, Card] | None = None
        while self.position < len(self.items):
            item = self.items[self.position]
            self.position += 1
            if item.skill is not None:
                if cards is None:
                    cards = await asyncio.to_thread(self.tutor.store.cards)
                card = cards.get(item.skill)
                if card is not None and as_utc(card.due) > self.now():
                    continue  # reviewed since the queue was read
                assert self._seed is not None
                # A new seed for every exercise: fresh numbers, nothing to remember.
                try:
                    exercise = exercise_for_skill(
                        item.skill, self._seed + self.position, level=self.tutor.level
                    )
                except ValueError:  # a skill the generator cannot make (the queue filters)
                    continue
            elif item.exercise is not None:
                exercise = item.exercise
            else:
                continue
            self._show(item, exercise)
            return
        self._load_queue(starting=False)

    def _show(self, item: ReviewItem, exercise: Exercise) -> None:
        self.state = "asking"
        self.set_class(False, "-message")
        self.item = item
        self.shown += 1
        self.verdict = None
        self.ask(exercise, self.shown)
        self.query_one("#code-card", CodeCard).show(exercise, self.shown)
        self._show_texts()
        self.answer_box.prepare(answer_placeholder(exercise))
        self.feedback.clear()
        self.feedback.border_subtitle = ""
        self.feedback.show_message(t("ui.review.note"))
        self.answer_box.focus_input()

    def _total(self) -> int:
        # The queue as it was read: a skill an earlier answer already reviewed is passed
        # over (its number is skipped), so the total never shrinks as the learner goes on.
        return len(self.items)

    def progress_text(self) -> str:
        item = self.item
        if item is None:
            return ""
        if item.skill is not None:
            return t(
                "ui.review.progress.skill",
                number=self.position,
                total=self._total(),
                skill=skill_heading(item.skill),
            )
        row = item.mistake
        assert row is not None
        local = row.at.astimezone(zone(self._tz))
        if not row.answer.strip():  # skipped, or the quiz clock ran out
            return t(
                "ui.review.progress.mistake_unanswered",
                number=self.position,
                total=self._total(),
                date=local.strftime("%Y-%m-%d"),
            )
        return t(
            "ui.review.progress.mistake",
            number=self.position,
            total=self._total(),
            date=local.strftime("%Y-%m-%d"),
            answer=visible(row.answer, limit=QUOTE_LIMIT),
        )

    def _show_texts(self) -> None:
        self.query_one("#review-progress", Static).update(self.progress_text())
        if self.exercise is not None:
            self.query_one("#question", Static).update(question_text(self.exercise))

    def _show_message(self, state: State, detail: str) -> None:
        self.state = state
        self.item = None
        self.attempt = Attempt()
        self._message_key = detail
        self.set_class(True, "-message")
        self.query_one("#review-progress", Static).update(t(f"ui.review.{state}.title"))
        self.query_one("#review-message", Static).update(self.message_text())
        # The hidden answer box must not keep the keys: p and escape belong to the screen.
        self.answer_box.freeze()
        self.set_focus(None)

    def message_text(self) -> Text:
        text = Text()
        if self.state == "done":
            if self.answered:
                text.append(
                    t("ui.review.done.score", right=self.right, answered=self.answered) + "\n\n",
                    style="bold",
                )
            else:
                text.append(t("ui.review.done.nothing") + "\n\n", style="bold")
        elif self._message_key == "budget" and self._queue is not None:
            text.append(
                t(
                    "ui.review.empty.budget_spent",
                    reviewed=self._queue.reviewed_today,
                    budget=self._queue.budget,
                )
                + "\n\n",
                style="bold",
            )
        else:
            text.append(t("ui.review.empty.nothing_due") + "\n\n", style="bold")
        detail = self._message_key
        if detail == "next" and self.next_due is not None:
            text.append(t("ui.review.next", when=when_text(self.next_due, self.now(), self._tz)))
        elif detail == "next":
            text.append(t("ui.review.next.unknown"))
        elif detail == "still_due":
            text.append(t("ui.review.detail.still_due", count=self._still_due_count))
        elif detail == "budget" and self._queue is not None:
            text.append(t("ui.review.detail.budget", later=self._queue.later))
        else:
            text.append(t(f"ui.review.detail.{detail}"))
        text.append("\n\n" + t("ui.review.offer"))
        return text

    # ---- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        asking = self.state == "asking"
        if action == "hint":
            if not asking:
                return False
            return True if self.attempt.open else None
        if action == "next":
            return asking and not self.attempt.grading
        if action == "practice":
            return self.state in ("empty", "done")
        if action == "answer" and not asking:
            return False
        return super().check_action(action, parameters)

    def action_hint(self) -> None:
        if self.state == "asking":
            self.take_hint("ui.review.notify.no_more_hints")

    def action_next(self) -> None:
        """The next item; an unanswered one is not recorded, so its skill stays due."""
        if self.state == "asking" and not self.attempt.grading:
            self.show_next()

    def go_on(self) -> None:
        self.action_next()

    def action_enter(self) -> None:
        if self.state != "asking":
            return
        if self.graded:
            self.show_next()
        else:
            self.answer_box.focus_input()

    def action_practice(self) -> None:
        self.tutor.open_screen("practice", replace=True)

    # ---- the answering flow's hooks --------------------------------------------------

    def show_graded(self, message: Graded, *, current: bool) -> None:
        if not current:
            return  # the learner moved on while torch was working
        verdict = message.verdict
        if verdict.error is not None:
            self.answer_box.show_error(verdict.error)
            self.feedback.show_hints(self._hints, self.hints_used)
            return
        exercise = message.attempt.exercise
        assert exercise is not None
        self.verdict = verdict
        self.answered += 1
        self.right += int(verdict.correct)
        self.answer_box.freeze()
        self.feedback.show_verdict(exercise, verdict, message.attempt.hints_used)
        # The focus leaves the box, so Esc now goes back: say so where the eyes are.
        self.feedback.border_subtitle = t("ui.feedback.after")
        self.feedback.focus()

    # ---- language --------------------------------------------------------------------

    def reword(self) -> None:
        """Re-word what is on screen without losing the item or the typed answer."""
        if self.state in ("empty", "done"):
            self.query_one("#review-progress", Static).update(t(f"ui.review.{self.state}.title"))
            self.query_one("#review-message", Static).update(self.message_text())
            return
        if self.exercise is None:
            return
        self.reword_hints()
        self._show_texts()
        self.answer_box.input.placeholder = answer_placeholder(self.exercise)
        self.feedback.border_title = t("ui.feedback.title")
        if self.verdict is not None:
            self.feedback.border_subtitle = t("ui.feedback.after")
            self.feedback.show_verdict(self.exercise, self.verdict, self.hints_used)
        elif self.hints_used:
            self.feedback.show_hints(self._hints, self.hints_used)
        else:
            self.feedback.show_message(t("ui.review.note"))
