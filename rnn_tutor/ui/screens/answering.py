"""What practice, quiz and review share: an answer box, a feedback panel, and the typo rule."""

from __future__ import annotations

from datetime import datetime

from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.answers import parse_answer
from rnn_tutor.core.grading.verdict import Truth, Verdict
from rnn_tutor.core.progress.store import AttemptRecord
from rnn_tutor.ui.screens.base import TutorScreen
from rnn_tutor.ui.widgets.answer_box import AnswerBox
from rnn_tutor.ui.widgets.feedback import FeedbackPanel


class AnsweringScreen(TutorScreen):
    """A screen where the learner types answers (it composes #answer-box and #feedback)."""

    @property
    def answer_box(self) -> AnswerBox:
        return self.query_one("#answer-box", AnswerBox)

    @property
    def feedback(self) -> FeedbackPanel:
        return self.query_one("#feedback", FeedbackPanel)

    def answer_is_readable(self, exercise: Exercise, text: str) -> bool:
        """Whether ``text`` parses; if not, a typo loses nothing: the parser's message goes
        under the box and the typed text stays."""
        parsed = parse_answer(exercise.question.answer_kind, text)
        if not parsed.ok:
            self.answer_box.show_error(parsed.message or "")
        return parsed.ok

    def record_verdict(
        self,
        exercise: Exercise,
        text: str,
        verdict: Verdict,
        *,
        hints_used: int,
        seconds: float,
        mode: str,
        at: datetime | None = None,
    ) -> None:
        """Store a graded answer from a grading worker (see record_attempt)."""
        self.record_attempt(
            exercise,
            text,
            correct=verdict.correct,
            expected=verdict.expected,
            misconception=verdict.misconception,
            hints_used=hints_used,
            seconds=seconds,
            mode=mode,
            at=at,
        )

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
        store = self.tutor.store
        if not store.enabled:
            return
        row = store.record_attempt(
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
        if row is None and store.notice is not None:
            message = store.notice.text()
            self.app.call_from_thread(self.notify, message, severity="warning", timeout=15)
