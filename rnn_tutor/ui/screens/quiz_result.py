"""A finished quiz as values: each question's answer and verdict, the score, the settings.

The quiz screen makes a :class:`QuizResult`; the results screen shows one. Neither screen
imports the other: the result travels through ``app.open_screen("results", result=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.verdict import Verdict

Status = Literal["answered", "timed_out", "skipped"]
FeedbackMode = Literal["end", "each"]


@dataclass(frozen=True)
class QuizAnswer:
    """One question of a finished quiz.

    ``answer`` is what the learner typed ("" when time ran out or the question was
    skipped); ``verdict`` is None when torch could not check it (then ``error`` says why).
    """

    number: int
    exercise: Exercise
    answer: str
    status: Status
    seconds: float
    verdict: Verdict | None = None
    error: str | None = None

    @property
    def correct(self) -> bool:
        return self.status == "answered" and self.verdict is not None and self.verdict.correct


@dataclass(frozen=True)
class QuizResult:
    """A finished quiz, and what it takes to run one like it again."""

    answers: tuple[QuizAnswer, ...]
    seconds: float
    level: int | None = None
    seed: int | None = None
    feedback: FeedbackMode = "end"
    time_limit: int | None = None
    retry: bool = False  # a quiz of questions missed in an earlier one

    @property
    def correct(self) -> int:
        return sum(1 for answer in self.answers if answer.correct)

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def missed(self) -> tuple[QuizAnswer, ...]:
        return tuple(answer for answer in self.answers if not answer.correct)
