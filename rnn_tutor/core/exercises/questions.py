"""Question kinds, the skills they exercise, and the Exercise value a learner answers.

Skills are concepts ("h_n ignores batch_first"), not questions: review mode schedules
skills and builds a fresh exercise for each, so answers cannot be memorised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from rnn_tutor.core.call.spec import (
    ConstructorError,
    InputSpec,
    LiteralValue,
    ModelCall,
    bind,
    parse_model,
    positional_names,
)
from rnn_tutor.core.exercises.cells import Cell
from rnn_tutor.core.exercises.curriculum import CELL_SKILLS as CELL_SKILLS
from rnn_tutor.core.exercises.curriculum import SKILLS as SKILLS

QuestionKind = Literal[
    "output", "h_n", "c_n", "param", "total_params", "all_weights_len", "runs", "cell"
]
QUESTION_KINDS: tuple[QuestionKind, ...] = (
    "output",
    "h_n",
    "c_n",
    "param",
    "total_params",
    "all_weights_len",
    "runs",
)
"""The questions about one RNN call; "cell" (levels 6-8) asks about a notebook cell."""
AnswerKind = Literal["shape", "count", "runs", "expression"]


# Notebook constants that name a data axis (the model's own constants are ModelCall.refs).
DATA_CONSTANTS: frozenset[str] = frozenset({"BATCH_SIZE", "SEQ_LENGTH"})


@dataclass(frozen=True)
class Question:
    """What is asked about an exercise; ``param`` names the parameter for kind "param"."""

    kind: QuestionKind
    param: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.param}" if self.kind in ("param", "cell") else self.kind

    @property
    def answer_kind(self) -> AnswerKind:
        if self.kind == "cell":
            form = (self.param or "").split(":", 1)[0]
            if form == "blank":
                return "count" if self.param == "blank:number" else "expression"
            return {"runs": "runs", "count": "count"}.get(form, "shape")  # type: ignore[return-value]
        if self.kind in ("total_params", "all_weights_len"):
            return "count"
        if self.kind == "runs":
            return "runs"
        return "shape"

    @classmethod
    def parse(cls, text: str) -> Question:
        """``"output"``, ``"param:weight_ih_l0"``... -> Question; ValueError when unknown."""
        if text.startswith("param:"):
            name = text.split(":", 1)[1].strip()
            if not name:
                raise ValueError("param: needs a parameter name, e.g. param:weight_ih_l0")
            return cls("param", name)
        if text.startswith("cell:"):
            form = text.split(":", 1)[1].strip()
            if form.split(":", 1)[0] not in ("shape", "runs", "blank", "count"):
                raise ValueError("cell: needs shape:<expr>, runs:<expr>, count:<expr> or blank")
            return cls("cell", form)
        for kind in QUESTION_KINDS:
            if text == kind and kind != "param":
                return cls(kind)
        raise ValueError(
            f"unknown question {text!r}; use one of output, h_n, c_n, param:<name>, "
            "total_params, all_weights_len, runs"
        )


@dataclass(frozen=True)
class Exercise:
    """One thing to predict: the code as a notebook would have it, and the question.

    ``call`` keeps the constructor exactly as written (traps included); ``names`` are the
    notebook-style constants (``HIDDEN_SIZE = 1``) the call refers to, shown in the code.
    """

    call: ModelCall
    input: InputSpec | None
    question: Question
    skills: tuple[str, ...] = ()
    level: int = 1
    seed: int = 0
    names: Mapping[str, LiteralValue] = field(default_factory=dict)
    # Levels 6-8: the notebook cell asked about (``call`` is then its main RNN, for the
    # parameter browser); None for the exercises about one call.
    cell: Cell | None = None

    def code_lines(self) -> list[str]:
        """The exercise as the few lines a learner writes in a notebook."""
        if self.cell is not None:
            return self.cell.source.splitlines()
        lines = [f"{name} = {value!r}" for name, value in self.names.items()]
        lines.append(f"rnn = {self._call_code()}")
        if self.input is None:
            return lines
        lines.append(f"input = torch.randn({self._input_dims()})")
        feed = "input"
        if self.input.packed:
            lengths = ", ".join(str(n) for n in self.input.lengths or ())
            bf = self._batch_first_text()
            lines.append(f"lengths = [{lengths}]")
            lines.append("packed = pack_padded_sequence(")
            lines.append(f"    input, lengths, batch_first={bf}, enforce_sorted=False)")
            feed = "packed"
        hidden: list[str] = []
        if self.input.h0 is not None:
            lines.append(f"h0 = torch.randn({', '.join(str(d) for d in self.input.h0)})")
            hidden.append("h0")
        if self.input.c0 is not None:
            lines.append(f"c0 = torch.randn({', '.join(str(d) for d in self.input.c0)})")
            hidden.append("c0")
        state = ""
        if self.call.kind == "LSTM" and hidden:
            state = f", ({', '.join(hidden)})" if len(hidden) == 2 else f", {hidden[0]}"
        elif hidden:
            state = f", {hidden[0]}"
        target = "output, (h_n, c_n)" if self.call.kind == "LSTM" else "output, h_n"
        if self.input.packed:
            target = target.replace("output", "packed_out", 1)
        lines.append(f"{target} = rnn({feed}{state})")
        if self.input.packed:
            bf = self._batch_first_text()
            lines.append(f"output, _ = pad_packed_sequence(packed_out, batch_first={bf})")
        return lines

    def code(self) -> str:
        return "\n".join(self.code_lines())

    def _input_dims(self) -> str:
        """Input sizes, with the notebook's data constants by name where they are unambiguous.

        ``torch.randn(BATCH_SIZE, SEQ_LENGTH, 13)`` shows what the learner *meant* by each axis,
        which is the whole point of the silent batch_first trap.
        """
        assert self.input is not None
        dims = self.input.shape
        by_value = {
            value: name
            for name, value in self.names.items()
            if name in DATA_CONSTANTS and isinstance(value, int) and dims.count(value) == 1
        }
        return ", ".join(by_value.get(d, str(d)) for d in dims)

    def _call_code(self) -> str:
        return self.call.code(with_names=bool(self.names))

    def _batch_first_text(self) -> str:
        """batch_first as the call sets it, by keyword or by position (for pack/pad lines)."""
        for name, value in self.call.kwargs:
            if name == "batch_first":
                return repr(value)
        position = positional_names(self.call.kind).index("batch_first")
        if len(self.call.args) > position:
            return repr(self.call.args[position])
        return "False"

    def to_dict(self) -> dict[str, Any]:
        return {
            "call": self.call.to_dict(),
            "model": self.call.code(),
            "input": None if self.input is None else self.input.to_dict(),
            "question": self.question.id,
            "skills": list(self.skills),
            "level": self.level,
            "seed": self.seed,
            "names": dict(self.names),
            **({"cell": self.cell.to_dict()} if self.cell is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Exercise:
        raw_input = data.get("input")
        raw_cell = data.get("cell")
        return cls(
            call=ModelCall.from_dict(data["call"]),
            input=None if raw_input is None else InputSpec.from_dict(raw_input),
            question=Question.parse(str(data["question"])),
            skills=tuple(str(s) for s in data.get("skills", ())),
            level=int(data.get("level", 1)),
            seed=int(data.get("seed", 0)),
            names=dict(data.get("names", {})),
            cell=None if raw_cell is None else Cell.from_dict(raw_cell),
        )

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Exercise | None:
        """The exercise a stored attempt was about, or None when this version cannot show it.

        Review, statistics and import rebuild stored exercises, which may have been written by
        another version or edited by hand. One is usable when it is exactly what its own code
        reads back as (``[[10], 5]`` as arguments is not), its shapes are whole numbers, its
        constants literals, and its call binds as torch's constructor would, or fails as torch
        would (a "does it run?" question). Whatever else fails here means "not usable", never
        a crash.
        """
        if not _plausible(data):
            return None
        try:
            exercise = cls.from_dict(data)
            # What review shows: the constants, then the call naming them. Read back, it
            # must be the very call torch grades (no "HIDDEN = 99" shown for a call built
            # with 20).
            shown = [f"{name} = {value!r}" for name, value in exercise.names.items()]
            shown.append(exercise.call.code(with_names=bool(exercise.names)))
            written = parse_model("\n".join(shown)).call
            exercise.code()
        except Exception:
            return None
        if _typed_call(written) != _typed_call(exercise.call):
            return None
        if exercise.names and set(written.refs) != set(exercise.call.refs):
            return None
        try:
            bind(exercise.call)
        except ConstructorError:
            pass  # torch refuses it too: that is the question
        except Exception:
            return None
        return exercise


def silent_batch_swap(exercise: Exercise, batch_first: bool) -> bool:
    """Batch-first data fed to a ``batch_first=False`` layer: torch runs it, batch and time swapped.

    A 3-D tensor does not say which axis the learner meant as the batch; the notebook's
    data constants do (``torch.randn(BATCH_SIZE, SEQ_LENGTH, 13)``), so this is decided
    from them and never guessed from the sizes alone.
    """
    inp = exercise.input
    names = exercise.names
    return (
        inp is not None
        and not inp.packed
        and len(inp.shape) == 3
        and not batch_first
        and names.get("BATCH_SIZE") == inp.shape[0]
        and names.get("SEQ_LENGTH") == inp.shape[1]
        and inp.shape[0] != inp.shape[1]
    )


def silent_unbatched(exercise: Exercise) -> bool:
    """A (N, I) batch of one time step, which torch reads as one sequence of N steps."""
    inp = exercise.input
    return (
        inp is not None
        and not inp.packed
        and len(inp.shape) == 2
        and exercise.names.get("BATCH_SIZE") == inp.shape[0]
    )


def _plausible(data: Mapping[str, Any]) -> bool:
    """The parts of a stored exercise that ``from_dict`` would take too readily."""
    call = data.get("call")
    if not isinstance(call, Mapping) or call.get("prefix", "nn.") not in ("nn.", "torch.nn.", ""):
        return False
    raw_input = data.get("input")
    if raw_input is not None and not (
        isinstance(raw_input, Mapping)
        and _whole_numbers(raw_input.get("shape"), required=True)
        and all(_whole_numbers(raw_input.get(k), required=False) for k in ("h0", "c0", "lengths"))
    ):
        return False
    names = data.get("names", {})
    return isinstance(names, Mapping) and all(
        isinstance(name, str) and _literal(value) for name, value in names.items()
    )


def _typed_call(call: ModelCall) -> tuple[object, ...]:
    """A call's arguments with their types: True == 1 to Python, not to torch."""
    return (
        call.kind,
        [(type(v), v) for v in call.args],
        [(name, type(v), v) for name, v in call.kwargs],
    )


def _literal(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, bool | int | str)


def _whole_numbers(value: Any, *, required: bool) -> bool:
    if value is None:
        return not required
    return isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
    )
