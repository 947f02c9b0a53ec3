"""The network unrolled over time, as data: which cells make up ``output`` and which ``h_n``.

``output`` is the TOP layer at EVERY time step; ``h_n`` is EVERY layer at the LAST step it
processed, which for the reverse direction is step 0. Pure Python (closed-form rules),
so the picture can be drawn and tested without torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnn_tutor.core.call.rules import ForwardShapes, RunError, predict_run
from rnn_tutor.core.call.spec import ConstructorError, InputSpec, ModelSpec, bind

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise

# Long sequences show their first and last steps with ".." between them; 6 columns fit
# beside the parameter pane at 100 columns.
MAX_COLUMNS = 6


@dataclass(frozen=True)
class Cell:
    in_output: bool
    in_h_n: bool


@dataclass(frozen=True)
class Row:
    """One layer in one direction, across the shown time steps."""

    layer: int
    reverse: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Unrolled:
    steps: tuple[int | None, ...]  # the time step of each column; None marks the elided gap
    rows: tuple[Row, ...]  # top layer first, forward before reverse
    seq_len: int
    packed: bool
    output_shape: tuple[int, ...]
    h_n_shape: tuple[int, ...]
    c_n_shape: tuple[int, ...] | None


def sequence_length(spec: ModelSpec, inp: InputSpec) -> int:
    """L as torch reads it (the longest sequence for packed input)."""
    if inp.packed:
        return max(inp.lengths or (0,))
    if inp.batched and spec.batch_first:
        return inp.shape[1]
    return inp.shape[0]


def shown_steps(seq_len: int, max_columns: int = MAX_COLUMNS) -> tuple[int | None, ...]:
    if seq_len <= max_columns:
        return tuple(range(seq_len))
    head = max_columns // 2
    tail = max_columns - head - 1  # one column goes to the ".." between them
    return (*range(head), None, *range(seq_len - tail, seq_len))


def unroll(spec: ModelSpec, inp: InputSpec, shapes: ForwardShapes) -> Unrolled:
    seq_len = sequence_length(spec, inp)
    steps = shown_steps(seq_len)
    top = spec.num_layers - 1
    rows: list[Row] = []
    for layer in range(top, -1, -1):
        for reverse in (False, True) if spec.bidirectional else (False,):
            last_step = 0 if reverse else seq_len - 1
            cells = tuple(
                Cell(
                    in_output=step is not None and layer == top,
                    in_h_n=step is not None and step == last_step,
                )
                for step in steps
            )
            rows.append(Row(layer, reverse, cells))
    return Unrolled(
        steps=steps,
        rows=tuple(rows),
        seq_len=seq_len,
        packed=inp.packed,
        output_shape=shapes.output.shape,
        h_n_shape=shapes.h_n.shape,
        c_n_shape=None if shapes.c_n is None else shapes.c_n.shape,
    )


def unroll_exercise(exercise: Exercise) -> Unrolled | None:
    """The picture's data, or None when there is no forward pass to draw (or torch refuses it)."""
    if exercise.input is None:
        return None
    try:
        spec = bind(exercise.call)
    except ConstructorError:
        return None
    shapes = predict_run(spec, exercise.input)
    if isinstance(shapes, RunError):
        return None
    return unroll(spec, exercise.input, shapes)
