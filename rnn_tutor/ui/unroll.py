"""The network unrolled over time, as data: which cells make up ``output`` and which ``h_n``.

``output`` is the TOP layer at EVERY time step; ``h_n`` is EVERY layer at the LAST step it
processed, which for the reverse direction is step 0. Pure Python (closed-form rules),
so the picture can be drawn and tested without torch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from rnn_tutor.core.call.rules import ForwardShapes, RunError, predict_run
from rnn_tutor.core.call.spec import ConstructorError, InputSpec, ModelSpec, bind

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise
    from rnn_tutor.core.grading.slices import Pick, SlicePicture

# Long sequences show their first and last steps with ".." between them; 6 columns fit
# beside the parameter pane at 100 columns.
MAX_COLUMNS = 6


@dataclass(frozen=True)
class Cell:
    in_output: bool
    in_h_n: bool
    right: bool = False  # the right slice reads this cell
    yours: bool = False  # the learner's slice reads it (only where it differs)
    padding: bool = False  # a padded step: zeros in the padded output


@dataclass(frozen=True)
class Row:
    """One layer in one direction, across the shown time steps."""

    layer: int
    reverse: bool
    cells: tuple[Cell, ...]
    sequence: int | None = None  # set when rows are sequences (a packed batch)
    length: int | None = None  # that sequence's real length


@dataclass(frozen=True)
class Unrolled:
    steps: tuple[int | None, ...]  # the time step of each column; None marks the elided gap
    rows: tuple[Row, ...]  # top layer first, forward before reverse
    seq_len: int
    packed: bool
    output_shape: tuple[int, ...]
    h_n_shape: tuple[int, ...]
    c_n_shape: tuple[int, ...] | None
    right: SlicePick | None = None
    yours: SlicePick | None = None
    output_name: str = "output"


@dataclass(frozen=True)
class SlicePick:
    """An expression the picture marks, and the sequences it reads if not all of them."""

    expression: str
    only: tuple[int, ...] | None = None


def sequence_length(spec: ModelSpec, inp: InputSpec) -> int:
    """L as torch reads it (the longest sequence for packed input)."""
    if inp.packed:
        return max(inp.lengths or (0,))
    if inp.batched and spec.batch_first:
        return inp.shape[1]
    return inp.shape[0]


def shown_steps(
    seq_len: int, max_columns: int = MAX_COLUMNS, must: Iterable[int] = ()
) -> tuple[int | None, ...]:
    """The steps drawn: all if they fit, else both ends and every step in ``must``, with
    ``None`` where steps are left out (``must`` may make it wider than ``max_columns``)."""
    if seq_len <= max_columns:
        return tuple(range(seq_len))
    head = max_columns // 2
    tail = max_columns - head - 1  # one column goes to the ".." between them
    needed = {step for step in must if 0 <= step < seq_len}
    if needed <= {*range(head), *range(seq_len - tail, seq_len)}:
        return (*range(head), None, *range(seq_len - tail, seq_len))
    chosen = {0, seq_len - 1} | needed
    for step in range(seq_len):  # then widen from the start while there is room
        if _width(chosen) >= max_columns:
            break
        chosen.add(step)
    shown: list[int | None] = []
    for step in sorted(chosen):
        if shown and shown[-1] is not None and step != shown[-1] + 1:
            shown.append(None)
        shown.append(step)
    return tuple(shown)


def _width(steps: set[int]) -> int:
    """Columns needed to show ``steps``: one each, and one for each gap between them."""
    ordered = sorted(steps)
    return len(ordered) + sum(1 for a, b in pairwise(ordered) if b != a + 1)


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


def _slice_pick(pick: Pick | None, batch: int, by_sequence: bool) -> SlicePick | None:
    if pick is None:
        return None
    sequences = pick.sequences()
    only = None if by_sequence or len(sequences) == batch else sequences
    return SlicePick(pick.expression, only)


def _marked(pick: Pick | None) -> set[tuple[int, bool, int, int | None]]:
    if pick is None:
        return set()
    return {(s.layer, s.reverse, s.step, s.sequence) for s in pick.slots}


def unroll_slices(
    picture: SlicePicture, max_columns: int | None = MAX_COLUMNS, last_steps: bool = True
) -> Unrolled:
    """A cell exercise's picture: layers by steps, or, for a packed batch, each sequence of
    the top layer by steps (its padding shown), with the cells each slice reads marked.

    ``max_columns`` None shows every step; ``last_steps`` False lets a packed batch's real
    last steps fall into the left-out run when the slices' own steps alone must fit."""
    by_sequence = picture.lengths is not None
    right, yours = _marked(picture.right), _marked(picture.yours)
    # Steps a slice reads must be drawn, unless it reads every step (the ends show that).
    must = {
        step
        for marked in (right, yours)
        if len(steps_read := {step for (_, _, step, _) in marked}) < picture.seq_len
        for step in steps_read
    }
    directions = (False, True) if picture.bidirectional else (False,)
    if by_sequence and last_steps:
        must |= {picture.last_step(b, False) for b in range(picture.batch)}
    steps = shown_steps(picture.seq_len, max_columns or picture.seq_len, must)
    top = picture.num_layers - 1
    rows: list[Row] = []
    if by_sequence:
        layers = sorted({top} | {layer for (layer, _, _, _) in right | yours}, reverse=True)
        for layer in layers:
            for sequence in range(picture.batch):
                for reverse in directions:
                    rows.append(_row(picture, steps, layer, reverse, sequence, right, yours))
    else:
        for layer in range(top, -1, -1):
            for reverse in directions:
                rows.append(_row(picture, steps, layer, reverse, None, right, yours))
    return Unrolled(
        steps=steps,
        rows=tuple(rows),
        seq_len=picture.seq_len,
        packed=by_sequence,
        output_shape=picture.output_shape,
        h_n_shape=picture.h_n_shape,
        c_n_shape=picture.c_n_shape,
        right=_slice_pick(picture.right, picture.batch, by_sequence),
        yours=_slice_pick(picture.yours, picture.batch, by_sequence),
        output_name=picture.output_name,
    )


def _row(
    picture: SlicePicture,
    steps: tuple[int | None, ...],
    layer: int,
    reverse: bool,
    sequence: int | None,
    right: set[tuple[int, bool, int, int | None]],
    yours: set[tuple[int, bool, int, int | None]],
) -> Row:
    """One row; without a sequence a cell is marked when the slice reads it for any."""
    top = picture.num_layers - 1
    sequences = range(picture.batch) if sequence is None else (sequence,)
    cells: list[Cell] = []
    for step in steps:
        if step is None:
            cells.append(Cell(False, False))
            continue
        keys = {(layer, reverse, step, b) for b in sequences}
        padding = sequence is not None and picture.padding(step, sequence)
        last = (
            picture.last_step(sequence, reverse)
            if sequence is not None
            else (0 if reverse else picture.seq_len - 1)
        )
        cells.append(
            Cell(
                in_output=layer == top and not padding,
                in_h_n=step == last,
                right=bool(keys & right),
                yours=bool(keys & yours) and not keys & right,
                padding=padding,
            )
        )
    length = None if sequence is None or picture.lengths is None else picture.lengths[sequence]
    return Row(layer, reverse, tuple(cells), sequence, length)
