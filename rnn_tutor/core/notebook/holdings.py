"""What a notebook holds in memory, counted so that values kept across cells stay capped.

Each cell has its own time and statement budget, but its values live on: without a total,
a few cells of ``xs = [x + i for i in range(200)]`` fill the host. Two parts are counted:

- tensors torch made for the notebook, registered as they come out of a call and forgotten
  (by a weak reference) when they die; views share their storage, which is counted once;
- Python containers reachable from the names (and the comprehension being built), estimated
  from their lengths and a sample of their items, so a check stays cheap however big they are.

Units are "elements" of 4 bytes: a float32 element is 1, a float64 one 2, and an item of a
Python list 8 (a pointer and a boxed number take about 32 bytes).
"""

from __future__ import annotations

import random
import types
import weakref
from collections.abc import Iterable
from typing import Any

from rnn_tutor.core.notebook.parameters import all_parameters

LIST_ITEM_UNITS = 8
_SAMPLE = 32
_VISITS = 4_000
_REGISTER = 10_000
CONTAINER_TYPES = (list, tuple, dict, set, frozenset)  # what containers() counts
# Results that cannot hold a tensor (a tensor's bound method, a parameters() generator...).
_HOLD_NO_TENSOR = frozenset({int, float, bool, str, type(None)}) | frozenset(
    {types.BuiltinMethodType, types.MethodType, types.GeneratorType}
)


class Holdings:
    """Live tensors registered by the walker, counted by storage."""

    def __init__(self) -> None:
        self.tensors = 0
        self._refs: dict[int, weakref.KeyedRef[tuple[int, int], Any]] = {}
        self._storages: dict[int, list[int]] = {}  # data pointer -> [tensors alive, units]
        self._random: random.Random | None = None  # seeded on first use (most never sample)
        # One callback for every tensor's death, holding this object weakly: a closure per
        # tensor holding ``self`` made a reference cycle of each, for the collector to find.
        holdings = weakref.ref(self)

        def dropped(ref: weakref.KeyedRef[tuple[int, int], Any]) -> None:
            alive = holdings()
            if alive is not None:
                alive._drop(*ref.key)

        self._dropped = dropped

    def add(self, value: object) -> None:
        """Register the tensors in a call's result (a tensor, or a tuple/list holding some)."""
        if type(value) in _HOLD_NO_TENSOR:
            return  # most calls (len, shape, getattr of a number): nothing to look through
        import torch

        if isinstance(value, torch.Tensor):
            self._add_tensor(value)
        elif type(value) is torch.Size:
            return  # a tuple of ints
        elif isinstance(value, torch.nn.Module):
            for parameter in all_parameters(value):
                self._add_tensor(parameter)
        elif isinstance(value, (tuple, list)):
            # Tensors come out of torch calls alone or in tuples (split, chunk, an RNN's
            # (output, h_n)); the walk is bounded, so a huge list of numbers costs nothing.
            budget = _REGISTER
            stack: list[object] = [value]
            while stack and budget > 0:
                item = stack.pop()
                budget -= 1
                if isinstance(item, torch.Tensor):
                    self._add_tensor(item)
                elif isinstance(item, (tuple, list)):
                    stack.extend(item[:budget])

    def _add_tensor(self, tensor: Any) -> None:
        key = id(tensor)
        if key in self._refs:
            return
        try:
            storage = tensor.untyped_storage()
            pointer = int(storage.data_ptr())
            units = -(-int(storage.nbytes()) // 4)
        except (RuntimeError, TypeError, NotImplementedError):
            return
        if not units:
            return
        try:
            self._refs[key] = weakref.KeyedRef(tensor, self._dropped, (key, pointer))
        except TypeError:
            return
        entry = self._storages.get(pointer)
        if entry is None:
            self._storages[pointer] = [1, units]
            self.tensors += units
        else:
            entry[0] += 1

    def _drop(self, key: int, pointer: int) -> None:
        self._refs.pop(key, None)
        entry = self._storages.get(pointer)
        if entry is None:
            return
        entry[0] -= 1
        if entry[0] <= 0:
            del self._storages[pointer]
            self.tensors -= entry[1]

    def containers(self, roots: Iterable[object]) -> int:
        """An estimate of the units held by Python containers reachable from ``roots``."""
        seen: set[int] = set()
        budget = [_VISITS]
        return sum(self._estimate(root, seen, budget, 0) for root in roots)

    def _estimate(self, value: object, seen: set[int], budget: list[int], depth: int) -> int:
        if not isinstance(value, CONTAINER_TYPES) or depth > 8:
            return 0
        if id(value) in seen or budget[0] <= 0:
            return 0
        seen.add(id(value))
        budget[0] -= 1
        items: list[object] = list(value.values()) if isinstance(value, dict) else []
        size = len(value)
        if not isinstance(value, dict):
            if size <= _SAMPLE:
                items = list(value)
            elif isinstance(value, (list, tuple)):
                if self._random is None:
                    self._random = random.Random(0)
                picks = self._random.sample(range(size), _SAMPLE)
                items = [value[i] for i in picks]
            else:
                items = [item for _, item in zip(range(_SAMPLE), value, strict=False)]
        elif size > _SAMPLE:
            items = items[:: max(1, size // _SAMPLE)][:_SAMPLE]
        inner = sum(self._estimate(item, seen, budget, depth + 1) for item in items)
        if items and size > len(items):
            inner = inner * size // len(items)
        return size * LIST_ITEM_UNITS + inner
