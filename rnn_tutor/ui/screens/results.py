"""After a quiz: the score, the time, and every missed question with what to learn from it.

Everything on this screen is worded when it is drawn, from ids and exercises (the
misconception's plain words, the rule with this exercise's numbers), so a language switch
re-words it all; the verdicts keep only what torch said.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from rnn_tutor.core.exercises.generator import fresh_variant
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import (
    closed_form,
    explanation,
    misconception_text,
    question_text,
)
from rnn_tutor.core.progress.wording import duration_text, percent
from rnn_tutor.i18n import t
from rnn_tutor.ui import palette
from rnn_tutor.ui.screens.base import TutorScreen
from rnn_tutor.ui.screens.quiz_result import QuizAnswer, QuizResult
from rnn_tutor.ui.widgets.feedback import answer_text, truth_text

HEADING_STYLE = palette.HEADING
WRONG_STYLE = palette.WRONG
CODE_STYLE = palette.CODE


def _closed_answer(exercise: Exercise) -> object:
    """The answer by the closed-form rules (no torch): a variant must not share it."""
    return closed_form(exercise).to_json()


def score_text(result: QuizResult) -> str:
    return t(
        "ui.results.score",
        correct=result.correct,
        total=result.total,
        percent=percent(result.correct, result.total),
    )


def meta_text(result: QuizResult) -> str:
    parts = []
    if result.retry:
        parts.append(t("ui.results.meta.retry"))
    elif result.level is not None:
        parts.append(t("ui.results.meta.level", level=result.level))
    average = result.seconds / result.total if result.total else 0.0
    parts.append(
        t(
            "ui.results.meta.time",
            time=duration_text(result.seconds),
            average=duration_text(average),
        )
    )
    parts.append(t(f"ui.quiz.feedback.{result.feedback}"))
    return t("ui.results.meta.separator").join(parts)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def missed_text(item: QuizAnswer) -> Text:
    """One missed question: the code, what was answered, the truth, the likely mix-up, the rule."""
    exercise = item.exercise
    text = Text()
    text.append(
        t("ui.results.item", number=item.number, question=question_text(exercise)),
        style=HEADING_STYLE,
    )
    text.append("\n")
    for line in exercise.code_lines():
        text.append("  " + line + "\n", style=CODE_STYLE)
    verdict = item.verdict
    if verdict is None:
        text.append(t("ui.results.unchecked", error=item.error or "-"), style=WRONG_STYLE)
        return text
    truth = truth_text(verdict.expected)
    if item.status == "answered":
        line = t("ui.results.answered", answer=answer_text(verdict.parsed), truth=truth)
    else:
        line = t(f"ui.results.unanswered.{item.status}", truth=truth)
    text.append("✗ ", style=WRONG_STYLE)
    text.append(line)
    if verdict.expected.raises is not None:
        text.append("\n" + t("ui.results.torch_error") + " ", style=HEADING_STYLE)
        text.append(verdict.expected.raises, style="italic")
    if verdict.misconception:
        text.append("\n" + t("ui.results.misconception") + " ", style=HEADING_STYLE)
        text.append(misconception_text(verdict.misconception))
    rule = _first_line(explanation(exercise))
    if rule:
        text.append("\n" + t("ui.results.rule") + " ", style=HEADING_STYLE)
        text.append(rule)
    return text


class ResultsScreen(TutorScreen):
    """The score and the missed questions; ``p`` practises the missed ones again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "again", "ui.results.key.again"),
        Binding("n", "new_quiz", "ui.results.key.new"),
    ]

    def __init__(self, *, result: QuizResult | None = None) -> None:
        super().__init__(id="results")
        self.result = result

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results-body"):
            result = self.result
            if result is None:
                yield Static(t("ui.results.empty"), id="results-score", markup=False)
            else:
                yield Static(
                    t("ui.results.title"), id="results-title", classes="title", markup=False
                )
                yield Static(score_text(result), id="results-score", markup=False)
                yield Static(meta_text(result), id="results-meta", markup=False)
                missed = result.missed
                if missed:
                    yield Static(t("ui.results.missed.title"), id="results-missed-title")
                    for item in missed:
                        yield Static(palette.themed(missed_text(item)), classes="results-item")
                    yield Static(t("ui.results.again.hint"), id="results-hint", markup=False)
                else:
                    yield Static(t("ui.results.missed.none"), id="results-all-right", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results-body", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "again":
            return self.result is not None and bool(self.result.missed)
        if action == "new_quiz":
            return self.result is not None and not self.result.retry
        return True

    def missed_exercises(self) -> Sequence[Exercise]:
        return [] if self.result is None else [item.exercise for item in self.result.missed]

    def action_again(self) -> None:
        """A quiz of just the missed questions, with feedback after each answer.

        Feedback after each is what helps here: the learner already knows these are the
        ones that went wrong and wants to see, one by one, whether they are right now.
        """
        missed = self.missed_exercises()
        if not missed:
            self.notify(t("ui.results.notify.nothing_missed"))
            return
        # The same questions of other numbers: these answers were just shown (issue 21).
        base = self.tutor.seed if self.tutor.seed is not None else random.randrange(2**31)
        exercises = [
            fresh_variant(exercise, base + number, _closed_answer)
            for number, exercise in enumerate(missed)
        ]
        self.tutor.open_screen(
            "quiz", replace=True, exercises=exercises, feedback="each", retry=True
        )

    def action_new_quiz(self) -> None:
        if self.result is None:
            return
        result = self.result
        self.tutor.open_screen(
            "quiz",
            replace=True,
            count=result.total,
            level=result.level,
            seed=None if result.seed is None else result.seed + result.total,
            time_limit=result.time_limit,
            feedback=result.feedback,
        )
