"""The app's screens, each imported when it is first opened.

This is one of the two places where imports wait (the other is ``cli.py`` -> ``commands``):
the home screen's first frame pays for the home screen only. ``RnnTutorApp.SCREENS`` and
``RnnTutorApp.VISITS`` name these factories; to add a screen, write its module and a
factory here, and name it in one of the two tables.

A factory is never named like its module: importing ``rnn_tutor.ui.screens.results`` sets
this package's attribute ``results`` to the module, which would shadow a factory of that
name for whoever reads it afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    from rnn_tutor.core.progress.learners import LearnerNameError


def practice_screen() -> Screen[Any]:
    from rnn_tutor.ui.screens.practice import PracticeScreen

    return PracticeScreen()


def quiz_screen(**options: Any) -> Screen[Any]:
    from rnn_tutor.ui.screens.quiz import QuizScreen

    return QuizScreen(**options)


def results_screen(**options: Any) -> Screen[Any]:
    from rnn_tutor.ui.screens.results import ResultsScreen

    return ResultsScreen(**options)


def review_screen(**options: Any) -> Screen[Any]:
    from rnn_tutor.ui.screens.review import ReviewScreen

    return ReviewScreen(**options)


def stats_screen(**options: Any) -> Screen[Any]:
    from rnn_tutor.ui.screens.stats import StatsScreen

    return StatsScreen(**options)


def my_code_screen(**options: Any) -> Screen[Any]:
    from rnn_tutor.ui.screens.mycode import MyCodeScreen

    return MyCodeScreen(**options)


def learner_prompt(refusal: LearnerNameError | None = None) -> Screen[Any]:
    from rnn_tutor.ui.screens.learner import LearnerScreen

    return LearnerScreen(refusal)
