"""The modules a learner's cell built and its recurrent calls, as the screen draws them.

Made in the app from what the kernel sent back (``core.notebook.editor_run``: the run, and
for every name bound to a module its parameter shapes and recurrent layers): every module
still bound to a name becomes a :class:`ModuleView` (its ``named_parameters()`` grouped by
layer and direction, with the closed-form formula of each recurrent weight), and every
statement that called a recurrent layer becomes a :class:`CallPicture` (the unrolled
picture, from the layer's configuration and the shapes the call returned). No torch object
is ever here: the learner's objects stay in the kernel.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from rnn_tutor.core.call.rules import RunError, parameter_rule, predict_run
from rnn_tutor.core.call.spec import (
    ConstructorError,
    InputSpec,
    ModelSpec,
    SpecError,
    bind,
    parse_model,
)
from rnn_tutor.core.notebook import Binding, CellRun, StatementRun
from rnn_tutor.core.notebook.editor_run import ModuleFacts
from rnn_tutor.ui.cell_view import all_statements
from rnn_tutor.ui.reveal import ParamRow
from rnn_tutor.ui.unroll import Unrolled, unroll

MAX_MODULES = 12
"""More modules than a screen can list are not a notebook cell's worth."""
MAX_PICTURES = 6


@dataclass(frozen=True)
class ModuleGroup:
    """Parameters of one part of a module: a recurrent layer in one direction, or a submodule."""

    prefix: str  # "rnn." inside a Net, "" for the module itself
    layer: int | None  # None for a group that is not a recurrent layer
    reverse: bool
    rows: tuple[ParamRow, ...]


@dataclass(frozen=True)
class ModuleView:
    name: str  # the name the cell bound it to
    kind: str  # "RNN", "Linear", "Net"
    groups: tuple[ModuleGroup, ...]
    total: int  # Total params, as torchinfo counts them
    all_weights_len: int | None  # recurrent modules only


@dataclass(frozen=True)
class CallPicture:
    """A recurrent call of the cell: where it is, which module, and the picture."""

    line: int
    module: str
    picture: Unrolled


def _numel(shape: tuple[int, ...]) -> int:
    total = 1
    for size in shape:
        total *= size
    return total


def _layer_of(name: str) -> tuple[int, bool] | None:
    """``weight_ih_l1_reverse`` -> (1, True)."""
    reverse = name.endswith("_reverse")
    stem = name.removesuffix("_reverse")
    _, sep, layer = stem.rpartition("_l")
    return (int(layer), reverse) if sep and layer.isdigit() else None


def module_view(facts: ModuleFacts) -> ModuleView:
    """``named_parameters()`` of a module, grouped the way ``all_weights`` groups them."""
    groups: dict[tuple[str, int | None, bool], list[ParamRow]] = {}
    for param in facts.params:
        owner, leaf, shape = param.owner, param.leaf, param.shape
        spec = facts.recurrent.get(owner)
        place = _layer_of(leaf) if spec is not None else None
        rule = parameter_rule(spec, leaf) if spec is not None else None
        formula = rule.rule.formula if rule is not None and rule.shape == shape else None
        layer, reverse = place if place is not None else (None, False)
        prefix = f"{owner}." if owner else ""
        row = ParamRow(leaf, layer or 0, reverse, shape, formula, _numel(shape))
        groups.setdefault((prefix, layer, reverse), []).append(row)
    return ModuleView(
        name=facts.name,
        kind=facts.kind,
        groups=tuple(
            ModuleGroup(prefix, layer, reverse, tuple(rows))
            for (prefix, layer, reverse), rows in groups.items()
        ),
        total=facts.total,
        all_weights_len=facts.all_weights_len,
    )


def _last_bound(run: CellRun) -> dict[str, int]:
    """The line that last bound each name (the object ``Notebook.value`` gives back)."""
    lines: dict[str, int] = {}
    for statement in all_statements(run.statements):
        for binding in statement.bindings:
            lines[binding.name] = max(lines.get(binding.name, 0), statement.line)
    return lines


def module_views(modules: Mapping[str, ModuleFacts], run: CellRun) -> tuple[ModuleView, ...]:
    """Every module still bound to a name when the cell ended, in the order it was bound."""
    views: list[ModuleView] = []
    seen: set[str] = set()
    for statement in all_statements(run.statements):
        for binding in statement.bindings:
            if binding.kind != "module" or binding.name in seen:
                continue
            seen.add(binding.name)
            facts = modules.get(binding.name)
            if facts is not None:
                views.append(module_view(facts))
            if len(views) >= MAX_MODULES:
                return tuple(views)
    return tuple(views)


def _called_names(source_lines: list[str], statement: StatementRun) -> list[str]:
    """Names called in a statement (``rnn`` in ``out, h = rnn(x)``), from its own text."""
    end = max(statement.line, statement.end_line)
    text = "\n".join(source_lines[statement.line - 1 : end])
    try:
        tree = ast.parse(text.strip())
    except (SyntaxError, ValueError, RecursionError):
        return []
    return [
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]


def _spec_from_text(text: str) -> ModelSpec | None:
    """A recurrent layer from its repr (``RNN(10, 5, batch_first=True)``)."""
    try:
        return bind(parse_model(text).call)
    except (SpecError, ConstructorError, ValueError, SyntaxError, RecursionError):
        return None


def _axes_bindings(bindings: tuple[Binding, ...]) -> list[Binding]:
    """Bindings carrying recurrent axis names, tuples opened (``out, (h, c) = lstm(x)``)."""
    found: list[Binding] = []
    for binding in bindings:
        if binding.axes:
            found.append(binding)
        found.extend(_axes_bindings(getattr(binding, "items", ())))
    return found


def _input_for(spec: ModelSpec, outputs: list[Binding]) -> InputSpec | None:
    """The input the call must have had, from the shapes it returned."""
    for binding in outputs:
        axes, shape = binding.axes or (), binding.shape or ()
        batch_sizes = getattr(binding, "batch_sizes", None)
        if binding.kind == "packed" and batch_sizes:
            lengths = tuple(sum(1 for b in batch_sizes if b > i) for i in range(batch_sizes[0]))
            return InputSpec((len(batch_sizes), len(lengths), spec.input_size), lengths=lengths)
        if "L" in axes and len(axes) == len(shape):
            steps = shape[axes.index("L")]
            if "N" not in axes:
                return InputSpec((steps, spec.input_size))
            batch = shape[axes.index("N")]
            layout = (batch, steps) if spec.batch_first else (steps, batch)
            return InputSpec((*layout, spec.input_size))
    return None


def call_pictures(modules: Mapping[str, ModuleFacts], run: CellRun) -> tuple[CallPicture, ...]:
    """The unrolled picture of each statement that called a recurrent layer."""
    source_lines = run.source.splitlines()
    last_bound = _last_bound(run)
    written: dict[str, ModelSpec | None] = {}  # name -> the layer its latest binding wrote
    pictures: list[CallPicture] = []
    for statement in all_statements(run.statements):
        for binding in statement.bindings:
            if binding.kind == "module":
                written[binding.name] = _spec_from_text(binding.text)
        outputs = _axes_bindings(statement.bindings)
        if not outputs:
            continue
        for name in _called_names(source_lines, statement):
            if last_bound.get(name, 0) > statement.line:
                # Rebound later: the live object is another one; read this one's repr.
                spec = written.get(name)
            else:
                if name not in modules:
                    continue
                spec = modules[name].calls
            inp = None if spec is None else _input_for(spec, outputs)
            if spec is None or inp is None:
                continue
            shapes = predict_run(spec, inp)
            if not isinstance(shapes, RunError):
                pictures.append(CallPicture(statement.line, name, unroll(spec, inp, shapes)))
            break
        if len(pictures) >= MAX_PICTURES:
            break
    return tuple(pictures)
