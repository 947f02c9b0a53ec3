"""Size caps checked BEFORE torch allocates: makers, module constructors, forwards, ops.

Every axis is counted as max(1, size), so a 0-wide axis cannot hide a huge one, and every
count is compared with Limits before torch sees the call.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rnn_tutor.core.call.spec import GATED_POSITIONAL
from rnn_tutor.core.notebook.devices import MOVES
from rnn_tutor.core.notebook.parameters import own_parameters
from rnn_tutor.core.notebook.results import Limits
from rnn_tutor.core.notebook.stops import Stop, limit

Guard = Callable[[Limits, Sequence[Any], Mapping[str, Any]], None]


def count(shape: Iterable[int]) -> int:
    """Elements of a shape, each axis counted as at least 1."""
    total = 1
    for size in shape:
        total *= max(1, int(size))
    return total


def check_count(limits: Limits, total: int) -> None:
    if total > limits.max_elements:
        raise limit("notebook.limit.elements", count=total, cap=limits.max_elements)


def check_shape(limits: Limits, shape: Iterable[Any]) -> None:
    sizes = []
    for size in shape:
        if isinstance(size, bool) or not isinstance(size, int):
            if hasattr(size, "__index__") and not isinstance(size, float):
                size = int(size)
            else:
                return  # not a size torch accepts: let torch raise its own message
        if size > limits.max_axis:
            raise limit("notebook.limit.axis", size=size, cap=limits.max_axis)
        sizes.append(size)
    check_count(limits, count(sizes))


def _is_tensor(value: object) -> bool:
    import torch

    return isinstance(value, torch.Tensor)


def _has_size(value: object) -> bool:
    """A tensor or a numpy array: an item of nested data that holds many elements."""
    return _is_tensor(value) or type(value).__module__ == "numpy"


def _size_of(args: Sequence[Any], kwargs: Mapping[str, Any], skip: int = 0) -> list[Any] | None:
    """The size of a maker call: ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``size=``."""
    if "size" in kwargs:
        size = kwargs["size"]
        return list(size) if isinstance(size, (tuple, list)) else [size]
    rest = list(args[skip:])
    if len(rest) == 1 and isinstance(rest[0], (tuple, list)):
        return list(rest[0])
    return rest


def _maker(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    size = _size_of(args, kwargs)
    if size is not None:
        check_shape(limits, size)


def _legacy(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """torch.Tensor / torch.LongTensor ...: ints or a torch.Size are a shape, anything else one
    argument (a list, a tuple, a tensor, an array) is data, as the legacy constructors read it."""
    import torch

    if len(args) == 1 and not isinstance(args[0], torch.Size):
        data = args[0]
        if not (isinstance(data, int) and not isinstance(data, bool)):
            check_count(limits, nested_count(data, limits))
            return
    _maker(limits, args, kwargs)


def _full(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    size = kwargs.get("size", args[0] if args else None)
    if isinstance(size, (tuple, list)):
        check_shape(limits, size)


def _randint(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    size = kwargs.get("size")
    if size is None:
        for arg in args:
            if isinstance(arg, (tuple, list)):
                size = arg
                break
    if isinstance(size, (tuple, list)):
        check_shape(limits, size)


def _plain_number(value: object) -> object:
    """A 0-d tensor as the number torch will read from it (``arange(torch.tensor(3e9))``)."""
    if _is_tensor(value) and value.dim() == 0:  # type: ignore[attr-defined]
        return value.item()  # type: ignore[attr-defined]
    return value


def _arange(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    args = [_plain_number(a) for a in args]
    kwargs = {k: _plain_number(v) for k, v in kwargs.items()}
    numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
    start, end, step = 0.0, None, 1.0
    if len(numbers) == 1:
        end = numbers[0]
    elif len(numbers) == 2:
        start, end = numbers
    elif len(numbers) >= 3:
        start, end, step = numbers[:3]
    start = kwargs.get("start", start)
    end = kwargs.get("end", end)
    step = kwargs.get("step", step)
    try:
        if end is None or not step:
            return
        n = math.ceil((float(end) - float(start)) / float(step))
    except (TypeError, ValueError, OverflowError):
        return
    if n > limits.max_axis:
        raise limit("notebook.limit.axis", size=n, cap=limits.max_axis)


def _first_chain(data: object) -> int:
    """Elements of nested lists as torch reads their shape: lengths along the first items."""
    total = 1
    for _ in range(33):
        if not isinstance(data, (list, tuple)) or not data:
            break
        total *= len(data)
        data = data[0]
    return total


def nested_count(
    data: object, limits: Limits, depth: int = 0, seen: dict[int, int] | None = None
) -> int:
    """Elements of nested lists/tuples (for torch.tensor), stopping early past the cap.

    ``[[0] * n] * m`` holds one row m times: each distinct list is counted once (``seen``).
    """
    seen = {} if seen is None else seen
    if isinstance(data, (list, tuple)):
        if id(data) in seen:
            return seen[id(data)]
        if depth > 32:
            raise limit("notebook.limit.nesting", cap=32)
        if len(data) > limits.max_axis:
            raise limit("notebook.limit.axis", size=len(data), cap=limits.max_axis)
        if depth == 0:
            check_count(limits, _first_chain(data))  # the shape torch will read, at once
        if not any(isinstance(item, (list, tuple)) or _has_size(item) for item in data):
            total = max(1, len(data))  # a row of numbers
        else:
            total = 0
            for item in data:
                total += nested_count(item, limits, depth + 1, seen)
                if total > limits.max_elements:
                    check_count(limits, total)
            total = max(1, total)
        seen[id(data)] = total
        return total
    if _is_tensor(data):
        return int(data.numel())  # type: ignore[attr-defined]
    size = getattr(data, "size", None)  # a numpy array (arrays.py): its element count
    if type(data).__module__ == "numpy" and isinstance(size, int):
        return max(1, size)
    return 1


def _tensor(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    if args:
        check_count(limits, nested_count(args[0], limits))


def _cat(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    items = kwargs.get("tensors", args[0] if args else None)
    if isinstance(items, (list, tuple)):
        if len(items) > limits.max_axis:
            raise limit("notebook.limit.axis", size=len(items), cap=limits.max_axis)
        check_count(limits, sum(count(t.shape) for t in items if _is_tensor(t)))


def matmul_count(a: object, b: object) -> int | None:
    """Elements of a @ b when both are tensors of 2+ axes (None when torch will raise)."""
    import torch

    if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
        return None
    if a.dim() < 2 or b.dim() < 2:
        return None
    try:
        batch = torch.broadcast_shapes(  # type: ignore[no-untyped-call]
            a.shape[:-2], b.shape[:-2]
        )
    except RuntimeError:
        return None
    return count(batch) * max(1, a.shape[-2]) * max(1, b.shape[-1])


def check_work(limits: Limits, work: int) -> None:
    """Multiply-adds one call will do: capped so a single torch call stays well under a second."""
    if work > limits.max_elements * 256:
        raise limit("notebook.limit.work", count=work, cap=limits.max_elements * 256)


def check_matmul(limits: Limits, a: object, b: object) -> None:
    total = matmul_count(a, b)
    if total is not None:
        check_count(limits, total)
        check_work(limits, total * max(1, int(a.shape[-1])))  # type: ignore[attr-defined]


def _matmul(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    if len(args) >= 2:
        check_matmul(limits, args[0], args[1])


def _pad_sequence(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    items = kwargs.get("sequences", args[0] if args else None)
    if isinstance(items, (list, tuple)) and items:
        biggest = max((count(t.shape) for t in items if _is_tensor(t)), default=1)
        check_count(limits, biggest * len(items))


def _pad_packed(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    total: Any = kwargs.get("total_length", args[3] if len(args) > 3 else None)
    steps = 1
    if isinstance(total, int) and not isinstance(total, bool):
        if total > limits.max_axis:
            raise limit("notebook.limit.axis", size=total, cap=limits.max_axis)
        steps = max(steps, total)
    packed: Any = args[0] if args else kwargs.get("sequence")
    data: Any = getattr(packed, "data", None)
    batch: Any = getattr(packed, "batch_sizes", None)
    if _is_tensor(data) and _is_tensor(batch) and batch.numel():
        # The padded result is (steps, batch_sizes[0], *features), whatever the data holds.
        first = int(batch.max())
        if first > limits.max_axis:
            raise limit("notebook.limit.axis", size=first, cap=limits.max_axis)
        steps = max(steps, int(batch.numel()))
        check_count(limits, steps * max(1, first) * count(data.shape[1:]))


def _one_hot(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    classes = _plain_number(kwargs.get("num_classes", args[1] if len(args) > 1 else None))
    if isinstance(classes, int) and classes >= 0 and args and _is_tensor(args[0]):
        check_shape(limits, [*args[0].shape, classes])
    elif args and _is_tensor(args[0]) and args[0].numel():
        check_shape(limits, [*args[0].shape, int(args[0].max()) + 1])


SUMMARY_OPTIONS = frozenset(
    {"input_size", "input_data", "col_names", "depth", "verbose", "batch_dim", "row_settings",
     "col_width", "dtypes", "mode"}
)  # fmt: skip
MAX_LAYERS = 64


def _summary(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    for key, value in kwargs.items():
        if key not in SUMMARY_OPTIONS:
            raise Stop("refused", "notebook.refused.summary_option", {"name": key})
        if key in ("col_width", "depth") and isinstance(value, int) and value > 100:
            raise limit("notebook.limit.axis", size=value, cap=100)
    size = kwargs.get("input_size", args[1] if len(args) > 1 else None)
    if isinstance(size, (tuple, list)):
        shapes = size if size and isinstance(size[0], (tuple, list)) else [size]
        for shape in shapes:
            if isinstance(shape, (tuple, list)):
                check_shape(limits, shape)
        if len(shapes) > 16:
            raise limit("notebook.limit.axis", size=len(shapes), cap=16)


def operand_shapes(value: object, depth: int = 0) -> list[tuple[int, ...]]:
    """The shapes an operand of a comparison or elementwise op brings: a tensor's, a nested
    list's (as torch would read it), and those of tensors inside lists (``a in [b]``)."""
    if _is_tensor(value):
        return [tuple(value.shape)]  # type: ignore[attr-defined]
    if not isinstance(value, (list, tuple)) or depth > 4:
        return []
    shape: list[int] = []
    level: Any = value
    while isinstance(level, (list, tuple)) and len(shape) < 8:
        shape.append(len(level))
        if not level:
            break
        level = level[0]
    shapes = [tuple(shape)]
    for item in value[:64] if len(value) > 64 else value:
        shapes.extend(operand_shapes(item, depth + 1))
    if len(value) > 64:
        shapes.extend(operand_shapes(value[-1], depth + 1))
    return shapes


def bound_count(shapes: Sequence[tuple[int, ...]]) -> int:
    """An upper bound on the elements of any broadcast among these shapes (axis by axis max)."""
    if not shapes:
        return 0
    rank = max(len(shape) for shape in shapes)
    widest = [1] * rank
    for shape in shapes:
        for i, size in enumerate(shape):
            axis = rank - len(shape) + i
            widest[axis] = max(widest[axis], int(size))
    return count(widest)


def check_broadcast(limits: Limits, *values: object) -> None:
    """Elementwise ops and comparisons between tensors (or lists torch turns into tensors)."""
    if any(_is_tensor(v) or _holds_tensor(v) for v in values):
        shapes = [shape for value in values for shape in operand_shapes(value)]
        check_count(limits, bound_count(shapes))


def _holds_tensor(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        items = value if len(value) <= 64 else [*value[:64], value[-1]]
        return any(_is_tensor(item) or _holds_tensor(item) for item in items)
    return False


def _broadcast(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """torch.where / two-tensor max, min / allclose / eq ...: their tensors broadcast."""
    check_broadcast(limits, *args, *kwargs.values())


MAX_PIECES = 10_000


def _pieces(args: Sequence[Any], kwargs: Mapping[str, Any], chunk: bool) -> None:
    """split/chunk: the number of tensors made (each a Python object) is capped."""
    if not args or not _is_tensor(args[0]):
        return
    tensor: Any = args[0]
    key = "chunks" if chunk else "split_size_or_sections"
    size: Any = _plain_number(args[1] if len(args) > 1 else kwargs.get(key))
    dim: Any = args[2] if len(args) > 2 else kwargs.get("dim", 0)
    if isinstance(size, (list, tuple)):
        pieces = len(size)
    elif isinstance(size, int) and not isinstance(size, bool) and size > 0:
        if chunk:
            pieces = size
        else:
            try:
                length = int(tensor.shape[dim]) if tensor.dim() else 1
            except (IndexError, TypeError):
                return  # torch says what is wrong with dim
            pieces = -(-length // size)
    else:
        return
    if pieces > MAX_PIECES:
        raise limit("notebook.limit.pieces", count=pieces, cap=MAX_PIECES)


def _split(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    _pieces(args, kwargs, chunk=False)


def _chunk(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    _pieces(args, kwargs, chunk=True)


def _orthogonal(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """nn.init.orthogonal_ is a QR of the tensor seen as (rows, rest): rows * rest * min."""
    tensor = kwargs.get("tensor", args[0] if args else None)
    if _is_tensor(tensor) and tensor.dim() >= 2:
        rows = max(1, int(tensor.shape[0]))
        rest = max(1, count(tensor.shape) // rows)
        check_work(limits, rows * rest * min(rows, rest))


# Tensor methods (the tensor first in args) checked before they run.
METHOD_GUARDS: dict[str, Guard] = {
    **{
        name: _broadcast
        for name in ("eq", "ne", "masked_fill", "max", "min", "allclose", "equal", "type_as")
    },
    "split": _split,
    "chunk": _chunk,
    **MOVES,
}


# (module, name) -> guard run before the call.
LEGACY_MAKERS = ("Tensor", "FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor",
                 "ByteTensor")  # fmt: skip

FUNCTION_GUARDS: dict[tuple[str, str], Guard] = {
    **{("torch", name): _maker for name in ("randn", "rand", "zeros", "ones")},
    ("torch", "full"): _full,
    **{("torch", name): _legacy for name in LEGACY_MAKERS},
    ("torch", "empty"): _maker,
    ("torch", "as_tensor"): _tensor,
    ("torch", "randint"): _randint,
    ("torch", "arange"): _arange,
    ("torch", "tensor"): _tensor,
    ("torch", "cat"): _cat,
    ("torch", "stack"): _cat,
    ("torch", "bmm"): _matmul,
    ("torch", "matmul"): _matmul,
    ("torch", "mm"): _matmul,
    ("torch.nn.utils.rnn", "pad_sequence"): _pad_sequence,
    ("torch.nn.utils.rnn", "pad_packed_sequence"): _pad_packed,
    ("torch.nn.functional", "one_hot"): _one_hot,
    **{("torch", name): _broadcast for name in ("where", "max", "min", "allclose", "equal")},
    ("torch", "split"): _split,
    ("torch", "chunk"): _chunk,
    ("torchinfo", "summary"): _summary,
    ("torch.nn.init", "orthogonal_"): _orthogonal,
}


# --------------------------------------------------------------------------- modules

_GATES = {"RNN": 1, "GRU": 3, "LSTM": 4, "RNNCell": 1, "GRUCell": 3, "LSTMCell": 4}


def _int(value: object, default: int = 0) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return default


def module_elements(kind: str, bound: Mapping[str, Any]) -> int:
    """Parameter elements a constructor is about to allocate (an upper bound)."""
    if kind in ("RNN", "GRU", "LSTM"):
        g = _GATES[kind]
        i = max(1, _int(bound.get("input_size")))
        h = max(1, _int(bound.get("hidden_size")))
        k = max(1, _int(bound.get("num_layers"), 1))
        d = 2 if bound.get("bidirectional") else 1
        return g * h * (max(i, d * h) + h + 2) * k * d
    if kind in _GATES:
        g = _GATES[kind]
        i = max(1, _int(bound.get("input_size")))
        h = max(1, _int(bound.get("hidden_size")))
        return g * h * (i + h + 2)
    if kind == "Linear":
        return (max(1, _int(bound.get("in_features"))) + 1) * max(
            1, _int(bound.get("out_features"))
        )
    if kind == "Embedding":
        return max(1, _int(bound.get("num_embeddings"))) * max(1, _int(bound.get("embedding_dim")))
    if kind == "LayerNorm":
        shape = bound.get("normalized_shape")
        sizes = shape if isinstance(shape, (tuple, list)) else [shape]
        return 2 * count(_int(s) for s in sizes)
    return 0


@functools.cache
def _signature(cls: type) -> inspect.Signature:
    return inspect.signature(cls)


def check_constructor(
    limits: Limits, cls: type, args: Sequence[Any], kwargs: Mapping[str, Any]
) -> None:
    """Cap every int argument of a layer constructor and the elements it will allocate."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > limits.max_axis:
            raise limit("notebook.limit.axis", size=value, cap=limits.max_axis)
        if isinstance(value, (tuple, list)):
            check_shape(limits, value)
    bound: Mapping[str, Any]
    if cls.__name__ in ("RNN", "GRU", "LSTM"):
        # RNNBase takes *args; name them as torch does.
        bound = {**dict(zip(GATED_POSITIONAL, args, strict=False)), **kwargs}
    else:
        try:
            bound = _signature(cls).bind(*args, **kwargs).arguments
        except (TypeError, ValueError):
            bound = {}
    layers = bound.get("num_layers")
    if isinstance(layers, int) and layers > MAX_LAYERS:
        raise limit("notebook.limit.layers", size=layers, cap=MAX_LAYERS)
    check_count(limits, module_elements(cls.__name__, bound))


def forward_elements(module: object, args: Sequence[Any]) -> int:
    """Elements a layer's forward will produce, from its input (0 when unknown)."""
    import torch

    nn = torch.nn  # an attribute: a `from torch import nn` on every forward costs more
    if not args:
        return 0
    x = args[0]
    if isinstance(module, nn.RNNBase):
        width = (2 if module.bidirectional else 1) * (module.proj_size or module.hidden_size)
        if isinstance(x, torch.nn.utils.rnn.PackedSequence):
            return max(1, x.data.shape[0]) * width
        if isinstance(x, torch.Tensor) and x.dim() >= 1:
            return count(x.shape[:-1]) * width
    if isinstance(module, nn.RNNCellBase) and isinstance(x, torch.Tensor) and x.dim() >= 1:
        return count(x.shape[:-1]) * module.hidden_size
    if isinstance(module, nn.Linear) and isinstance(x, torch.Tensor) and x.dim() >= 1:
        return count(x.shape[:-1]) * module.out_features
    if isinstance(module, nn.Embedding) and isinstance(x, torch.Tensor):
        return count(x.shape) * module.embedding_dim
    return 0


def check_forward(limits: Limits, module: object, args: Sequence[Any]) -> None:
    import torch

    nn = torch.nn  # an attribute: a `from torch import nn` on every forward costs more
    check_count(limits, forward_elements(module, args))
    x = args[0] if args else None
    if isinstance(x, torch.nn.utils.rnn.PackedSequence):
        rows = max(1, x.data.shape[0])
    elif isinstance(x, torch.Tensor) and x.dim() >= 1:
        rows = count(x.shape[:-1])
    else:
        return
    if isinstance(module, (nn.RNNBase, nn.RNNCellBase, nn.Linear)):
        check_work(limits, rows * sum(count(p.shape) for p in own_parameters(module)))


def index_count(limits: Limits, value: object, index: object) -> int | None:
    """An upper bound on the elements of ``value[index]`` when the index holds tensors or lists."""
    import torch

    if not isinstance(value, torch.Tensor):
        return None
    parts = index if isinstance(index, tuple) else (index,)
    if not any(isinstance(p, (torch.Tensor, list)) for p in parts):
        return None
    index_shapes = []
    consumed = 1
    dim = 0
    for part in parts:
        if part is None or part is Ellipsis:
            continue
        if isinstance(part, list):
            check_count(limits, nested_count(part, limits))
            part = torch.as_tensor(part)
        if isinstance(part, torch.Tensor):
            if part.dtype == torch.bool:
                return count(value.shape)
            index_shapes.append(part.shape)
            if dim < value.dim():
                consumed *= max(1, value.shape[dim])
        dim += 1
    try:
        outer = count(
            torch.broadcast_shapes(  # type: ignore[no-untyped-call]
                *index_shapes
            )
        )
    except RuntimeError:
        return None
    return outer * max(1, count(value.shape) // consumed)


__all__ = ["FUNCTION_GUARDS", "Stop"]
