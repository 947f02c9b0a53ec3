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
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnn_tutor.core.exercises.cells import BLANK, Cell
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.cell_kernel import fresh_notebook
from rnn_tutor.core.grading.slices import Pick, SlicePicture, Slot
from rnn_tutor.core.notebook import CellFailure

if TYPE_CHECKING:
    from torch import Tensor

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
"""A traced value with more numbers than this is not read (our cells are far smaller)."""
_MAX_TENSORS = 64
"""Tensors read from one value at most (a list may hold the same one many times)."""
_NUMBERINGS: tuple[int | None, ...] = (None, 1729, 4104)
"""In order, then two fixed shuffles: a chance agreement of a sum under all three is
about one in the square of the positions."""


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

    @property
    def output_count(self) -> int:
        return self.seq_len * self.batch * self.directions * self.hidden

    @property
    def h_n_count(self) -> int:
        return self.num_layers * self.directions * self.batch * self.hidden

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


def _numbering(count: int, shuffle: int | None) -> Tensor:
    """Each position's number, in order or in a fixed shuffle."""
    import torch

    if shuffle is None:
        return torch.arange(count)
    return torch.randperm(count, generator=torch.Generator().manual_seed(shuffle))


@dataclass(frozen=True)
class _Numbered:
    """One numbering of the sources: for each base, the position each number stands for."""

    positions: dict[int, Tensor]


def _numbered(
    notebook: Notebook, layout: _Layout, shapes: _Shapes, shuffle: int | None
) -> _Numbered:
    """Swap the sources for tensors of their shapes whose entries number their positions,
    then run again the cell's later ``name = ...`` lines, so names computed from the
    sources (``last = output[:, -1]``, ``layers = h_n.view(...)``) hold numbers too."""
    import torch

    positions: dict[int, Tensor] = {}
    for name, base, shape in (
        (layout.output_name, _BASE_OUTPUT, shapes.output),
        (H_N_NAME, _BASE_H_N, shapes.h_n),
    ):
        count = math.prod(shape)
        order = _numbering(count, shuffle)
        notebook.names[name] = (order.to(torch.float64) + base).reshape(shape)
        positions[base] = torch.argsort(order)  # number - base -> position
    for line in shapes.replayed:
        notebook.run_cell(line)  # a line torch refuses now (float64 numbers) just stops
    return _Numbered(positions)


def _flat(value: object) -> Tensor | None:
    """Every number in ``value`` (tensors, and tuples and lists of them) in one vector;
    None when there is none or too many to read."""
    import torch

    found: list[Tensor] = []
    seen: set[int] = set()
    total = 0
    pending: list[object] = [value]
    while pending and len(seen) < _MAX_TENSORS:
        item = pending.pop()
        if isinstance(item, tuple | list):
            pending.extend(item[:_MAX_TENSORS])
            continue
        if not isinstance(item, torch.Tensor) or id(item) in seen:
            continue
        seen.add(id(item))
        if item.is_complex() or item.layout != torch.strided or item.device.type != "cpu":
            continue
        total += item.numel()
        if total > _MAX_READ:
            return None
        try:
            found.append(item.detach().reshape(-1).to(torch.float64))
        except (RuntimeError, TypeError, ValueError, NotImplementedError):
            continue
    return torch.cat(found) if found else None


def _codes(vector: Tensor, numbered: _Numbered, layout: _Layout) -> Tensor:
    """For each number: the position it stands for (h_n's after the output's), else -1."""
    import torch

    codes = torch.full(vector.shape, -1, dtype=torch.int64)
    finite = vector.isfinite()
    whole = finite & (vector == torch.where(finite, vector, 0).round())
    offset = 0
    for base, count in (
        (_BASE_OUTPUT, layout.output_count),
        (_BASE_H_N, layout.h_n_count),
    ):
        raw = torch.where(whole, vector - base, -1.0)
        inside = (raw >= 0) & (raw < count)
        codes[inside] = numbered.positions[base][raw[inside].long()] + offset
        offset += count
    return codes


def _slots(codes: list[Tensor], layout: _Layout) -> frozenset[Slot]:
    """The slots every numbering agrees a value was read from: indexing, views, cat and
    stack keep a number's position under any numbering; a mean or a sum of numbers, or a
    number the learner wrote, lands on different positions and is left out."""
    import torch

    first = codes[0]
    if any(other.shape != first.shape for other in codes[1:]):
        return frozenset()
    keep = first >= 0
    for other in codes[1:]:
        keep &= first == other
    agreed = torch.unique(first[keep]).tolist()
    return frozenset(
        layout.output_slot(code)
        if code < layout.output_count
        else layout.h_n_slot(code - layout.output_count)
        for code in agreed
    )


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


def _reads_a_source(text: str) -> bool:
    try:
        tree = ast.parse(text, mode="eval")  # our own cell text: read, never run
    except SyntaxError:
        return False
    sources = {*OUTPUT_NAMES, H_N_NAME}
    return any(isinstance(node, ast.Name) and node.id in sources for node in ast.walk(tree))


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
    # Then, from the last line up, the lines that read a source (never ``x = torch.randn``).
    later = [text for _, text in reversed(assigned) if _reads_a_source(text)]
    texts = [part for text in first + later for part in _parts(text)]
    return [text for text in dict.fromkeys(texts) if BLANK not in text]


@dataclass(frozen=True)
class _Shapes:
    """The sources' real shapes, and the later lines to run again on their numbers."""

    output: tuple[int, ...]
    h_n: tuple[int, ...]
    c_n: tuple[int, ...] | None
    replayed: tuple[str, ...]


def _later_lines(source: str) -> tuple[str, ...]:
    """The top-level ``name = ...`` lines after the last one that binds a source (not those
    that bind a source themselves)."""
    try:
        tree = ast.parse(source)  # our own cell text: read, never run
    except SyntaxError:
        return ()
    sources = {*OUTPUT_NAMES, H_N_NAME}
    lines: list[str] = []
    for node in tree.body:
        bound = {
            target.id
            for statement in ast.walk(node)
            if isinstance(statement, ast.Assign)
            for whole in statement.targets
            for target in ast.walk(whole)
            if isinstance(target, ast.Name)
        }
        if bound & sources:
            lines = []
            continue
        single = isinstance(node, ast.Assign) and len(node.targets) == 1
        if single and isinstance(node.targets[0], ast.Name):  # type: ignore[attr-defined]
            text = ast.get_source_segment(source, node)
            if text:
                lines.append(text)
    return tuple(lines)


def _traced(
    notebook: Notebook, layout: _Layout, shapes: _Shapes, expressions: list[str]
) -> list[frozenset[Slot]]:
    """The slots each expression reads, by evaluating it under each numbering."""
    codes: list[list[Tensor | None]] = []
    for shuffle in _NUMBERINGS:
        numbered = _numbered(notebook, layout, shapes, shuffle)
        row: list[Tensor | None] = []
        for expression in expressions:
            try:
                vector = _flat(notebook.evaluate(expression))
            except CellFailure:
                vector = None
            row.append(None if vector is None else _codes(vector, numbered, layout))
        codes.append(row)
    found: list[frozenset[Slot]] = []
    for index in range(len(expressions)):
        each = [row[index] for row in codes]
        known = [code for code in each if code is not None]
        found.append(_slots(known, layout) if len(known) == len(each) else frozenset())
    return found


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
    output_shape = _shape(notebook.names[layout.output_name])
    assert output_shape is not None and h_n_shape is not None  # _layout checked both
    shapes = _Shapes(
        output=output_shape,
        h_n=h_n_shape,
        c_n=_shape(notebook.names.get(C_N_NAME)),
        replayed=_later_lines(cell.reference_source),
    )
    candidates = _candidates(cell)
    mine = answer.strip() if answer is not None and answer.strip() else None
    traced = _traced(notebook, layout, shapes, candidates + ([mine] if mine else []))
    whole = layout.seq_len * layout.batch * layout.directions  # the top layer everywhere
    right = next(
        (
            Pick(text, slots)
            for text, slots in zip(candidates, traced, strict=False)
            if slots and len(slots) < whole
        ),
        None,
    )
    yours = None
    if mine is not None and right is not None and traced[-1] and traced[-1] != right.slots:
        yours = Pick(mine, traced[-1])
    return SlicePicture(
        num_layers=layout.num_layers,
        bidirectional=layout.directions == 2,
        seq_len=layout.seq_len,
        batch=layout.batch,
        lengths=layout.lengths,
        output_name=layout.output_name,
        output_shape=output_shape,
        h_n_shape=h_n_shape,
        c_n_shape=shapes.c_n,
        right=right,
        yours=yours,
    )
