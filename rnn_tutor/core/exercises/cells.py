"""A cell exercise: a short notebook cell around the RNN call, and what is asked about it.

Levels 6-8 ask about the lines learners write next to ``nn.RNN``: the last step, the
Linear head, packing, embeddings, cell loops, encoder to decoder, attention. The cell is
our own text; the notebook interpreter runs it on real torch to grade (the grading room),
while the generator states the answer in closed form (tests keep the two equal).

Question forms (``Cell.question``), the same strings ``rnn-tutor grade --jsonl`` takes:
- ``shape:<expr>``: what is ``<expr>.shape`` after the cell runs;
- ``runs:<expr>``: does the cell run, and if so what is ``<expr>.shape``;
- ``count:<expr>``: the whole number ``<expr>`` is after the cell runs (a parameter count,
  ``len(rnn.all_weights)``);
- ``blank:number`` / ``blank:expression``: the cell holds ``____`` once; the learner's text
  fills it, the cell runs, and ``expect`` must equal what the reference gives, by value.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from rnn_tutor.core.call.spec import ModelCall, SpecError, parse_model

BLANK = "____"
"""What marks the blank in a fill-in cell (once)."""

PRELUDE = (
    "import torch\n"
    "from torch import nn\n"
    "from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence\n"
    "torch.manual_seed(0)"
)
"""The notebook's first cell, run before every exercise cell (not shown in the code card)."""

CellForm = Literal["shape", "runs", "blank", "count"]
CellValue = int | bool | str | tuple[int, ...]
Stated = tuple[int, ...] | int | str | None


@dataclass(frozen=True)
class Cell:
    """One cell and its question, with the answer the generator states.

    ``config`` holds the sizes and choices the cell was written from (N, L, I, H, D, ...):
    the misconception rules and the explanations read them. ``answer`` is a shape, a
    number (``blank:number``) or the reference text of the blank (``blank:expression``);
    ``raises`` is torch's first line when the asked value raises instead.
    """

    topic: str
    source: str
    question: str
    config: Mapping[str, CellValue] = field(default_factory=dict)
    answer: Stated = None
    raises: str | None = None
    axes: tuple[str, ...] = ()
    expect: str | None = None

    @property
    def form(self) -> CellForm:
        form = self.question.split(":", 1)[0]
        if form not in ("shape", "runs", "blank", "count"):
            raise ValueError(f"unknown cell question {self.question!r}")
        return form  # type: ignore[return-value]

    @property
    def target(self) -> str:
        """The expression asked about (shape/runs); for blanks, what must match."""
        if self.form == "blank":
            return self.expect or ""
        return self.question.split(":", 1)[1].strip()

    @property
    def blank_kind(self) -> str:
        """ "number" or "expression" for a blank, else ""."""
        if self.form != "blank":
            return ""
        return "number" if self.question == "blank:number" else "expression"

    def size(self, name: str) -> int:
        """A whole-number entry of ``config`` (``V``, ``H``...); 0 when it is not one."""
        value = self.config.get(name, 0)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    @property
    def shows_rnn(self) -> bool:
        """Whether the cell's main module is an nn.RNN/LSTM/GRU whose parameters can be shown."""
        return "cell" not in self.config and self.topic not in ("pad_sequence", "request")

    @property
    def modules(self) -> tuple[tuple[str, ModelCall], ...]:
        """The recurrent modules the cell binds at its top level, by the cell's names."""
        return recurrent_modules(self.source)

    @property
    def reference_source(self) -> str:
        """The cell with the blank filled by the reference answer."""
        if self.form != "blank":
            return self.source
        return fill_blank(self.source, str(self.answer))

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "source": self.source,
            "question": self.question,
            "config": {k: list(v) if isinstance(v, tuple) else v for k, v in self.config.items()},
            "answer": list(self.answer) if isinstance(self.answer, tuple) else self.answer,
            "raises": self.raises,
            "axes": list(self.axes),
            "expect": self.expect,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cell:
        answer = data.get("answer")
        config: dict[str, CellValue] = {}
        for key, value in dict(data.get("config", {})).items():
            if isinstance(value, list):
                value = tuple(int(v) for v in value)
            elif not isinstance(value, int | str):
                raise ValueError(f"cell config {key!r} is not a number, text or list")
            config[str(key)] = value
        cell = cls(
            topic=str(data["topic"]),
            source=str(data["source"]),
            question=str(data["question"]),
            config=config,
            answer=tuple(int(v) for v in answer) if isinstance(answer, list) else answer,
            raises=None if data.get("raises") is None else str(data["raises"]),
            axes=tuple(str(a) for a in data.get("axes", ())),
            expect=None if data.get("expect") is None else str(data["expect"]),
        )
        cell.form  # noqa: B018 - refuses an unknown question form now, not in review
        return cell


def fill_blank(source: str, text: str) -> str:
    """The cell with its blank replaced by ``text`` (kept on its line, in parentheses)."""
    return source.replace(BLANK, f"({text})" if text.strip() else text, 1)


def recurrent_modules(source: str) -> tuple[tuple[str, ModelCall], ...]:
    """``name = nn.RNN/LSTM/GRU(...)`` lines of a cell, in order: (name, the call as written).

    Read from the text with the literal-only constructor reader, never run: an encoder and
    its decoder both show in the parameter pane, named as the cell names them. Stored cells
    of any version have their text, so they show the same.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return ()
    found: list[tuple[str, ModelCall]] = []
    for statement in tree.body:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Call)
        ):
            continue
        text = ast.get_source_segment(source, statement.value)
        try:
            found.append((statement.targets[0].id, parse_model(text or "").call))
        except SpecError:
            continue  # not a recurrent layer (a Linear head, data, a Net of the cell's own)
    return tuple(found)
