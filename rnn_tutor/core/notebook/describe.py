"""Values described for a learner: shape, dtype, axis names, and a short text.

Axis names come from where a tensor was made: the notebook records them when a recurrent
module returns (output, h_n, c_n), in an AxisBook keyed by the tensor's identity.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from rnn_tutor.core.notebook.parameters import all_parameters
from rnn_tutor.core.notebook.results import Binding
from rnn_tutor.core.notebook.sanitize import clean
from rnn_tutor.core.notebook.stops import limit as limit_stop

Axes = tuple[str, ...]
_NUMBERS = frozenset({bool, int, float})  # described by their repr, nothing else to look at


class AxisBook:
    """Axis names of tensors that came out of recurrent modules (held weakly)."""

    def __init__(self) -> None:
        self._axes: dict[int, tuple[weakref.KeyedRef[int, Any], Axes]] = {}
        # One callback for all entries, holding the book weakly (a closure per entry holding
        # the dict made a reference cycle of each, left for the garbage collector).
        book = weakref.ref(self)

        def forget(ref: weakref.KeyedRef[int, Any]) -> None:
            alive = book()
            if alive is not None:
                alive._axes.pop(ref.key, None)

        self._forget = forget

    def note(self, tensor: object, axes: Axes) -> None:
        shape = getattr(tensor, "shape", None)
        if shape is None or len(shape) != len(axes):
            return
        key = id(tensor)
        self._axes[key] = (weakref.KeyedRef(tensor, self._forget, key), axes)

    def get(self, tensor: object) -> Axes | None:
        entry = self._axes.get(id(tensor))
        if entry is None or entry[0]() is not tensor:
            return None
        return entry[1]

    def note_forward(self, module: object, args: Sequence[Any], result: object) -> None:
        """Name the axes of a recurrent module's (output, h_n[, c_n]) or a cell's h / (h, c)."""
        import torch

        nn = torch.nn  # an attribute: a `from torch import nn` here costs more than the rest
        x = args[0] if args else None
        if isinstance(module, nn.RNNBase) and isinstance(result, tuple) and len(result) == 2:
            out, state = result
            packed = isinstance(x, torch.nn.utils.rnn.PackedSequence)
            batched = packed or (isinstance(x, torch.Tensor) and x.dim() == 3)
            if isinstance(out, torch.Tensor):
                if not batched:
                    self.note(out, ("L", "D*H_out"))
                elif module.batch_first:
                    self.note(out, ("N", "L", "D*H_out"))
                else:
                    self.note(out, ("L", "N", "D*H_out"))
            elif packed:
                self.note(out.data, ("sum(lengths)", "D*H_out"))
            h_axes: Axes = ("D*num_layers", "N", "H_out") if batched else ("D*num_layers", "H_out")
            c_axes: Axes = ("D*num_layers", "N", "H") if batched else ("D*num_layers", "H")
            if isinstance(state, tuple):
                self.note(state[0], h_axes)
                if len(state) > 1:
                    self.note(state[1], c_axes)
            else:
                self.note(state, h_axes)
        elif isinstance(module, nn.RNNCellBase):
            batched = isinstance(x, torch.Tensor) and x.dim() == 2
            axes: Axes = ("N", "H") if batched else ("H",)
            for item in result if isinstance(result, tuple) else (result,):
                self.note(item, axes)


def shape_text(shape: Sequence[int]) -> str:
    return "(" + ", ".join(map(str, map(int, shape))) + ("," if len(shape) == 1 else "") + ")"


_DTYPE_NAMES: dict[object, str] = {}  # torch.float32 -> "float32" (a handful, ever)


def _dtype(value: Any) -> str:
    dtype = value.dtype
    name = _DTYPE_NAMES.get(dtype)
    if name is None:
        name = _DTYPE_NAMES[dtype] = str(dtype).removeprefix("torch.")
    return name


def _short(value: object, limit: int = 80) -> str:
    try:
        text = bounded_repr(value, 4 * limit + 1000)
    except Exception:  # too long, too deep, or a repr that raises: still gets a name
        text = type(value).__name__ + " [...]"
    return clean(" ".join(text.split()), limit)


def _number_text(value: object, limit: int = 80) -> str:
    """``_short`` of a number: its repr (digits, printable) when that is short, as it mostly is."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's digit limit for str()
        return _short(value, limit)
    return text if len(text) <= limit else _short(value, limit)


def _is_namedtuple(value: object) -> bool:
    return isinstance(value, tuple) and hasattr(value, "_fields")


def bounded_repr(value: object, limit: int) -> str:
    """repr() that stops past ``limit`` characters with the output limit (Stop).

    A list holding itself twice, 30 deep, has a repr 2**30 long; Python's repr would try.
    """
    return _bounded_repr(value, [limit], 0)


def _bounded_repr(value: object, budget: list[int], depth: int) -> str:
    if budget[0] <= 0:
        raise limit_stop("notebook.limit.output", cap=0)
    if depth > 50:
        raise limit_stop("notebook.limit.nesting", cap=50)
    if (
        isinstance(value, (list, tuple, set))
        and not _is_namedtuple(value)
        and type(value) in (list, tuple, set)
    ):
        items = [_bounded_repr(item, budget, depth + 1) for item in value]
        if isinstance(value, list):
            text = "[" + ", ".join(items) + "]"
        elif isinstance(value, set):
            text = "{" + ", ".join(items) + "}" if items else "set()"
        else:
            text = "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    elif type(value) is dict:
        text = (
            "{"
            + ", ".join(
                f"{_bounded_repr(k, budget, depth + 1)}: {_bounded_repr(v, budget, depth + 1)}"
                for k, v in value.items()
            )
            + "}"
        )
    else:
        text = repr(value)
    budget[0] -= len(text)
    if budget[0] < 0:
        raise limit_stop("notebook.limit.output", cap=0)
    return text


def describe(name: str, value: object, book: AxisBook | None = None, depth: int = 0) -> Binding:
    """What a name holds, for the annotation beside its line."""
    import torch

    nn = torch.nn
    PackedSequence = nn.utils.rnn.PackedSequence
    if type(value) in _NUMBERS:  # the commonest binding after tensors: nothing else to look at
        return Binding(name, "number", None, None, None, _number_text(value))
    if isinstance(value, PackedSequence):
        sizes = tuple(int(s) for s in value.batch_sizes.tolist())
        axes = book.get(value.data) if book else None
        text = f"PackedSequence data {shape_text(value.data.shape)}"
        if axes:
            text += " = " + shape_text_names(axes)
        text += f", batch_sizes {list(sizes)}"
        return Binding(
            name,
            "packed",
            tuple(value.data.shape),
            _dtype(value.data),
            axes,
            text,
            batch_sizes=sizes,
        )
    if isinstance(value, torch.Tensor):
        shape = tuple(map(int, value.shape))
        axes = book.get(value) if book else None
        text = str(shape)  # a tuple of ints: shape_text's "(2, 3)", "(4,)", "()" as it is
        if axes:
            text += " = " + shape_text_names(axes)
        return Binding(name, "tensor", shape, _dtype(value), axes, text)
    if isinstance(value, torch.Size):
        return Binding(name, "other", None, None, None, _short(value))
    if isinstance(value, tuple) and depth < 2:
        items = tuple(describe(f"{name}[{i}]", v, book, depth + 1) for i, v in enumerate(value[:8]))
        if any(item.kind in ("tensor", "packed", "tuple") for item in items):
            inner = ", ".join(item.text for item in items) + (", ..." if len(value) > 8 else "")
            return Binding(name, "tuple", None, None, None, f"({inner})", items=items)
        return Binding(name, "tuple", None, None, None, _short(value), items=items)
    if type(value) is list and depth < 2:
        items = tuple(describe(f"{name}[{i}]", v, book, depth + 1) for i, v in enumerate(value[:4]))
        if any(item.kind in ("tensor", "packed", "tuple") for item in items):
            inner = ", ".join(item.text for item in items)
            more = f", ... ({len(value)} items)" if len(value) > 4 else ""
            return Binding(name, "other", None, None, None, f"[{inner}{more}]", items=items)
    if isinstance(value, nn.Module):
        params = sum(p.numel() for p in all_parameters(value))
        first = type(value).__name__
        if not value._modules:  # a layer: its repr folded to one line, RNN(10, 5, ...)
            text = _short(value)
            first = first if text.endswith("[...]") else text
        return Binding(name, "module", None, None, None, first, params=params)
    if type(value).__name__ == "ModelStatistics" and hasattr(value, "total_params"):
        total = getattr(value, "total_params", "?")
        return Binding(name, "other", None, None, None, f"summary (Total params: {total:,})")
    if isinstance(value, (bool, int, float)):
        return Binding(name, "number", None, None, None, _short(value))
    return Binding(name, "other", None, None, None, _short(value))


def shape_text_names(axes: Axes) -> str:
    return "(" + ", ".join(axes) + ("," if len(axes) == 1 else "") + ")"


def jupyter_repr(value: object, limit: int = 20_000) -> str:
    """A value as Jupyter shows a cell's last expression (tuples one item per line when long)."""
    if type(value) is tuple and value:
        parts = [bounded_repr(item, limit) for item in value]
        flat = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
        if len(flat) <= 79 and "\n" not in flat:
            return clean(flat, limit, keep_newlines=True)
        body = ",\n ".join(part.replace("\n", "\n ") for part in parts)
        return clean("(" + body + ("," if len(parts) == 1 else "") + ")", limit, keep_newlines=True)
    return clean(bounded_repr(value, limit), limit, keep_newlines=True)


_SAME_AXES = frozenset(
    {"contiguous", "float", "long", "int", "double", "detach", "clone", "relu", "tanh",
     "sigmoid", "softmax", "log_softmax", "abs", "exp", "log"}
)  # fmt: skip


def _dim(d: object, n: int) -> int | None:
    if isinstance(d, bool) or not isinstance(d, int):
        return None
    d = d + n if d < 0 else d
    return d if 0 <= d < n else None


def method_axes(axes: Axes, name: str, args: Sequence[Any], result: object) -> Axes | None:
    """Axis names after a tensor method that only moves, drops or adds axes."""
    n = len(axes)
    if name in _SAME_AXES:
        return axes
    if name == "transpose" and len(args) == 2:
        a, b = _dim(args[0], n), _dim(args[1], n)
        if a is None or b is None:
            return None
        moved = list(axes)
        moved[a], moved[b] = moved[b], moved[a]
        return tuple(moved)
    if name == "permute":
        dims = (
            list(args[0]) if len(args) == 1 and isinstance(args[0], (tuple, list)) else list(args)
        )
        picked = [_dim(d, n) for d in dims]
        if len(picked) != n or any(p is None for p in picked):
            return None
        return tuple(axes[p] for p in picked if p is not None)
    if name == "unsqueeze" and len(args) == 1:
        d = _dim(args[0], n + 1)
        return None if d is None else (*axes[:d], "1", *axes[d:])
    if name == "squeeze":
        shape = getattr(result, "shape", None)
        if shape is None:
            return None
        if not args:
            return None  # which axes were 1 is known only from the input's shape
        d = _dim(args[0], n)
        if d is None:
            return None
        return axes if len(shape) == n else (*axes[:d], *axes[d + 1 :])
    return None


def index_axes(axes: Axes, index: object) -> Axes | None:
    """Axis names after basic indexing (ints drop an axis, slices keep it, None adds one)."""
    parts = index if isinstance(index, tuple) else (index,)
    used = sum(1 for p in parts if p is not None and p is not Ellipsis)
    out: list[str] = []
    i = 0
    for part in parts:
        if part is Ellipsis:
            keep = len(axes) - used
            out.extend(axes[i : i + keep])
            i += keep
        elif part is None:
            out.append("1")
        elif isinstance(part, slice):
            if i >= len(axes):
                return None
            out.append(axes[i])
            i += 1
        elif isinstance(part, int) and not isinstance(part, bool):
            i += 1
        else:
            return None
    out.extend(axes[i:])
    return tuple(out)
