"""Explanations, hints and wording, derived in closed form from the exercise's own numbers.

A learner who got ``h_n`` wrong learns little from "(6, 4, 20)"; they learn from
"h_n is (D*num_layers, N, H_out) = (2*3, 4, 20)" and from the reason batch_first does not
apply. Everything here is pure Python (rules.py), never torch: the grader takes its
truth from torch, and the differential tests keep the closed form equal to it.

All text comes from the "explain" catalog area in the current language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rnn_tutor.core.call.rules import (
    ForwardShapes,
    ParamRule,
    RunError,
    ShapeRule,
    batch_size,
    hidden_rule,
    packed_lengths_problem,
    parameter_rule,
    parameter_rules,
    predict_run,
    total_params,
)
from rnn_tutor.core.call.spec import ConstructorError, InputSpec, ModelCall, ModelSpec, bind
from rnn_tutor.core.exercises.questions import Exercise, silent_batch_swap, silent_unbatched
from rnn_tutor.core.grading.answers import Expression
from rnn_tutor.core.grading.cell_explain import (
    cell_answer,
    cell_explanation_lines,
    cell_hints,
    cell_question_text,
)
from rnn_tutor.core.grading.verdict import Truth
from rnn_tutor.core.grading.words import misconception_text, skill_name, skill_rule
from rnn_tutor.core.safe_text import first_line
from rnn_tutor.i18n import t
from rnn_tutor.i18n.message import Message, msg, render_lines

__all__ = [
    "Advice",
    "ClosedForm",
    "advise",
    "answer_text",
    "closed_form",
    "explanation",
    "explanation_lines",
    "failure_advice",
    "format_shape",
    "format_value",
    "hints",
    "lengths_message",
    "misconception_text",
    "question_text",
    "skill_name",
    "skill_rule",
]

Value = tuple[int, ...] | int | Expression


@dataclass(frozen=True)
class ClosedForm:
    """The answer rules.py predicts: a value, or the message torch would raise.

    ``rule`` carries the symbolic axes of a shape answer, for explanations.
    """

    value: Value | None
    raises: str | None = None
    rule: ShapeRule | None = None

    def to_json(self) -> list[int] | int | dict[str, str] | None:
        """As ``Truth.to_json``: ``[1, 4, 5]``, ``85``, ``{"raises": message}`` or
        ``{"expression": text}``."""
        return Truth(self.value, self.raises).to_json()


@dataclass(frozen=True)
class _Context:
    """What every explanation needs, computed once."""

    exercise: Exercise
    spec: ModelSpec | None
    constructor_error: str | None
    run: ForwardShapes | RunError | None
    symbols: Mapping[str, int]


def _seq_len(spec: ModelSpec, inp: InputSpec) -> int | None:
    if inp.packed:
        return max(inp.lengths or (0,))
    if len(inp.shape) == 2:
        return inp.shape[0]
    if len(inp.shape) == 3:
        return inp.shape[1] if spec.batch_first else inp.shape[0]
    return None


def _context(exercise: Exercise) -> _Context:
    try:
        spec = bind(exercise.call)
    except ConstructorError as error:
        return _Context(exercise, None, str(error), None, {})
    symbols: dict[str, int] = {
        "D": spec.D,
        "num_layers": spec.num_layers,
        "H_out": spec.H_out,
        "H": spec.hidden_size,
        "I": spec.input_size,
        "proj_size": spec.proj_size,
    }
    run: ForwardShapes | RunError | None = None
    inp = exercise.input
    if inp is not None:
        run = predict_run(spec, inp)
        if len(inp.shape) in (2, 3) or inp.packed:
            n = batch_size(spec, inp)
            if n is not None:
                symbols["N"] = n
            length = _seq_len(spec, inp)
            if length is not None:
                symbols["L"] = length
                symbols["max(lengths)"] = length
    return _Context(exercise, spec, None, run, symbols)


def _missing_param(kind: str, name: str) -> str:
    return f"'{kind}' object has no attribute '{name}'"


def closed_form(exercise: Exercise) -> ClosedForm:
    """The answer to ``exercise.question`` by the closed-form rules (no torch)."""
    if exercise.cell is not None:  # a cell's answer is stated by its generator
        value, raises = cell_answer(exercise.cell)
        if isinstance(value, str):
            return ClosedForm(Expression(value))
        return ClosedForm(value, raises)
    ctx = _context(exercise)
    if ctx.spec is None:
        return ClosedForm(None, ctx.constructor_error)
    spec = ctx.spec
    question = exercise.question
    if question.kind == "param":
        rule = parameter_rule(spec, question.param or "")
        if rule is None:
            return ClosedForm(None, _missing_param(spec.kind, question.param or ""))
        return ClosedForm(rule.shape, rule=rule.rule)
    if question.kind == "total_params":
        return ClosedForm(total_params(spec))
    if question.kind == "all_weights_len":
        return ClosedForm(spec.D * spec.num_layers)
    if ctx.run is None:
        return ClosedForm(None)  # a forward question without an input: nothing to predict
    if isinstance(ctx.run, RunError):
        return ClosedForm(None, ctx.run.message)
    shape_rule: ShapeRule | None
    if question.kind in ("output", "runs"):
        shape_rule = ctx.run.output
    elif question.kind == "h_n":
        shape_rule = ctx.run.h_n
    else:
        shape_rule = ctx.run.c_n
    if shape_rule is None:
        return ClosedForm(None, "not enough values to unpack (expected 2, got 1)")
    return ClosedForm(shape_rule.shape, rule=shape_rule)


# --------------------------------------------------------------------------- derivations


def format_shape(shape: tuple[int, ...]) -> str:
    """``(5, 3, 40)``, ``(7,)``: the one way shapes are written everywhere."""
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def format_value(value: object) -> str:
    """A shape as :func:`format_shape`, a count grouped as torchinfo prints it (``9,200``)."""
    if isinstance(value, tuple):
        return format_shape(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


_fmt = format_shape


def _axis_expr(name: str, size: int, symbols: Mapping[str, int]) -> str:
    """``D*num_layers`` -> ``2*3``; a single symbol becomes its value."""
    tokens = name.split("*")
    if len(tokens) == 1:
        return str(size)
    return "*".join(str(symbols[tok]) if tok in symbols else tok for tok in tokens)


def _derivation(rule: ShapeRule, symbols: Mapping[str, int]) -> str:
    """``(D*num_layers, N, H_out) = (2*3, 4, 20) = (6, 4, 20)``."""
    exprs = [_axis_expr(a.name, a.size, symbols) for a in rule.axes]
    middle = "(" + ", ".join(exprs) + ("," if len(exprs) == 1 else "") + ")"
    text = f"{rule.formula} = {middle}"
    if middle != rule.numbers:
        text += f" = {rule.numbers}"
    return text


def _layers_expr(spec: ModelSpec) -> str:
    if spec.D == 1 and spec.num_layers == 1:
        return "1"
    return f"{spec.D}*{spec.num_layers} = {spec.D * spec.num_layers}"


def _positional_bias_trap(exercise: Exercise) -> bool:
    """``nn.LSTM(I, H, K, True)``: the 4th positional is bias, often read as bidirectional."""
    call = exercise.call
    return call.kind != "RNN" and len(call.args) >= 4 and call.args[3] is True


def _positional_bias_note(spec: ModelSpec) -> Message:
    """The 4th positional is bias; D is what the rest of the call makes it (not always 1)."""
    if spec.D == 2:
        return msg("explain.positional_bias.bidirectional", kind=spec.kind)
    return msg("explain.positional_bias", kind=spec.kind)


def _output_lines(ctx: _Context, rule: ShapeRule) -> list[Message]:
    spec = ctx.spec
    inp = ctx.exercise.input
    assert spec is not None and inp is not None
    lines = [msg("explain.output", derivation=_derivation(rule, ctx.symbols))]
    if inp.packed:
        lines.append(
            msg(
                "explain.output.packed",
                l_max=ctx.symbols.get("L", 0),
                batch=ctx.symbols.get("N", 0),
                batch_first=spec.batch_first,
            )
        )
    elif not inp.batched:
        lines.append(msg("explain.output.unbatched"))
    elif spec.batch_first:
        lines.append(msg("explain.output.batch_first_true"))
    else:
        lines.append(msg("explain.output.batch_first_false"))
    if spec.num_layers > 1:
        lines.append(msg("explain.output.last_layer", layers=spec.num_layers))
    if spec.D == 2:
        lines.append(
            msg("explain.output.bidirectional", h_out=spec.H_out, width=spec.D * spec.H_out)
        )
    if spec.proj_size:
        lines.append(msg("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    if _positional_bias_trap(ctx.exercise):
        lines.append(_positional_bias_note(spec))
    return lines


def _hidden_lines(ctx: _Context, rule: ShapeRule, cell: bool) -> list[Message]:
    spec = ctx.spec
    inp = ctx.exercise.input
    assert spec is not None and inp is not None
    key = "explain.c_n" if cell else "explain.h_n"
    lines = [msg(key, derivation=_derivation(rule, ctx.symbols))]
    name = "c_n" if cell else "h_n"
    lines.append(msg("explain.h_n.layers", name=name, layers=_layers_expr(spec)))
    if inp.packed:
        lines.append(msg("explain.h_n.packed", name=name, batch=ctx.symbols.get("N", 0)))
    elif not inp.batched:
        lines.append(msg("explain.h_n.unbatched", name=name))
    elif spec.batch_first:
        lines.append(msg("explain.h_n.batch_first", name=name))
    if spec.D == 2:
        lines.append(msg("explain.h_n.bidirectional", name=name))
    if spec.proj_size:
        if cell:
            lines.append(msg("explain.c_n.proj", hidden=spec.hidden_size))
        else:
            lines.append(msg("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    if _positional_bias_trap(ctx.exercise):
        lines.append(_positional_bias_note(spec))
    return lines


def _param_lines(ctx: _Context, rule: ParamRule) -> list[Message]:
    spec = ctx.spec
    assert spec is not None
    lines = [msg("explain.param", name=rule.name, derivation=_derivation(rule.rule, ctx.symbols))]
    rows = spec.gates * spec.hidden_size
    if rule.role == "weight_hr":
        lines.append(msg("explain.param.hr", hidden=spec.hidden_size, proj=spec.proj_size))
    else:
        lines.append(msg(f"explain.rows.{spec.kind}", hidden=spec.hidden_size, rows=rows))
    if rule.role == "weight_ih" and rule.layer == 0:
        lines.append(msg("explain.cols.input", input_size=spec.input_size))
    elif rule.role == "weight_ih":
        width = _axis_expr(rule.rule.axes[1].name, rule.rule.axes[1].size, ctx.symbols)
        if "*" in width:
            width += f" = {spec.D * spec.H_out}"
        lines.append(msg("explain.cols.deep", layer=rule.layer, below=rule.layer - 1, width=width))
    elif rule.role == "weight_hh":
        lines.append(msg("explain.cols.hidden", h_out=spec.H_out))
    elif rule.role in ("bias_ih", "bias_hh"):
        lines.append(msg("explain.param.bias"))
    reads_projection = rule.role == "weight_hh" or (rule.role == "weight_ih" and rule.layer > 0)
    if spec.proj_size and reads_projection:
        lines.append(msg("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    if rule.direction:
        lines.append(msg("explain.param.reverse"))
    return lines


def _layer_terms(spec: ModelSpec) -> list[tuple[int, str, int]]:
    """Per layer: (layer, expression for one direction, its value)."""
    g, h, h_out = spec.gates, spec.hidden_size, spec.H_out
    terms = []
    for layer in range(spec.num_layers):
        width = spec.input_size if layer == 0 else spec.D * spec.H_out
        expr = f"{g}*{h}*({width}+{h_out})"
        value = g * h * (width + h_out)
        if spec.bias:
            expr += f" + 2*{g}*{h}"
            value += 2 * g * h
        if spec.proj_size:
            expr += f" + {spec.proj_size}*{h}"
            value += spec.proj_size * h
        terms.append((layer, expr, value))
    return terms


def _total_sum(spec: ModelSpec) -> Message | None:
    """``total: 2*(a + b) = t``, or None when the layer lines already say it all."""
    terms = _layer_terms(spec)
    total = total_params(spec)
    inner = " + ".join(str(value) for _, _, value in terms)
    expr = inner
    if spec.D == 2:
        expr = f"2*({inner})" if len(terms) > 1 else f"2*{inner}"
    if expr == str(total):
        return None
    return msg("explain.total.sum", expr=expr, total=total)


def _total_lines(spec: ModelSpec, worked_only: bool = False) -> list[Message]:
    lines: list[Message] = []
    if not worked_only:
        lines.append(msg("explain.total", total=format_value(total_params(spec))))
        lines.append(msg("explain.total.formula"))
        lines.append(msg("explain.total.two_biases" if spec.bias else "explain.total.no_bias"))
        if spec.proj_size:
            lines.append(msg("explain.total.proj"))
    for layer, expr, value in _layer_terms(spec):
        lines.append(msg("explain.total.layer", layer=layer, expr=expr, value=value))
    total_line = _total_sum(spec)
    if total_line is not None:
        lines.append(total_line)
    return lines


def _tensor_names(spec: ModelSpec) -> str:
    return ", ".join(r.role for r in parameter_rules(spec) if r.layer == 0 and not r.direction)


def _all_weights_lines(spec: ModelSpec) -> list[Message]:
    return [
        msg("explain.all_weights", expr=_layers_expr(spec)),
        msg("explain.all_weights.entry", names=_tensor_names(spec)),
    ]


def _run_error_lines(ctx: _Context, error: RunError) -> list[Message]:
    """torch's words, then the actual cause with this code's numbers and the change that
    makes it run (the same closed form as ``rnn-tutor shapes``), then why, where it helps."""
    spec = ctx.spec
    inp = ctx.exercise.input
    assert spec is not None and inp is not None
    advice = advise(ctx.exercise.call, inp, error.message)
    lines = [msg("explain.runs.raises", message=error.message), advice.message]
    if advice.message.key == "advice.state":  # (state_batch_first already says why)
        cell = advice.tensor == "c0"
        given = inp.c0 if cell else inp.h0
        name = "c_0" if cell else "h_0"
        n = ctx.symbols.get("N")
        if spec.batch_first and given is not None and len(given) == 3 and given[0] == n:
            lines.append(msg("explain.h_n.batch_first", name=name))
        elif spec.D == 2 and given is not None and given[0] == spec.num_layers:
            lines.append(msg("explain.h_n.bidirectional", name=name))
        elif spec.proj_size and not cell:
            lines.append(msg("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    return lines


def _runs_lines(ctx: _Context) -> list[Message]:
    spec = ctx.spec
    if spec is None:
        error = ctx.constructor_error or ""
        advice = _constructor_advice(ctx.exercise.call, error)
        return [msg("explain.runs.raises", message=error), advice.message]
    if ctx.run is None:
        return []
    if isinstance(ctx.run, RunError):
        return _run_error_lines(ctx, ctx.run)
    lines = [msg("explain.runs.ok"), *_output_lines(ctx, ctx.run.output)]
    inp = ctx.exercise.input
    assert inp is not None
    if silent_batch_swap(ctx.exercise, spec.batch_first):
        lines.append(msg("explain.runs.silent_batch", batch=inp.shape[0], seq=inp.shape[1]))
    elif silent_unbatched(ctx.exercise):
        lines.append(
            msg("explain.runs.silent_unbatched", batch=inp.shape[0], input_size=spec.input_size)
        )
    return lines


def _explanation_lines(ctx: _Context) -> list[Message]:
    exercise = ctx.exercise
    kind = exercise.question.kind
    if kind == "runs":
        return _runs_lines(ctx)
    spec = ctx.spec
    if spec is None:
        return _runs_lines(ctx)
    if kind == "param":
        name = exercise.question.param or ""
        rule = parameter_rule(spec, name)
        if rule is None:
            return [msg("explain.param.missing", kind=spec.kind, name=name)]
        return _param_lines(ctx, rule)
    if kind == "total_params":
        return _total_lines(spec)
    if kind == "all_weights_len":
        return _all_weights_lines(spec)
    if ctx.run is None:
        return []
    if isinstance(ctx.run, RunError):
        return _run_error_lines(ctx, ctx.run)
    if kind == "output":
        return _output_lines(ctx, ctx.run.output)
    if kind == "h_n":
        return _hidden_lines(ctx, ctx.run.h_n, cell=False)
    if ctx.run.c_n is None:
        return [msg("explain.c_n.not_lstm", kind=spec.kind)]
    return _hidden_lines(ctx, ctx.run.c_n, cell=True)


def explanation_lines(exercise: Exercise) -> tuple[Message, ...]:
    """Why the answer is what it is, with this exercise's numbers: one message per line."""
    if exercise.cell is not None:
        return cell_explanation_lines(exercise)
    return tuple(_explanation_lines(_context(exercise)))


def explanation(exercise: Exercise) -> str:
    """:func:`explanation_lines` worded in the current language."""
    return render_lines(explanation_lines(exercise))


# --------------------------------------------------------------------------- torch refusals


def lengths_message(problem: str, inp: InputSpec, batch_first: bool) -> Message:
    """Why packed lengths do not fit the padded tensor (``problem`` from packed_lengths_problem)."""
    if problem == "dims":
        return msg("grade.error.packed_dims", shape=_fmt(inp.shape))
    batch, seq_len = (inp.shape[0], inp.shape[1]) if batch_first else (inp.shape[1], inp.shape[0])
    lengths = str(list(inp.lengths or ()))
    if problem == "count":
        count = len(inp.lengths or ())
        # torch raises on more lengths than sequences; on fewer it packs the first ones.
        key = "grade.error.packed_count_fewer" if count < batch else "grade.error.packed_count"
        return msg(key, lengths=lengths, count=count, N=batch)
    return msg("grade.error.packed_too_long", lengths=lengths, L=seq_len)


@dataclass(frozen=True)
class Advice:
    """What went wrong, in plain words, and the tensor shape that would have worked."""

    message: Message
    tensor: str | None = None  # "input", "h0", "c0", "lengths" or None
    shape: tuple[int, ...] | None = None

    @property
    def text(self) -> str:
        return self.message.text()


def advise(call: ModelCall, inp: InputSpec | None, message: str | None) -> Advice:
    """Plain words for torch's refusal of this code, with a shape that would work.

    Closed form: it finds the first thing torch checks that this code gets wrong.
    ``message`` (torch's own) is quoted when nothing more specific can be said.
    """
    try:
        spec = bind(call)
    except ConstructorError as exc:
        return _constructor_advice(call, message or first_line(exc))
    if inp is None:
        return Advice(msg("advice.generic", message=message or ""))
    if inp.packed:
        problem = packed_lengths_problem(spec, inp)
        if problem is not None:
            return Advice(lengths_message(problem, inp, spec.batch_first), "lengths")
        if any(n <= 0 for n in inp.lengths or ()):
            return Advice(msg("advice.packed_zero"), "lengths")
    ndim = len(inp.shape)
    layout = _layout(spec)
    if ndim not in (2, 3):
        return Advice(
            msg("advice.input_dims", ndim=ndim, layout=layout, I=spec.input_size), "input", None
        )
    batched = ndim == 3
    fixed_input = (*inp.shape[:-1], spec.input_size)
    good_inp = InputSpec(fixed_input, inp.h0, inp.c0, inp.lengths)
    h_rule = hidden_rule(spec, good_inp)
    c_rule = hidden_rule(spec, good_inp, cell=True)
    states = [("h0", inp.h0, h_rule), ("c0", inp.c0, c_rule)]
    if spec.kind == "LSTM" and (inp.h0 is None) != (inp.c0 is None):
        return Advice(
            msg("advice.lstm_pair", h=h_rule.numbers, c=c_rule.numbers),
            "h0" if inp.c0 is None else "c0",
        )
    for name, given, rule in states:
        if given is not None and len(given) != ndim and not inp.packed:
            return Advice(
                msg(
                    "advice.state_dims",
                    name=name,
                    ndim=ndim,
                    batched=msg("advice.batched" if batched else "advice.unbatched"),
                    formula=rule.formula,
                    numbers=rule.numbers,
                ),
                name,
                rule.shape,
            )
    if inp.shape[-1] != spec.input_size:
        return Advice(
            msg(
                "advice.input_size",
                I=spec.input_size,
                got=inp.shape[-1],
                shape=_fmt(fixed_input),
                layout=layout if batched else "(L, I)",
            ),
            "input",
            fixed_input,
        )
    for name, given, rule in states:
        if given is not None and given != rule.shape:
            key = "advice.state_batch_first" if _swapped(given, rule.shape) else "advice.state"
            return Advice(
                msg(
                    key,
                    name=name,
                    formula=rule.formula,
                    numbers=rule.numbers,
                    given=_fmt(given),
                ),
                name,
                rule.shape,
            )
    if spec.forward_error is not None:
        return Advice(_forward_type_advice(call))
    seq_len = inp.shape[1] if (batched and spec.batch_first) else inp.shape[0]
    if seq_len == 0:
        return Advice(msg("advice.empty_sequence"), "input")
    return Advice(msg("advice.generic", message=message or ""))


def _given(call: ModelCall, name: str, position: int) -> object:
    """An argument as the call gives it, by keyword or at its positional index."""
    kwargs = dict(call.kwargs)
    if name in kwargs:
        return kwargs[name]
    return call.args[position] if len(call.args) > position else None


def _forward_type_advice(call: ModelCall) -> Message:
    """torch builds a layer with bidirectional=1 or num_layers=True; the forward refuses."""
    shift = 1 if call.kind == "RNN" else 0  # nn.RNN has nonlinearity 4th
    bidirectional = _given(call, "bidirectional", 6 + shift)
    if bidirectional is not None and not isinstance(bidirectional, bool):
        return msg("advice.forward_bidirectional", value=repr(bidirectional))
    layers = _given(call, "num_layers", 2)
    if isinstance(layers, bool):
        return msg("advice.forward_num_layers", value=repr(layers))
    return msg("advice.forward_type")


def _swapped(given: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    """h0 written batch-first: (N, D*num_layers, H_out) for (D*num_layers, N, H_out)."""
    return len(given) == 3 and given == (expected[1], expected[0], expected[2])


def _layout(spec: ModelSpec) -> str:
    return "(N, L, I)" if spec.batch_first else "(L, N, I)"


def _constructor_advice(call: ModelCall, message: str) -> Advice:
    kwargs = dict(call.kwargs)
    if call.kind == "RNN" and len(call.args) > 3 and call.args[3] not in ("tanh", "relu"):
        return Advice(msg("advice.rnn_fourth", value=repr(call.args[3])))
    if message.startswith("proj_size has to be smaller"):
        try:
            hidden = call.args[1] if len(call.args) > 1 else kwargs.get("hidden_size")
        except IndexError:
            hidden = None
        return Advice(msg("advice.proj_too_big", hidden=hidden))
    if message.startswith("proj_size argument is only supported"):
        return Advice(msg("advice.proj_not_lstm", kind=call.kind))
    return Advice(msg("advice.constructor", message=message))


def failure_advice(exercise: Exercise, message: str | None) -> Message:
    """Plain words (with the shape that would work) for why torch refuses this code."""
    return advise(exercise.call, exercise.input, message).message


# --------------------------------------------------------------------------- hints

_SYMBOL_ORDER = ("N", "L", "max(lengths)", "D", "num_layers", "I", "H", "H_out", "proj_size")


def _values_text(rule: ShapeRule, ctx: _Context) -> str:
    """``N = 4, D = 2, num_layers = 3, H_out = 20``: the symbols this rule uses."""
    tokens = {tok for axis in rule.axes for tok in axis.name.split("*")}
    spec = ctx.spec
    gated = spec is not None and spec.gates > 1 and bool(tokens & {"3", "4"})
    parts = [
        f"{name} = {ctx.symbols[name]}"
        for name in _SYMBOL_ORDER
        if name in tokens and name in ctx.symbols
    ]
    if spec is not None:
        if "H_out" in tokens and spec.proj_size:
            parts.append(f"proj_size = {spec.proj_size}")
        if gated:
            parts.insert(0, f"g = {spec.gates} (nn.{spec.kind})")
    return ", ".join(parts)


def _shape_hint_notes(ctx: _Context) -> list[str]:
    spec = ctx.spec
    inp = ctx.exercise.input
    kind = ctx.exercise.question.kind
    notes: list[str] = []
    if spec is None or inp is None:
        return notes
    if kind in ("h_n", "c_n") and spec.batch_first and inp.batched:
        notes.append(t("hint.note.h_n_batch_first", name=kind))
    if kind in ("output", "runs") and spec.num_layers > 1:
        notes.append(t("hint.note.output_layers"))
    if not inp.packed and not inp.batched:
        notes.append(t("hint.note.unbatched"))
    if _positional_bias_trap(ctx.exercise):
        notes.append(t("hint.note.positional"))
    return notes


def _first_rung(ctx: _Context) -> str:
    question = ctx.exercise.question
    inp = ctx.exercise.input
    if question.kind == "output":
        return t("hint.output.packed.1" if inp is not None and inp.packed else "hint.output.1")
    if question.kind in ("h_n", "c_n"):
        return t(f"hint.{question.kind}.1")
    if question.kind == "param":
        name = question.param or ""
        role = next(
            (r for r in ("weight_ih", "weight_hh", "weight_hr") if name.startswith(r)), "bias"
        )
        return t(f"hint.param.{role}.1")
    if question.kind == "total_params":
        return t("hint.total.1")
    if question.kind == "all_weights_len":
        return t("hint.all_weights.1")
    return t("hint.runs.1")


def _runs_second_rung(ctx: _Context) -> str:
    exercise = ctx.exercise
    spec = ctx.spec
    inp = exercise.input
    if spec is None or _positional_bias_trap(exercise):
        return t("hint.note.positional")
    if inp is None:
        return t("hint.runs.1")
    if silent_batch_swap(exercise, spec.batch_first):
        return t("hint.note.silent")
    if silent_unbatched(exercise):
        return t("hint.note.unbatched")
    if inp.shape and inp.shape[-1] != spec.input_size:
        return t("hint.runs.compare_input", input_size=spec.input_size, last=inp.shape[-1])
    given_states = [
        (name, given, hidden_rule(spec, inp, cell=cell))
        for name, given, cell in (("h0", inp.h0, False), ("c0", inp.c0, True))
        if given is not None
    ]
    wrong = [state for state in given_states if state[1] != state[2].shape]
    if given_states:
        name, given, rule = (wrong or given_states)[0]
        return t("hint.runs.compare_hidden", name=name, given=_fmt(given), formula=rule.formula)
    if isinstance(ctx.run, ForwardShapes):
        return t("hint.values", values=_values_text(ctx.run.output, ctx))
    return t("hint.runs.1")


def _second_rung(ctx: _Context) -> str:
    question = ctx.exercise.question
    spec = ctx.spec
    if question.kind == "runs" or spec is None:
        return _runs_second_rung(ctx)
    if question.kind in ("total_params", "all_weights_len"):
        values = [
            f"D = {spec.D}",
            f"num_layers = {spec.num_layers}",
        ]
        if question.kind == "total_params":
            values = [
                f"g = {spec.gates} (nn.{spec.kind})",
                f"H = {spec.hidden_size}",
                f"I = {spec.input_size}",
                f"H_out = {spec.H_out}",
                *values,
                f"bias={spec.bias}",
            ]
        return t("hint.values", values=", ".join(values))
    closed = closed_form(ctx.exercise)
    if closed.rule is None:
        return t("hint.runs.1")
    text = t("hint.values", values=_values_text(closed.rule, ctx))
    return " ".join([text, *_shape_hint_notes(ctx)])


def _third_rung(ctx: _Context) -> str:
    question = ctx.exercise.question
    spec = ctx.spec
    closed = closed_form(ctx.exercise)
    if closed.raises is not None:
        return t("hint.runs.raises", message=closed.raises)
    if spec is None:
        return t("hint.runs.1")
    if question.kind == "total_params":
        return t("hint.worked", derivation=render_lines(_total_lines(spec, worked_only=True)))
    if question.kind == "all_weights_len":
        return t("hint.worked", derivation=f"D*num_layers = {_layers_expr(spec)}")
    if closed.rule is None:
        return t("hint.runs.1")
    derivation = _derivation(closed.rule, ctx.symbols)
    if question.kind == "runs":
        return t("hint.runs.runs", derivation=derivation)
    return t("hint.worked", derivation=derivation)


def hints(exercise: Exercise) -> list[str]:
    """Three rungs: the formula, then which axes matter here, then the worked answer."""
    if exercise.cell is not None:
        return cell_hints(exercise)
    ctx = _context(exercise)
    return [_first_rung(ctx), _second_rung(ctx), _third_rung(ctx)]


# --------------------------------------------------------------------------- wording


def question_text(exercise: Exercise) -> str:
    """The short prompt under the code: ``h_n.shape?``, ``rnn.weight_ih_l1.shape?``..."""
    question = exercise.question
    if exercise.cell is not None:
        return cell_question_text(exercise)
    if question.kind == "param":
        return t("question.param", name=question.param or "")
    if question.kind == "output" and exercise.input is not None and exercise.input.packed:
        return t("question.output.packed")  # the padded tensor, not the PackedSequence
    return t(f"question.{question.kind}")


def answer_placeholder(exercise: Exercise) -> str:
    """What the empty answer box says: the form of answer, naming what a cell asks about."""
    kind = exercise.question.answer_kind
    cell = exercise.cell
    if cell is not None and kind == "runs":
        return t("ui.answer.placeholder.runs.cell", target=cell.target)
    if cell is not None and kind == "count":
        return t("ui.answer.placeholder.number")  # a number that goes in the blank
    return t(f"ui.answer.placeholder.{kind}")


def answer_text(exercise: Exercise) -> str:
    """The closed-form answer as a learner would type it: ``(6, 4, 20)``, ``5920``, ``error: …``."""
    closed = closed_form(exercise)
    if closed.raises is not None:
        return t("exercises.answer.raises", message=closed.raises)
    if isinstance(closed.value, Expression):
        return closed.value.text
    if isinstance(closed.value, tuple):
        return _fmt(closed.value)
    return "?" if closed.value is None else str(closed.value)
