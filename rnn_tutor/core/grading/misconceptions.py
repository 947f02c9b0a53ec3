"""The misconception catalogue as code: each id predicts the wrong answer(s) it explains.

Ids and order are those of docs/misconceptions.md. A rule takes the
configuration (closed form, no torch) and yields the answers a learner holding that
misconception would give; :func:`diagnose` names a wrong answer by the FIRST rule whose
prediction equals it exactly, and gives ``None`` when none does (the per-axis marks still
say which axes are wrong). A rule yields nothing for question kinds it is not about, and a
prediction equal to the true answer never counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from rnn_tutor.core.call.rules import (
    ForwardShapes,
    RunError,
    all_weights_len,
    batch_size,
    parameter_rule,
    parameter_rules,
    predict_run,
    total_params,
)
from rnn_tutor.core.call.spec import ConstructorError, InputSpec, ModelCall, ModelSpec, bind
from rnn_tutor.core.exercises.questions import Exercise, silent_batch_swap, silent_unbatched
from rnn_tutor.core.grading.answers import Raises
from rnn_tutor.core.grading.verdict import Answer, Truth

Shape = tuple[int, ...]


class _AnyShape:
    """A prediction that every shape reproduces (``expects_success_on_error``)."""

    def __repr__(self) -> str:
        return "ANY_SHAPE"


ANY_SHAPE = _AnyShape()
Prediction = tuple[int, ...] | int | Raises | _AnyShape


@dataclass(frozen=True)
class _Context:
    """One exercise seen through the closed form: what the rules need, computed once."""

    exercise: Exercise
    spec: ModelSpec | None  # None when torch's constructor refuses the call
    kind: str  # question kind; "runs" stays "runs"
    forward: ForwardShapes | RunError | None  # None without input or without a spec
    truth: Truth

    @property
    def inp(self) -> InputSpec | None:
        return self.exercise.input

    @property
    def runs_ok(self) -> bool:
        return self.truth.raises is None and self.truth.value is not None

    @property
    def shapes(self) -> ForwardShapes | None:
        return self.forward if isinstance(self.forward, ForwardShapes) else None

    @property
    def shape_kind(self) -> str:
        """What a shape answer is about: "runs" answers give output's shape."""
        return "output" if self.kind == "runs" else self.kind

    @property
    def n(self) -> int | None:
        if self.spec is None or self.inp is None:
            return None
        return batch_size(self.spec, self.inp)

    @property
    def seq_len(self) -> int:
        shapes = self.shapes
        assert shapes is not None
        return shapes.output.shape[1 if self._batch_first_layout else 0]

    @property
    def _batch_first_layout(self) -> bool:
        return self.spec is not None and self.spec.batch_first and self.n is not None


Rule = Callable[[_Context], Iterator[Prediction]]


# --------------------------------------------------------------------------- helpers


def _spec(c: _Context) -> ModelSpec:
    assert c.spec is not None
    return c.spec


def _output(c: _Context) -> Shape | None:
    return c.shapes.output.shape if c.shapes else None


def _hidden(c: _Context) -> Shape | None:
    """The true h_n or c_n shape, by the question (None for other questions)."""
    shapes = c.shapes
    if shapes is None:
        return None
    if c.kind == "h_n":
        return shapes.h_n.shape
    if c.kind == "c_n" and shapes.c_n is not None:
        return shapes.c_n.shape
    return None


def _hidden_last(c: _Context) -> int:
    spec = _spec(c)
    return spec.hidden_size if c.kind == "c_n" else spec.H_out


def _param(c: _Context) -> tuple[str, int, Shape] | None:
    """(role, layer, closed-form shape) of the asked parameter, when it exists."""
    if c.kind != "param" or c.spec is None:
        return None
    rule = parameter_rule(c.spec, c.exercise.question.param or "")
    if rule is None:
        return None
    return rule.role, rule.layer, rule.shape


def _asks_output(c: _Context) -> bool:
    return c.shape_kind == "output" and c.shapes is not None


# --------------------------------------------------------------------------- the rules


def batch_first_on_hidden(c: _Context) -> Iterator[Prediction]:
    hidden = _hidden(c)
    if hidden is not None and _spec(c).batch_first and c.n is not None:
        spec = _spec(c)
        yield (c.n, spec.D * spec.num_layers, _hidden_last(c))


def batch_first_ignored(c: _Context) -> Iterator[Prediction]:
    if _asks_output(c) and _spec(c).batch_first and c.n is not None:
        spec = _spec(c)
        yield (c.seq_len, c.n, spec.D * spec.H_out)


def batch_first_assumed(c: _Context) -> Iterator[Prediction]:
    if _asks_output(c) and not _spec(c).batch_first and c.n is not None:
        spec = _spec(c)
        yield (c.n, c.seq_len, spec.D * spec.H_out)


def direction_factor_missing(c: _Context) -> Iterator[Prediction]:
    if c.spec is None or c.spec.D != 2:
        return
    output, hidden = _output(c), _hidden(c)
    if _asks_output(c) and output is not None:
        yield (*output[:-1], c.spec.H_out)
    if hidden is not None:
        yield (c.spec.num_layers, *hidden[1:])


def layer_factor_missing(c: _Context) -> Iterator[Prediction]:
    hidden = _hidden(c)
    if hidden is not None and _spec(c).num_layers > 1:
        yield (_spec(c).D, *hidden[1:])


def layers_in_output(c: _Context) -> Iterator[Prediction]:
    """The layers as an extra axis anywhere in output (first, between, before the last), or
    folded into the last axis."""
    output = _output(c)
    if not _asks_output(c) or output is None or _spec(c).num_layers < 2:
        return
    spec = _spec(c)
    for layers in dict.fromkeys((spec.num_layers, spec.D * spec.num_layers)):
        for at in range(len(output) + 1):
            yield (*output[:at], layers, *output[at:])
    yield (*output[:-1], spec.num_layers * spec.D * spec.H_out)


def time_in_hidden(c: _Context) -> Iterator[Prediction]:
    hidden = _hidden(c)
    if hidden is None:
        return
    spec = _spec(c)
    last = _hidden_last(c)
    lasts = (last, spec.D * last)
    if c.n is None:
        for size in lasts:
            yield (c.seq_len, size)
        return
    for size in lasts:
        yield (c.seq_len, c.n, size)
    if spec.batch_first:  # the output's own layout, one step per row
        for size in lasts:
            yield (c.n, c.seq_len, size)


def hidden_axis_dropped(c: _Context) -> Iterator[Prediction]:
    hidden = _hidden(c)
    if hidden is not None:
        yield hidden[1:]


def batch_axis_for_unbatched(c: _Context) -> Iterator[Prediction]:
    inp = c.inp
    if c.spec is None or inp is None or inp.packed or inp.batched or c.shapes is None:
        return
    spec = _spec(c)
    rows = inp.shape[0]  # torch reads it as L; the learner read it as a batch of one, or N
    if _asks_output(c):
        yield (1, rows, spec.D * spec.H_out)
        yield (rows, 1, spec.D * spec.H_out)
    hidden = _hidden(c)
    if hidden is not None:
        yield (hidden[0], 1, hidden[1])
        yield (hidden[0], rows, hidden[1])


def proj_on_cell(c: _Context) -> Iterator[Prediction]:
    hidden = _hidden(c)
    if c.kind == "c_n" and hidden is not None and _spec(c).proj_size > 0:
        yield (*hidden[:-1], _spec(c).proj_size)


def proj_ignored(c: _Context) -> Iterator[Prediction]:
    if c.spec is None or c.spec.proj_size == 0:
        return
    spec = c.spec
    hidden, output, param = _hidden(c), _output(c), _param(c)
    if _asks_output(c) and output is not None:
        yield (*output[:-1], spec.D * spec.hidden_size)
    if c.kind == "h_n" and hidden is not None:
        yield (*hidden[:-1], spec.hidden_size)
    if param is not None:
        role, layer, shape = param
        if role == "weight_hh":
            yield (shape[0], spec.hidden_size)
        if role == "weight_ih" and layer > 0:
            yield (shape[0], spec.D * spec.hidden_size)
    if c.kind == "total_params":
        yield total_params(replace(spec, proj_size=0))


def gate_rows_missing(c: _Context) -> Iterator[Prediction]:
    param = _param(c)
    if param is None or _spec(c).gates == 1 or param[0] == "weight_hr":
        return
    yield (_spec(c).hidden_size, *param[2][1:])


def gate_rows_wrong_factor(c: _Context) -> Iterator[Prediction]:
    param = _param(c)
    if param is None or _spec(c).gates == 1 or param[0] == "weight_hr":
        return
    other = {"LSTM": 3, "GRU": 4}[_spec(c).kind]
    yield (other * _spec(c).hidden_size, *param[2][1:])


def deep_input_is_hidden(c: _Context) -> Iterator[Prediction]:
    param = _param(c)
    if param is not None and param[0] == "weight_ih" and param[1] > 0 and _spec(c).D == 2:
        yield (param[2][0], _spec(c).H_out)


def deep_input_is_input_size(c: _Context) -> Iterator[Prediction]:
    param = _param(c)
    if param is not None and param[0] == "weight_ih" and param[1] > 0:
        yield (param[2][0], _spec(c).input_size)


def weight_transposed(c: _Context) -> Iterator[Prediction]:
    param = _param(c)
    if param is not None and len(param[2]) == 2:
        yield (param[2][1], param[2][0])


def _bias_numel(spec: ModelSpec) -> int:
    """One bias vector for every layer and direction."""
    return spec.D * spec.num_layers * spec.gates * spec.hidden_size


def single_bias(c: _Context) -> Iterator[Prediction]:
    if c.kind == "total_params" and c.spec is not None and c.spec.bias:
        yield total_params(c.spec) - _bias_numel(c.spec)


def bias_despite_false(c: _Context) -> Iterator[Prediction]:
    if c.spec is None or c.spec.bias:
        return
    spec = c.spec
    if c.kind == "total_params":
        yield total_params(spec) + 2 * _bias_numel(spec)
    name = c.exercise.question.param or ""
    if c.kind == "param" and name.startswith(("bias_ih_l", "bias_hh_l")):
        yield (spec.gates * spec.hidden_size,)


def reverse_not_counted(c: _Context) -> Iterator[Prediction]:
    if c.spec is None or c.spec.D != 2:
        return
    if c.kind == "total_params":
        yield total_params(c.spec) // 2  # both directions hold the same tensors
        yield total_params(replace(c.spec, bidirectional=False))
    if c.kind == "all_weights_len":
        yield c.spec.num_layers


def _misread_as_bidirectional(call: ModelCall) -> ModelSpec | None:
    """The configuration of nn.LSTM(I, H, K, True) read as bidirectional, when that is the call."""
    if len(call.args) != 4 or call.args[3] is not True:
        return None
    if any(name == "bidirectional" for name, _ in call.kwargs):
        return None
    misread = ModelCall(call.kind, call.args[:3], (*call.kwargs, ("bidirectional", True)))
    try:
        return bind(misread)
    except ConstructorError:
        return None


def positional_bias_as_bidirectional(c: _Context) -> Iterator[Prediction]:
    spec = _misread_as_bidirectional(c.exercise.call)
    if spec is None:
        return
    inp = c.inp
    if c.kind in ("output", "h_n", "c_n", "runs"):
        if inp is None:
            return
        forward = predict_run(spec, inp)
        if isinstance(forward, RunError):
            return
        if c.kind in ("output", "runs"):
            yield forward.output.shape
        elif c.kind == "h_n":
            yield forward.h_n.shape
        elif forward.c_n is not None:
            yield forward.c_n.shape
    elif c.kind == "param":
        rule = parameter_rule(spec, c.exercise.question.param or "")
        if rule is not None:
            yield rule.shape
    elif c.kind == "total_params":
        yield total_params(spec)
    elif c.kind == "all_weights_len":
        yield all_weights_len(spec)


def expects_error_silent_mismatch(c: _Context) -> Iterator[Prediction]:
    """Only where the code really runs with a swapped meaning: an "error" answer to code that
    simply runs (a right h_0, nn.LSTM(I, H, K, True)) is not this misconception."""
    if c.kind != "runs" or not c.runs_ok or c.spec is None:
        return
    if silent_batch_swap(c.exercise, c.spec.batch_first) or silent_unbatched(c.exercise):
        yield Raises()


def expects_success_on_error(c: _Context) -> Iterator[Prediction]:
    if c.kind == "runs" and c.truth.raises is not None:
        yield ANY_SHAPE


def bias_per_pair(c: _Context) -> Iterator[Prediction]:
    """A bias vector counted as H*H values ("HIDDEN_SIZE = 3 : bias 수 = 9")."""
    if c.spec is None or not c.spec.bias:
        return
    spec = c.spec
    pair = spec.hidden_size * spec.hidden_size
    name = c.exercise.question.param or ""
    if c.kind == "param" and name.startswith(("bias_ih_l", "bias_hh_l")):
        yield (pair,)
    if c.kind == "total_params":
        vectors = 2 * spec.D * spec.num_layers
        yield total_params(spec) - 2 * _bias_numel(spec) + vectors * pair


def gate_rows_in_state(c: _Context) -> Iterator[Prediction]:
    """h_n / c_n with the weights' gate rows, g*H, as the last axis."""
    hidden = _hidden(c)
    if hidden is not None and _spec(c).gates > 1:
        yield (*hidden[:-1], _spec(c).gates * _spec(c).hidden_size)


def direction_on_last_axis(c: _Context) -> Iterator[Prediction]:
    """h_n / c_n as (K, N, D*H_out): the directions joined on the last axis as in output."""
    hidden = _hidden(c)
    if hidden is None or _spec(c).D != 2:
        return
    spec = _spec(c)
    yield (spec.num_layers, *hidden[1:-1], 2 * hidden[-1])


def all_weights_counts_tensors(c: _Context) -> Iterator[Prediction]:
    """len(all_weights) given as the number of parameter tensors, not D*num_layers lists."""
    if c.kind == "all_weights_len" and c.spec is not None:
        yield len(parameter_rules(c.spec))


def padded_time_is_L(c: _Context) -> Iterator[Prediction]:
    """After pad_packed_sequence, the time axis given as the input's L, not max(lengths)."""
    inp, output = c.inp, _output(c)
    if not _asks_output(c) or inp is None or not inp.packed or output is None:
        return
    spec = _spec(c)
    time_axis, padded_len = (1, inp.shape[1]) if spec.batch_first else (0, inp.shape[0])
    yield (*output[:time_axis], padded_len, *output[time_axis + 1 :])


RULES: tuple[tuple[str, Rule], ...] = (
    ("batch_first_on_hidden", batch_first_on_hidden),
    ("batch_first_ignored", batch_first_ignored),
    ("batch_first_assumed", batch_first_assumed),
    ("direction_factor_missing", direction_factor_missing),
    ("layer_factor_missing", layer_factor_missing),
    ("layers_in_output", layers_in_output),
    ("time_in_hidden", time_in_hidden),
    ("hidden_axis_dropped", hidden_axis_dropped),
    ("batch_axis_for_unbatched", batch_axis_for_unbatched),
    ("proj_on_cell", proj_on_cell),
    ("proj_ignored", proj_ignored),
    ("gate_rows_missing", gate_rows_missing),
    ("gate_rows_wrong_factor", gate_rows_wrong_factor),
    ("deep_input_is_hidden", deep_input_is_hidden),
    ("deep_input_is_input_size", deep_input_is_input_size),
    ("weight_transposed", weight_transposed),
    ("single_bias", single_bias),
    ("bias_despite_false", bias_despite_false),
    ("reverse_not_counted", reverse_not_counted),
    ("positional_bias_as_bidirectional", positional_bias_as_bidirectional),
    ("expects_error_silent_mismatch", expects_error_silent_mismatch),
    ("expects_success_on_error", expects_success_on_error),
    ("bias_per_pair", bias_per_pair),
    ("gate_rows_in_state", gate_rows_in_state),
    ("direction_on_last_axis", direction_on_last_axis),
    ("all_weights_counts_tensors", all_weights_counts_tensors),
    ("padded_time_is_L", padded_time_is_L),
)

# When torch refuses the code, the learner's wrong answer is about the refusal itself:
# only these rules can name it.
_ON_ERROR = frozenset({"positional_bias_as_bidirectional", "expects_success_on_error"})


# --------------------------------------------------------------------------- diagnosis


def closed_form_truth(exercise: Exercise) -> Truth:
    """The answer in closed form (the grader asks torch; tests keep the two equal)."""
    try:
        spec = bind(exercise.call)
    except ConstructorError as exc:
        return Truth(None, str(exc))
    kind = exercise.question.kind
    if kind == "total_params":
        return Truth(total_params(spec))
    if kind == "all_weights_len":
        return Truth(all_weights_len(spec))
    if kind == "param":
        name = exercise.question.param or ""
        rule = parameter_rule(spec, name)
        if rule is None:
            return Truth(None, f"'{spec.kind}' object has no attribute '{name}'")
        return Truth(rule.shape)
    if exercise.input is None:
        return Truth(None)
    forward = predict_run(spec, exercise.input)
    if isinstance(forward, RunError):
        return Truth(None, forward.message)
    if kind in ("output", "runs"):
        return Truth(forward.output.shape)
    if kind == "h_n":
        return Truth(forward.h_n.shape)
    if forward.c_n is None:
        return Truth(None)
    return Truth(forward.c_n.shape)


def _context(exercise: Exercise, truth: Truth | None) -> _Context:
    try:
        spec: ModelSpec | None = bind(exercise.call)
    except ConstructorError:
        spec = None
    forward = None
    if spec is not None and exercise.input is not None:
        forward = predict_run(spec, exercise.input)
    return _Context(
        exercise=exercise,
        spec=spec,
        kind=exercise.question.kind,
        forward=forward,
        truth=truth if truth is not None else closed_form_truth(exercise),
    )


def _applicable(c: _Context) -> tuple[tuple[str, Rule], ...]:
    refused = c.spec is None or (
        c.kind in ("output", "h_n", "c_n", "runs") and not isinstance(c.forward, ForwardShapes)
    )
    if refused or (c.kind == "runs" and c.truth.raises is not None):
        return tuple((name, rule) for name, rule in RULES if name in _ON_ERROR)
    return RULES


def predictions(exercise: Exercise, truth: Truth | None = None) -> dict[str, list[Prediction]]:
    """Every applicable id with the wrong answers it predicts (the true answer left out)."""
    c = _context(exercise, truth)
    result: dict[str, list[Prediction]] = {}
    for name, rule in _applicable(c):
        predicted = [p for p in rule(c) if p != c.truth.value]
        unique = list(dict.fromkeys(predicted))
        if unique:
            result[name] = unique
    return result


def diagnose(exercise: Exercise, parsed: Answer, truth: Truth | None = None) -> str | None:
    """The first misconception id whose rule reproduces ``parsed`` exactly, else None.

    ``truth`` is what torch said (the grader passes it); without it the closed form stands in.
    """
    if parsed is None:
        return None
    c = _context(exercise, truth)
    if parsed == c.truth.value or (isinstance(parsed, Raises) and c.truth.raises is not None):
        return None
    for name, rule in _applicable(c):
        for prediction in rule(c):
            if prediction == c.truth.value:
                continue
            if prediction is ANY_SHAPE:
                if isinstance(parsed, tuple):
                    return name
            elif prediction == parsed and type(prediction) is type(parsed):
                return name
    return None
