"""Snapshots of the quiz results and statistics screens, at 100x30 and 80x24, English and Korean.

Regenerate with ``pytest tests/ui/test_modes_snapshots.py --snapshot-update`` and read the
SVGs' text before committing them. Deterministic by construction: hand-built exercises
graded by torch before the app starts (so no worker runs while the picture is taken), a
fixed quiz time, no countdown, the seeded history at its fixed ``now``, days in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from rnn_tutor.core.call.spec import InputSpec, ModelCall
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.i18n import set_language
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens.quiz_result import QuizAnswer, QuizResult, Status
from tests.conftest import SeededHistory

Compare = Callable[..., bool]

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


def _exercise(
    call: ModelCall, shape: tuple[int, ...] | None, question: Question, *skills: str
) -> Exercise:
    return Exercise(
        call=call,
        input=None if shape is None else InputSpec(shape),
        question=question,
        skills=skills,
        level=3,
    )


# (exercise, what the learner typed, how it ended)
QUIZ: list[tuple[Exercise, str, Status]] = [
    (
        _exercise(
            ModelCall("RNN", (7, 13, 1), (("batch_first", True),)),
            (2, 3, 7),
            Question("h_n"),
            "hn_ignores_batch_first",
            "hn_first_axis",
        ),
        "(3, 2, 13)",
        "answered",
    ),
    (
        _exercise(
            ModelCall("GRU", (13, 31, 1)),
            None,
            Question("total_params"),
            "param_count",
            "two_biases",
        ),
        "4278",
        "answered",
    ),
    (
        _exercise(
            ModelCall("LSTM", (10, 20), (("num_layers", 2), ("bidirectional", True))),
            (5, 3, 10),
            Question("output"),
            "output_layout",
            "output_last_axis",
        ),
        "[5, 3, 20]",
        "answered",
    ),
    (
        _exercise(
            ModelCall("GRU", (8, 16, 2), (("bidirectional", True),)),
            None,
            Question("param", "weight_ih_l1"),
            "gate_blocks",
            "deep_layer_input",
        ),
        "(48, 32)",
        "answered",
    ),
    (
        _exercise(
            ModelCall("LSTM", (10, 20), (("batch_first", True),)),
            (4, 6, 10),
            Question("c_n"),
            "hn_ignores_batch_first",
        ),
        "",
        "timed_out",
    ),
]


def quiz_result() -> QuizResult:
    """The quiz above, graded by torch (the timed-out one as unanswered)."""
    from dataclasses import replace

    from rnn_tutor.core.grading.grader import grade

    answers = []
    for number, (exercise, typed, status) in enumerate(QUIZ, start=1):
        verdict = grade(exercise, typed)
        if status != "answered":
            verdict = replace(verdict, correct=False, parsed=None, axes=(), error_message=None)
        answers.append(QuizAnswer(number, exercise, typed, status, 37.0, verdict))
    return QuizResult(answers=tuple(answers), seconds=185.0, level=3, seed=7)


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_quiz_results(snap_compare: Compare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = RnnTutorApp(
        data_dir=tmp_path / "progress",
        lang="en",
        seed=7,
        warm_up=False,
        screen="results",
        screen_options={"result": quiz_result()},
    )
    assert snap_compare(app, run_before=_settle, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_quiz_results_korean(snap_compare: Compare, tmp_path: Path, size: tuple[int, int]) -> None:
    result = quiz_result()
    app = RnnTutorApp(
        data_dir=tmp_path / "progress",
        lang="ko",
        seed=7,
        warm_up=False,
        screen="results",
        screen_options={"result": result},
    )
    assert snap_compare(app, run_before=_settle, terminal_size=size)


@pytest.mark.parametrize("lang", [pytest.param("en", id="en"), pytest.param("ko", id="ko")])
def test_stats_seeded(snap_compare: Compare, seeded_history: SeededHistory, lang: str) -> None:
    app = RnnTutorApp(
        data_dir=seeded_history.data_dir,
        lang=lang,
        seed=7,
        warm_up=False,
        screen="stats",
        screen_options={"now": seeded_history.now, "tz": timezone.utc},
    )
    assert snap_compare(app, run_before=_settle, terminal_size=(100, 30))


def test_stats_empty(snap_compare: Compare, tmp_path: Path) -> None:
    app = RnnTutorApp(
        data_dir=tmp_path / "progress", lang="en", seed=7, warm_up=False, screen="stats"
    )
    assert snap_compare(app, run_before=_settle, terminal_size=(80, 24))
