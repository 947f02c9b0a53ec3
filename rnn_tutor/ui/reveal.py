"""What the parameter browser may show while a question is open, and its rows.

Nearly every parameter fact answers some question: ``weight_ih_l1``'s columns are
``output``'s last axis (D*H_out), the number of (layer, direction) groups is ``h_n``'s first
axis and ``len(all_weights)``, the bias rows give the gate rows. So while a question is
open the browser lists parameter *names* only (the structure a learner would print with
``named_parameters()``); shapes, element counts, derivations and totals come after grading.
Where even the names give it away, it shows nothing: ``len(all_weights)`` (count the
groups), Total params (count the biases), the positional-argument trap (no ``_reverse``
names means bidirectional is off), and a constructor that raises (the question is whether
it runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rnn_tutor.core.call.rules import all_weights_len, parameter_rules, total_params
from rnn_tutor.core.call.spec import ConstructorError, ModelCall, ModelSpec, bind

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.cells import Cell
    from rnn_tutor.core.exercises.questions import Exercise

# "absent": the cell has no nn.RNN/LSTM/GRU to browse (a cell loop, padding alone), which
# is said as it is before and after the answer, never as "hidden until you answer".
Visibility = Literal["full", "names", "hidden", "absent"]

# Questions whose answer the parameter names alone give: count the (layer, direction)
# groups for len(all_weights); see how many bias vectors there are for Total params.
NAMES_GIVE_IT_AWAY = frozenset({"all_weights_len", "total_params"})


@dataclass(frozen=True)
class ParamRow:
    name: str
    layer: int
    reverse: bool
    shape: tuple[int, ...] | None  # None while hidden
    formula: str | None  # "(4*H, D*H_out)"
    numel: int | None
    module: str = ""  # the cell's name for its module when it builds several ("decoder")

    @property
    def full_name(self) -> str:
        """``decoder.weight_ih_l0``: how the cell reaches it; the plain name for one module."""
        return f"{self.module}.{self.name}" if self.module else self.name


@dataclass(frozen=True)
class ParamGroup:
    """One entry of ``all_weights``: a layer in one direction."""

    layer: int
    reverse: bool
    rows: tuple[ParamRow, ...]


@dataclass(frozen=True)
class ParamModule:
    """One of several recurrent modules a cell builds (an encoder and its decoder)."""

    name: str  # as the cell names it
    kind: str
    groups: tuple[ParamGroup, ...]
    total: int | None = None  # once revealed
    all_weights_len: int | None = None


@dataclass(frozen=True)
class ParamView:
    visibility: Visibility
    kind: str  # "LSTM"
    groups: tuple[ParamGroup, ...] = ()
    total: int | None = None  # Total params, as torchinfo's summary() reports it
    all_weights_len: int | None = None
    constructor_error: str | None = None  # only once revealed
    # A cell that builds several recurrent modules: each with its groups (``groups`` empty).
    modules: tuple[ParamModule, ...] = ()
    # A cell whose layer sits inside a whole model (``class Net``): the model's name, the
    # layer's name in it and the model's Total params, once revealed (``total`` is the
    # layer's alone, as the tree lists only its parameters).
    model: WholeModel | None = None


@dataclass(frozen=True)
class WholeModel:
    name: str  # "model"
    layer: str  # "model.rnn"
    total: int


def whole_model(cell: Cell, layer_total: int) -> WholeModel | None:
    """The model a cell's layer sits in, with every parameter counted, or None.

    ``class Net`` (net_class): nn.Embedding(V, E) holds V*E, the LSTM ``layer_total`` and
    nn.Linear(in_features, C) in_features*C + C, in_features being 2*H unless the cell's
    head is the wrong one (H). tests/ui/test_cell_practice.py checks it against torch.
    """
    if cell.topic != "net_class":
        return None
    vocab, dim, hidden, classes = (cell.size(key) for key in ("V", "E", "H", "C"))
    in_features = hidden if cell.config["variant"] == "bad_head" else 2 * hidden
    total = vocab * dim + layer_total + in_features * classes + classes
    return WholeModel("model", "model.rnn", total)


def visibility(exercise: Exercise, graded: bool) -> Visibility:
    if exercise.cell is not None and not exercise.cell.shows_rnn:
        if exercise.cell.topic == "request":
            return "hidden"  # a cell sent to grade: its modules are not known here
        return "absent"  # a cell loop or padding alone: no nn.RNN/LSTM/GRU to browse
    if graded:
        return "full"
    if exercise.question.kind in NAMES_GIVE_IT_AWAY or "positional_args" in exercise.skills:
        return "hidden"
    try:
        bind(exercise.call)
    except ConstructorError:
        return "hidden"
    return "names"


def _groups(spec: ModelSpec, show_shapes: bool, module: str = "") -> tuple[ParamGroup, ...]:
    rules = parameter_rules(spec)
    groups: list[ParamGroup] = []
    for layer in range(spec.num_layers):
        for direction in spec.directions:
            rows = tuple(
                ParamRow(
                    name=rule.name,
                    layer=layer,
                    reverse=bool(direction),
                    shape=rule.shape if show_shapes else None,
                    formula=rule.rule.formula if show_shapes else None,
                    numel=rule.numel if show_shapes else None,
                    module=module,
                )
                for rule in rules
                if rule.layer == layer and rule.direction == direction
            )
            groups.append(ParamGroup(layer, bool(direction), rows))
    return tuple(groups)


def _modules_view(
    seen: Visibility, kind: str, modules: tuple[tuple[str, ModelCall], ...]
) -> ParamView:
    """Each recurrent module of a cell that builds several, under the cell's name for it."""
    full = seen == "full"
    parts: list[ParamModule] = []
    for name, call in modules:
        try:
            spec = bind(call)
        except ConstructorError as exc:
            return ParamView(seen, kind, constructor_error=str(exc))
        parts.append(
            ParamModule(
                name=name,
                kind=call.kind,
                groups=_groups(spec, show_shapes=full, module=name),
                total=total_params(spec) if full else None,
                all_weights_len=all_weights_len(spec) if full else None,
            )
        )
    return ParamView(seen, kind, modules=tuple(parts))


def param_view(exercise: Exercise, graded: bool, torch_total: int | None = None) -> ParamView:
    """The browser's content; ``torch_total`` is torchinfo's figure once torch has run.

    A cell that builds several recurrent modules (an encoder and a decoder) shows them all,
    each with its closed-form total; otherwise the exercise's one model.
    """
    seen = visibility(exercise, graded)
    kind = exercise.call.kind
    if seen in ("hidden", "absent"):
        return ParamView(seen, kind)
    modules = exercise.cell.modules if exercise.cell is not None else ()
    if len(modules) > 1:
        return _modules_view(seen, kind, modules)
    try:
        spec = bind(exercise.call)
    except ConstructorError as exc:
        return ParamView(seen, kind, constructor_error=str(exc))
    full = seen == "full"
    total = (torch_total if torch_total is not None else total_params(spec)) if full else None
    return ParamView(
        visibility=seen,
        kind=kind,
        groups=_groups(spec, show_shapes=full),
        total=total,
        all_weights_len=all_weights_len(spec) if full else None,
        model=None if total is None or exercise.cell is None else whole_model(exercise.cell, total),
    )
