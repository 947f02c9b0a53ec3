"""Closed-form shape rules (pure Python, no torch).

These serve explanations, hints, the parameter browser and the generator. They are never
the grader's truth: the grader runs torch, and the differential tests keep the two equal.
Notation as in rnn-shapes.md: N, L, I, H, D, H_out, g, K (num_layers).
"""

from __future__ import annotations

from dataclasses import dataclass

from rnn_tutor.core.spec import InputSpec, ModelSpec

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Axis:
    """One axis of a shape: its symbolic name (``D*num_layers``) and value."""

    name: str
    size: int


@dataclass(frozen=True)
class ShapeRule:
    """A shape together with the symbolic formula of each axis."""

    axes: tuple[Axis, ...]

    @property
    def shape(self) -> Shape:
        return tuple(a.size for a in self.axes)

    @property
    def formula(self) -> str:
        return (
            "(" + ", ".join(a.name for a in self.axes) + ("," if len(self.axes) == 1 else "") + ")"
        )

    @property
    def numbers(self) -> str:
        return (
            "("
            + ", ".join(str(a.size) for a in self.axes)
            + ("," if len(self.axes) == 1 else "")
            + ")"
        )


@dataclass(frozen=True)
class ParamRule:
    """One entry of named_parameters(): name, shape with formula, and where it comes from."""

    name: str
    rule: ShapeRule
    layer: int
    direction: str  # "" or "_reverse"
    role: str  # "weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr"

    @property
    def shape(self) -> Shape:
        return self.rule.shape

    @property
    def numel(self) -> int:
        total = 1
        for size in self.shape:
            total *= size
        return total


@dataclass(frozen=True)
class ForwardShapes:
    """What a successful forward pass returns (output padded back for packed input)."""

    output: ShapeRule
    h_n: ShapeRule
    c_n: ShapeRule | None


@dataclass(frozen=True)
class RunError:
    """A forward pass torch refuses, with torch 2.13's wording."""

    message: str
    exception: str  # "RuntimeError" / "ValueError"


def gate_name(spec: ModelSpec) -> str:
    return {"RNN": "H", "GRU": "3*H", "LSTM": "4*H"}[spec.kind]


def _dim(name: str, size: int) -> Axis:
    return Axis(name, size)


def output_rule(spec: ModelSpec, inp: InputSpec) -> ShapeRule:
    """output (or pad_packed_sequence's padded output) for an input torch accepts."""
    last = _dim("D*H_out", spec.D * spec.H_out)
    if inp.packed:
        lengths = inp.lengths or ()
        batch = len(lengths)
        l_max = max(lengths) if lengths else 0
        if spec.batch_first:
            return ShapeRule((_dim("N", batch), _dim("max(lengths)", l_max), last))
        return ShapeRule((_dim("max(lengths)", l_max), _dim("N", batch), last))
    if not inp.batched:
        return ShapeRule((_dim("L", inp.shape[0]), last))
    if spec.batch_first:
        return ShapeRule((_dim("N", inp.shape[0]), _dim("L", inp.shape[1]), last))
    return ShapeRule((_dim("L", inp.shape[0]), _dim("N", inp.shape[1]), last))


def batch_size(spec: ModelSpec, inp: InputSpec) -> int | None:
    """N as torch reads it (None for unbatched input)."""
    if inp.packed:
        return len(inp.lengths or ())
    if not inp.batched:
        return None
    return inp.shape[0] if spec.batch_first else inp.shape[1]


def hidden_rule(spec: ModelSpec, inp: InputSpec, cell: bool = False) -> ShapeRule:
    """h_0 / h_n (or c_0 / c_n with ``cell``): batch_first never applies here."""
    first = _dim("D*num_layers", spec.D * spec.num_layers)
    last = _dim("H", spec.hidden_size) if cell else _dim("H_out", spec.H_out)
    n = batch_size(spec, inp)
    if n is None:
        return ShapeRule((first, last))
    return ShapeRule((first, _dim("N", n), last))


def forward_shapes(spec: ModelSpec, inp: InputSpec) -> ForwardShapes:
    return ForwardShapes(
        output=output_rule(spec, inp),
        h_n=hidden_rule(spec, inp),
        c_n=hidden_rule(spec, inp, cell=True) if spec.kind == "LSTM" else None,
    )


def _fmt(shape: Shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _torch_list(shape: Shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def predict_run(spec: ModelSpec, inp: InputSpec) -> ForwardShapes | RunError:
    """What ``rnn(input[, hx])`` does: shapes, or the error torch 2.13 raises, in its order."""
    if inp.packed:
        return forward_shapes(spec, inp)
    ndim = len(inp.shape)
    if ndim not in (2, 3):
        suffix = " tensor instead" if spec.kind == "RNN" else " instead"
        return RunError(
            f"{spec.kind}: Expected input to be 2D or 3D, got {ndim}D{suffix}", "ValueError"
        )
    hidden = [s for s in (inp.h0, inp.c0) if s is not None]
    if hidden:
        if spec.kind == "LSTM":
            dims = [len(s) for s in hidden]
            if any(d != ndim for d in dims) and len(hidden) == 2:
                kind = "batched 3-D" if ndim == 3 else "unbatched 2-D"
                got = ", ".join(f"{d}-D" for d in dims)
                return RunError(
                    f"For {kind} input, hx and cx should also be {ndim}-D but got ({got}) tensors",
                    "RuntimeError",
                )
        elif len(hidden[0]) != ndim:
            kind = "batched 3-D" if ndim == 3 else "unbatched 2-D"
            return RunError(
                f"For {kind} input, hx should also be {ndim}-D but got {len(hidden[0])}-D tensor",
                "RuntimeError",
            )
    if inp.shape[-1] != spec.input_size:
        return RunError(
            "input.size(-1) must be equal to input_size. "
            f"Expected {spec.input_size}, got {inp.shape[-1]}",
            "RuntimeError",
        )
    seq_len = inp.shape[1] if (ndim == 3 and spec.batch_first) else inp.shape[0]
    if seq_len == 0:
        return RunError("Expected sequence length to be larger than 0 in RNN", "RuntimeError")
    expected_h = hidden_rule(spec, inp).shape
    if inp.h0 is not None and inp.h0 != expected_h:
        label = "hidden[0]" if spec.kind == "LSTM" else "hidden"
        return RunError(
            f"Expected {label} size {_fmt(expected_h)}, got {_torch_list(inp.h0)}", "RuntimeError"
        )
    if spec.kind == "LSTM" and inp.c0 is not None:
        expected_c = hidden_rule(spec, inp, cell=True).shape
        if inp.c0 != expected_c:
            return RunError(
                f"Expected hidden[1] size {_fmt(expected_c)}, got {_torch_list(inp.c0)}",
                "RuntimeError",
            )
    return forward_shapes(spec, inp)


def parameter_rules(spec: ModelSpec) -> list[ParamRule]:
    """named_parameters() in torch's order: per layer, forward then reverse."""
    g = gate_name(spec)
    rows = _dim(g, spec.gates * spec.hidden_size)
    rules: list[ParamRule] = []
    for layer in range(spec.num_layers):
        for direction in spec.directions:
            suffix = f"_l{layer}{direction}"
            if layer == 0:
                width = _dim("I", spec.input_size)
            else:
                width = _dim("D*H_out" if spec.D > 1 else "H_out", spec.D * spec.H_out)
            entries: list[tuple[str, ShapeRule]] = [
                ("weight_ih", ShapeRule((rows, width))),
                ("weight_hh", ShapeRule((rows, _dim("H_out", spec.H_out)))),
            ]
            if spec.bias:
                entries += [("bias_ih", ShapeRule((rows,))), ("bias_hh", ShapeRule((rows,)))]
            if spec.proj_size > 0:
                entries.append(
                    (
                        "weight_hr",
                        ShapeRule((_dim("proj_size", spec.proj_size), _dim("H", spec.hidden_size))),
                    )
                )
            for role, rule in entries:
                rules.append(ParamRule(role + suffix, rule, layer, direction, role))
    return rules


def parameter_rule(spec: ModelSpec, name: str) -> ParamRule | None:
    for rule in parameter_rules(spec):
        if rule.name == name:
            return rule
    return None


def total_params(spec: ModelSpec) -> int:
    """What torchinfo's summary() reports as Total params (= sum of numel)."""
    return sum(rule.numel for rule in parameter_rules(spec))


def all_weights_len(spec: ModelSpec) -> int:
    return spec.D * spec.num_layers
