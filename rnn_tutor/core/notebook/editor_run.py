"""A run of the My code editor as the kernel sends it back: the cells' run and its modules.

The editor's text is every cell of a notebook (``# %%`` lines, or a notebook page pasted
with its ``In [n]:`` prompts); :func:`run_editor` runs them in one notebook, as Jupyter
would, and then reads what the screen draws from the live objects while they are at hand:
for every name bound to a module, its ``named_parameters()`` shapes, the configuration of
each recurrent layer in it and its parameter count (:class:`ModuleFacts`). Those are plain
values, so they cross the kernel's pipe (``kernel/wire.py``) and the app never holds a
torch object of the learner's; ``ui/cell_models.py`` turns them into the Parameters tree
and the Unrolled pictures. Torch objects are only read through their attributes here;
nothing imports torch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from rnn_tutor.core.call.spec import ModelKind, ModelSpec
from rnn_tutor.core.notebook.cells import is_transcript, transcript_spans
from rnn_tutor.core.notebook.results import CellRun, StatementRun

MAX_MODULES = 32
"""Modules read per run: the screen lists 12; a call can use any bound one."""
MAX_PARAMS = 2_000
"""Parameter rows read per module (its count is always the whole)."""

_KINDS: dict[str, ModelKind] = {"RNN_TANH": "RNN", "RNN_RELU": "RNN", "LSTM": "LSTM", "GRU": "GRU"}

# The marker the interpreter splits cells on (rnn_tutor.core.notebook.split_cells).
CELL_MARKER = re.compile(r"^#\s*%%")


class Runs(Protocol):
    """What ``run_editor`` needs of a notebook (the interpreter, or a test's stand-in)."""

    def run_cell(self, source: str) -> Any: ...

    def value(self, name: str) -> object: ...


@dataclass(frozen=True)
class ParamFact:
    """One of ``named_parameters()``: ``owner`` is the submodule's path ("" for the module)."""

    owner: str
    leaf: str
    shape: tuple[int, ...]


@dataclass(frozen=True)
class ModuleFacts:
    """A module still bound to a name when the run ended, as plain values.

    ``recurrent`` maps the path of each recurrent layer in it ("" for the module itself) to
    its configuration; ``calls`` is the recurrent layer a call of it runs (itself, or its
    only one), which the Unrolled picture is drawn from.
    """

    name: str
    kind: str
    params: tuple[ParamFact, ...]
    recurrent: Mapping[str, ModelSpec] = field(default_factory=dict)
    total: int = 0
    all_weights_len: int | None = None
    calls: ModelSpec | None = None


@dataclass(frozen=True)
class EditorRun:
    """What one ctrl+r gives the screen: the run and the modules by name."""

    run: CellRun
    modules: Mapping[str, ModuleFacts] = field(default_factory=dict)


def cell_spans(source: str) -> list[tuple[int, str]]:
    """The editor's text as notebook cells: (lines before the cell, the cell's text).

    ``# %%`` lines separate cells as in a .py notebook; a notebook page pasted as text is
    split on its ``In [n]:`` prompts with its printed outputs left out; otherwise the text
    is one cell.
    """
    if is_transcript(source):
        return transcript_spans(source)
    lines = source.split("\n")
    starts = [0] + [i + 1 for i, line in enumerate(lines) if CELL_MARKER.match(line)]
    ends = [i for i, line in enumerate(lines) if CELL_MARKER.match(line)] + [len(lines)]
    return [
        (start, "\n".join(lines[start:end]))
        for start, end in zip(starts, ends, strict=True)
        if "\n".join(lines[start:end]).strip()
    ]


def run_cells(notebook: Runs, source: str) -> CellRun:
    """Every cell of the editor in one notebook, as Jupyter would, as one run.

    Each cell runs with blank lines before it, so its line numbers are the editor's; each
    shows its own last expression; the first cell that stops stops the rest.
    """
    runs: list[CellRun] = []
    for before, cell in cell_spans(source):
        run = notebook.run_cell("\n" * before + cell)
        runs.append(run)
        if not run.ok:
            break
    if not runs:
        first: CellRun = notebook.run_cell(source)
        return first
    displays = [run.display for run in runs if run.display is not None]
    return replace(
        runs[-1],
        ok=runs[-1].ok,
        statements=tuple(statement for run in runs for statement in run.statements),
        stdout="".join(run.stdout for run in runs),
        display="\n".join(displays) if displays else None,
        source=source,
    )


def run_editor(notebook: Runs, source: str) -> EditorRun:
    """The editor's cells run in ``notebook``, with the modules they left bound."""
    run = run_cells(notebook, source)
    return EditorRun(run, module_facts(notebook, run))


def model_spec(module: Any) -> ModelSpec | None:
    """A live nn.RNN/LSTM/GRU's configuration, or None for anything else."""
    kind = _KINDS.get(str(getattr(module, "mode", "")))
    if kind is None or not hasattr(module, "all_weights"):
        return None
    try:
        return ModelSpec(
            kind=kind,
            input_size=int(module.input_size),
            hidden_size=int(module.hidden_size),
            num_layers=int(module.num_layers),
            bias=bool(module.bias),
            batch_first=bool(module.batch_first),
            dropout=float(module.dropout),
            bidirectional=bool(module.bidirectional),
            proj_size=int(getattr(module, "proj_size", 0)),
            nonlinearity="relu" if module.mode == "RNN_RELU" else "tanh",
        )
    except (AttributeError, TypeError, ValueError):
        return None


def is_module(value: object) -> bool:
    """A live module: not a class such as the tutorial's ``class RNN(nn.Module)`` itself,
    whose ``named_parameters`` is a plain function wanting ``self`` (reading one stopped
    the kernel session, and My code said "kernel stopped (exit)" on every such cell)."""
    if isinstance(value, type):
        return False
    return callable(getattr(value, "named_parameters", None)) and callable(
        getattr(value, "named_modules", None)
    )


def facts_of(name: str, module: Any) -> ModuleFacts:
    """``named_parameters()`` of a live module and the recurrent layers in it."""
    recurrent = {
        prefix: spec
        for prefix, sub in module.named_modules()
        if (spec := model_spec(sub)) is not None
    }
    params: list[ParamFact] = []
    for full_name, param in module.named_parameters():
        if len(params) >= MAX_PARAMS:
            break
        owner, _, leaf = full_name.rpartition(".")
        params.append(ParamFact(owner, leaf, tuple(int(s) for s in param.shape)))
    own = recurrent.get("")
    calls = own if own is not None else None
    if calls is None and len(recurrent) == 1:
        calls = next(iter(recurrent.values()))
    return ModuleFacts(
        name=name,
        kind=type(module).__name__,
        params=tuple(params),
        recurrent=recurrent,
        total=sum(int(p.numel()) for p in module.parameters()),
        all_weights_len=len(module.all_weights) if own is not None else None,
        calls=calls,
    )


def statements_of(statements: tuple[StatementRun, ...]) -> Iterator[StatementRun]:
    """Every statement that ran, those inside loops and ifs included, in line order."""
    for statement in statements:
        yield statement
        yield from statements_of(getattr(statement, "inner", ()))


def module_facts(notebook: Runs, run: CellRun) -> dict[str, ModuleFacts]:
    """Every name the run bound that is still a module, in the order it was first bound."""
    facts: dict[str, ModuleFacts] = {}
    seen: set[str] = set()
    for statement in statements_of(run.statements):
        for binding in statement.bindings:
            if binding.name in seen:
                continue
            seen.add(binding.name)
            try:
                value = notebook.value(binding.name)
            except KeyError:
                continue
            if is_module(value):
                facts[binding.name] = facts_of(binding.name, value)
            if len(facts) >= MAX_MODULES:
                return facts
    return facts
