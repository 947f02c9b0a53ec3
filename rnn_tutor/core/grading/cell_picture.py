"""Tracing a slice back to the cells of the unrolled network it reads.

The cell runs once in the interpreter; then ``output`` (or ``padded``) and ``h_n`` are
swapped for tensors of the same shapes whose every entry is its own position, and the
slice is evaluated again through the same walker. Each number that comes out names the
layer, direction, time step and sequence it was read from, so the picture is what torch
indexing really did (``output[-1]`` under ``batch_first=True`` picks the last *sequence*,
``padded[:, -1]`` picks padding for the short ones), whatever spelling the learner used.
Learner text is only run by the interpreter, never by Python itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnn_tutor.core.exercises.cells import BLANK, Cell
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.cell_kernel import fresh_notebook
from rnn_tutor.core.grading.slices import Pick, SlicePicture, Slot

if TYPE_CHECKING:
    from rnn_tutor.core.notebook import Notebook

OUTPUT_NAMES = ("padded", "output", "enc_out")
"""What our cells call the tensor of the top layer's steps (padded first: it is the one
sliced when both exist; an encoder's is ``enc_out``)."""
H_N_NAME = "h_n"
C_N_NAME = "c_n"

_BASE_OUTPUT = 1 << 22
_BASE_H_N = 2 << 22
_SPAN = 1 << 22
"""Positions are numbered from these bases; all stay below 2**24, so they survive a cast
to float32 exactly."""
_MAX_READ = 200_000
"""A traced value larger than this is not read (our cells are far smaller)."""


@dataclass(frozen=True)
class _Layout:
    """How the output-like tensor and h_n are laid out, and how big the network is."""

    output_name: str
    batch_first: bool
    seq_len: int
    batch: int
    num_layers: int
    directions: int
    hidden: int
    lengths: tuple[int, ...] | None

    def output_slot(self, index: int) -> Slot:
        width = self.directions * self.hidden
        rest, feature = divmod(index, width)
        if self.batch_first:
            sequence, step = divmod(rest, self.seq_len)
        else:
            step, sequence = divmod(rest, self.batch)
        return Slot(self.num_layers - 1, feature // self.hidden == 1, step, sequence)

    def h_n_slot(self, index: int) -> Slot:
        row, rest = divmod(index, self.batch * self.hidden)
        sequence = rest // self.hidden
        layer, direction = divmod(row, self.directions)
        reverse = direction == 1
        if reverse:
            step = 0
        elif self.lengths is not None:
            step = self.lengths[sequence] - 1
        else:
            step = self.seq_len - 1
        return Slot(layer, reverse, step, sequence)


def _shape(value: object) -> tuple[int, ...] | None:
    import torch

    return tuple(value.shape) if isinstance(value, torch.Tensor) else None


def _layout(cell: Cell, notebook: Notebook) -> _Layout | None:
    """The layout from the cell's own sizes and the shapes torch gave (None if they differ)."""
    names = notebook.names
    h_n = _shape(names.get(H_N_NAME))
    config = cell.config
    sizes = [config.get(key) for key in ("K", "H_out", "N")]
    if h_n is None or not all(
        isinstance(size, int) and not isinstance(size, bool) for size in sizes
    ):
        return None
    layers, hidden, batch = (int(size) for size in sizes)  # type: ignore[arg-type]
    directions = h_n[0] // layers  # an encoder's cell names no D: its h_n tells
    if directions not in (1, 2) or h_n != (layers * directions, batch, hidden):
        return None
    for name in OUTPUT_NAMES:
        shape = _shape(names.get(name))
        if shape is None or len(shape) != 3 or shape[2] != directions * hidden:
            continue
        batch_first = shape[0] == batch and shape[1] != batch
        if not batch_first and shape[1] != batch:
            continue
        lengths = config.get("lengths") if name == "padded" else None
        return _Layout(
            output_name=name,
            batch_first=batch_first,
            seq_len=shape[1] if batch_first else shape[0],
            batch=batch,
            num_layers=layers,
            directions=directions,
            hidden=hidden,
            lengths=tuple(lengths) if isinstance(lengths, tuple) else None,
        )
    return None


def _numbered(notebook: Notebook, layout: _Layout) -> None:
    """Swap the real tensors for ones whose entries are their own positions."""
    import torch

    for name, base in ((layout.output_name, _BASE_OUTPUT), (H_N_NAME, _BASE_H_N)):
        real = notebook.names[name]
        assert isinstance(real, torch.Tensor)
        count = real.numel()
        numbers = torch.arange(base, base + count, dtype=torch.float64).reshape(real.shape)
        notebook.names[name] = numbers


def _tensors(value: object) -> Iterator[object]:
    import torch

    if isinstance(value, torch.Tensor):
        yield value
    elif isinstance(value, tuple | list):
        for item in value[:16]:
            yield from _tensors(item)


def _slots(value: object, layout: _Layout) -> frozenset[Slot]:
    """The slots the numbers in ``value`` were read from (other numbers are ignored)."""
    import torch

    found: set[Slot] = set()
    for tensor in _tensors(value):
        assert isinstance(tensor, torch.Tensor)
        if tensor.numel() > _MAX_READ or tensor.is_complex():
            continue
        for number in tensor.detach().reshape(-1).tolist():
            if isinstance(number, bool) or number != int(number):
                continue
            whole = int(number)
            if _BASE_OUTPUT <= whole < _BASE_OUTPUT + _SPAN:
                index = whole - _BASE_OUTPUT
                if index < layout.seq_len * layout.batch * layout.directions * layout.hidden:
                    found.add(layout.output_slot(index))
            elif _BASE_H_N <= whole < _BASE_H_N + _SPAN:
                index = whole - _BASE_H_N
                if index < layout.num_layers * layout.directions * layout.batch * layout.hidden:
                    found.add(layout.h_n_slot(index))
    return frozenset(found)


def _assigned(source: str) -> list[tuple[str, str]]:
    """``(name, expression text)`` of the cell's top-level assignments; the name is "" when
    several are bound at once (``dec_out, dec_h = decoder(tgt, h_n)``)."""
    try:
        tree = ast.parse(source)  # our own cell text: read, never run
    except SyntaxError:
        return []
    found: list[tuple[str, str]] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            text = ast.get_source_segment(source, node.value)
            if text:
                found.append((target.id if isinstance(target, ast.Name) else "", text))
    return found


def _parts(text: str) -> list[str]:
    """``text`` and, largest first, its parts that read a named tensor (``output[-1]`` in
    ``head(output[-1])``), so a slice inside a call is still found."""
    try:
        tree = ast.parse(text, mode="eval")  # our own cell text: read, never run
    except SyntaxError:
        return [text]
    parts = [text]
    for node in ast.walk(tree.body):
        handed_on = isinstance(node, ast.Name) and node.id == H_N_NAME  # decoder(tgt, h_n)
        if handed_on or (
            isinstance(node, ast.Subscript | ast.Call | ast.Attribute)
            and any(
                isinstance(inner, ast.Name) and inner.id in (*OUTPUT_NAMES, H_N_NAME)
                for inner in ast.walk(node)
            )
        ):
            segment = ast.get_source_segment(text, node)
            if segment:
                parts.append(segment)
    return parts


def _candidates(cell: Cell) -> list[str]:
    """Expressions whose slice the picture shows, most telling first."""
    assigned = _assigned(cell.reference_source)
    by_name = {name: text for name, text in assigned if name}
    first: list[str] = []
    if cell.form == "blank":
        if cell.blank_kind == "expression":
            first.append(str(cell.answer))
    else:
        first.append(by_name.get(cell.target, cell.target))
    later = [text for _, text in reversed(assigned)]  # from the last line up
    texts = [part for text in first + later for part in _parts(text)]
    return [text for text in dict.fromkeys(texts) if BLANK not in text]


def _pick(notebook: Notebook, expression: str, layout: _Layout) -> Pick | None:
    from rnn_tutor.core.notebook import CellFailure

    try:
        value = notebook.evaluate(expression)
    except CellFailure:
        return None
    slots = _slots(value, layout)
    return Pick(expression, slots) if slots else None


def slice_picture(
    exercise: Exercise, answer: str | None = None, ran: Notebook | None = None
) -> SlicePicture | None:
    """The cell's network unrolled, with what its slice picks (and what ``answer`` picks).

    ``answer`` is a fill-in blank's expression to trace beside the right one; ``ran`` a
    kernel that already ran the reference cell (grading's: it is used up here). None when
    the cell has no recurrent layer whose ``output`` and ``h_n`` our cells name.
    """
    cell = exercise.cell
    if cell is None or not cell.shows_rnn or cell.topic == "request":
        return None
    notebook = ran
    if notebook is None:
        notebook = fresh_notebook()
        notebook.run_cell(cell.reference_source)  # names bound before an error still count
    layout = _layout(cell, notebook)
    if layout is None:
        return None
    h_n_shape = _shape(notebook.names[H_N_NAME])
    c_n_shape = _shape(notebook.names.get(C_N_NAME))
    output_shape = _shape(notebook.names[layout.output_name])
    _numbered(notebook, layout)
    whole = layout.seq_len * layout.batch * layout.directions  # the top layer everywhere
    right = next(
        (
            pick
            for text in _candidates(cell)
            if (pick := _pick(notebook, text, layout)) and len(pick.slots) < whole
        ),
        None,
    )
    yours = None
    if answer is not None and answer.strip() and right is not None:
        mine = _pick(notebook, answer.strip(), layout)
        if mine is not None and mine.slots != right.slots:
            yours = mine
    assert output_shape is not None and h_n_shape is not None  # _layout checked both
    return SlicePicture(
        num_layers=layout.num_layers,
        bidirectional=layout.directions == 2,
        seq_len=layout.seq_len,
        batch=layout.batch,
        lengths=layout.lengths,
        output_name=layout.output_name,
        output_shape=output_shape,
        h_n_shape=h_n_shape,
        c_n_shape=c_n_shape,
        right=right,
        yours=yours,
    )
