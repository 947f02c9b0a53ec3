"""Model and input specs, and safe parsing of ``nn.LSTM(...)`` text.

A learner's code is read with :mod:`ast` and only literals are accepted, so nothing a
learner types is ever executed. :class:`ModelCall` keeps the call exactly as written
(positional arguments stay positional) because that is where the traps live:
``nn.LSTM(20, 300, 5, True)`` sets ``bias``, not ``bidirectional``. :func:`bind` mirrors
torch's own argument binding in closed form for explanations and generation; the grader
still asks torch's constructor itself.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, cast

from rnn_tutor.core.safe_text import visible_params
from rnn_tutor.i18n import t

ModelKind = Literal["RNN", "LSTM", "GRU"]
MODEL_KINDS: tuple[ModelKind, ...] = ("RNN", "LSTM", "GRU")
LiteralValue = int | float | bool | str | None

# torch's positional order (nn.RNN takes `nonlinearity` 4th; LSTM and GRU go straight to RNNBase).
RNN_POSITIONAL: tuple[str, ...] = (
    "input_size",
    "hidden_size",
    "num_layers",
    "nonlinearity",
    "bias",
    "batch_first",
    "dropout",
    "bidirectional",
)
GATED_POSITIONAL: tuple[str, ...] = (
    "input_size",
    "hidden_size",
    "num_layers",
    "bias",
    "batch_first",
    "dropout",
    "bidirectional",
    "proj_size",
)


class SpecError(ValueError):
    """Model text that rnn-tutor will not read; ``message`` says what is accepted."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return t(self.key, **visible_params(self.params))


class ConstructorError(ValueError):
    """What torch's constructor raises for this call (closed-form prediction, torch wording)."""


def positional_names(kind: ModelKind) -> tuple[str, ...]:
    return RNN_POSITIONAL if kind == "RNN" else GATED_POSITIONAL


def _literal_code(value: LiteralValue) -> str:
    return repr(value)


@dataclass(frozen=True)
class ModelCall:
    """A constructor call as the learner wrote it: ``nn.LSTM(10, 20, 2, batch_first=True)``."""

    kind: ModelKind
    args: tuple[LiteralValue, ...] = ()
    kwargs: tuple[tuple[str, LiteralValue], ...] = ()
    prefix: str = "nn."
    # Which slots the learner wrote as a constant's name: ("1", "HIDDEN_SIZE") for the second
    # positional, ("num_layers", "NUM_LAYERS") for a keyword. Display only.
    refs: tuple[tuple[str, str], ...] = ()

    def code(self, with_names: bool = False) -> str:
        """The call as code; ``with_names`` shows constants by name, as the learner wrote it."""
        refs = dict(self.refs) if with_names else {}
        parts = [refs.get(str(i), _literal_code(a)) for i, a in enumerate(self.args)]
        parts += [f"{name}={refs.get(name, _literal_code(value))}" for name, value in self.kwargs]
        return f"{self.prefix}{self.kind}({', '.join(parts)})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "args": list(self.args),
            "kwargs": {name: value for name, value in self.kwargs},
            "prefix": self.prefix,
            "refs": {slot: name for slot, name in self.refs},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelCall:
        kind = data["kind"]
        if kind not in MODEL_KINDS:
            raise ValueError(f"unknown model kind {kind!r}")
        return cls(
            kind=kind,
            args=tuple(data.get("args", ())),
            kwargs=tuple((str(k), v) for k, v in dict(data.get("kwargs", {})).items()),
            prefix=str(data.get("prefix", "nn.")),
            refs=tuple((str(k), str(v)) for k, v in dict(data.get("refs", {})).items()),
        )


@dataclass(frozen=True)
class ModelSpec:
    """A recurrent layer's configuration after binding, with the notation of rnn-shapes.md."""

    kind: ModelKind
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bias: bool = True
    batch_first: bool = False
    dropout: float = 0.0
    bidirectional: bool = False
    proj_size: int = 0
    nonlinearity: str = "tanh"
    # torch's error for every forward pass, when the constructor kept a value that the
    # forward pass refuses (bidirectional=1, num_layers=True); None for a usable layer.
    forward_error: str | None = None

    @property
    def D(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def H_out(self) -> int:
        return self.proj_size if self.proj_size > 0 else self.hidden_size

    @property
    def gates(self) -> int:
        return {"RNN": 1, "GRU": 3, "LSTM": 4}[self.kind]

    @property
    def directions(self) -> tuple[str, ...]:
        return ("", "_reverse") if self.bidirectional else ("",)

    def call(self, prefix: str = "nn.") -> ModelCall:
        """The plainest call that builds this spec: sizes positional, the rest by keyword."""
        args: list[LiteralValue] = [self.input_size, self.hidden_size]
        kwargs: list[tuple[str, LiteralValue]] = []
        if self.num_layers != 1:
            args.append(self.num_layers)
        if self.kind == "RNN" and self.nonlinearity != "tanh":
            kwargs.append(("nonlinearity", self.nonlinearity))
        if not self.bias:
            kwargs.append(("bias", False))
        if self.batch_first:
            kwargs.append(("batch_first", True))
        if self.dropout:
            kwargs.append(("dropout", self.dropout))
        if self.bidirectional:
            kwargs.append(("bidirectional", True))
        if self.proj_size:
            kwargs.append(("proj_size", self.proj_size))
        return ModelCall(self.kind, tuple(args), tuple(kwargs), prefix)


# RNNBase.__init__'s own parameters after `self`; the subclasses pass `mode` first.
BASE_PARAMETERS: tuple[str, ...] = ("mode", *GATED_POSITIONAL, "device", "dtype")
_BASE_REQUIRED = 4  # self, mode, input_size, hidden_size


def _type_name(value: object) -> str:
    return type(value).__name__


def _python_binding(args: tuple[LiteralValue, ...], kwargs: dict[str, LiteralValue]) -> None:
    """Python's own errors when ``RNNBase.__init__(self, mode, *args, **kwargs)`` binds.

    CPython checks the keywords first, then too many positionals, then missing ones.
    """
    given = 2 + len(args)  # self and mode come first
    for name in kwargs:
        if name not in BASE_PARAMETERS:
            raise ConstructorError(
                f"RNNBase.__init__() got an unexpected keyword argument '{name}'"
            )
        if BASE_PARAMETERS.index(name) <= len(args):  # its slot was filled positionally
            raise ConstructorError(f"RNNBase.__init__() got multiple values for argument '{name}'")
    most = 1 + len(BASE_PARAMETERS)
    if given > most:
        raise ConstructorError(
            f"RNNBase.__init__() takes from {_BASE_REQUIRED} to {most} positional arguments "
            f"but {given} were given"
        )
    missing = [
        name
        for index, name in enumerate(("input_size", "hidden_size"), start=1)
        if name not in kwargs and index >= len(args) + 1
    ]
    if len(missing) == 1:
        raise ConstructorError(
            f"RNNBase.__init__() missing 1 required positional argument: '{missing[0]}'"
        )
    if missing:
        raise ConstructorError(
            "RNNBase.__init__() missing 2 required positional arguments: "
            "'input_size' and 'hidden_size'"
        )


def _compare_error(op: str, value: LiteralValue) -> ConstructorError:
    return ConstructorError(
        f"'{op}' not supported between instances of '{_type_name(value)}' and 'int'"
    )


def bind(call: ModelCall) -> ModelSpec:
    """Bind a call's arguments as torch does, raising :class:`ConstructorError` where torch raises.

    See :func:`_bind`; results are kept per call, since grading one answer binds the same
    call several times (the grader, the diagnosis, the explanation). ``True == 1`` to
    Python but not to torch, so the key carries each argument's type.
    """
    key = (
        call.kind,
        tuple((type(a), a) for a in call.args),
        tuple((name, type(v), v) for name, v in call.kwargs),
    )
    return _bind_cached(key, call)


@lru_cache(maxsize=1024)
def _bind_cached(key: object, call: ModelCall) -> ModelSpec:
    return _bind(call)


def _bind(call: ModelCall) -> ModelSpec:
    """Bind a call's arguments as torch does, raising :class:`ConstructorError` where torch raises.

    Mirrors nn.RNN.__init__ / nn.GRU.__init__ / nn.LSTM.__init__ and RNNBase.__init__ of
    torch 2.13 and Python's own argument binding, in torch's order, with its messages
    verbatim, so the generator can build trap questions without importing torch;
    tests/core/test_spec.py keeps this honest against the real constructor. Where torch's
    constructor accepts a value that no forward pass can use (``bidirectional=1``,
    ``num_layers=True``), the spec records torch's forward error in ``forward_error``.
    Three things torch builds are refused here on purpose, since no forward pass of them
    can work or they leave the CPU: a positional proj_size on nn.RNN / nn.GRU, and a
    device or dtype other than the default.
    """
    return _BINDERS[call.kind](call.args, dict(call.kwargs))


def _bind_rnn(args: tuple[LiteralValue, ...], kwargs: dict[str, LiteralValue]) -> ModelSpec:
    """nn.RNN.__init__: no proj_size; the nonlinearity is the 4th positional or a keyword."""
    _refuse_proj_size_keyword(kwargs)
    nonlinearity: LiteralValue
    if len(args) > 3:
        nonlinearity = args[3]
        args = args[:3] + args[4:]
    else:
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
    if nonlinearity not in ("tanh", "relu"):
        raise ConstructorError(
            f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
        )
    return _bind_base("RNN", args, kwargs, str(nonlinearity))


def _bind_gru(args: tuple[LiteralValue, ...], kwargs: dict[str, LiteralValue]) -> ModelSpec:
    """nn.GRU.__init__: no proj_size keyword, the rest as RNNBase."""
    _refuse_proj_size_keyword(kwargs)
    return _bind_base("GRU", args, kwargs)


def _bind_lstm(args: tuple[LiteralValue, ...], kwargs: dict[str, LiteralValue]) -> ModelSpec:
    """nn.LSTM.__init__: everything goes to RNNBase as it is."""
    return _bind_base("LSTM", args, kwargs)


Binder = Callable[[tuple[LiteralValue, ...], dict[str, LiteralValue]], ModelSpec]
_BINDERS: dict[ModelKind, Binder] = {
    "RNN": _bind_rnn,
    "GRU": _bind_gru,
    "LSTM": _bind_lstm,
}


def _refuse_proj_size_keyword(kwargs: dict[str, LiteralValue]) -> None:
    if "proj_size" in kwargs:
        raise ConstructorError("proj_size argument is only supported for LSTM, not RNN or GRU")


def _bind_base(
    kind: ModelKind,
    args: tuple[LiteralValue, ...],
    kwargs: dict[str, LiteralValue],
    nonlinearity: str = "tanh",
) -> ModelSpec:
    """RNNBase.__init__: Python binds the arguments, then torch checks them in this order."""
    _python_binding(args, kwargs)
    bound: dict[str, LiteralValue] = dict(zip(BASE_PARAMETERS[1:], args, strict=False))
    bound.update(kwargs)
    if bound.get("device") not in (None, "cpu") or bound.get("dtype") is not None:
        raise ConstructorError("rnn-tutor runs recurrent layers on the CPU in float32 only")
    dropout = _dropout(bound.get("dropout", 0.0))
    bias = _flag("bias", bound.get("bias", True))
    batch_first = _flag("batch_first", bound.get("batch_first", False))
    input_size = _size("input_size", bound["input_size"])
    hidden_size = _size("hidden_size", bound["hidden_size"])
    num_layers = bound.get("num_layers", 1)
    if not isinstance(num_layers, int | float):
        raise _compare_error("<=", num_layers)
    if num_layers <= 0:
        raise ConstructorError("num_layers must be greater than zero")
    proj_size = _proj_size(bound.get("proj_size", 0), hidden_size)
    _tensor_sizes(kind, bound["hidden_size"], num_layers, proj_size)
    if kind != "LSTM" and proj_size > 0:
        # torch builds it (a positional proj_size), but no forward pass of it can succeed.
        raise ConstructorError("proj_size argument is only supported for LSTM, not RNN or GRU")
    bidirectional = bound.get("bidirectional", False)
    forward_error = None
    if not isinstance(bidirectional, bool) or isinstance(num_layers, bool):
        # Stored as given; the first forward pass hands it to a C++ function wanting a bool / int.
        function = {"LSTM": "lstm", "GRU": "gru"}.get(kind, f"rnn_{nonlinearity}")
        forward_error = f"{function}() received an invalid combination of arguments"
    return ModelSpec(
        kind=kind,
        input_size=input_size,
        hidden_size=hidden_size,
        num_layers=int(num_layers),
        bias=bias,
        batch_first=batch_first,
        dropout=float(dropout),
        bidirectional=bool(bidirectional),
        proj_size=int(proj_size),
        nonlinearity=nonlinearity,
        forward_error=forward_error,
    )


def _dropout(dropout: LiteralValue) -> float:
    if dropout is None:
        raise ConstructorError("float() argument must be a string or a real number, not 'NoneType'")
    if isinstance(dropout, str):
        try:
            float(dropout)
        except ValueError:
            raise ConstructorError(f"could not convert string to float: {dropout!r}") from None
    if not isinstance(dropout, int | float) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
        raise ConstructorError(
            "dropout should be a number in range [0, 1] representing the probability "
            "of an element being zeroed"
        )
    return float(dropout)


def _flag(name: str, value: LiteralValue) -> bool:
    if not isinstance(value, bool):
        raise ConstructorError(f"{name} should be of type bool, got: {_type_name(value)}")
    return value


def _size(name: str, value: LiteralValue) -> int:
    if not isinstance(value, int):  # a bool is an int to torch, as to Python
        raise ConstructorError(f"{name} should be of type int, got: {_type_name(value)}")
    if value <= 0:
        raise ConstructorError(f"{name} must be greater than zero")
    return int(value)


def _proj_size(proj_size: LiteralValue, hidden_size: int) -> int | float:
    if not isinstance(proj_size, int | float):
        raise _compare_error("<", proj_size)
    if proj_size < 0:
        raise ConstructorError(
            "proj_size should be a positive integer or zero to disable projections"
        )
    if proj_size >= hidden_size:
        raise ConstructorError("proj_size has to be smaller than hidden_size")
    return proj_size


def _tensor_sizes(
    kind: ModelKind, hidden_size: LiteralValue, num_layers: int | float, proj_size: int | float
) -> None:
    """What torch.empty refuses when the weights are made (after the checks above)."""
    if isinstance(num_layers, float):
        raise ConstructorError("'float' object cannot be interpreted as an integer")
    # torch.empty takes a bool for a size except in first place: nn.RNN's weight_ih_l0 is
    # (hidden_size, input_size) and weight_hr (proj_size, hidden_size).
    first_axis_bool = kind == "RNN" and isinstance(hidden_size, bool)
    if first_axis_bool or (proj_size > 0 and isinstance(proj_size, bool)):
        raise ConstructorError(
            "empty(): argument 'size' (position 1) must be tuple of ints, "
            "but found element of type bool at pos 0"
        )
    if proj_size > 0 and isinstance(proj_size, float):
        raise ConstructorError(
            "empty(): argument 'size' failed to unpack the object at pos 2 with error "
            '"type must be tuple of ints,but got float"'
        )


@dataclass(frozen=True)
class InputSpec:
    """What is fed to the layer: a tensor shape, optional packed lengths, optional h_0 / c_0."""

    shape: tuple[int, ...]
    h0: tuple[int, ...] | None = None
    c0: tuple[int, ...] | None = None
    lengths: tuple[int, ...] | None = None  # packed input: one true length per sequence

    @property
    def packed(self) -> bool:
        return self.lengths is not None

    @property
    def batched(self) -> bool:
        return len(self.shape) == 3

    def to_dict(self) -> dict[str, Any]:
        return {
            "shape": list(self.shape),
            "h0": None if self.h0 is None else list(self.h0),
            "c0": None if self.c0 is None else list(self.c0),
            "lengths": None if self.lengths is None else list(self.lengths),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InputSpec:
        def shape(value: Any) -> tuple[int, ...] | None:
            return None if value is None else tuple(int(v) for v in value)

        return cls(
            shape=tuple(int(v) for v in data["shape"]),
            h0=shape(data.get("h0")),
            c0=shape(data.get("c0")),
            lengths=shape(data.get("lengths")),
        )


@dataclass(frozen=True)
class ParsedModel:
    """A model call read from text, with the constant names the text defined."""

    call: ModelCall
    names: Mapping[str, LiteralValue] = field(default_factory=dict)


MAX_MODEL_TEXT = 2000
_NN_PREFIXES = {"nn.": "nn.", "torch.nn.": "torch.nn.", "": ""}


def _literal(node: ast.expr, names: Mapping[str, LiteralValue], text: str) -> LiteralValue:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | bool | str):
        value = node.value
        if isinstance(value, float) and not math.isfinite(value):
            raise SpecError("spec.error.not_literal", code=ast.get_source_segment(text, node))
        return value
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub | ast.UAdd)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, int | float)
        and not isinstance(node.operand.value, bool)
    ):
        number = node.operand.value
        return -number if isinstance(node.op, ast.USub) else number
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise SpecError("spec.error.unknown_name", name=node.id)
    segment = ast.get_source_segment(text, node) or ast.dump(node)
    raise SpecError("spec.error.not_literal", code=segment)


def _call_kind(func: ast.expr) -> tuple[ModelKind, str] | None:
    """``nn.LSTM`` / ``torch.nn.LSTM`` / ``LSTM`` -> ("LSTM", prefix); anything else -> None."""
    if isinstance(func, ast.Name) and func.id in MODEL_KINDS:
        return func.id, ""
    if isinstance(func, ast.Attribute) and func.attr in MODEL_KINDS:
        owner = func.value
        if isinstance(owner, ast.Name) and owner.id == "nn":
            return func.attr, "nn."
        if (
            isinstance(owner, ast.Attribute)
            and owner.attr == "nn"
            and isinstance(owner.value, ast.Name)
            and owner.value.id == "torch"
        ):
            return func.attr, "torch.nn."
    return None


def parse_model(text: str, names: Mapping[str, LiteralValue] | None = None) -> ParsedModel:
    """Read a model constructor from code text, literals only.

    Accepts ``nn.LSTM(...)``, ``torch.nn.GRU(...)``, ``RNN(...)``, optionally assigned
    (``rnn = nn.RNN(...)``) and preceded by constant assignments (``HIDDEN_SIZE = 1``), the
    way the seed notebook writes it. ``names`` supplies values for constants defined
    elsewhere. Anything else (attribute access, calls, imports, names without values) raises
    :class:`SpecError`, whose message says what is accepted.
    """
    if len(text) > MAX_MODEL_TEXT:
        raise SpecError("spec.error.too_long", limit=MAX_MODEL_TEXT)
    if not text.strip():
        raise SpecError("spec.error.empty")
    try:
        module = ast.parse(text.strip(), mode="exec")
    except (SyntaxError, ValueError) as exc:
        raise SpecError("spec.error.syntax", detail=getattr(exc, "msg", str(exc))) from None
    known: dict[str, LiteralValue] = dict(names or {})
    found: ParsedModel | None = None
    source = text.strip()
    for statement in module.body:
        if found is not None:
            raise SpecError("spec.error.after_call")
        value: ast.expr
        if isinstance(statement, ast.Expr) or (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            value = statement.value
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            # Refused, not skipped: a skipped line would let the learner believe it was read.
            code = ast.get_source_segment(source, statement) or "import"
            raise SpecError("spec.error.import", code=code)
        else:
            raise SpecError("spec.error.statement")
        if isinstance(value, ast.Call):
            kind = _call_kind(value.func)
            if kind is None:
                callee = ast.get_source_segment(source, value.func) or "?"
                raise SpecError("spec.error.not_a_model", callee=callee)
            if any(isinstance(a, ast.Starred) for a in value.args) or any(
                k.arg is None for k in value.keywords
            ):
                raise SpecError("spec.error.star_args")
            keywords = [str(k.arg) for k in value.keywords]
            repeated = next((kw for kw in keywords if keywords.count(kw) > 1), None)
            if repeated is not None:  # Python refuses the call before torch is reached
                raise SpecError("spec.error.repeated_keyword", name=repeated)
            args = tuple(_literal(a, known, source) for a in value.args)
            kwargs = tuple((str(k.arg), _literal(k.value, known, source)) for k in value.keywords)
            refs = [(str(i), a.id) for i, a in enumerate(value.args) if isinstance(a, ast.Name)]
            refs += [
                (str(k.arg), k.value.id) for k in value.keywords if isinstance(k.value, ast.Name)
            ]
            call = ModelCall(kind[0], args, kwargs, kind[1], tuple(refs))
            found = ParsedModel(call, dict(known))
        elif isinstance(statement, ast.Assign):
            target = cast(ast.Name, statement.targets[0])
            known[target.id] = _literal(value, known, source)
        else:
            raise SpecError("spec.error.statement")
    if found is None:
        raise SpecError("spec.error.no_call")
    return found


# One rule for the sizes a request gives, however it is written (text "3,5,10" or a JSON
# list): a tensor has at most MAX_TENSOR_AXES axes, and ``lengths`` (one per sequence in
# the batch) at most MAX_LENGTHS entries.
MAX_TENSOR_AXES = 8
MAX_LENGTHS = 1024


def check_count(field: str, values: tuple[int, ...]) -> tuple[int, ...]:
    """``values`` for ``field`` ("input", "h0", "c0", "lengths"), or SpecError if too many."""
    limit = MAX_LENGTHS if field == "lengths" else MAX_TENSOR_AXES
    if len(values) > limit:
        raise SpecError("safety.too_many_values", field=field, count=len(values), limit=limit)
    return values


# Full-width forms (U+FF01..U+FF5E) as a Korean input method types them, and its space.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}
_MAX_SHAPE_TEXT = 16 * MAX_LENGTHS  # room for MAX_LENGTHS lengths written out


def parse_shape_list(text: str) -> tuple[int, ...]:
    """``3,5,10`` or ``(3, 5, 10)`` -> (3, 5, 10), for command-line options. Raises SpecError.

    Only ASCII digits (full-width ones folded to them) are numbers: ``str.isdigit`` also
    accepts ``²`` and other digits ``int`` cannot read.
    """
    if len(text) > _MAX_SHAPE_TEXT:
        raise SpecError("spec.error.shape_option", text=text[:40] + "...")
    folded = text.translate(_FULL_WIDTH)
    cleaned = folded.strip().strip("()[]").replace("x", ",").replace(" ", ",")
    parts = [p for p in cleaned.split(",") if p]
    # A size of hundreds of digits is no size (and int() refuses 4,300 digits and more).
    if not parts or not all(p.isascii() and p.isdigit() and len(p) <= 100 for p in parts):
        raise SpecError("spec.error.shape_option", text=text)
    return tuple(int(p) for p in parts)
