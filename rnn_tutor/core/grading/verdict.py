"""What grading says back: the truth torch gave, per-axis marks, and the verdict.

Pure values, no torch: the UI, the store and ``rnn-tutor grade`` all read these. A verdict
holds no prose: its explanation and error are message ids with their numbers, worded in
the current language each time they are read (``explanation``, ``error``,
``misconception_text``), so a verdict shown again after a language switch reads wholly in
the new language. The JSON form carries the ids and numbers, and the texts as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from rnn_tutor.core.grading.answers import Expression, Raises, Runs
from rnn_tutor.core.grading.slices import SlicePicture
from rnn_tutor.core.grading.words import misconception_text
from rnn_tutor.i18n.message import Message, render_lines

Answer = tuple[int, ...] | int | Raises | Runs | Expression | None

MAX_GAPS = 2
"""Length differences up to this are aligned by trying every placement (see mark_axes)."""
MAX_ALIGNED = 12
"""Shapes longer than this are marked axis by axis from the left (see mark_axes)."""

EXTRA_AXIS = "extra"
"""The name of an axis the learner gave that the true shape does not have."""


@dataclass(frozen=True)
class AxisMark:
    """One axis compared: ``expected`` None for an extra axis, ``given`` None for a missing one."""

    name: str
    expected: int | None
    given: int | None
    ok: bool

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "expected": self.expected, "given": self.given, "ok": self.ok}


@dataclass(frozen=True)
class Truth:
    """What torch said: a shape or a count, or the message of the exception it raised.

    Both ``None`` only for a request that never reached torch (it was malformed).
    """

    value: tuple[int, ...] | int | Expression | None  # Expression: a blank's reference text
    raises: str | None = None

    @property
    def known(self) -> bool:
        return self.value is not None or self.raises is not None

    def accepts(self, parsed: object) -> bool:
        """Whether a read answer is right: "it raises" where torch raised, else the same
        value of the same type (a count is not a one-axis shape)."""
        if self.raises is not None:
            return isinstance(parsed, Raises)
        return parsed is not None and parsed == self.value and type(parsed) is type(self.value)

    def to_json(self) -> list[int] | int | dict[str, str] | None:
        if self.raises is not None:
            return {"raises": self.raises}
        if isinstance(self.value, Expression):
            return {"expression": self.value.text}
        if isinstance(self.value, tuple):
            return list(self.value)
        return self.value


def answer_to_json(parsed: Answer) -> list[int] | int | dict[str, bool] | dict[str, str] | None:
    """The parsed answer as JSON: a list, a number, ``{"raises": true}``, ``{"runs": true}``
    (it runs, no shape given), ``{"expression": text}`` (a fill-in blank) or null."""
    if isinstance(parsed, Raises):
        return {"raises": True}
    if isinstance(parsed, Runs):
        return {"runs": True}
    if isinstance(parsed, Expression):
        return {"expression": parsed.text}
    if isinstance(parsed, tuple):
        return list(parsed)
    return parsed


@dataclass(frozen=True)
class Verdict:
    """The grade of one answer, with everything needed to teach from it."""

    correct: bool
    expected: Truth
    parsed: Answer
    axes: tuple[AxisMark, ...] = ()  # per-axis marks; empty for counts and "raises"
    misconception: str | None = None  # stable id from docs/misconceptions.md
    explanation_lines: tuple[Message, ...] = ()  # derivation with this exercise's numbers
    error_message: Message | None = None  # answer unreadable (parser) or request invalid
    slices: SlicePicture | None = None  # a cell's network, with the cells its slice reads

    @property
    def explanation(self) -> str:
        """The derivation, worded now in the current language."""
        return render_lines(self.explanation_lines)

    @property
    def error(self) -> str | None:
        return None if self.error_message is None else self.error_message.text()

    @property
    def misconception_text(self) -> str | None:
        if self.misconception is None:
            return None
        return misconception_text(self.misconception)

    def to_json(self) -> dict[str, Any]:
        """The ``rnn-tutor grade --jsonl`` verdict object: ids and numbers, texts beside."""
        return {
            "correct": self.correct,
            "expected": self.expected.to_json(),
            "parsed": answer_to_json(self.parsed),
            "axes": [mark.to_json() for mark in self.axes],
            "misconception": self.misconception,
            "misconception_text": self.misconception_text,
            "explanation": self.explanation,
            "explanation_ids": [line.to_json() for line in self.explanation_lines],
            "error": self.error,
            "error_id": None if self.error_message is None else self.error_message.to_json(),
            "picture": None if self.slices is None else self.slices.to_json(),
        }


def mark_axes(
    expected: tuple[int, ...], names: tuple[str, ...], given: tuple[int, ...]
) -> tuple[AxisMark, ...]:
    """Compare a given shape with the true one axis by axis.

    Same length: axis i against axis i. Otherwise the shorter shape is laid against the
    longer one with as few gaps as possible, choosing the placement that matches the most
    axes (leftmost on a tie), so ``(3, 20)`` against ``(2, 3, 20)`` reads "first axis
    missing", not "every axis wrong". The placements number C(n, k), so they are tried
    only when the lengths differ by at most MAX_GAPS (an axis or two dropped or added)
    and the longer has at most MAX_ALIGNED axes; otherwise the axes are laid side by side
    from the left, so any answer is marked in linear time.
    """
    if len(names) != len(expected):
        names = tuple(f"axis {i}" for i in range(len(expected)))
    if len(given) == len(expected):
        return tuple(
            AxisMark(name, want, got, want == got)
            for name, want, got in zip(names, expected, given, strict=True)
        )
    longer, shorter = (expected, given) if len(expected) > len(given) else (given, expected)
    best: tuple[int, ...] = tuple(range(len(shorter)))
    if len(longer) - len(shorter) <= MAX_GAPS and len(longer) <= MAX_ALIGNED:
        best_hits = -1
        for slots in combinations(range(len(longer)), len(shorter)):
            hits = sum(longer[slot] == value for slot, value in zip(slots, shorter, strict=True))
            if hits > best_hits:
                best, best_hits = slots, hits
    paired = dict(zip(best, shorter, strict=True))
    marks: list[AxisMark] = []
    for i, value in enumerate(longer):
        other = paired.get(i)
        if longer is expected:
            marks.append(AxisMark(names[i], value, other, other == value))
        elif other is None:
            marks.append(AxisMark(EXTRA_AXIS, None, value, False))
        else:
            name = names[sorted(paired).index(i)]
            marks.append(AxisMark(name, other, value, other == value))
    return tuple(marks)
