"""A scripted stand-in for the notebook interpreter: exact runs for exact screen tests.

The "My code" screen reads runs through attributes only, so these small values stand in
for the interpreter's (same field names) where a test needs a run it fully controls: an
error on a given line, a note long enough to cut, a run that takes a while.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rnn_tutor.core.kernel import KernelStop
from rnn_tutor.core.notebook.editor_run import EditorRun, run_editor


@dataclass(frozen=True)
class Bound:
    name: str
    kind: str
    shape: tuple[int, ...] | None
    text: str
    axes: tuple[str, ...] | None = None
    dtype: str | None = "torch.float32"
    items: tuple[Bound, ...] = ()
    batch_sizes: tuple[int, ...] | None = None
    params: int | None = None


@dataclass(frozen=True)
class Ran:
    line: int
    bindings: tuple[Bound, ...] = ()
    printed: str = ""
    display: str | None = None
    end_line: int = 0
    inner: tuple[Ran, ...] = ()


@dataclass(frozen=True)
class Failed:
    line: int
    kind: str
    exception: str | None
    torch_message: str | None
    message_id: str
    params: Mapping[str, object] = field(default_factory=dict)
    misconception: str | None = None
    fix_id: str | None = None
    fix_params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Run:
    ok: bool
    statements: tuple[Ran, ...]
    error: Failed | None
    stdout: str
    display: str | None
    source: str = ""


class ScriptedNotebook:
    """Gives back ``run`` (with the source it was handed) and ``values`` by name.

    ``gate``, when given, holds the run until the test sets it: the editor must stay
    usable meanwhile.
    """

    def __init__(
        self, run: Run, values: Mapping[str, Any] | None = None, gate: threading.Event | None = None
    ) -> None:
        self._run = run
        self._values = dict(values or {})
        self._gate = gate
        self.sources: list[str] = []

    def run_cell(self, source: str) -> Run:
        self.sources.append(source)
        if self._gate is not None:
            self._gate.wait(10)
        return Run(
            self._run.ok,
            self._run.statements,
            self._run.error,
            self._run.stdout,
            self._run.display,
            source,
        )

    def value(self, name: str) -> Any:
        return self._values[name]


class ScriptedSession:
    """A kernel session's stand-in for My code: the editor's cells through a notebook here.

    ``run_editor`` is the kernel's own function, so what the screen gets is what a session
    would send; the scripted runs and values stay in this process. ``notebook`` gives the
    interpreter of each run (a test may script the next run differently).
    """

    def __init__(self, notebook: Callable[[], Any]) -> None:
        self.notebook = notebook
        self.closed = False

    def ensure(self) -> KernelStop | None:
        return None

    def run_editor(self, source: str) -> EditorRun | KernelStop:
        return run_editor(self.notebook(), source)

    def close(self, wait: bool = True) -> None:
        self.closed = True


# The seed notebook's RNN call: output, hn = nn.RNN(10, 1, batch_first=True)(x) on (1, 3, 10).
OUTPUT = Bound("output", "tensor", (1, 3, 1), "(1, 3, 1) = (N, L, D*H_out)", ("N", "L", "D*H_out"))
H_N = Bound(
    "hn",
    "tensor",
    (1, 1, 1),
    "(1, 1, 1) = (D*num_layers, N, H_out)",
    ("D*num_layers", "N", "H_out"),
)
