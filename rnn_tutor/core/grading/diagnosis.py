"""Naming a wrong answer: the first belief, in catalogue order, under which the cell gives it.

A misconception that is a wrong belief about torch is a change of the interpreter's semantics
(``core/notebook/beliefs.py``). The truth run recorded what the cell did; for each belief that
acts on that run, the asked value under the belief is read off the operation that made it
(a "leaf" belief: h_n as the belief has it) or found by running the cell again with the
belief in place (a "flow" belief: its tensor goes on through the learner's next lines). The
first belief whose value equals the learner's answer names it; a pair of beliefs learners
hold together (``beliefs.PAIRS``) is tried after every single one.

A misconception that is an error's cause (``head_in_features_H``: a head too narrow for a
bidirectional output) is read off the run: the interpreter's explanation of torch's error,
checked against where the tensors came from. When the cell raises and the answer gives a
value, the cause names it, else a belief under which the cell runs and gives that value,
else ``expects_success_on_error`` (for "does it run?" questions).

One mechanism for every cell: generated exercises of any level, ``grade --jsonl`` programs,
My code's quiz and ``explain``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from rnn_tutor.core.grading.answers import Raises, Runs
from rnn_tutor.core.grading.cell_runs import Run, run, same_value, shape_of
from rnn_tutor.core.notebook.beliefs import (
    BELIEFS,
    BY_NAME,
    PAIRS,
    Belief,
    Event,
    Runtime,
    at_path,
)
from rnn_tutor.core.notebook.stops import Stop

Mode = Literal["shape", "count", "value"]
"""How an answer is compared: its shape, a whole number, or (a fill-in) by value."""

RAISES = "raises"
"""A believed outcome: under the belief, the cell raises."""

Believed = tuple[int, ...] | int | str | None


@dataclass(frozen=True)
class Diagnosis:
    """A named wrong answer: the catalogue id, the belief (or pair) that gives it, and what
    the asked value is under that belief (a shape, a number, ``"raises"``; None for a cause)."""

    misconception: str
    belief: str | None = None
    believed: Believed = None


@dataclass(frozen=True)
class _Held:
    beliefs: tuple[Belief, ...]

    @property
    def id(self) -> str:
        return self.beliefs[0].id

    @property
    def name(self) -> str:
        return "+".join(belief.name for belief in self.beliefs)


def diagnose(
    truth: Run,
    parsed: object,
    mode: Mode,
    *,
    reference: object = None,
    runs_question: bool = False,
) -> Diagnosis | None:
    """The misconception of ``parsed``, or None (the per-axis marks still speak).

    ``truth`` is the run of the asked cell (for a fill-in: the learner's own cell, whose
    value must equal ``reference``). ``runs_question``: "does it run, and what comes out?".
    """
    if parsed is None:
        return None
    if truth.raised:
        if isinstance(parsed, Raises):
            return None
        cause = cause_of(truth)
        if cause is not None:
            return Diagnosis(cause)
        found = _by_beliefs(truth, parsed, mode, reference)
        if found is not None:
            return found
        if runs_question and mode != "value":
            return Diagnosis("expects_success_on_error")
        return None
    if isinstance(parsed, Runs):
        return None  # right that it runs; only the shape is missing
    return _by_beliefs(truth, parsed, mode, reference)


def predicted(truth: Run, belief: Belief, mode: Mode) -> Believed:
    """What the asked value is under ``belief`` (a shape, a count, ``"raises"``), or None
    when the belief does not act on this run or gives nothing comparable."""
    outcome = _under(truth, _Held((belief,)), mode)
    return None if outcome is _NOT_APPLICABLE else _summary(outcome, mode)


# --------------------------------------------------------------------------- causes


def cause_of(truth: Run) -> str | None:
    """The catalogue id of the error's cause, read off the run (None when none fits)."""
    error = truth.error
    if error is None or error.kind in ("refused", "limit"):
        return error.misconception if error is not None else None
    found = error.misconception
    failed = _failed_event(truth.runtime)
    rt = truth.runtime
    if found == "decoder_takes_bidir_hidden":
        # A layer given twice the layers it has: the catalogue's id only when that state is a
        # bidirectional encoder's h_n, not an h_0 the learner sized by hand.
        state = _state_argument(failed)
        root = rt.root(state) if state is not None else None
        if root is None or root.what not in ("h_n", "c_n") or not _two_way(root.module):
            found = None
    if found is not None:
        return found
    if failed is None:
        return None
    if error.message_id == "notebook.explain.input_size" and failed.args:
        root = rt.root(failed.args[0])
        if root is not None and root.what == "embedded":
            return "embedding_dim_mismatch"
    if error.message_id == "notebook.explain.linear_in_features" and failed.args:
        return _head_cause(rt, failed)
    return None


def _head_cause(rt: Runtime, failed: Event) -> str | None:
    """A Linear head sized H where it reads a projected output, or twice the width of one
    direction's final state (``h_n[-1]`` where both directions were meant)."""
    module, x = failed.fn, failed.args[0]
    width = int(x.shape[-1]) if hasattr(x, "shape") and x.dim() else 0
    root = rt.root(x)
    if root is None or root.module is None:
        return None
    layer = root.module
    sized_h = (layer.hidden_size, _directions(layer) * layer.hidden_size)
    projected = root.what == "output" and bool(getattr(layer, "proj_size", None))
    if projected and module.in_features in sized_h:
        return "head_in_features_H"
    if root.what in ("h_n", "c_n") and _two_way(layer) and module.in_features == 2 * width:
        return "bidir_concat_wrong"
    return None


def _failed_event(rt: Runtime) -> Event | None:
    for event in reversed(rt.events):
        if event.error is not None:
            return event
    return None


def _state_argument(event: Event | None) -> object | None:
    if event is None or len(event.args) < 2:
        return None
    state: object = event.args[1]
    return state[0] if isinstance(state, tuple) and state else state


def _two_way(module: Any) -> bool:
    return bool(getattr(module, "bidirectional", False))


def _directions(module: Any) -> int:
    return 2 if _two_way(module) else 1


# --------------------------------------------------------------------------- beliefs


_NOT_APPLICABLE: Any = object()


def _by_beliefs(truth: Run, parsed: object, mode: Mode, reference: object) -> Diagnosis | None:
    for held in _candidates(truth, parsed, mode):
        outcome = _under(truth, held, mode)
        if outcome is _NOT_APPLICABLE:
            continue
        if _matches(outcome, parsed, mode, reference):
            return Diagnosis(held.id, held.name, _summary(outcome, mode))
    return None


def _candidates(truth: Run, parsed: object, mode: Mode) -> Iterator[_Held]:
    usable = [b for b in BELIEFS if _usable(b, truth, parsed, mode)]
    for belief in usable:
        yield _Held((belief,))
    names = {b.name for b in usable}
    kinds = {event.kind for event in truth.runtime.events}
    for first, second in PAIRS:
        # The second belief may act only in the first one's world (a slice it moved).
        if first in names and set(BY_NAME[second].on) & kinds:
            yield _Held((BY_NAME[first], BY_NAME[second]))


def _usable(belief: Belief, truth: Run, parsed: object, mode: Mode) -> bool:
    if belief.raises != isinstance(parsed, Raises):
        return False
    if mode != "value" and belief.keeps_shape:
        return False
    if mode == "value" and belief.shapes_only:
        return False
    if truth.raised and belief.reach == "leaf":
        return False  # only a belief followed through the cell can make it run
    if mode == "value" and not belief.in_values:
        return False
    if (
        belief.scope is not None
        and not truth.raised
        and not belief.scope(truth.runtime, truth.value, truth.axes)
    ):
        return False
    return bool(_events(truth.runtime, belief))


def _events(rt: Runtime, belief: Belief) -> list[Event]:
    found = []
    for event in rt.events:
        if event.kind not in belief.on:
            continue
        try:
            if belief.applies(rt, event):
                found.append(event)
        except Exception:  # a belief that cannot read this operation does not act on it
            continue
    return found


def _under(truth: Run, held: _Held, mode: Mode) -> object:
    """The asked value (or RAISES) with the held beliefs in place."""
    rt = truth.runtime
    if len(held.beliefs) > 1 and any(b.shapes_only for b in held.beliefs):
        return _NOT_APPLICABLE
    if len(held.beliefs) == 1:
        belief = held.beliefs[0]
        events = _events(rt, belief)
        made_by = _leaf_event(events, truth.value)
        if made_by is not None:
            event, path = made_by
            outcome = _apply_to(rt, belief, event, path)
            if len(events) == 1 or belief.reach == "leaf":
                return outcome
        elif belief.reach == "leaf":
            return _NOT_APPLICABLE
        if not truth.raised and not _reaches(rt, events, truth.value):
            return _NOT_APPLICABLE
    again = run(truth.source, truth.target, held.beliefs, record=False, shape=mode == "shape")
    if again.error is not None:
        if again.error.kind in ("refused", "limit"):
            return _NOT_APPLICABLE
        return RAISES
    return again.value


def _leaf_event(events: list[Event], asked: object) -> tuple[Event, tuple[int, ...]] | None:
    if asked is None:
        return None
    for event in reversed(events):
        for path, leaf in event.leaves():
            if leaf is asked:
                return event, path
    return None


def _apply_to(rt: Runtime, belief: Belief, event: Event, path: tuple[int, ...]) -> object:
    """The belief applied to one recorded operation: what it gives there instead."""

    def real(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if _same(args, event.args) and kwargs == event.kwargs:
            if event.error is not None:
                raise event.error
            return event.result
        return event.fn(*args, **kwargs)

    try:
        changed = belief.apply(rt, event, real)
        return at_path(changed, path)
    except Stop:
        return RAISES
    except Exception:
        return RAISES


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _reaches(rt: Runtime, events: list[Event], asked: object) -> bool:
    """Whether any of these operations can have made the asked value (its lineage, when the
    run knows it whole; when it does not, the belief is run to find out)."""
    ancestry = _ancestry(rt, asked)
    if ancestry is None:
        return True
    for event in events:
        if event.kind in ("construct", "attribute", "listing"):
            return True  # a module or its parameters: read back in many ways
        for _, leaf in event.leaves():
            if id(leaf) in ancestry:
                return True
        if event.kind == "forward" and id(event.fn) in ancestry:
            return True
    return False


def _ancestry(rt: Runtime, asked: object) -> set[int] | None:
    import torch
    from torch.nn.utils.rnn import PackedSequence

    seen: set[int] = set()
    stack = [asked]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        made = rt.made(obj)
        if made is None:
            if isinstance(obj, (torch.Tensor, PackedSequence)) or obj is asked:
                return None  # made where the run did not look: the lineage is not whole
            continue
        if made.module is not None:
            seen.add(id(made.module))
        stack.extend(made.parents)
    return seen


# --------------------------------------------------------------------------- comparing


def _matches(outcome: object, parsed: object, mode: Mode, reference: object) -> bool:
    if outcome is RAISES:
        return isinstance(parsed, Raises)
    if isinstance(parsed, Runs):
        return True  # under the belief it runs, as the learner says
    if isinstance(parsed, Raises):
        return False
    if mode == "value":
        return same_value(outcome, reference)
    summary = _summary(outcome, mode)
    return summary is not None and summary == parsed and type(summary) is type(parsed)


def _summary(outcome: object, mode: Mode) -> Believed:
    if outcome is RAISES:
        return RAISES
    if mode == "count":
        if isinstance(outcome, int) and not isinstance(outcome, bool):
            return outcome
        return None
    return shape_of(outcome)
