"""A notebook run as the "My code" screen shows it: a note per line, the tensors to quiz on.

Functions over the interpreter's plain results (no torch), so the screen's content can be
tested without an app. Everything that came from the learner's code or from torch (reprs,
printed text, torch's message) goes through ``core.safe_text.visible`` before it is shown:
no control character reaches the terminal live.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len

from rnn_tutor.core.grading.explain import misconception_text
from rnn_tutor.core.notebook import Binding, CellError, CellRun, StatementRun
from rnn_tutor.core.notebook.results import shown_text
from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import t

NOTE_CHARS = 160
"""A gutter note longer than this is cut: the full text is on the line's status bar."""


def first_line(text: str, limit: int = NOTE_CHARS) -> str:
    stripped = text.strip("\n")
    return visible(stripped.split("\n", 1)[0], limit=limit)


def display_line(display: str) -> str:
    """The line of a Jupyter value worth a glance: torchinfo's total, else the first words."""
    lines = display.strip("\n").split("\n")
    for line in lines:
        if line.startswith("Total params:"):
            return first_line(line)
    return first_line(next((line for line in lines if any(c.isalnum() for c in line)), ""))


@dataclass(frozen=True)
class LineNote:
    """What the gutter shows beside one line of code (1-based ``line``).

    ``short`` is the same with bare shapes (no axis names), for a gutter too narrow for
    ``text``; the status line always has room for ``text``.
    """

    line: int
    text: str
    kind: str  # "shapes" | "printed" | "display" | "error"
    short: str = ""

    def fitting(self, width: int) -> str:
        return self.text if not self.short or cell_len(self.text) <= width else self.short


@dataclass(frozen=True)
class QuizItem:
    """One bound tensor to ask about: its name, the line that bound it, the true shape."""

    name: str
    line: int
    shape: tuple[int, ...]
    axes: tuple[str, ...] | None


def all_statements(statements: tuple[StatementRun, ...]) -> Iterator[StatementRun]:
    """Every statement that ran, those inside loops and ifs included, in line order."""
    for statement in statements:
        yield statement
        yield from all_statements(getattr(statement, "inner", ()))


def binding_text(binding: Binding, short: bool = False) -> str:
    """``output: (1, 3, 1) = (N, L, D*H_out)``; ``HIDDEN_SIZE: 1``; short: ``output: (1, 3, 1)``."""
    if short and binding.shape is not None:
        sizes = ", ".join(str(size) for size in binding.shape)
        shape = f"({sizes},)" if len(binding.shape) == 1 else f"({sizes})"
        return f"{visible(binding.name, limit=60)}: {shape}"
    return f"{visible(binding.name, limit=60)}: {first_line(shown_text(binding))}"


def worth_noting(binding: Binding) -> bool:
    """Imports and definitions bind names too; ``torch: module torch`` says nothing."""
    return not (
        binding.kind == "other" and binding.text.startswith(("module ", "function ", "class "))
    )


def _unique_by_name(bindings: list[Binding]) -> list[Binding]:
    """The last value of each name (a loop binds its names once per turn), first-seen order."""
    last: dict[str, Binding] = {}
    for binding in bindings:
        last[binding.name] = binding  # a dict keeps the first position of a key
    return list(last.values())


def line_notes(run: CellRun) -> dict[int, LineNote]:
    """The gutter of a run: bindings, else what the line printed, else its Jupyter value.

    A multi-line statement is noted on its first line; the line that raised gets the
    error's short form (the explanation goes under it).
    """
    bindings: dict[int, list[Binding]] = {}
    printed: dict[int, str] = {}
    display: dict[int, str] = {}
    for statement in all_statements(run.statements):
        shown = [binding for binding in statement.bindings if worth_noting(binding)]
        if shown:
            bindings.setdefault(statement.line, []).extend(shown)
        if statement.printed.strip():
            printed[statement.line] = statement.printed
        if statement.display is not None:
            display[statement.line] = statement.display
    notes: dict[int, LineNote] = {}
    for line in sorted(set(bindings) | set(printed) | set(display)):
        if line in bindings:
            unique = _unique_by_name(bindings[line])
            text = "   ".join(binding_text(b) for b in unique)
            short = "  ".join(binding_text(b, short=True) for b in unique)
            notes[line] = LineNote(line, text, "shapes", short)
        elif line in printed:
            notes[line] = LineNote(line, "> " + first_line(printed[line]), "printed")
        else:
            notes[line] = LineNote(line, "= " + display_line(display[line]), "display")
    if run.error is not None:
        notes[run.error.line] = LineNote(run.error.line, error_title(run.error), "error")
    return notes


def quiz_items(run: CellRun) -> tuple[QuizItem, ...]:
    """Every tensor the cell bound at top level or in a block, once per (name, line)."""
    items: dict[tuple[str, int], QuizItem] = {}
    for statement in all_statements(run.statements):
        for binding in statement.bindings:
            if binding.kind == "tensor" and binding.shape is not None:
                key = (binding.name, statement.line)
                items[key] = QuizItem(binding.name, statement.line, binding.shape, binding.axes)
    return tuple(sorted(items.values(), key=lambda item: item.line))


def error_title(error: CellError) -> str:
    """The gutter's short form: ``x RuntimeError`` / ``x not run here``."""
    what = error.exception or t(f"ui.mycode.error.kind.{error.kind}")
    return "✗ " + visible(what, limit=60)


def error_message(error: CellError) -> str:
    """Our explanation, in the current language, with this code's numbers."""
    params = {key: visible(str(value), limit=200) for key, value in error.params.items()}
    return t(error.message_id, **params)


def error_fix(error: CellError) -> str | None:
    if error.fix_id is None:
        return None
    params = {key: visible(str(value), limit=200) for key, value in error.fix_params.items()}
    return t(error.fix_id, **params)


def error_misconception(error: CellError) -> str | None:
    """The misconception in plain words, when the catalogue names one."""
    if error.misconception is None:
        return None
    try:
        return str(misconception_text(error.misconception))
    except Exception:  # an id this version does not know: the explanation stands alone
        return None


# Which skill a quizzed tensor exercises, by the names of its axes (from a recurrent module).
def quiz_skills(item: QuizItem) -> tuple[str, ...]:
    axes = item.axes or ()
    skills: list[str] = []
    if axes and axes[0] == "D*num_layers":
        skills.append("hn_first_axis")
    if "L" in axes:
        skills.append("output_layout")
    if axes and axes[-1] == "D*H_out":
        skills.append("output_last_axis")
    if axes and "N" not in axes and ("L" in axes or axes[0] == "D*num_layers"):
        skills.append("unbatched_input")
    return tuple(skills)
