"""The kernel's wire format: JSON lines, and the few value types that may cross it.

Nothing from a kernel is unpickled: a session could be made to write anything on its pipe,
so the parent reads plain JSON and rebuilds only the frozen result types named in TYPES,
field by field. Tuples stay tuples, frozensets frozensets, and mappings with number keys
stay mappings (CellRun's
``lines``), so a result read back equals the one the kernel made.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from rnn_tutor.core.call.spec import InputSpec, ModelCall, ModelSpec
from rnn_tutor.core.exercises.cells import Cell
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.answers import Expression, Raises, Runs
from rnn_tutor.core.grading.slices import Pick, SlicePicture, Slot
from rnn_tutor.core.grading.verdict import AxisMark, Truth, Verdict
from rnn_tutor.core.notebook.editor_run import EditorRun, ModuleFacts, ParamFact
from rnn_tutor.core.notebook.results import Binding, CellError, CellRun, StatementRun
from rnn_tutor.i18n.message import Message

TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Binding,
        CellError,
        CellRun,
        StatementRun,
        Message,
        # My code's run: the modules it left bound, as the Parameters and Unrolled tabs
        # draw them (see notebook.editor_run).
        EditorRun,
        ModuleFacts,
        ParamFact,
        ModelSpec,
        # An exercise to grade goes the other way: the parent parses the request, the
        # kernel builds and runs it (see kernel.grading).
        ModelCall,
        InputSpec,
        Question,
        Cell,
        Exercise,
        # ... and the verdict comes back whole for the app's answering screens, which draw
        # it (marks, the picture, the derivation worded in the parent's language).
        Verdict,
        Truth,
        AxisMark,
        Raises,
        Runs,
        Expression,
        SlicePicture,
        Slot,
        Pick,
    )
}
"""Every dataclass that may cross the pipe, by name."""

MAX_LINE_BYTES = 64 << 20
"""A reply longer than this is not read as one (a cell's output is capped far below it)."""


class WireError(ValueError):
    """A line that is not a value of the wire format."""


def encode(value: Any) -> Any:
    """A JSON-ready form of ``value``: dataclasses in TYPES by field, tuples tagged."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"t": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, frozenset):  # a slice picture's slots
        return {"s": [encode(item) for item in value]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if TYPES.get(name) is not type(value):
            raise WireError(f"{name} does not cross the kernel's pipe")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"d": name, "f": fields}
    if isinstance(value, Mapping):
        return {"m": [[encode(key), encode(item)] for key, item in value.items()]}
    return str(value)  # a torch.dtype in a message's parameters, say: its name is what is shown


def decode(data: Any) -> Any:
    """The value ``encode`` made; WireError for anything else."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        raise WireError("not a wire value")
    if set(data) == {"t"} and isinstance(data["t"], list):
        return tuple(decode(item) for item in data["t"])
    if set(data) == {"s"} and isinstance(data["s"], list):
        try:
            return frozenset(decode(item) for item in data["s"])
        except TypeError:
            raise WireError("a set member that cannot be one") from None
    if set(data) == {"m"} and isinstance(data["m"], list):
        pairs = [decode(pair) for pair in data["m"]]
        if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
            raise WireError("a mapping's items are pairs")
        try:
            return {key: item for key, item in pairs}
        except TypeError:
            raise WireError("a mapping key that cannot be one") from None
    if set(data) == {"d", "f"} and isinstance(data["f"], dict):
        cls = TYPES.get(str(data["d"]))
        if cls is None:
            raise WireError(f"{data['d']!r} does not cross the kernel's pipe")
        names = {f.name for f in dataclasses.fields(cls)}
        fields = {name: decode(value) for name, value in data["f"].items() if name in names}
        try:
            return cls(**fields)
        except TypeError as error:
            raise WireError(f"{cls.__name__}: {error}") from None
    raise WireError("not a wire value")


def dump_line(value: Any) -> bytes:
    """One JSON line (ASCII only, so no byte in it is a newline but the last)."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def load_line(line: bytes) -> Any:
    """The JSON value of one line; WireError when it is not one."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as error:
        raise WireError(f"not JSON: {type(error).__name__}") from None
