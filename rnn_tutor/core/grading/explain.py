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
    parameter_rule,
    parameter_rules,
    predict_run,
    total_params,
)
from rnn_tutor.core.call.spec import ConstructorError, InputSpec, ModelSpec, bind
from rnn_tutor.core.exercises.questions import Exercise, silent_batch_swap, silent_unbatched
from rnn_tutor.core.grading.answers import Expression
from rnn_tutor.core.grading.cell_explain import (
    cell_answer,
    cell_explanation,
    cell_hints,
    cell_question_text,
)
from rnn_tutor.core.safe_text import QUOTE_LIMIT, visible
from rnn_tutor.i18n import catalog, get_language, t

__all__ = [
    "ClosedForm",
    "answer_text",
    "closed_form",
    "explanation",
    "hints",
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
        if self.raises is not None:
            return {"raises": self.raises}
        if isinstance(self.value, Expression):
            return {"expression": self.value.text}
        if isinstance(self.value, tuple):
            return list(self.value)
        return self.value


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


def _fmt(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


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


def _nonlinearity_trap(exercise: Exercise) -> bool:
    call = exercise.call
    return call.kind == "RNN" and len(call.args) >= 4 and call.args[3] not in ("tanh", "relu")


def _output_lines(ctx: _Context, rule: ShapeRule) -> list[str]:
    spec = ctx.spec
    inp = ctx.exercise.input
    assert spec is not None and inp is not None
    lines = [t("explain.output", derivation=_derivation(rule, ctx.symbols))]
    if inp.packed:
        lines.append(
            t(
                "explain.output.packed",
                l_max=ctx.symbols.get("L", 0),
                batch=ctx.symbols.get("N", 0),
                batch_first=spec.batch_first,
            )
        )
    elif not inp.batched:
        lines.append(t("explain.output.unbatched"))
    elif spec.batch_first:
        lines.append(t("explain.output.batch_first_true"))
    else:
        lines.append(t("explain.output.batch_first_false"))
    if spec.num_layers > 1:
        lines.append(t("explain.output.last_layer", layers=spec.num_layers))
    if spec.D == 2:
        lines.append(t("explain.output.bidirectional", h_out=spec.H_out, width=spec.D * spec.H_out))
    if spec.proj_size:
        lines.append(t("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    if _positional_bias_trap(ctx.exercise):
        lines.append(t("explain.positional_bias", kind=spec.kind))
    return lines


def _hidden_lines(ctx: _Context, rule: ShapeRule, cell: bool) -> list[str]:
    spec = ctx.spec
    inp = ctx.exercise.input
    assert spec is not None and inp is not None
    key = "explain.c_n" if cell else "explain.h_n"
    lines = [t(key, derivation=_derivation(rule, ctx.symbols))]
    name = "c_n" if cell else "h_n"
    lines.append(t("explain.h_n.layers", name=name, layers=_layers_expr(spec)))
    if inp.packed:
        lines.append(t("explain.h_n.packed", name=name, batch=ctx.symbols.get("N", 0)))
    elif not inp.batched:
        lines.append(t("explain.h_n.unbatched", name=name))
    elif spec.batch_first:
        lines.append(t("explain.h_n.batch_first", name=name))
    if spec.D == 2:
        lines.append(t("explain.h_n.bidirectional", name=name))
    if spec.proj_size:
        if cell:
            lines.append(t("explain.c_n.proj", hidden=spec.hidden_size))
        else:
            lines.append(t("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    if _positional_bias_trap(ctx.exercise):
        lines.append(t("explain.positional_bias", kind=spec.kind))
    return lines


def _param_lines(ctx: _Context, rule: ParamRule) -> list[str]:
    spec = ctx.spec
    assert spec is not None
    lines = [t("explain.param", name=rule.name, derivation=_derivation(rule.rule, ctx.symbols))]
    rows = spec.gates * spec.hidden_size
    if rule.role == "weight_hr":
        lines.append(t("explain.param.hr", hidden=spec.hidden_size, proj=spec.proj_size))
    else:
        lines.append(t(f"explain.rows.{spec.kind}", hidden=spec.hidden_size, rows=rows))
    if rule.role == "weight_ih" and rule.layer == 0:
        lines.append(t("explain.cols.input", input_size=spec.input_size))
    elif rule.role == "weight_ih":
        width = _axis_expr(rule.rule.axes[1].name, rule.rule.axes[1].size, ctx.symbols)
        if "*" in width:
            width += f" = {spec.D * spec.H_out}"
        lines.append(t("explain.cols.deep", layer=rule.layer, below=rule.layer - 1, width=width))
    elif rule.role == "weight_hh":
        lines.append(t("explain.cols.hidden", h_out=spec.H_out))
    elif rule.role in ("bias_ih", "bias_hh"):
        lines.append(t("explain.param.bias"))
    reads_projection = rule.role == "weight_hh" or (rule.role == "weight_ih" and rule.layer > 0)
    if spec.proj_size and reads_projection:
        lines.append(t("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    if rule.direction:
        lines.append(t("explain.param.reverse"))
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


def _total_sum(spec: ModelSpec) -> str:
    terms = _layer_terms(spec)
    total = total_params(spec)
    inner = " + ".join(str(value) for _, _, value in terms)
    expr = inner
    if spec.D == 2:
        expr = f"2*({inner})" if len(terms) > 1 else f"2*{inner}"
    if expr == str(total):
        return str(total)
    return t("explain.total.sum", expr=expr, total=total)


def _total_lines(spec: ModelSpec, worked_only: bool = False) -> list[str]:
    lines: list[str] = []
    if not worked_only:
        lines.append(t("explain.total", total=total_params(spec)))
        lines.append(t("explain.total.formula"))
        lines.append(t("explain.total.two_biases" if spec.bias else "explain.total.no_bias"))
        if spec.proj_size:
            lines.append(t("explain.total.proj"))
    for layer, expr, value in _layer_terms(spec):
        lines.append(t("explain.total.layer", layer=layer, expr=expr, value=value))
    total_line = _total_sum(spec)
    if total_line != str(total_params(spec)):
        lines.append(total_line)
    return lines


def _tensor_names(spec: ModelSpec) -> str:
    return ", ".join(r.role for r in parameter_rules(spec) if r.layer == 0 and not r.direction)


def _all_weights_lines(spec: ModelSpec) -> list[str]:
    return [
        t("explain.all_weights", expr=_layers_expr(spec)),
        t("explain.all_weights.entry", names=_tensor_names(spec)),
    ]


def _run_error_lines(ctx: _Context, error: RunError) -> list[str]:
    spec = ctx.spec
    inp = ctx.exercise.input
    assert spec is not None and inp is not None
    lines = [t("explain.runs.raises", message=error.message)]
    message = error.message
    if message.startswith("input.size(-1)"):
        lines.append(t("explain.runs.input_size", input_size=spec.input_size, got=inp.shape[-1]))
    elif message.startswith("Expected hidden"):
        cell = "hidden[1]" in message
        rule = hidden_rule(spec, inp, cell=cell)
        given = inp.c0 if cell else inp.h0
        lines.append(
            t(
                "explain.runs.hidden",
                name="c_0" if cell else "h_0",
                derivation=_derivation(rule, ctx.symbols),
                given=_fmt(given or ()),
            )
        )
        n = ctx.symbols.get("N")
        name = "c_0" if cell else "h_0"
        if spec.batch_first and given is not None and len(given) == 3 and given[0] == n:
            lines.append(t("explain.h_n.batch_first", name=name))
        elif spec.D == 2 and given is not None and given[0] == spec.num_layers:
            lines.append(t("explain.h_n.bidirectional", name=name))
        elif spec.proj_size and not cell:
            lines.append(t("explain.proj", proj=spec.proj_size, hidden=spec.hidden_size))
    elif "should also be" in message:
        lines.append(t("explain.runs.hidden_dims"))
    elif "Expected input to be" in message:
        lines.append(t("explain.runs.ndim"))
    elif "sequence length" in message:
        lines.append(t("explain.runs.empty"))
    return lines


def _runs_lines(ctx: _Context) -> list[str]:
    spec = ctx.spec
    if spec is None:
        lines = [t("explain.runs.raises", message=ctx.constructor_error or "")]
        if _nonlinearity_trap(ctx.exercise):
            lines.append(t("explain.runs.nonlinearity"))
        else:
            lines.append(t("explain.runs.constructor"))
        return lines
    if ctx.run is None:
        return []
    if isinstance(ctx.run, RunError):
        return _run_error_lines(ctx, ctx.run)
    lines = [t("explain.runs.ok"), *_output_lines(ctx, ctx.run.output)]
    inp = ctx.exercise.input
    assert inp is not None
    if silent_batch_swap(ctx.exercise, spec.batch_first):
        lines.append(t("explain.runs.silent_batch", batch=inp.shape[0], seq=inp.shape[1]))
    elif silent_unbatched(ctx.exercise):
        lines.append(
            t("explain.runs.silent_unbatched", batch=inp.shape[0], input_size=spec.input_size)
        )
    return lines


def _explanation_lines(ctx: _Context) -> list[str]:
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
            return [t("explain.param.missing", kind=spec.kind, name=name)]
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
        return [t("explain.c_n.not_lstm", kind=spec.kind)]
    return _hidden_lines(ctx, ctx.run.c_n, cell=True)


def explanation(exercise: Exercise) -> str:
    """Why the answer is what it is, with this exercise's numbers, one point per line."""
    if exercise.cell is not None:
        return cell_explanation(exercise)
    return "\n".join(_explanation_lines(_context(exercise)))


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
        return t("hint.worked", derivation="\n".join(_total_lines(spec, worked_only=True)))
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
    return t(f"question.{question.kind}")


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


def _known(key: str) -> bool:
    return key in catalog(get_language()) or key in catalog("en")


def misconception_text(misconception_id: str) -> str:
    """The misconception in plain words; an id this version does not know gets a generic line."""
    key = f"misconception.{misconception_id}"
    return t(key) if _known(key) else t("misconception.unknown")


def skill_name(skill_id: str) -> str:
    key = f"skill.{skill_id}"
    return t(key) if _known(key) else visible(skill_id, limit=QUOTE_LIMIT)


def skill_rule(skill_id: str) -> str:
    key = f"skill.{skill_id}.rule"
    return t(key) if _known(key) else ""
