"""Grading a cell exercise (levels 6-8) by running it in the notebook interpreter.

The truth is what the interpreter gives on real torch: the shape of the asked expression,
or torch's own message when the cell raises. A fill-in answer is put into the blank and
the cell is run again; the expected expression must then equal the reference's by value
(``torch.equal``), so every correct spelling counts and a slice that picks padding is
caught even when its shape is right. Learner text is only parsed here (one expression,
one line) and run by the interpreter, never by Python itself.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rnn_tutor.core.exercises.cells import Cell, fill_blank
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.answers import Expression, parse_answer, parse_or_claim
from rnn_tutor.core.grading.cell_explain import cell_explanation_lines, fmt_shape
from rnn_tutor.core.grading.cell_picture import slice_picture
from rnn_tutor.core.grading.cell_runs import Run, run, same_value, shape_of
from rnn_tutor.core.grading.diagnosis import Mode, diagnose
from rnn_tutor.core.grading.exercise_error import ExerciseError
from rnn_tutor.core.grading.trace import belief_line, belief_words, format_value, trace_lines
from rnn_tutor.core.grading.verdict import AxisMark, Truth, Verdict, mark_axes
from rnn_tutor.core.notebook.describe import describe
from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import t
from rnn_tutor.i18n.message import Message, msg

if TYPE_CHECKING:
    from rnn_tutor.core.notebook import CellError, Notebook


def error_text(error: CellError) -> str:
    """torch's own first line, or our words for what the interpreter refused."""
    if error.torch_message:
        return error.torch_message
    return t(error.message_id, **dict(error.params))


def error_reason(error: CellError) -> Message:
    """torch's own first line as a message, or our words for what was refused."""
    if error.torch_message:
        return msg("cells.text", text=error.torch_message)
    return msg(error.message_id, **dict(error.params))


def error_explained(error: CellError) -> tuple[Message, ...]:
    """Our explanation of an error, and the change that makes it run."""
    lines = [msg(error.message_id, **dict(error.params))]
    if error.fix_id:
        lines.append(msg(error.fix_id, **dict(error.fix_params)))
    return tuple(lines)


@dataclass
class _Kept:
    """The kernel that ran the reference cell, kept for the picture (saves a second run)."""

    notebook: Notebook | None = None


@dataclass(frozen=True)
class _Found:
    """What the interpreter says about a shape/runs cell: the truth, its axis names, the
    error, and the run itself (diagnosis asks its beliefs about it)."""

    truth: Truth
    run: Run
    axes: tuple[str, ...] = ()
    error: CellError | None = None


def _shape(value: object) -> tuple[int, ...] | None:
    try:
        return tuple(int(size) for size in value)  # type: ignore[attr-defined]
    except TypeError:
        return None


def _find(exercise: Exercise, keep: _Kept | None = None) -> _Found:
    cell = exercise.cell
    assert cell is not None
    counting = cell.form == "count"
    outcome = run(cell.source, cell.target, shape=not counting)
    if keep is not None:
        keep.notebook = outcome.notebook
    if outcome.error is not None:
        found = Truth(None, error_text(outcome.error))
        if outcome.error.kind in ("refused", "limit"):  # not torch's answer: nothing to ask
            raise ExerciseError(error_reason(outcome.error), found)
        if cell.form == "runs":
            return _Found(found, outcome, error=outcome.error)
        raise ExerciseError(msg("grade.error.run_raises", message=found.raises), found)
    if counting:
        value = outcome.value
        if isinstance(value, bool) or not isinstance(value, int):
            raise ExerciseError(msg("cells.error.not_a_count", target=cell.target))
        return _Found(Truth(value), outcome)
    shape = shape_of(outcome.value)
    if shape is None:
        shape = _shape(outcome.value)
    if shape is None:
        raise ExerciseError(msg("cells.error.not_a_shape", target=cell.target))
    return _Found(Truth(shape), outcome, outcome.axes or ())


def cell_truth(exercise: Exercise) -> Truth:
    """What torch says, through the interpreter: a shape, or the error of a ``runs`` cell.

    For a blank the truth is its reference answer (the number, or the reference text).
    Raises :class:`ExerciseError` when a ``shape`` cell does not run.
    """
    cell = exercise.cell
    assert cell is not None
    if cell.form == "blank":
        if cell.blank_kind == "number" and isinstance(cell.answer, int):
            return Truth(cell.answer)
        return Truth(Expression(str(cell.answer)))
    return _find(exercise).truth


def grade_cell(exercise: Exercise, answer: str) -> Verdict:
    """Grade one answer to a cell exercise; never raises for any answer text.

    A graded answer also carries the cell's unrolled picture: the cells the right slice
    reads and, for a wrong fill-in, the cells the learner's expression reads.
    """
    kept = _Kept()
    verdict = _graded(exercise, answer, kept)
    if not verdict.expected.known:  # nothing could be asked of this cell
        return verdict
    cell = exercise.cell
    assert cell is not None
    traced = None
    if cell.form == "blank" and not verdict.correct and isinstance(verdict.parsed, Expression):
        traced = verdict.parsed.text
    try:
        slices = slice_picture(exercise, traced, kept.notebook)
    except Exception:  # the picture is a help on top of the verdict: never its failure
        slices = None
    return replace(verdict, slices=slices)


def _graded(exercise: Exercise, answer: str, keep: _Kept) -> Verdict:
    cell = exercise.cell
    assert cell is not None
    if cell.form == "blank":
        return _grade_blank(exercise, cell, answer, keep)
    try:
        found = _find(exercise, keep)
    except ExerciseError as error:
        return Verdict(False, error.truth, None, error_message=error.reason)
    truth, refusal = found.truth, found.error
    # The verdict carries torch's message itself (expected.raises): not said twice.
    written = tuple(
        line for line in cell_explanation_lines(exercise) if line.key != "cells.explain.torch"
    )
    made = _made(found.run)
    explanation = (*made, *(error_explained(refusal) if refusal is not None else ()), *written)
    if refusal is not None and cell.topic != "request":
        explanation = (*made, *written)
    read = parse_or_claim(
        exercise.question.answer_kind,
        answer,
        claim=truth.raises is not None and cell.form != "runs",
    )
    if read.value is None:
        return Verdict(False, truth, None, explanation_lines=explanation, error_message=read.reason)
    parsed = read.value
    correct = truth.accepts(parsed)
    axes: tuple[AxisMark, ...] = ()
    if isinstance(truth.value, tuple) and isinstance(parsed, tuple):
        # A generated cell names its axes; a teacher's cell gets the interpreter's names.
        axes = mark_axes(truth.value, cell.axes or found.axes, parsed)
    found_mix_up = None
    if not correct:
        mode: Mode = "count" if exercise.question.answer_kind == "count" else "shape"
        found_mix_up = diagnose(found.run, parsed, mode, runs_question=cell.form == "runs")
    misconception = None if found_mix_up is None else found_mix_up.misconception
    if found_mix_up is not None:
        shown = None if truth.value is None else format_value(truth.value)
        said = belief_line(found_mix_up, cell.target, shown)
        if said is not None:
            explanation = (said, *explanation)
    return _verdict(correct, truth, parsed, axes, misconception, explanation)


def _made(outcome: Run) -> tuple[Message, ...]:
    """The lines that made the asked value, with their shapes (a failing trace says nothing)."""
    try:
        asked = None
        if outcome.error is None:
            asked = describe(outcome.target, outcome.value, outcome.notebook.book)
        return trace_lines(outcome.cell_run, outcome.source, outcome.target, asked)
    except Exception:  # the explanation is a help on top of the verdict: never its failure
        return ()


def _verdict(
    correct: bool,
    truth: Truth,
    parsed: object,
    axes: tuple[AxisMark, ...],
    misconception: str | None,
    explanation: tuple[Message, ...],
) -> Verdict:
    return Verdict(
        correct=correct,
        expected=truth,
        parsed=parsed,  # type: ignore[arg-type]
        axes=axes,
        misconception=misconception,
        explanation_lines=explanation,
    )


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxtuple, _SHORT.maxlist, _SHORT.maxdict = 2, 4, 4, 4
_SHORT.maxstring = _SHORT.maxother = 60


def _quoted(value: object) -> str:
    """A learner's value, short (a huge nested list is not written out first) and with its
    control characters made visible."""
    return visible(_SHORT.repr(value), limit=80)


def _tensor_shape(value: object) -> tuple[int, ...] | None:
    import torch

    return tuple(value.shape) if isinstance(value, torch.Tensor) else None


def _grade_blank(exercise: Exercise, cell: Cell, answer: str, keep: _Kept) -> Verdict:
    truth = cell_truth(exercise)
    explanation = cell_explanation_lines(exercise)
    read = parse_answer(exercise.question.answer_kind, answer)
    if read.value is None:
        return Verdict(False, truth, None, explanation_lines=explanation, error_message=read.reason)
    parsed = read.value
    text = parsed.text if isinstance(parsed, Expression) else str(parsed)
    # Generated cells name what must match (``expect``); a request compares the blank itself.
    reference_text = str(cell.answer)
    reference = run(cell.reference_source, cell.expect or reference_text, record=False)
    keep.notebook = reference.notebook
    if reference.error is not None:  # the reference must run (a request's may not)
        return Verdict(False, truth, parsed, error_message=error_reason(reference.error))
    mine = run(fill_blank(cell.source, text), cell.expect or text)
    said: list[Message] = []
    axes: tuple[AxisMark, ...] = ()
    if mine.error is not None:
        correct = False
        said.append(msg("cells.blank.raised", message=error_text(mine.error)))
        said.extend(error_explained(mine.error))
    else:
        correct = same_value(reference.value, mine.value)
        want, got = _tensor_shape(reference.value), _tensor_shape(mine.value)
        if want is not None and got is not None:
            axes = mark_axes(want, cell.axes or reference.axes or (), got)
            if not correct:
                key = "cells.blank.same_shape" if want == got else "cells.blank.gives"
                said.append(msg(key, shape=fmt_shape(got)))
        elif not correct:
            said.append(msg("cells.blank.gives", shape=_quoted(mine.value)))
    found_mix_up = None
    if not correct:
        found_mix_up = diagnose(mine, parsed, "value", reference=reference.value)
    misconception = None if found_mix_up is None else found_mix_up.misconception
    if found_mix_up is not None and found_mix_up.belief is not None:
        said.insert(0, msg("trace.belief.value", belief=belief_words(found_mix_up.belief)))
    return _verdict(correct, truth, parsed, axes, misconception, (*said, *explanation))
