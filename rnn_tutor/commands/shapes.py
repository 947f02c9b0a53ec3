"""`rnn-tutor shapes`: what torch says about a layer, from a real forward pass.

Prints output, h_n, c_n, every named parameter with its shape and where the shape comes
from, the total as torchinfo counts it and len(all_weights). Shapes are torch's; the
formulas beside them are the closed form. When torch raises, the error is said in plain
words with a shape that would work, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from rnn_tutor.commands._output import dumps, emit
from rnn_tutor.core.call.rules import ShapeRule, batch_size, forward_shapes, parameter_rules
from rnn_tutor.core.call.spec import (
    ConstructorError,
    InputSpec,
    ModelCall,
    ModelSpec,
    SpecError,
    bind,
    check_count,
    parse_model,
    parse_shape_list,
)
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.exercise_error import ExerciseError
from rnn_tutor.core.grading.explain import advise
from rnn_tutor.core.grading.grader import run_model
from rnn_tutor.i18n import t

Shape = tuple[int, ...]


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "shapes", help=t("shapes.help"), description=t("shapes.description")
    )
    parser.add_argument("model", help=t("shapes.help.model"))
    parser.add_argument("--input", metavar="SHAPE", help=t("shapes.help.input"))
    parser.add_argument("--h0", metavar="SHAPE", help=t("shapes.help.h0"))
    parser.add_argument("--c0", metavar="SHAPE", help=t("shapes.help.c0"))
    parser.add_argument("--lengths", metavar="LENGTHS", help=t("shapes.help.lengths"))
    parser.add_argument("--json", action="store_true", help=t("shapes.help.json"))


# --------------------------------------------------------------------------- formatting


def _width(text: str) -> int:
    """Columns a terminal gives ``text`` (Korean and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Plain-text columns, left aligned, two spaces apart, with a rule under the header."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(cells)).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def _shape_text(shape: Shape | list[int] | None) -> str:
    if shape is None:
        return "-"
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def derivation(names: tuple[str, ...], values: dict[str, int]) -> str:
    """An axis formula with this layer's numbers: ("4*H", "I") -> "(4*20, 10)"."""
    parts = []
    for name in names:
        if name in values:
            parts.append(str(values[name]))
            continue
        factors = name.split("*")
        parts.append("*".join(str(values.get(f, f)) for f in factors))
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


# --------------------------------------------------------------------------- the report


TORCH = "torch"
RNN_TUTOR = "rnn-tutor"


def _error(
    message: str,
    advice: str | None = None,
    tensor: str | None = None,
    shape: Shape | None = None,
    source: str = RNN_TUTOR,
) -> dict[str, Any]:
    """The "error" object: the message, plain words, what to change, and who refused.

    ``source`` is "torch" only for what torch itself raised (its constructor or forward
    pass); text rnn-tutor cannot read, and sizes or devices it will not run, are
    "rnn-tutor", so the report never puts torch's name on rnn-tutor's own refusals.
    """
    return {
        "message": message,
        "advice": message if advice is None else advice,
        "tensor": tensor,
        "shape": None if shape is None else list(shape),
        "source": source,
    }


def report(
    model: str,
    input_shape: Shape | None,
    h0: Shape | None = None,
    c0: Shape | None = None,
    lengths: Shape | None = None,
) -> tuple[dict[str, Any], int]:
    """Everything `shapes` shows, as a JSON-ready dict, and the exit status.

    This builds; :func:`render` words it. Each refusal ends the report at its step with
    status 2; what was found before it stays in the report.
    """
    result: dict[str, Any] = {
        "model": model,
        "input": None,
        "config": None,
        "output": None,
        "h_n": None,
        "c_n": None,
        "parameters": [],
        "total_params": None,
        "all_weights_len": None,
        "error": None,
    }
    try:
        parsed = parse_model(model)
    except SpecError as exc:
        return _refused(result, _error(exc.message))
    call = parsed.call
    result["model"] = call.code()
    if input_shape is None and any(s is not None for s in (h0, c0, lengths)):
        return _refused(result, _error(t("grade.request.state_without_input"), tensor="input"))
    inp = None if input_shape is None else InputSpec(input_shape, h0, c0, lengths)
    result["input"] = None if inp is None else inp.to_dict()
    exercise = Exercise(call=call, input=inp, question=Question("runs"), names=parsed.names)
    try:
        truth = run_model(exercise)
    except ExerciseError as exc:
        return _refused(result, _error(exc.message))
    if truth.constructor_error is not None:
        advice = advise(call, inp, truth.constructor_error)
        return _refused(result, _error(truth.constructor_error, advice.text, source=TORCH))
    result["config"] = dict(truth.config)
    spec = _bound(call)
    values = _symbols(spec)
    result["parameters"] = _parameter_entries(truth.parameters, spec, values)
    result["total_params"] = truth.total_params
    result["all_weights_len"] = truth.all_weights_len
    if inp is None:
        return result, 0
    if truth.run_error is not None:
        advice = advise(call, inp, truth.run_error)
        error = _error(truth.run_error, advice.text, advice.tensor, advice.shape, source=TORCH)
        return _refused(result, error)
    measured = {"output": truth.output, "h_n": truth.h_n, "c_n": truth.c_n}
    result.update(_tensor_entries(measured, spec, inp, values))
    return result, 0


def _refused(result: dict[str, Any], error: dict[str, Any]) -> tuple[dict[str, Any], int]:
    result["error"] = error
    return result, 2


def _bound(call: ModelCall) -> ModelSpec | None:
    """The closed form's spec, for the formulas (None where torch and it disagree)."""
    try:
        return bind(call)
    except ConstructorError:
        return None


def _symbols(spec: ModelSpec | None) -> dict[str, int]:
    """The layer's numbers by the names the formulas use."""
    if spec is None:
        return {}
    return {
        "I": spec.input_size,
        "H": spec.hidden_size,
        "H_out": spec.H_out,
        "D": spec.D,
        "num_layers": spec.num_layers,
        "proj_size": spec.proj_size,
    }


def _parameter_entries(
    parameters: Sequence[tuple[str, Shape]], spec: ModelSpec | None, values: dict[str, int]
) -> list[dict[str, Any]]:
    """Each named parameter: torch's shape, and the formula where it gives the same shape."""
    formulas = {rule.name: rule for rule in parameter_rules(spec)} if spec else {}
    entries = []
    for name, shape in parameters:
        rule = formulas.get(name)
        agrees = rule is not None and rule.shape == shape
        entries.append(
            {
                "name": name,
                "shape": list(shape),
                "formula": rule.rule.formula if rule and agrees else None,
                "derivation": derivation(tuple(a.name for a in rule.rule.axes), values)
                if rule and agrees
                else None,
                "numel": math.prod(shape),
            }
        )
    return entries


def _tensor_entries(
    measured: dict[str, Shape | None],
    spec: ModelSpec | None,
    inp: InputSpec,
    values: dict[str, int],
) -> dict[str, dict[str, Any]]:
    """output, h_n and c_n as torch gave them, each with its formula where it agrees."""
    closed: dict[str, ShapeRule | None] = {}
    if spec is not None:
        shapes = forward_shapes(spec, inp)
        n = batch_size(spec, inp)
        seq_len = shapes.output.shape[1 if (spec.batch_first and n is not None) else 0]
        values = {**values, "L": seq_len, "max(lengths)": max(inp.lengths or (0,))}
        if n is not None:
            values["N"] = n
        closed = {"output": shapes.output, "h_n": shapes.h_n, "c_n": shapes.c_n}
    entries = {}
    for key, shape in measured.items():
        if shape is None:
            continue
        entry: dict[str, Any] = {"shape": list(shape), "formula": None, "derivation": None}
        rule = closed.get(key)
        if rule is not None and rule.shape == shape:
            entry["formula"] = rule.formula
            entry["derivation"] = derivation(tuple(a.name for a in rule.axes), values)
        entries[key] = entry
    return entries


def render(result: dict[str, Any]) -> str:
    """The report as aligned plain text."""
    lines = [result["model"]]
    if result["input"] is not None:
        inp = result["input"]
        extras = [
            f"{name}={_shape_text(inp[name])}"
            for name in ("h0", "c0", "lengths")
            if inp[name] is not None
        ]
        lines.append(t("shapes.out.input", shape=_shape_text(inp["shape"]), extra=" ".join(extras)))
    error = result["error"]
    if error is not None:  # first: it is what the reader came for
        label = "shapes.out.error" if error["source"] == TORCH else "shapes.out.refused"
        lines += ["", t(label, message=error["message"])]
        if error["advice"] != error["message"]:
            lines.append(error["advice"])
        if result["config"] is None:
            return "\n".join(lines)
    tensors = [
        [key, _shape_text(entry["shape"]), _formula_cell(entry)]
        for key in ("output", "h_n", "c_n")
        if (entry := result[key]) is not None
    ]
    if tensors:
        header = [t("shapes.col.tensor"), t("shapes.col.shape"), t("shapes.col.rule")]
        lines += ["", *table(header, tensors)]
    params = [
        [p["name"], _shape_text(p["shape"]), _formula_cell(p), str(p["numel"])]
        for p in result["parameters"]
    ]
    header = [
        t("shapes.col.parameter"),
        t("shapes.col.shape"),
        t("shapes.col.rule"),
        t("shapes.col.numel"),
    ]
    lines += ["", *table(header, params), ""]
    lines.append(t("shapes.out.total", total=result["total_params"]))
    lines.append(t("shapes.out.all_weights", count=result["all_weights_len"]))
    if result["input"] is None:
        lines.append(t("shapes.out.no_input"))
    return "\n".join(lines)


def _formula_cell(entry: dict[str, Any]) -> str:
    if entry["formula"] is None:
        return ""
    return f"{entry['formula']} = {entry['derivation']}"


def run(args: argparse.Namespace) -> int:
    shapes: dict[str, Shape | None] = {}
    for field in ("input", "h0", "c0", "lengths"):
        text = getattr(args, field)
        try:
            shapes[field] = None if text is None else check_count(field, parse_shape_list(text))
        except SpecError as exc:
            print(exc.message, file=sys.stderr)
            return 2
    result, status = report(
        args.model, shapes["input"], shapes["h0"], shapes["c0"], shapes["lengths"]
    )
    emit(dumps(result) if args.json else render(result))
    return status
