"""What a notebook run gives back: plain frozen values the CLI, the app and the exercises read.

Nothing here holds a torch object, so a result can cross a worker thread, be turned into
JSON, or be compared in a test without torch's help.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rnn_tutor.i18n import t


@dataclass(frozen=True)
class Limits:
    """How far one cell may go; each cap stops a run with a message, never a hang.

    Sizes are counted with max(1, size) per axis, so a 0-wide axis cannot hide a huge one.
    ``max_nesting`` bounds how deep the code's own syntax tree may be (checked before it runs).
    ``max_held_elements`` bounds what the whole notebook holds across cells (holdings.py: in
    4-byte units; a Python list item counts 8).
    """

    max_axis: int = 65_536
    max_elements: int = 4_000_000
    max_statements: int = 20_000
    max_iterations: int = 10_000
    max_seconds: float = 10.0
    max_depth: int = 12
    max_source_chars: int = 50_000
    max_nesting: int = 40
    max_output_chars: int = 200_000
    max_held_elements: int = 100_000_000


@dataclass(frozen=True)
class Binding:
    """One name a statement bound, described: shape and dtype for tensors, a short text."""

    name: str
    kind: str  # "tensor" | "packed" | "tuple" | "module" | "number" | "other"
    shape: tuple[int, ...] | None
    dtype: str | None
    axes: tuple[str, ...] | None
    text: str
    # For tuples: what each item is (same description), e.g. (output, h_n) returned by a module.
    items: tuple[Binding, ...] = ()
    # For a PackedSequence: batch_sizes as a list of ints.
    batch_sizes: tuple[int, ...] | None = None
    # For a module: how many parameters it holds, worded only when shown (shown_text).
    params: int | None = None


def shown_text(binding: Binding) -> str:
    """A binding's text as a person reads it; a module adds its count: ``RNN(10, 5)  [85 params]``.

    The count is a field (``Binding.params``), worded here in the current language, so nothing
    parses it back out of the text.
    """
    if binding.params is None:
        return binding.text
    return binding.text + "  " + t("notebook.binding.params", count=binding.params)


@dataclass(frozen=True)
class CellError:
    """Why a cell stopped: where, what torch said, and our explanation as message data."""

    line: int
    kind: str  # "refused" | "limit" | "torch" | "python"
    exception: str | None
    torch_message: str | None
    message_id: str
    params: Mapping[str, object] = field(default_factory=dict)
    misconception: str | None = None
    fix_id: str | None = None
    fix_params: Mapping[str, object] = field(default_factory=dict)
    end_line: int | None = None
    column: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "kind": self.kind,
            "exception": self.exception,
            "torch_message": self.torch_message,
            "message_id": self.message_id,
            "params": dict(self.params),
            "misconception": self.misconception,
            "fix_id": self.fix_id,
            "fix_params": dict(self.fix_params),
        }


@dataclass(frozen=True)
class StatementRun:
    """One top-level statement of the cell as it ran."""

    line: int
    end_line: int
    bindings: tuple[Binding, ...]
    printed: str
    display: str | None
    # Warnings torch gave while the statement ran (first line of each).
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellRun:
    """A whole cell: every statement that ran, and the error that stopped it, if one did."""

    ok: bool
    statements: tuple[StatementRun, ...]
    error: CellError | None
    stdout: str
    display: str | None
    source: str = field(default="", repr=False)
    # Line number -> the names that line bound on its last run (loop bodies and the bodies of
    # functions defined in this cell included), described: for shapes beside every line.
    lines: Mapping[int, tuple[Binding, ...]] = field(default_factory=dict, repr=False)


class CellFailure(Exception):
    """Raised by Notebook.evaluate when the expression cannot run; ``error`` says why."""

    def __init__(self, error: CellError) -> None:
        super().__init__(error.message_id)
        self.error = error
