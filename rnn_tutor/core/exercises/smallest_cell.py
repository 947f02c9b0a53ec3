"""A level 1-5 exercise written as its smallest notebook cell (issue 18, piece 1).

Levels 6-8 are graded by running their cell in the notebook interpreter; levels 1-5 still
go through the call-only build and forward path. To move them onto the one cell path, each
call exercise is first written as the cell a learner would type: the call, the input, the
forward line (``Exercise.code_lines``) and the asked expression. This module only writes
that cell; the test that both paths give the same verdict on generated items
(tests/core/test_smallest_cell.py) is what allows the old path to be deleted later.
"""

from __future__ import annotations

from dataclasses import replace

from rnn_tutor.core.exercises.cells import Cell
from rnn_tutor.core.exercises.questions import Exercise, Question

# What each call question asks, as the expression the cell evaluates. total_params is
# the count torchinfo reports: every parameter's numel, trainable or not.
_COUNT_TARGETS = {
    "total_params": "sum(p.numel() for p in rnn.parameters())",
    "all_weights_len": "len(rnn.all_weights)",
}


def question_of(question: Question) -> str:
    """The cell question ("shape:h_n", "count:len(rnn.all_weights)", ...) for a call question."""
    kind = question.kind
    if kind in ("output", "h_n", "c_n"):
        return f"shape:{kind}"
    if kind == "param":
        return f"shape:rnn.{question.param}"
    if kind in _COUNT_TARGETS:
        return f"count:{_COUNT_TARGETS[kind]}"
    if kind == "runs":
        return "runs:output"
    raise ValueError(f"no smallest cell for question {question.id!r}")


def smallest_cell(exercise: Exercise) -> Cell:
    """The cell that asks ``exercise``'s question about its own code, lines unchanged."""
    if exercise.cell is not None:
        return exercise.cell
    return Cell(
        topic="call",
        source="\n".join(exercise.code_lines()),
        question=question_of(exercise.question),
    )


def as_cell_exercise(exercise: Exercise) -> Exercise:
    """``exercise`` with its smallest cell attached, so the cell path grades it."""
    return replace(exercise, cell=smallest_cell(exercise))
