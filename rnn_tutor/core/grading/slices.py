"""Which cells of the unrolled network a slice picks out, as values (no torch).

A cell exercise's verdict carries one of these when its cell ran a recurrent layer: the
cells the right expression (``output[:, -1]``, ``h_n[-1]``, the real last step by
``lengths - 1``) takes its numbers from and, for a wrong fill-in, the cells the learner's
expression takes them from. The picture draws it; ``rnn-tutor grade --jsonl`` prints it for
generated cells (a teacher's own cell names no sizes to draw from: its picture is null).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Slot:
    """One layer, in one direction, at one time step, for one sequence of the batch."""

    layer: int
    reverse: bool
    step: int
    sequence: int

    def to_json(self) -> list[int]:
        return [self.layer, int(self.reverse), self.step, self.sequence]


@dataclass(frozen=True)
class Pick:
    """An expression and the slots its values come from (any part of a slot's vector counts)."""

    expression: str
    slots: frozenset[Slot]

    def sequences(self) -> tuple[int, ...]:
        return tuple(sorted({slot.sequence for slot in self.slots}))

    def to_json(self) -> dict[str, Any]:
        return {
            "expression": self.expression,
            "slots": [slot.to_json() for slot in sorted(self.slots)],
        }


@dataclass(frozen=True)
class SlicePicture:
    """The network of a cell, unrolled, and what the right (and the learner's) slice picks.

    ``lengths`` is set when the batch was packed: each sequence's steps from its length on
    are padding (zeros after ``pad_packed_sequence``), and its last real step is where
    ``h_n`` was taken. ``seq_len`` is the time axis of the tensor the slices index.
    """

    num_layers: int
    bidirectional: bool
    seq_len: int
    batch: int
    lengths: tuple[int, ...] | None
    output_name: str
    output_shape: tuple[int, ...]
    h_n_shape: tuple[int, ...]
    c_n_shape: tuple[int, ...] | None
    right: Pick | None  # None when no slice of the cell reads output or h_n directly
    yours: Pick | None = None

    def last_step(self, sequence: int, reverse: bool) -> int:
        """The step whose state ``h_n`` holds for this sequence and direction."""
        if reverse:
            return 0
        if self.lengths is not None:
            return self.lengths[sequence] - 1
        return self.seq_len - 1

    def padding(self, step: int, sequence: int) -> bool:
        return self.lengths is not None and step >= self.lengths[sequence]

    def to_json(self) -> dict[str, Any]:
        """Slots as [layer, reverse (0/1), step, sequence]."""
        return {
            "num_layers": self.num_layers,
            "bidirectional": self.bidirectional,
            "seq_len": self.seq_len,
            "batch": self.batch,
            "lengths": None if self.lengths is None else list(self.lengths),
            "right": None if self.right is None else self.right.to_json(),
            "yours": None if self.yours is None else self.yours.to_json(),
        }
