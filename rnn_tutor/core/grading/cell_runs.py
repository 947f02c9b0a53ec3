"""One run of a cell for grading: the asked expression's value, or why there is none.

Grading runs a cell in a fresh kernel (the notebook's first cell already run) with a
belief runtime installed (``core/notebook/beliefs.py``): the truth run records what it did
so that diagnosis can ask each belief about it, and a belief's own run changes torch's
semantics where the belief says. Nothing here holds a torch object beyond the run itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnn_tutor.core.grading.cell_kernel import fresh_notebook
from rnn_tutor.core.notebook import CellFailure
from rnn_tutor.core.notebook.beliefs import Belief, Runtime

if TYPE_CHECKING:
    from rnn_tutor.core.notebook import CellError, CellRun, Notebook


@dataclass
class Run:
    """A cell run, then its asked expression evaluated in the same kernel.

    ``value`` is the expression's value (not its ``.shape``); ``error`` why the cell or the
    expression stopped (torch's refusal, or the interpreter's). ``axes`` are the value's axis
    names where the interpreter knows them (``("N", "L", "D*H_out")``).
    """

    source: str
    target: str
    notebook: Notebook
    runtime: Runtime
    cell_run: CellRun | None
    value: object | None = None
    error: CellError | None = None
    axes: tuple[str, ...] | None = None

    @property
    def raised(self) -> bool:
        return self.error is not None


def run(
    source: str,
    target: str,
    beliefs: Sequence[Belief] = (),
    *,
    record: bool = True,
    shape: bool = False,
) -> Run:
    """Run ``source`` with ``beliefs`` in place, then evaluate ``target``.

    ``shape``: the question is about the value's shape; a value that is not a tensor then
    has its own ``.shape`` asked (a PackedSequence has none: torch's AttributeError is the
    answer).
    """
    import torch

    notebook = fresh_notebook()
    runtime = Runtime(beliefs, notebook.names, record=record, book=notebook.book)
    notebook.walker.beliefs = runtime
    found = Run(source, target, notebook, runtime, None)
    cell_run = notebook.run_cell(source, annotate=record)
    found.cell_run = cell_run
    if not cell_run.ok:
        found.error = cell_run.error
        return found
    try:
        found.value = notebook.evaluate(target)
        if shape and not isinstance(found.value, torch.Tensor):
            found.value = notebook.evaluate(f"({target}).shape")
    except CellFailure as failure:
        found.error = failure.error
        return found
    found.axes = notebook.book.get(found.value)
    return found


def shape_of(value: object) -> tuple[int, ...] | None:
    """A tensor's (or a torch.Size's) shape as a tuple of ints; None for anything else."""
    import torch

    if isinstance(value, torch.Tensor):
        return tuple(int(s) for s in value.shape)
    if isinstance(value, torch.Size):
        return tuple(int(s) for s in value)
    return None


def same_value(a: object, b: object) -> bool:
    """Equal by value: tensors by shape, dtype and torch.equal, anything else by ==."""
    import torch

    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return (
            isinstance(a, torch.Tensor)
            and isinstance(b, torch.Tensor)
            and a.device == b.device
            and a.shape == b.shape
            and a.dtype == b.dtype
            and bool(torch.equal(a, b))
        )
    try:
        return bool(a == b)
    except Exception:  # an odd value's == may raise: then it is not the same value
        return False
