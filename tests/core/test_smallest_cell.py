"""Levels 1-5 written as their smallest cell: the cell path must say what the call path says.

This is the both-paths-same-verdict check issue 18 asks for before the call-only build and
forward path is deleted: on generated items of every level 1-5 and every question kind, the
interpreter's truth and verdicts (right answer, wrong shapes, "it raises") equal the call
path's.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from rnn_tutor.core.exercises import generator
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.exercises.smallest_cell import as_cell_exercise, smallest_cell
from rnn_tutor.core.grading import grader
from rnn_tutor.core.grading.cell_grader import cell_truth, grade_cell
from rnn_tutor.core.grading.exercise_error import ExerciseError
from rnn_tutor.core.grading.verdict import Truth

_PER_LEVEL = 12


def _truth(exercise: Exercise, cell_path: bool) -> Truth | str:
    try:
        if cell_path:
            return cell_truth(as_cell_exercise(exercise))
        return grader.truth(exercise)
    except ExerciseError:
        return "cannot ask"


def _answers(found: Truth) -> list[str]:
    """The right answer, two wrong shapes or counts, and the "it raises" claim."""
    value = found.value
    answers = ["error"]
    if isinstance(value, tuple):
        answers.append(str(value))
        answers.append(str(tuple(reversed(value))))
        answers.append(str((*value, 1)))
    elif isinstance(value, int):
        answers += [str(value), str(value + 1), str(2 * value)]
    return answers


def _items() -> list[Exercise]:
    return [
        case
        for level in range(1, 6)
        for case in generator.generate(level, seed=18, count=_PER_LEVEL)
    ]


def test_smallest_cell_keeps_the_exercise_lines() -> None:
    """The cell is the learner's own lines; only the asked expression is added."""
    for case in _items():
        cell = smallest_cell(case)
        assert cell.source.splitlines() == case.code_lines()
        assert cell.form in ("shape", "count", "runs")


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_cell_path_gives_the_call_paths_verdicts(level: int) -> None:
    cases = generator.generate(level, seed=18, count=_PER_LEVEL)
    kinds: Counter[str] = Counter()
    for case in cases:
        kinds[case.question.kind] += 1
        old = _truth(case, cell_path=False)
        new = _truth(case, cell_path=True)
        assert (old == "cannot ask") == (new == "cannot ask"), case.code()
        if isinstance(old, str) or isinstance(new, str):
            continue
        assert new.value == old.value, (case.code(), case.question.id)
        assert (new.raises is None) == (old.raises is None), case.code()
        cell_case = as_cell_exercise(case)
        for answer in _answers(old):
            said = grader.grade(case, answer).correct
            assert grade_cell(cell_case, answer).correct == said, (case.code(), answer)
    assert kinds, "no items generated"


def test_cell_truth_matches_plain_torch() -> None:
    """Differential: the smallest cell's shapes are what plain torch builds and returns."""
    torch = pytest.importorskip("torch")
    for case in _items():
        if case.question.kind not in ("output", "h_n", "c_n") or case.input is None:
            continue
        if case.input.packed or case.input.h0 is not None or case.input.c0 is not None:
            continue
        try:
            module = eval_call(torch, case)
            result = module(torch.randn(*case.input.shape))
        except Exception:
            continue
        output, state = result
        value = {
            "output": output,
            "h_n": state[0] if isinstance(state, tuple) else state,
            "c_n": state[1] if isinstance(state, tuple) else None,
        }[case.question.kind]
        found = cell_truth(as_cell_exercise(case))
        assert found.value == tuple(value.shape), case.code()


def eval_call(torch: Any, case: Exercise) -> Any:
    """Build the call's module from its parsed arguments (no learner text is evaluated)."""
    nn = torch.nn
    kwargs = dict(case.call.kwargs)
    return getattr(nn, case.call.kind)(*case.call.args, **kwargs)
