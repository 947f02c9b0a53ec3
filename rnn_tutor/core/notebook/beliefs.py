"""Mix-ups as beliefs: what a learner expects torch to do, as small changes of the interpreter.

A misconception of the catalogue (docs/misconceptions.md) that is a wrong belief about
torch ("batch_first also reorders h_n", "cat adds an axis", "a bias has H*H entries") is
written here as a
:class:`Belief`: the kind of operation it acts on (a module built, a module's forward, a
parameter read, a torch function, an index), whether it acts on this very operation, and
what the operation would give if the belief were true.

The walker has one hook for all of it: every call into torch goes through
``Walker.call_checked``, which hands the call to the notebook's :class:`Runtime` when one
is installed (none is in My code or ``explain``: nothing changes there and nothing is paid).
A runtime records the calls the beliefs could act on (:class:`Event`) and what each made
(:class:`Made`: this tensor is h_n of that LSTM, this one a slice of it, that PackedSequence
packed from a tensor of 9 steps), and applies its active beliefs, if any.

Diagnosis (:mod:`rnn_tutor.core.grading.diagnosis`) asks each belief, in catalogue order,
whether it acts on a run, and what the asked value would be under it: read off the event
that made the asked value (``reach="leaf"``: "output would be (L, N, H)"), or by running the
cell again with the belief in place (``reach="flow"``: the belief's tensor goes on through the
learner's next lines). No torch at import time.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rnn_tutor.core.call.spec import positional_names
from rnn_tutor.core.notebook.stops import Stop

Real = Callable[[tuple[Any, ...], dict[str, Any]], Any]
"""The operation as torch does it, with the arguments given (the belief may change them)."""

EventKind = Literal["construct", "forward", "attribute", "listing", "call", "index"]
Reach = Literal["leaf", "flow"]

TIME_AXES = frozenset({"L", "max(lengths)", "total_length", "T", "sum(lengths)"})
"""Axis names (describe.AxisBook) that mean the time axis of a sequence."""
BATCH_AXES = frozenset({"N"})
STATE_AXIS = "D*num_layers"


@dataclass
class Event:
    """One call the beliefs could act on, as the run made it (its arguments and result)."""

    kind: EventKind
    key: str  # function key ("cat"), attribute or method name, or the module class name
    fn: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    result: Any = None
    error: Stop | None = None
    done: bool = False

    @property
    def module(self) -> Any:
        """The module a construct/forward/attribute/listing event is about."""
        if self.kind == "construct":
            return self.result if self.done else None
        if self.kind in ("attribute",):
            return self.args[0]
        if self.kind == "listing":
            return getattr(self.fn, "__self__", None)
        if self.kind == "forward":
            return self.fn
        return None

    def leaves(self) -> Iterator[tuple[tuple[int, ...], Any]]:
        """The objects the event made, each with its path in the result."""
        if not self.done:
            return
        yield from _leaves(self.result, ())


def _leaves(value: Any, path: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], Any]]:
    yield path, value
    if isinstance(value, tuple) and not _is_packed(value) and len(path) < 2:
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))


def at_path(value: Any, path: tuple[int, ...]) -> Any:
    for i in path:
        value = value[i]
    return value


@dataclass
class Made:
    """What one object is, as far as the beliefs need to know: where it came from."""

    what: str  # output | h_n | c_n | cell_state | embedded | linear | slice | join |
    # method | packed | padded | param
    module: Any = None
    parents: tuple[Any, ...] = ()
    # The recurrent call it derives from: (N, L, batch_first) of that call's data.
    sequence: tuple[int, int, bool] | None = None
    lengths: tuple[int, ...] | None = None  # packed / padded: each sequence's length
    padded_length: int | None = None  # packed: the padded tensor's time axis, L
    batch_first: bool = False  # padded / packed: the layout it was given
    output: Any = None  # h_n / c_n: the output of the same call


@dataclass(frozen=True)
class Belief:
    """One wrong belief about torch, as a change of what one kind of operation gives.

    ``applies(rt, event)`` says whether the belief changes this operation; ``apply(rt,
    event, real)`` gives the result under the belief (``real`` runs torch's own operation,
    with whatever arguments the belief passes). ``reach`` says how far the belief is
    followed: "leaf" only where the asked value is what the changed operation made,
    "flow" also through the learner's next lines (the cell is run again with it).
    ``keeps_shape``: it changes values, not shapes (only fill-in answers, compared by
    value, can show it). ``shapes_only``: its results are meta tensors (shapes, no values).
    ``raises``: under it the operation raises (the learner says "it raises" where torch
    runs). ``scope(rt, asked, axes)``: whether this id may name an answer about this asked
    value (the truth run's value and its axis names). ``in_values``: whether a fill-in,
    compared by value, may be named by it (a belief about a shape is not the story of an
    expression that reads the wrong entry).
    """

    id: str
    name: str
    on: tuple[EventKind, ...]
    applies: Callable[[Runtime, Event], bool]
    apply: Callable[[Runtime, Event, Real], Any]
    reach: Reach = "flow"
    keeps_shape: bool = False
    shapes_only: bool = False
    raises: bool = False
    scope: Callable[[Runtime, object, tuple[str, ...] | None], bool] | None = None
    in_values: bool = True

    @property
    def words(self) -> str:
        """The catalog key of the belief's "if ..." clause."""
        return f"belief.{self.name}"


class BeliefStop(Stop):
    """What a belief that expects an error raises in its run (never shown to a learner)."""

    def __init__(self, belief: str) -> None:
        super().__init__("torch", "notebook.explain.torch_generic", {"exception": belief})
        self.belief = belief


# --------------------------------------------------------------------------- the runtime


class Runtime:
    """Installed on a walker (``walker.beliefs``): records events and applies beliefs.

    ``names`` is the notebook's global namespace (a belief reads the learner's constants,
    ``BATCH_SIZE``, from it). ``record`` keeps the events for diagnosis; the lineage
    (:class:`Made`) is kept in any case, for the beliefs themselves.
    """

    def __init__(
        self,
        beliefs: Sequence[Belief] = (),
        names: Mapping[str, object] | None = None,
        *,
        record: bool = True,
        book: Any = None,
    ) -> None:
        self.active = tuple(beliefs)
        self.names: Mapping[str, object] = names if names is not None else {}
        self.record = record
        self.book = book
        self.events: list[Event] = []
        self._made: dict[int, tuple[Any, Made]] = {}
        self.applied: set[str] = set()  # names of active beliefs that changed something

    # ---- lineage

    def made(self, obj: object) -> Made | None:
        entry = self._made.get(id(obj))
        if entry is None or entry[0] is not obj:
            return None
        return entry[1]

    def note(self, obj: object, made: Made) -> None:
        if obj is None or isinstance(obj, (int, float, bool, str)):
            return
        self._made[id(obj)] = (obj, made)

    def axes(self, tensor: object) -> tuple[str, ...] | None:
        book = self.book
        found = book.get(tensor) if book is not None else None
        return found if isinstance(found, tuple) else None

    def sequence_of(self, obj: object, depth: int = 0) -> tuple[int, int, bool] | None:
        """(N, L, batch_first) of the recurrent call this object derives from, if any."""
        made = self.made(obj)
        if made is None or depth > 20:
            return None
        if made.sequence is not None:
            return made.sequence
        for parent in made.parents:
            found = self.sequence_of(parent, depth + 1)
            if found is not None:
                return found
        return None

    def root(self, obj: object, depth: int = 0) -> Made | None:
        """The recurrent result (output, h_n, c_n, padded) an object was sliced from."""
        made = self.made(obj)
        if made is None or depth > 20:
            return None
        if made.what in ("output", "h_n", "c_n", "padded", "cell_state", "embedded"):
            return made
        if made.what in ("slice", "method") and made.parents:
            return self.root(made.parents[0], depth + 1)
        return None

    # ---- the hook

    def call(self, fn: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], real: Real) -> Any:
        """One call into torch (or Python) from the walker, with ``real`` doing it."""
        found = classify(fn, args)
        if found is None:
            result = real(args, dict(kwargs))
            if isinstance(result, _torch()[0].Tensor):
                self.note(result, Made("op", parents=_tensors_in(args)))
            return result
        kind, key = found
        event = Event(kind, key, fn, tuple(args), dict(kwargs))
        if self.record:
            self.events.append(event)
        try:
            result = self._apply(event, real)
        except Stop as stop:
            event.error, event.done = stop, False
            raise
        event.result, event.done = result, True
        self._remember(event)
        return result

    def _apply(self, event: Event, real: Real, start: int = 0) -> Any:
        """The first active belief that acts here gives the result; what it asks of torch
        passes the beliefs after it (a pair acts on one operation in turn)."""
        for i in range(start, len(self.active)):
            belief = self.active[i]
            if event.kind in belief.on and belief.applies(self, event):
                self.applied.add(belief.name)

                def inner(args: tuple[Any, ...], kwargs: dict[str, Any], after: int = i) -> Any:
                    nested = Event(event.kind, event.key, event.fn, tuple(args), dict(kwargs))
                    return self._apply(nested, real, after + 1)

                return belief.apply(self, event, inner)
        return real(event.args, event.kwargs)

    def _remember(self, event: Event) -> None:
        """Lineage of what the event made."""
        torch, nn, packed_type = _torch()
        result = event.result
        if event.kind == "forward":
            module = event.fn
            if isinstance(module, nn.RNNBase) and isinstance(result, tuple) and len(result) == 2:
                self._remember_rnn(module, event.args, result)
            elif isinstance(module, nn.RNNCellBase):
                for item in result if isinstance(result, tuple) else (result,):
                    self.note(item, Made("cell_state", module, parents=event.args[:1]))
            elif isinstance(module, nn.Embedding):
                self.note(result, Made("embedded", module, parents=event.args[:1]))
            elif isinstance(module, nn.Linear):
                self.note(result, Made("linear", module, parents=event.args[:1]))
        elif event.kind == "index":
            self.note(result, Made("slice", parents=(event.args[0],)))
        elif event.kind == "attribute" and isinstance(result, torch.Tensor):
            self.note(result, Made("param", event.args[0]))
        elif event.kind == "call":
            self._remember_call(event, packed_type)

    def _remember_rnn(self, module: Any, args: tuple[Any, ...], result: tuple[Any, Any]) -> None:
        torch, _, packed_type = _torch()
        x: Any = args[0] if args else None
        output, state = result
        sequence: tuple[int, int, bool] | None = None
        source = self.made(x) if x is not None else None
        if isinstance(x, packed_type):
            count = int(x.batch_sizes[0]) if len(x.batch_sizes) else 0
            length = source.padded_length if source and source.padded_length else len(x.batch_sizes)
            sequence = (count, int(length), bool(module.batch_first))
            lengths = source.lengths if source else None
            self.note(
                output,
                Made(
                    "output",
                    module,
                    parents=(x,),
                    sequence=sequence,
                    lengths=lengths,
                    padded_length=source.padded_length if source else None,
                    batch_first=bool(module.batch_first),
                ),
            )
        elif isinstance(x, torch.Tensor) and x.dim() == 3:
            n, length = (x.shape[0], x.shape[1]) if module.batch_first else (x.shape[1], x.shape[0])
            sequence = (int(n), int(length), bool(module.batch_first))
            self.note(output, Made("output", module, parents=(x,), sequence=sequence))
        elif isinstance(x, torch.Tensor):
            self.note(output, Made("output", module, parents=(x,)))
        states = state if isinstance(state, tuple) else (state,)
        for what, item in zip(("h_n", "c_n"), states, strict=False):
            self.note(item, Made(what, module, parents=(x,), sequence=sequence, output=output))

    def _remember_call(self, event: Event, packed_type: Any) -> None:
        key, result, args = event.key, event.result, event.args
        if key == "pack_padded" and args:
            data = args[0]
            bf = bool(_argument(event, "batch_first", 2, False))
            lengths = _int_list(_argument(event, "lengths", 1, None))
            length = None
            if getattr(data, "dim", lambda: 0)() >= 2:
                length = int(data.shape[1] if bf else data.shape[0])
            self.note(
                result,
                Made(
                    "packed", parents=(data,), lengths=lengths, padded_length=length, batch_first=bf
                ),
            )
        elif key == "pad_packed" and isinstance(result, tuple) and args:
            source = self.made(args[0])
            bf = bool(_argument(event, "batch_first", 1, False))
            lengths = _int_list(result[1]) if len(result) > 1 else None
            self.note(
                result[0],
                Made(
                    "padded",
                    source.module if source else None,
                    parents=(args[0],),
                    sequence=source.sequence if source else None,
                    lengths=lengths,
                    batch_first=bf,
                ),
            )
        elif key in ("cat", "stack") and args:
            items = args[0] if isinstance(args[0], (list, tuple)) else ()
            self.note(result, Made("join", parents=tuple(items)))
        elif key in _METHOD_KEYS.values():
            owner = getattr(event.fn, "__self__", None)
            parents = (owner,) if owner is not None else tuple(args[:1])
            self.note(result, Made("method", parents=parents))


def _tensors_in(args: Sequence[Any]) -> tuple[Any, ...]:
    """The tensors among a call's arguments, and inside list / tuple arguments."""
    torch = _torch()[0]
    found: list[Any] = []
    for arg in args:
        if isinstance(arg, torch.Tensor):
            found.append(arg)
        elif isinstance(arg, (list, tuple)):
            found.extend(item for item in arg if isinstance(item, torch.Tensor))
    return tuple(found)


def _int_list(value: Any) -> tuple[int, ...] | None:
    try:
        return tuple(int(v) for v in value)
    except (TypeError, ValueError):
        return None


def _argument(event: Event, name: str, position: int, default: Any) -> Any:
    """An argument by keyword or position, for functions whose signature is known."""
    if name in event.kwargs:
        return event.kwargs[name]
    if len(event.args) > position:
        return event.args[position]
    return default


@functools.cache
def _torch() -> tuple[Any, Any, Any]:
    import torch
    from torch.nn.utils.rnn import PackedSequence

    return torch, torch.nn, PackedSequence


def _is_packed(value: object) -> bool:
    return isinstance(value, _torch()[2])


@functools.cache
def _function_keys() -> dict[Any, str]:
    import torch
    from torch.nn.utils import rnn as rnn_utils

    return {
        torch.cat: "cat",
        torch.concat: "cat",
        torch.stack: "stack",
        torch.bmm: "bmm",
        torch.squeeze: "squeeze",
        rnn_utils.pad_packed_sequence: "pad_packed",
        rnn_utils.pack_padded_sequence: "pack_padded",
    }


_METHOD_KEYS: dict[str, str] = {
    "squeeze": "squeeze",
    "view": "view",
    "bmm": "bmm",
    "transpose": "transpose",
    "reshape": "reshape",
    "permute": "permute",
    "unsqueeze": "unsqueeze",
    "contiguous": "contiguous",
    "sum": "sum",
}
_LISTINGS = frozenset({"parameters", "named_parameters"})


def classify(fn: Any, args: Sequence[Any]) -> tuple[EventKind, str] | None:
    """Which kind of event a call is, or None for the calls no belief is about."""
    torch, nn, _ = _torch()
    if fn is getattr:
        if len(args) == 2 and isinstance(args[0], nn.Module) and isinstance(args[1], str):
            return "attribute", args[1]
        return None
    if fn is operator.getitem:
        if args and isinstance(args[0], torch.Tensor):
            return "index", ""
        return None
    if isinstance(fn, type):
        return ("construct", fn.__name__) if issubclass(fn, nn.Module) else None
    if isinstance(fn, nn.Module):
        return "forward", type(fn).__name__
    try:
        key = _function_keys().get(fn)
    except TypeError:  # an unhashable callable: no belief is about it
        key = None
    if key is not None:
        return "call", key
    owner = getattr(fn, "__self__", None)
    name = getattr(fn, "__name__", "")
    if isinstance(owner, torch.Tensor) and name in _METHOD_KEYS:
        return "call", _METHOD_KEYS[name]
    if isinstance(owner, nn.Module) and name in _LISTINGS:
        return "listing", name
    return None


# --------------------------------------------------------------------------- helpers


def _meta(shape: Sequence[int]) -> Any:
    """A tensor of this shape and no values: what a shape-only belief gives."""
    import torch

    return torch.empty(tuple(int(s) for s in shape), device="meta")


def _rnn(module: object) -> bool:
    return isinstance(module, _torch()[1].RNNBase)


def _gates(module: Any) -> int:
    """Gate blocks of a layer or a cell: LSTM 4, GRU 3, RNN 1."""
    mode = str(getattr(module, "mode", "")) or type(module).__name__.removesuffix("Cell")
    return 4 if mode == "LSTM" else 3 if mode == "GRU" else 1


def _directions(module: Any) -> int:
    return 2 if getattr(module, "bidirectional", False) else 1


def _h_out(module: Any) -> int:
    return int(getattr(module, "proj_size", 0) or module.hidden_size)


def _batched(event: Event) -> bool:
    x: Any = event.args[0] if event.args else None
    return _is_packed(x) or (getattr(x, "dim", lambda: 0)() == 3)


def _forward_parts(result: Any) -> tuple[Any, Any, Any] | None:
    """(output, h_n, c_n or None) of a recurrent module's result."""
    if not (isinstance(result, tuple) and len(result) == 2):
        return None
    output, state = result
    if isinstance(state, tuple):
        return output, state[0], state[1] if len(state) > 1 else None
    return output, state, None


def _rebuild(result: Any, output: Any, h_n: Any, c_n: Any) -> Any:
    """A recurrent module's result with its parts replaced, in the same structure."""
    state = result[1]
    if isinstance(state, tuple):
        return (output, (h_n, c_n))
    return (output, h_n)


def _forward_change(
    change_output: Callable[[Runtime, Event, Any], Any] | None = None,
    change_state: Callable[[Runtime, Event, Any, bool], Any] | None = None,
) -> Callable[[Runtime, Event, Real], Any]:
    """An ``apply`` that runs the module, then changes its output and/or its states."""

    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        result = real(event.args, event.kwargs)
        parts = _forward_parts(result)
        if parts is None:
            return result
        output, h_n, c_n = parts
        if change_output is not None:
            output = change_output(rt, event, output)
        if change_state is not None:
            h_n = change_state(rt, event, h_n, False)
            if c_n is not None:
                c_n = change_state(rt, event, c_n, True)
        return _rebuild(result, output, h_n, c_n)

    return apply


def _is_rnn_forward(rt: Runtime, event: Event) -> bool:
    return _rnn(event.fn) and (not event.done or _forward_parts(event.result) is not None)


def _tensor_output(event: Event) -> bool:
    if not event.done:
        return True
    parts = _forward_parts(event.result)
    return parts is not None and not _is_packed(parts[0])


def _when(*tests: Callable[[Any, Event], bool]) -> Callable[[Runtime, Event], bool]:
    def applies(rt: Runtime, event: Event) -> bool:
        return _is_rnn_forward(rt, event) and all(test(event.fn, event) for test in tests)

    return applies


def _keeps_layout(rt: Runtime, asked: object, axes: tuple[str, ...] | None) -> bool:
    """A value that still shows a sequence's layout: both its batch and its time axis (once
    a step is taken, the same misreading is the last step taken on the wrong axis)."""
    return axes is None or (bool(set(axes) & BATCH_AXES) and bool(set(axes) & TIME_AXES))


def _not_unpacked(rt: Runtime, asked: object, axes: tuple[str, ...] | None) -> bool:
    """A value not made by pad_packed_sequence: whoever unpacks it knows it was packed."""
    made = rt.made(asked)
    return made is None or made.what != "padded"


# --------------------------------------------------------------------------- the RNN call


def _swap01(rt: Runtime, event: Event, tensor: Any) -> Any:
    return tensor.transpose(0, 1) if getattr(tensor, "dim", lambda: 0)() >= 2 else tensor


def _state_swap(rt: Runtime, event: Event, tensor: Any, cell: bool) -> Any:
    return _swap01(rt, event, tensor)


def _hidden_batch_first_apply(rt: Runtime, event: Event, real: Real) -> Any:
    """h_0 read batch-first too (a (N, D*K, H) h_0 passes), h_n / c_n given batch-first."""
    module = event.fn
    args = list(event.args)
    if len(args) > 1 and args[1] is not None:
        n = _batch_size(event)
        layers = _directions(module) * module.num_layers

        def turned(state: Any) -> Any:
            shape = tuple(getattr(state, "shape", ()))
            if len(shape) == 3 and shape[0] == n and shape[1] == layers and n != layers:
                return state.transpose(0, 1).contiguous()
            return state

        hx = args[1]
        args[1] = tuple(turned(s) for s in hx) if isinstance(hx, tuple) else turned(hx)
    result = real(tuple(args), event.kwargs)
    parts = _forward_parts(result)
    if parts is None:
        return result
    output, h_n, c_n = parts
    return _rebuild(
        result, output, _swap01(rt, event, h_n), None if c_n is None else _swap01(rt, event, c_n)
    )


def _batch_size(event: Event) -> int | None:
    x: Any = event.args[0] if event.args else None
    if _is_packed(x):
        return int(x.batch_sizes[0]) if len(x.batch_sizes) else None
    if getattr(x, "dim", lambda: 0)() == 3:
        return int(x.shape[0] if event.fn.batch_first else x.shape[1])
    return None


def _narrow_directions(rt: Runtime, event: Event, output: Any) -> Any:
    """output without the reverse direction's half: (..., H_out)."""
    width = _h_out(event.fn)
    if _is_packed(output):
        return type(output)(
            output.data[..., :width],
            output.batch_sizes,
            output.sorted_indices,
            output.unsorted_indices,
        )
    return output[..., :width]


def _forward_states(rt: Runtime, event: Event, state: Any, cell: bool) -> Any:
    return state[0::2]


def _last_layer_states(rt: Runtime, event: Event, state: Any, cell: bool) -> Any:
    return state[-_directions(event.fn) :]


def _meta_output(shape_of: Callable[[Any, Any], Sequence[int] | None]) -> Callable[..., Any]:
    def change(rt: Runtime, event: Event, output: Any) -> Any:
        shape = shape_of(event.fn, output)
        return output if shape is None else _meta(shape)

    return change


def _meta_state(
    shape_of: Callable[[Any, Any, bool, Event], Sequence[int] | None],
) -> Callable[..., Any]:
    def change(rt: Runtime, event: Event, state: Any, cell: bool) -> Any:
        shape = shape_of(event.fn, state, cell, event)
        return state if shape is None else _meta(shape)

    return change


def _layers_in_output(layers: Callable[[Any], int], at: int) -> Callable[[Any, Any], Any]:
    def shape(module: Any, output: Any) -> Sequence[int] | None:
        dims = tuple(output.shape)
        if at > len(dims):
            return None
        return (*dims[:at], layers(module), *dims[at:])

    return shape


def _layers_folded(module: Any, output: Any) -> Sequence[int]:
    dims = tuple(output.shape)
    return (*dims[:-1], module.num_layers * dims[-1])


def _steps(event: Event) -> int | None:
    """The time axis of the data a recurrent module was given."""
    x: Any = event.args[0] if event.args else None
    if _is_packed(x):
        return len(x.batch_sizes)
    dims = tuple(getattr(x, "shape", ()))
    if len(dims) == 3:
        return int(dims[1] if event.fn.batch_first else dims[0])
    if len(dims) == 2:
        return int(dims[0])
    return None


def _time_in_hidden(layout: str, doubled: bool) -> Callable[[Any, Any, bool, Event], Any]:
    """h_n / c_n as one entry per time step: (L, N, size), (N, L, size) or (L, size)."""

    def shape(module: Any, state: Any, cell: bool, event: Event) -> Sequence[int] | None:
        steps = _steps(event)
        if steps is None:
            return None
        size = int(state.shape[-1]) * (_directions(module) if doubled else 1)
        if doubled and _directions(module) == 1:
            return None
        n = _batch_size(event)
        if n is None:
            return None if layout != "time" else (steps, size)
        if layout == "output":
            if not module.batch_first:
                return None
            return (n, steps, size)
        return (steps, n, size)

    return shape


def _unbatched(event: Event) -> bool:
    x: Any = event.args[0] if event.args else None
    return not _is_packed(x) and getattr(x, "dim", lambda: 0)() == 2


def _batch_axis_output(first: bool) -> Callable[[Any, Any], Any]:
    def shape(module: Any, output: Any) -> Sequence[int]:
        rows, width = tuple(output.shape)
        return (1, rows, width) if first else (rows, 1, width)

    return shape


def _batch_axis_state(rows_as_batch: bool) -> Callable[[Any, Any, bool, Event], Any]:
    def shape(module: Any, state: Any, cell: bool, event: Event) -> Sequence[int] | None:
        layers, width = tuple(state.shape)
        rows = _steps(event) or 1
        return (layers, rows if rows_as_batch else 1, width)

    return shape


def _proj_on_cell(module: Any, state: Any, cell: bool, event: Event) -> Sequence[int] | None:
    if not cell:
        return None
    return (*tuple(state.shape)[:-1], int(module.proj_size))


def _gate_rows_in_state(module: Any, state: Any, cell: bool, event: Event) -> Sequence[int]:
    return (*tuple(state.shape)[:-1], _gates(module) * int(module.hidden_size))


def _direction_on_last(module: Any, state: Any, cell: bool, event: Event) -> Sequence[int]:
    dims = tuple(state.shape)
    return (int(module.num_layers), *dims[1:-1], 2 * dims[-1])


def _dropped_axis(module: Any, state: Any, cell: bool, event: Event) -> Sequence[int]:
    return tuple(state.shape)[1:]


def _flip_backward(rt: Runtime, event: Event, output: Any) -> Any:
    """The reverse direction's half read in time order, its final state at the last step."""
    if _is_packed(output) or getattr(output, "dim", lambda: 0)() < 2:
        return output
    import torch

    width = _h_out(event.fn)
    time = 1 if (output.dim() == 3 and event.fn.batch_first) else 0
    forward, backward = output[..., :width], output[..., width:]
    return torch.cat((forward, backward.flip(time)), dim=-1)


def _silent_mismatch(rt: Runtime, event: Event) -> bool:
    """Data the notebook's constants call batch-first fed to a time-first layer (or a 2-D
    batch of one step read as one sequence): torch runs it; the belief says it raises."""
    if not _is_rnn_forward(rt, event) or event.fn.batch_first:
        return False
    x: Any = event.args[0] if event.args else None
    dims = tuple(getattr(x, "shape", ())) if not _is_packed(x) else ()
    batch, steps = rt.names.get("BATCH_SIZE"), rt.names.get("SEQ_LENGTH")
    if len(dims) == 3:
        return bool(batch == dims[0] and steps == dims[1] and dims[0] != dims[1])
    return len(dims) == 2 and batch == dims[0]


def _raise(name: str) -> Callable[[Runtime, Event, Real], Any]:
    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        raise BeliefStop(name)

    return apply


# --------------------------------------------------------------------------- constructors


_LAYERS = ("RNN", "LSTM", "GRU")


def _call_names(event: Event) -> dict[str, Any] | None:
    """A recurrent constructor's arguments by name (None when they do not bind)."""
    if event.key not in ("RNN", "LSTM", "GRU"):
        return None
    names = positional_names("RNN" if event.key == "RNN" else "LSTM")
    named = dict(zip(names, event.args, strict=False))
    if len(event.args) > len(names):
        return None
    for key, value in event.kwargs.items():
        if key in named:
            return None
        named[key] = value
    return named


def _construct_with(**changes: Any) -> Callable[[Runtime, Event, Real], Any]:
    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        named = _call_names(event)
        assert named is not None
        named.update(changes)
        return real((), named)

    return apply


def _proj_given(rt: Runtime, event: Event) -> bool:
    named = _call_names(event)
    return named is not None and bool(named.get("proj_size"))


def _bias_false(rt: Runtime, event: Event) -> bool:
    named = _call_names(event)
    return named is not None and named.get("bias", True) is False


def _positional_bias(rt: Runtime, event: Event) -> bool:
    """nn.LSTM(I, H, K, True): the 4th positional is bias; read as bidirectional."""
    return (
        event.key in _LAYERS
        and len(event.args) == 4
        and event.args[3] is True
        and "bidirectional" not in event.kwargs
    )


def _positional_bias_apply(rt: Runtime, event: Event, real: Real) -> Any:
    return real(tuple(event.args[:3]), {**event.kwargs, "bidirectional": True})


def _bidirectional(rt: Runtime, event: Event) -> bool:
    named = _call_names(event)
    return named is not None and bool(named.get("bidirectional"))


# --------------------------------------------------------------------------- parameters


def _param_kind(module: Any, name: str) -> tuple[str, int, bool] | None:
    """(role, layer, reverse) of a recurrent parameter name, for RNN layers and cells."""
    nn = _torch()[1]
    if isinstance(module, nn.RNNCellBase):
        if name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            return name, 0, False
        return None
    if not isinstance(module, nn.RNNBase):
        return None
    parts = name.split("_")
    if len(parts) < 3 or not parts[2].startswith("l") or not parts[2][1:].isdigit():
        return None
    role = f"{parts[0]}_{parts[1]}"
    if role not in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr"):
        return None
    reverse = len(parts) == 4 and parts[3] == "reverse"
    if len(parts) > 4 or (len(parts) == 4 and not reverse):
        return None
    return role, int(parts[2][1:]), reverse


def _param_event(rt: Runtime, event: Event) -> tuple[Any, str, int, Any] | None:
    """(module, role, layer, tensor) of a parameter read that ran."""
    if not event.done or event.error is not None:
        return None
    module, name = event.args[0], event.key
    found = _param_kind(module, name)
    result = event.result
    if found is None or not hasattr(result, "shape"):
        return None
    return module, found[0], found[1], result


def _param_shape(
    shape_of: Callable[[Any, str, int, tuple[int, ...]], Sequence[int] | None],
) -> tuple[Callable[[Runtime, Event], bool], Callable[[Runtime, Event, Real], Any]]:
    def applies(rt: Runtime, event: Event) -> bool:
        found = _param_event(rt, event)
        if found is None:
            return False
        module, role, layer, tensor = found
        shape = shape_of(module, role, layer, tuple(tensor.shape))
        return shape is not None and tuple(shape) != tuple(tensor.shape)

    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        result = real(event.args, event.kwargs)
        found = _param_event(
            rt, Event(event.kind, event.key, event.fn, event.args, {}, result, None, True)
        )
        if found is None:
            return result
        module, role, layer, tensor = found
        shape = shape_of(module, role, layer, tuple(tensor.shape))
        return result if shape is None else _meta(shape)

    return applies, apply


def _gate_rows_missing(module: Any, role: str, layer: int, shape: tuple[int, ...]) -> Any:
    if role == "weight_hr" or _gates(module) == 1:
        return None
    return (int(module.hidden_size), *shape[1:])


def _gate_rows_wrong(module: Any, role: str, layer: int, shape: tuple[int, ...]) -> Any:
    gates = _gates(module)
    if role == "weight_hr" or gates == 1:
        return None
    other = 3 if gates == 4 else 4
    return (other * int(module.hidden_size), *shape[1:])


def _deep_input_hidden(module: Any, role: str, layer: int, shape: tuple[int, ...]) -> Any:
    if role != "weight_ih" or layer == 0 or _directions(module) != 2:
        return None
    return (shape[0], _h_out(module))


def _deep_input_size(module: Any, role: str, layer: int, shape: tuple[int, ...]) -> Any:
    if role != "weight_ih" or layer == 0:
        return None
    return (shape[0], int(module.input_size))


def _transposed(module: Any, role: str, layer: int, shape: tuple[int, ...]) -> Any:
    return (shape[1], shape[0]) if len(shape) == 2 else None


def _bias_pair(module: Any, role: str, layer: int, shape: tuple[int, ...]) -> Any:
    if not role.startswith("bias"):
        return None
    return (int(module.hidden_size) ** 2,)


def _listing_change(
    keep: Callable[[Any, str], bool] | None = None,
    shape_of: Callable[[Any, str, tuple[int, ...]], Sequence[int] | None] | None = None,
) -> Callable[[Runtime, Event, Real], Any]:
    """parameters() / named_parameters() as the belief lists them."""

    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        module: Any = getattr(event.fn, "__self__", None)
        listed: list[tuple[str, Any]] = []
        for name, tensor in module.named_parameters():
            if keep is not None and not keep(module, name):
                continue
            shape = shape_of(module, name, tuple(tensor.shape)) if shape_of else None
            listed.append((name, tensor if shape is None else _meta(shape)))
        if event.key == "named_parameters":
            return iter(listed)
        return iter([tensor for _, tensor in listed])

    return apply


def _listing_of(test: Callable[[Any], bool]) -> Callable[[Runtime, Event], bool]:
    def applies(rt: Runtime, event: Event) -> bool:
        module = getattr(event.fn, "__self__", None)
        return _rnn(module) and test(module)

    return applies


def _single_bias_keep(module: Any, name: str) -> bool:
    return not name.startswith("bias_hh")


def _forward_only_keep(module: Any, name: str) -> bool:
    return not name.endswith("_reverse")


def _bias_pair_listing(module: Any, name: str, shape: tuple[int, ...]) -> Any:
    return (int(module.hidden_size) ** 2,) if name.startswith("bias") else None


def _all_weights(rt: Runtime, event: Event) -> bool:
    return event.key == "all_weights" and _rnn(event.args[0])


def _all_weights_forward(rt: Runtime, event: Event, real: Real) -> Any:
    module = event.args[0]
    result = real(event.args, event.kwargs)
    if _directions(module) == 1:
        return result
    return list(result)[0::2]


def _all_weights_flat(rt: Runtime, event: Event, real: Real) -> Any:
    return [tensor for entry in real(event.args, event.kwargs) for tensor in entry]


# --------------------------------------------------------------------------- around the RNN


def _index_parts(index: Any, rank: int) -> list[Any] | None:
    """A basic index as one entry per axis (slices filled in), or None when it is not one."""
    parts = list(index) if isinstance(index, tuple) else [index]
    if any(p is None or p is Ellipsis for p in parts):
        if Ellipsis in parts and parts[-1] is Ellipsis and parts.count(Ellipsis) == 1:
            parts = parts[:-1]
        else:
            return None
    if len(parts) > rank:
        return None
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, (int, slice)):
            return None
    return parts + [slice(None)] * (rank - len(parts))


def _layout(rt: Runtime, tensor: Any) -> tuple[int, int] | None:
    """(batch axis, time axis) of a sequence tensor, by its axis names or its lineage."""
    axes = rt.axes(tensor)
    if axes is not None and len(axes) >= 2:
        batch = [i for i, a in enumerate(axes[:2]) if a in BATCH_AXES]
        time = [i for i, a in enumerate(axes[:2]) if a in TIME_AXES]
        if batch and time:
            return batch[0], time[0]
    made = rt.made(tensor)
    if made is not None and made.what == "padded" and getattr(tensor, "dim", lambda: 0)() == 3:
        return (0, 1) if made.batch_first else (1, 0)
    three = getattr(tensor, "dim", lambda: 0)() == 3
    if made is not None and made.what == "output" and made.sequence is not None and three:
        return (0, 1) if made.sequence[2] else (1, 0)
    return None


def _full(part: Any) -> bool:
    return isinstance(part, slice) and part == slice(None)


def _step_swap(rt: Runtime, event: Event) -> list[Any] | None:
    """The index with its one step (an int on the batch or time axis) moved to the other."""
    tensor, index = event.args[0], event.args[1]
    layout = _layout(rt, tensor)
    if layout is None:
        return None
    parts = _index_parts(index, tensor.dim())
    if parts is None:
        return None
    batch, time = layout
    for picked, other in ((time, batch), (batch, time)):
        if isinstance(parts[picked], int) and _full(parts[other]):
            swapped = list(parts)
            swapped[picked], swapped[other] = slice(None), parts[picked]
            return swapped
    return None


def _step_swap_apply(rt: Runtime, event: Event, real: Real) -> Any:
    swapped = _step_swap(rt, event)
    assert swapped is not None
    return real((event.args[0], tuple(swapped)), {})


def _layer_entry(
    reverse_directions: bool,
) -> tuple[Callable[[Runtime, Event], bool], Callable[[Runtime, Event, Real], Any]]:
    """``h_n[i]`` read with the layers listed last first (and the directions too)."""

    def entry(rt: Runtime, event: Event) -> int | None:
        tensor, index = event.args[0], event.args[1]
        made = rt.made(tensor)
        if made is None or made.what not in ("h_n", "c_n") or not _rnn(made.module):
            return None
        i = index[0] if isinstance(index, tuple) and index else index
        if isinstance(i, bool) or not isinstance(i, int):
            return None
        directions, layers = _directions(made.module), int(made.module.num_layers)
        total = directions * layers
        if not -total <= i < total:
            return None
        i %= total
        layer, direction = divmod(i, directions)
        if reverse_directions:
            direction = directions - 1 - direction
        moved = (layers - 1 - layer) * directions + direction
        return moved if moved != i else None

    def applies(rt: Runtime, event: Event) -> bool:
        return entry(rt, event) is not None

    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        moved = entry(rt, event)
        index = event.args[1]
        new = (moved, *index[1:]) if isinstance(index, tuple) else moved
        return real((event.args[0], new), {})

    return applies, apply


def _final_as_last_step(rt: Runtime, event: Event) -> bool:
    """``h_n[-1]`` of a bidirectional layer, read as output's last time step."""
    tensor, index = event.args[0], event.args[1]
    made = rt.made(tensor)
    if made is None or made.what != "h_n" or not _rnn(made.module):
        return False
    output = made.output
    if _directions(made.module) != 2 or _is_packed(output) or output is None:
        return False
    return index == -1 and getattr(output, "dim", lambda: 0)() in (2, 3)


def _final_as_last_step_apply(rt: Runtime, event: Event, real: Real) -> Any:
    made = rt.made(event.args[0])
    assert made is not None
    output = made.output
    batch_first = output.dim() == 3 and bool(made.module.batch_first)
    return output[:, -1] if batch_first else output[-1]


def _padded_last(rt: Runtime, event: Event) -> bool:
    tensor, index = event.args[0], event.args[1]
    made = rt.made(tensor)
    if made is None or made.what != "padded" or made.lengths is None or tensor.dim() != 3:
        return False
    parts = _index_parts(index, 3)
    if parts is None:
        return False
    batch, time = (0, 1) if made.batch_first else (1, 0)
    return parts[time] == -1 and _full(parts[batch]) and _full(parts[2])


def _padded_last_apply(rt: Runtime, event: Event, real: Real) -> Any:
    import torch

    tensor = event.args[0]
    made = rt.made(tensor)
    assert made is not None and made.lengths is not None
    steps = torch.tensor([max(0, n - 1) for n in made.lengths])
    rows = torch.arange(len(made.lengths))
    if made.batch_first:
        return real((tensor, (rows, steps)), {})
    return real((tensor, (steps, rows)), {})


def _join_items(event: Event) -> list[Any] | None:
    items = event.args[0] if event.args else None
    if not isinstance(items, (list, tuple)) or len(items) < 2:
        return None
    return list(items)


def _join_dim(event: Event) -> Any:
    return _argument(event, "dim", 1, 0)


def _direction_halves(rt: Runtime, event: Event) -> bool:
    """cat of h_n's entries of a bidirectional layer (its directions' final states)."""
    if event.key != "cat":
        return False
    items = _join_items(event)
    if items is None or not isinstance(_join_dim(event), int):
        return False
    for item in items:
        root = rt.root(item)
        if root is None or root.what not in ("h_n", "c_n") or _directions(root.module) != 2:
            return False
        if getattr(item, "dim", lambda: 0)() != 2:
            return False
    return True


def _cat_other_dim(rt: Runtime, event: Event, real: Real) -> Any:
    dim = _join_dim(event)
    return real((event.args[0],), {"dim": 0 if dim in (1, -1) else 1})


def _cat_one_direction(rt: Runtime, event: Event, real: Real) -> Any:
    items = _join_items(event)
    assert items is not None
    return items[-1]


def _join_applies(keys: tuple[str, ...]) -> Callable[[Runtime, Event], bool]:
    def applies(rt: Runtime, event: Event) -> bool:
        items = _join_items(event)
        return (
            event.key in keys
            and items is not None
            and isinstance(_join_dim(event), int)
            and len({tuple(getattr(i, "shape", ())) for i in items}) == 1
        )

    return applies


def _stack_instead(rt: Runtime, event: Event, real: Real) -> Any:
    import torch

    return torch.stack(list(event.args[0]), dim=_join_dim(event))


def _cat_instead(rt: Runtime, event: Event, real: Real) -> Any:
    import torch

    return torch.cat(list(event.args[0]), dim=_join_dim(event))


def _stack_other_dim(rt: Runtime, event: Event, real: Real) -> Any:
    dim = _join_dim(event)
    return real((event.args[0],), {"dim": 1 if dim == 0 else 0})


def _linear_of(rt: Runtime, event: Event) -> tuple[Any, tuple[int, int, bool]] | None:
    torch, nn, _ = _torch()
    if not isinstance(event.fn, nn.Linear) or not event.args:
        return None
    x = event.args[0]
    sequence = rt.sequence_of(x)
    if sequence is None or not isinstance(x, torch.Tensor):
        return None
    return x, sequence


def _head_drops_time(rt: Runtime, event: Event) -> bool:
    found = _linear_of(rt, event)
    return found is not None and found[0].dim() == 3 and _layout(rt, found[0]) is not None


def _head_drops_time_apply(rt: Runtime, event: Event, real: Real) -> Any:
    result = real(event.args, event.kwargs)
    layout = _layout(rt, event.args[0])
    assert layout is not None
    return result.select(layout[1], -1)


def _head_keeps_time(rt: Runtime, event: Event) -> bool:
    found = _linear_of(rt, event)
    return found is not None and found[0].dim() == 2


def _head_keeps_time_apply(rt: Runtime, event: Event, real: Real) -> Any:
    result = real(event.args, event.kwargs)
    found = _linear_of(rt, event)
    assert found is not None
    n, length, batch_first = found[1]
    classes = int(result.shape[-1])
    return _meta((n, length, classes) if batch_first else (length, n, classes))


def _view_transposed(rt: Runtime, event: Event) -> bool:
    owner: Any = getattr(event.fn, "__self__", None)
    return event.key == "view" and hasattr(owner, "is_contiguous") and not owner.is_contiguous()


def _view_as_reshape(rt: Runtime, event: Event, real: Real) -> Any:
    owner = event.fn.__self__
    return owner.reshape(*event.args, **event.kwargs)


def _packed_output(rt: Runtime, event: Event) -> bool:
    """A recurrent module given a PackedSequence (and, in the belief's world, unpacking what
    it already believes to be a padded tensor)."""
    if event.kind == "call":
        return event.key == "pad_packed" and bool(event.args) and not _is_packed(event.args[0])
    if not _rnn(event.fn) or not event.args or not _is_packed(event.args[0]):
        return False
    return not event.done or _forward_parts(event.result) is not None


def _as_padded(to_input_length: bool) -> Callable[[Runtime, Event, Real], Any]:
    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        from torch.nn.utils.rnn import pad_packed_sequence

        if event.kind == "call":  # pad_packed_sequence of the "tensor": given back as it is
            return event.args[0], None
        result = real(event.args, event.kwargs)
        parts = _forward_parts(result)
        if parts is None or not _is_packed(parts[0]):
            return result
        source = rt.made(event.args[0])
        total = source.padded_length if (to_input_length and source) else None
        if to_input_length and total is None:
            return result
        padded, _ = pad_packed_sequence(
            parts[0], batch_first=bool(event.fn.batch_first), total_length=total
        )
        return _rebuild(result, padded, parts[1], parts[2])

    return apply


def _pad_source(rt: Runtime, event: Event) -> Made | None:
    if event.key != "pad_packed" or not event.args:
        return None
    return rt.made(event.args[0])


def _pad_remembers(rt: Runtime, event: Event) -> bool:
    source = _pad_source(rt, event)
    return (
        source is not None
        and source.what == "output"
        and bool(source.batch_first)
        and not _argument(event, "batch_first", 1, False)
    )


def _pad_batch_first(rt: Runtime, event: Event, real: Real) -> Any:
    return real((event.args[0],), {**event.kwargs, "batch_first": True})


def _pad_to_input(rt: Runtime, event: Event) -> bool:
    source = _pad_source(rt, event)
    if source is None or source.padded_length is None or source.lengths is None:
        return False
    given = _argument(event, "total_length", 3, None)
    return given is None and max(source.lengths, default=0) < source.padded_length


def _pad_to_input_apply(rt: Runtime, event: Event, real: Real) -> Any:
    source = _pad_source(rt, event)
    assert source is not None
    kwargs = {k: v for k, v in event.kwargs.items() if k != "total_length"}
    args = tuple(event.args[:3])
    return real(args, {**kwargs, "total_length": source.padded_length})


def _embedding_event(rt: Runtime, event: Event) -> bool:
    return isinstance(event.fn, _torch()[1].Embedding) and bool(event.args)


def _embedding_shape(keep_time: bool) -> Callable[[Runtime, Event, Real], Any]:
    def apply(rt: Runtime, event: Event, real: Real) -> Any:
        real(event.args, event.kwargs)  # torch's own checks first: float indices still raise
        dims = tuple(event.args[0].shape)
        if keep_time:
            return _meta(dims)
        return _meta((*dims[:-1], int(event.fn.embedding_dim)))

    return apply


def _cell_step(rt: Runtime, event: Event) -> tuple[int, ...] | None:
    """The sequence a cell's one step was taken from: its (N, L, I) or (L, N, I) shape."""
    torch, nn, _ = _torch()
    if not isinstance(event.fn, nn.RNNCellBase) or not event.args:
        return None
    x = event.args[0]
    made = rt.made(x)
    if made is None or made.what != "slice" or not made.parents:
        return None
    parent = made.parents[0]
    if not isinstance(parent, torch.Tensor) or parent.dim() != 3 or x.dim() != 2:
        return None
    return tuple(int(s) for s in parent.shape)


def _cell_sequence(rt: Runtime, event: Event, real: Real) -> Any:
    result = real(event.args, event.kwargs)
    parent = _cell_step(rt, event)
    assert parent is not None
    hidden = int(event.fn.hidden_size)
    shape = (*parent[:-1], hidden)
    if isinstance(result, tuple):
        return tuple(_meta(shape) for _ in result)
    return _meta(shape)


def _cell_event(rt: Runtime, event: Event) -> bool:
    x: Any = event.args[0] if event.args else None
    return isinstance(event.fn, _torch()[1].RNNCellBase) and getattr(x, "dim", lambda: 0)() == 2


def _cell_layer_axis(rt: Runtime, event: Event, real: Real) -> Any:
    result = real(event.args, event.kwargs)
    if isinstance(result, tuple):
        return tuple(_meta((1, *item.shape)) for item in result)
    return _meta((1, *result.shape))


def _squeeze_all(rt: Runtime, event: Event) -> bool:
    owner = getattr(event.fn, "__self__", None)
    tensor = owner if owner is not None else (event.args[0] if event.args else None)
    rest = event.args if owner is not None else event.args[1:]
    if event.key != "squeeze" or rest or event.kwargs or tensor is None:
        return False
    return _batch_axis_of(rt, tensor) is not None


def _batch_axis_of(rt: Runtime, tensor: Any) -> int | None:
    """Where a size-1 batch axis sits, by axis names or by lineage (h_n: axis 1)."""
    axes = rt.axes(tensor)
    dims = tuple(getattr(tensor, "shape", ()))
    if axes is not None:
        for i, name in enumerate(axes):
            if name in BATCH_AXES and i < len(dims) and dims[i] == 1:
                return i
        return None
    root = rt.root(tensor)
    if root is not None and root.what in ("h_n", "c_n") and tensor is not None:
        made = rt.made(tensor)
        if made is root and len(dims) == 3 and dims[1] == 1:
            return 1
    return None


def _squeeze_keep_batch(rt: Runtime, event: Event, real: Real) -> Any:
    owner = getattr(event.fn, "__self__", None)
    tensor = owner if owner is not None else event.args[0]
    keep = _batch_axis_of(rt, tensor)
    dims = tuple(tensor.shape)
    shape = [size for i, size in enumerate(dims) if size != 1 or i == keep]
    return tensor.reshape(shape)


def _bmm_scores(rt: Runtime, event: Event) -> tuple[int, int] | None:
    """(N, L) of a bmm whose result is a (N, L, 1) or (N, 1, L) score of an RNN's steps."""
    if event.key != "bmm" or not event.done:
        return None
    owner = getattr(event.fn, "__self__", None)
    operands = ((owner,) if owner is not None else ()) + tuple(event.args)
    result = event.result
    dims = tuple(getattr(result, "shape", ()))
    if len(dims) != 3:
        return None
    for operand in operands:
        sequence = rt.sequence_of(operand)
        if sequence is None:
            continue
        n, length, _ = sequence
        if dims in ((n, length, 1), (n, 1, length)) and n != length and length != 1:
            return n, length
    return None


def _bmm_applies(rt: Runtime, event: Event) -> bool:
    return _bmm_scores(rt, event) is not None


def _bmm_squeezed(rt: Runtime, event: Event, real: Real) -> Any:
    result = real(event.args, event.kwargs)
    found = _bmm_scores(
        rt, Event(event.kind, event.key, event.fn, event.args, event.kwargs, result, None, True)
    )
    if found is None:
        return result
    return _meta(found)


def _bmm_turned(rt: Runtime, event: Event, real: Real) -> Any:
    result = real(event.args, event.kwargs)
    dims = tuple(result.shape)
    return _meta((dims[0], dims[2], dims[1]))


# --------------------------------------------------------------------------- the catalogue


def _b(
    mid: str,
    name: str,
    on: EventKind | tuple[EventKind, ...],
    applies: Callable[[Runtime, Event], bool],
    apply: Callable[[Runtime, Event, Real], Any],
    **options: Any,
) -> Belief:
    kinds: tuple[EventKind, ...] = (on,) if isinstance(on, str) else on
    return Belief(mid, name, kinds, applies, apply, **options)


def _rnn_when(test: Callable[[Any, Event], bool]) -> Callable[[Runtime, Event], bool]:
    return _when(test)


def _deep(module: Any, event: Event) -> bool:
    return int(module.num_layers) > 1


def _two_way(module: Any, event: Event) -> bool:
    return _directions(module) == 2


def _gated(module: Any, event: Event) -> bool:
    return _gates(module) > 1


def _has_proj(module: Any, event: Event) -> bool:
    return bool(getattr(module, "proj_size", 0))


def _with_output(test: Callable[[Any, Event], bool]) -> Callable[[Any, Event], bool]:
    return lambda module, event: _tensor_output(event) and test(module, event)


_gate_missing = _param_shape(_gate_rows_missing)
_gate_wrong = _param_shape(_gate_rows_wrong)
_deep_hidden = _param_shape(_deep_input_hidden)
_deep_size = _param_shape(_deep_input_size)
_weight_turned = _param_shape(_transposed)
_bias_squared = _param_shape(_bias_pair)
_layers_last = _layer_entry(reverse_directions=False)
_entries_last = _layer_entry(reverse_directions=True)


def _layers_output_beliefs() -> list[Belief]:
    found: list[Belief] = []
    for label, layers in (
        ("K", lambda m: int(m.num_layers)),
        ("DK", lambda m: _directions(m) * int(m.num_layers)),
    ):
        for at in range(4):
            found.append(
                _b(
                    "layers_in_output",
                    f"layers_in_output.{label}{at}",
                    "forward",
                    _when(_deep, lambda m, e: _tensor_output(e)),
                    _forward_change(_meta_output(_layers_in_output(layers, at))),
                    reach="leaf",
                    shapes_only=True,
                )
            )
    found.append(
        _b(
            "layers_in_output",
            "layers_in_output.folded",
            "forward",
            _when(_deep, lambda m, e: _tensor_output(e)),
            _forward_change(_meta_output(_layers_folded)),
            reach="leaf",
            shapes_only=True,
        )
    )
    return found


def _time_beliefs() -> list[Belief]:
    return [
        _b(
            "time_in_hidden",
            f"time_in_hidden.{layout}{'.D' if doubled else ''}",
            "forward",
            _when(lambda m, e: True),
            _forward_change(change_state=_meta_state(_time_in_hidden(layout, doubled))),
            reach="flow" if layout == "time" else "leaf",
            shapes_only=True,
        )
        for layout in ("time", "output")
        for doubled in (False, True)
    ]


BELIEFS: tuple[Belief, ...] = (
    # ---- the RNN call (first table of the catalogue)
    _b(
        "batch_first_on_hidden",
        "batch_first_on_hidden",
        "forward",
        _when(lambda m, e: bool(m.batch_first) and _batched(e)),
        _hidden_batch_first_apply,
        in_values=False,
    ),
    _b(
        "batch_first_ignored",
        "batch_first_ignored",
        "forward",
        _when(lambda m, e: bool(m.batch_first) and _batched(e) and _tensor_output(e)),
        _forward_change(_swap01),
        scope=_keeps_layout,
    ),
    _b(
        "batch_first_assumed",
        "batch_first_assumed",
        "forward",
        _when(lambda m, e: not m.batch_first and _batched(e) and _tensor_output(e)),
        _forward_change(_swap01),
        scope=_keeps_layout,
    ),
    _b(
        "direction_factor_missing",
        "direction_factor_missing",
        "forward",
        _when(_two_way),
        _forward_change(_narrow_directions, _forward_states),
        in_values=False,
    ),
    _b(
        "layer_factor_missing",
        "layer_factor_missing",
        "forward",
        _when(_deep),
        _forward_change(change_state=_last_layer_states),
        in_values=False,
    ),
    *_layers_output_beliefs(),
    *_time_beliefs(),
    _b(
        "hidden_axis_dropped",
        "hidden_axis_dropped",
        "forward",
        _when(lambda m, e: True),
        _forward_change(change_state=_meta_state(_dropped_axis)),
        shapes_only=True,
    ),
    _b(
        "batch_axis_for_unbatched",
        "batch_axis_for_unbatched.first",
        "forward",
        _when(lambda m, e: _unbatched(e)),
        _forward_change(
            _meta_output(_batch_axis_output(True)), _meta_state(_batch_axis_state(False))
        ),
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "batch_axis_for_unbatched",
        "batch_axis_for_unbatched.rows",
        "forward",
        _when(lambda m, e: _unbatched(e)),
        _forward_change(
            _meta_output(_batch_axis_output(False)), _meta_state(_batch_axis_state(True))
        ),
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "proj_on_cell",
        "proj_on_cell",
        "forward",
        _when(_has_proj),
        _forward_change(change_state=_meta_state(_proj_on_cell)),
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "proj_ignored",
        "proj_ignored",
        "construct",
        _proj_given,
        _construct_with(proj_size=0),
        in_values=False,
    ),
    _b("gate_rows_missing", "gate_rows_missing", "attribute", *_gate_missing, reach="leaf"),
    _b("gate_rows_wrong_factor", "gate_rows_wrong_factor", "attribute", *_gate_wrong, reach="leaf"),
    _b("deep_input_is_hidden", "deep_input_is_hidden", "attribute", *_deep_hidden, reach="leaf"),
    _b(
        "deep_input_is_input_size",
        "deep_input_is_input_size",
        "attribute",
        *_deep_size,
        reach="leaf",
    ),
    _b("weight_transposed", "weight_transposed", "attribute", *_weight_turned, reach="leaf"),
    _b(
        "single_bias",
        "single_bias",
        "listing",
        _listing_of(lambda m: bool(m.bias)),
        _listing_change(keep=_single_bias_keep),
    ),
    _b(
        "bias_despite_false",
        "bias_despite_false",
        "construct",
        _bias_false,
        _construct_with(bias=True),
    ),
    _b(
        "reverse_not_counted",
        "reverse_not_counted",
        "listing",
        _listing_of(lambda m: _directions(m) == 2),
        _listing_change(keep=_forward_only_keep),
    ),
    _b(
        "reverse_not_counted",
        "reverse_not_counted.layer",
        "construct",
        _bidirectional,
        _construct_with(bidirectional=False),
    ),
    _b(
        "reverse_not_counted",
        "reverse_not_counted.all_weights",
        "attribute",
        lambda rt, e: _all_weights(rt, e) and _directions(e.args[0]) == 2,
        _all_weights_forward,
    ),
    _b(
        "positional_bias_as_bidirectional",
        "positional_bias_as_bidirectional",
        "construct",
        _positional_bias,
        _positional_bias_apply,
        in_values=False,
    ),
    _b(
        "expects_error_silent_mismatch",
        "expects_error_silent_mismatch",
        "forward",
        _silent_mismatch,
        _raise("expects_error_silent_mismatch"),
        raises=True,
    ),
    # ---- added in the second release
    _b("bias_per_pair", "bias_per_pair", "attribute", *_bias_squared, reach="leaf"),
    _b(
        "bias_per_pair",
        "bias_per_pair.count",
        "listing",
        _listing_of(lambda m: bool(m.bias)),
        _listing_change(shape_of=_bias_pair_listing),
    ),
    _b(
        "gate_rows_in_state",
        "gate_rows_in_state",
        "forward",
        _when(_gated),
        _forward_change(change_state=_meta_state(_gate_rows_in_state)),
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "direction_on_last_axis",
        "direction_on_last_axis",
        "forward",
        _when(_two_way),
        _forward_change(change_state=_meta_state(_direction_on_last)),
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "all_weights_counts_tensors",
        "all_weights_counts_tensors",
        "attribute",
        _all_weights,
        _all_weights_flat,
    ),
    _b("padded_time_is_L", "padded_time_is_L", "call", _pad_to_input, _pad_to_input_apply),
    # ---- about the code around the RNN
    _b(
        "last_step_wrong_axis",
        "last_step_wrong_axis",
        "index",
        lambda rt, e: _step_swap(rt, e) is not None,
        _step_swap_apply,
    ),
    _b("h_n_first_is_last", "h_n_first_is_last", "index", *_layers_last, keeps_shape=True),
    _b(
        "h_n_first_is_last",
        "h_n_first_is_last.entries",
        "index",
        *_entries_last,
        keeps_shape=True,
    ),
    _b(
        "bidir_last_step_is_backward_final",
        "bidir_last_step_is_backward_final",
        "forward",
        _when(_with_output(_two_way)),
        _forward_change(_flip_backward),
        keeps_shape=True,
    ),
    _b(
        "bidir_last_step_is_backward_final",
        "bidir_last_step_is_backward_final.h_n",
        "index",
        _final_as_last_step,
        _final_as_last_step_apply,
        keeps_shape=True,
    ),
    _b("bidir_concat_wrong", "bidir_concat_wrong.dim", "call", _direction_halves, _cat_other_dim),
    _b(
        "bidir_concat_wrong",
        "bidir_concat_wrong.one",
        "call",
        _direction_halves,
        _cat_one_direction,
    ),
    _b(
        "head_sees_sequence",
        "head_sees_sequence.drops_time",
        "forward",
        _head_drops_time,
        _head_drops_time_apply,
    ),
    _b(
        "head_sees_sequence",
        "head_sees_sequence.keeps_time",
        "forward",
        _head_keeps_time,
        _head_keeps_time_apply,
        reach="leaf",
        shapes_only=True,
    ),
    _b("view_after_transpose", "view_after_transpose", "call", _view_transposed, _view_as_reshape),
    _b(
        "packed_has_shape",
        "packed_has_shape",
        ("forward", "call"),
        _packed_output,
        _as_padded(False),
        scope=_not_unpacked,
    ),
    _b(
        "packed_has_shape",
        "packed_has_shape.input_length",
        ("forward", "call"),
        _packed_output,
        _as_padded(True),
        scope=_not_unpacked,
    ),
    _b(
        "pad_packed_batch_first_remembered",
        "pad_packed_batch_first_remembered",
        "call",
        _pad_remembers,
        _pad_batch_first,
    ),
    _b(
        "padded_last_is_real_last",
        "padded_last_is_real_last",
        "index",
        _padded_last,
        _padded_last_apply,
        keeps_shape=True,
    ),
    _b(
        "embedding_dim_mismatch",
        "embedding_dim_mismatch.indices",
        "forward",
        _embedding_event,
        _embedding_shape(keep_time=True),
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "embedding_dim_mismatch",
        "embedding_dim_mismatch.no_time",
        "forward",
        _embedding_event,
        _embedding_shape(keep_time=False),
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "cell_takes_sequence",
        "cell_takes_sequence",
        "forward",
        lambda rt, e: _cell_step(rt, e) is not None,
        _cell_sequence,
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "cell_hidden_has_layer_axis",
        "cell_hidden_has_layer_axis",
        "forward",
        _cell_event,
        _cell_layer_axis,
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "stack_cat_confused",
        "stack_cat_confused.cat_adds_axis",
        "call",
        _join_applies(("cat",)),
        _stack_instead,
    ),
    _b(
        "stack_cat_confused",
        "stack_cat_confused.stack_other_dim",
        "call",
        _join_applies(("stack",)),
        _stack_other_dim,
    ),
    _b(
        "stack_cat_confused",
        "stack_cat_confused.stack_joins",
        "call",
        _join_applies(("stack",)),
        _cat_instead,
    ),
    _b("squeeze_removes_batch", "squeeze_removes_batch", "call", _squeeze_all, _squeeze_keep_batch),
    _b(
        "bmm_operand_order",
        "bmm_operand_order.squeezed",
        "call",
        _bmm_applies,
        _bmm_squeezed,
        reach="leaf",
        shapes_only=True,
    ),
    _b(
        "bmm_operand_order",
        "bmm_operand_order.turned",
        "call",
        _bmm_applies,
        _bmm_turned,
        reach="leaf",
        shapes_only=True,
    ),
)
"""Every belief, in the catalogue's order (several may share an id: its variants)."""

PAIRS: tuple[tuple[str, str], ...] = (
    # A slice taken on the wrong axis of a padded batch, read as each sequence's last step.
    ("last_step_wrong_axis", "padded_last_is_real_last"),
    # h_n read batch-first and without its reverse direction.
    ("batch_first_on_hidden", "direction_factor_missing"),
    # The last step taken on the wrong axis of a bidirectional output read as one direction.
    ("last_step_wrong_axis", "direction_factor_missing"),
)
"""Beliefs learners hold together, by belief name; a pair is tried after every single one
and is named by the earlier id in the catalogue."""

BY_NAME: dict[str, Belief] = {belief.name: belief for belief in BELIEFS}
BELIEF_IDS: tuple[str, ...] = tuple(dict.fromkeys(belief.id for belief in BELIEFS))


def beliefs_of(mid: str) -> tuple[Belief, ...]:
    """The beliefs (variants) that name ``mid``, in order."""
    return tuple(belief for belief in BELIEFS if belief.id == mid)


@dataclass(frozen=True)
class Held:
    """One belief, or a pair held together, as diagnosis tries them."""

    beliefs: tuple[Belief, ...]
    names: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.beliefs[0].id

    @property
    def name(self) -> str:
        return "+".join(b.name for b in self.beliefs)
