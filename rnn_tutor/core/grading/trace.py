"""Explanations from the run: the lines that made the asked value, and a belief's run beside it.

For any cell (a generated exercise, a teacher's request, a learner's own code) the truth run
knows each line's values with their shapes and axis names (``CellRun.lines``). The lines
that made the asked value are found by following names back from the asked expression
through the cell's assignments (a backward slice over the syntax tree; nothing runs here).
Each is shown with its shape in numbers and in axis names, ``output (4, 6, 14) = (N, L,
D*H_out)``, then the asked expression itself, ``output[:, -1, :] (4, 14) = (N, D*H_out)``.

A named mix-up adds the belief's own run beside the truth: "If batch_first also reordered
h_n and c_n, h_n would be (4, 2, 7); it is (2, 4, 7)." All of it is message data, worded
when shown.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from rnn_tutor.core.grading.diagnosis import RAISES, Diagnosis
from rnn_tutor.core.notebook.beliefs import BY_NAME
from rnn_tutor.core.notebook.results import Binding, CellRun, shown_text
from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import catalog
from rnn_tutor.i18n.message import Message, msg

MAX_TRACED = 6
"""Lines shown at most (the ones nearest the asked value)."""
CODE_CHARS = 60


@dataclass(frozen=True)
class _Step:
    """One statement that binds names: where it is, what it binds and what it reads."""

    line: int
    end_line: int
    binds: frozenset[str]
    reads: frozenset[str]


def _names(node: ast.AST, context: type) -> frozenset[str]:
    return frozenset(
        sub.id
        for sub in ast.walk(node)
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, context)
    )


def _steps(tree: ast.AST) -> list[_Step]:
    found: list[_Step] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            binds = frozenset().union(*(_names(t, ast.Store) for t in targets))
            value = node.value
            reads = _names(value, ast.Load) if value is not None else frozenset()
            if isinstance(node, ast.AugAssign):
                reads |= binds
            # A subscript or attribute target (outs[0] = ..., self.x = ...) reads its base.
            reads |= frozenset().union(*(_names(t, ast.Load) for t in targets))
        elif isinstance(node, (ast.For, ast.comprehension)):
            binds = _names(node.target, ast.Store)
            reads = _names(node.iter, ast.Load)
        else:
            continue
        where = node.target if isinstance(node, ast.comprehension) else node
        line = getattr(where, "lineno", 0)
        end = getattr(node, "end_lineno", None) or line
        if isinstance(node, ast.For):
            end = line
        found.append(_Step(line, end, binds, reads))
    return sorted(found, key=lambda step: step.line)


def _calls_in_place(tree: ast.AST) -> dict[str, list[frozenset[str]]]:
    """Names changed in place (``outs.append(h)``), with what each such call reads."""
    found: dict[str, list[frozenset[str]]] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr in ("append", "extend", "insert")
        ):
            reads = frozenset().union(*(_names(arg, ast.Load) for arg in node.args))
            found.setdefault(node.func.value.id, []).append(reads)
    return found


def made_lines(source: str, target: str) -> tuple[list[int], set[str]]:
    """The lines (in order) whose assignments made the value of ``target`` after ``source``,
    and the names they made it through."""
    try:
        tree = ast.parse(source)
        asked = ast.parse(target, mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        return [], set()
    steps = _steps(tree)
    in_place = _calls_in_place(tree)
    wanted = list(_names(asked, ast.Load))
    seen_names: set[str] = set()
    chosen: set[int] = set()
    by_line = {step.line: step for step in steps}
    while wanted:
        name = wanted.pop()
        if name in seen_names:
            continue
        seen_names.add(name)
        binders = [step for step in steps if name in step.binds]
        if not binders:
            continue
        last = binders[-1]
        chosen.add(last.line)
        wanted.extend(last.reads)
        for reads in in_place.get(name, ()):
            wanted.extend(reads)
        # A binding that reads its own name (total += ..., h = cell(x[t], h)) goes on from
        # where the name started.
        if name in last.reads:
            for step in binders[:-1]:
                chosen.add(step.line)
                wanted.extend(step.reads)
    return sorted(line for line in chosen if line in by_line), seen_names


def _code(source_lines: Sequence[str], line: int) -> str:
    text = source_lines[line - 1].strip() if 0 < line <= len(source_lines) else ""
    if len(text) > CODE_CHARS:
        text = text[: CODE_CHARS - 3] + "..."
    return visible(text, limit=CODE_CHARS + 10)


def _value(binding: Binding) -> str:
    return visible(shown_text(binding), limit=120)


def trace_lines(
    cell_run: CellRun | None, source: str, target: str, asked: Binding | None
) -> tuple[Message, ...]:
    """How the asked value was made: each line with its values, then the asked value."""
    if cell_run is None:
        return ()
    source_lines = source.splitlines()
    lines, needed = made_lines(source, target)
    asks_module = _asks_module(cell_run, target)
    shown: list[Message] = []
    named: set[str] = set()
    for line in lines[-MAX_TRACED:]:
        bindings = [
            b
            for b in cell_run.lines.get(line, ())
            if b.name in needed and _worth_showing(b, asks_module)
        ]
        if not bindings:
            continue
        values = "; ".join(
            msg("trace.named", name=visible(b.name, limit=40), value=_value(b)).text()
            for b in bindings
        )
        named.update(b.name for b in bindings)
        shown.append(msg("trace.line", line=line, code=_code(source_lines, line), value=values))
    if asked is not None and (target.strip() not in named or not shown):
        shown.append(
            msg("trace.asked", target=visible(target.strip(), limit=60), value=_value(asked))
        )
    return tuple(shown)


def _worth_showing(binding: Binding, modules: bool) -> bool:
    """Values worth a line: tensors and numbers; a module's line only when the question is
    about a module (its parameters or their count), else its code says it all."""
    return binding.kind in ("tensor", "packed", "tuple", "number") or (
        modules and binding.kind == "module"
    )


def _asks_module(cell_run: CellRun, target: str) -> bool:
    """Whether the asked expression reads a module directly (``rnn.weight_hh_l0``)."""
    try:
        asked = ast.parse(target, mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        return False
    names = _names(asked, ast.Load)
    return (
        any(
            binding.kind == "module" and binding.name in names
            for bindings in cell_run.lines.values()
            for binding in bindings
        )
        or "parameters" in target
    )


# --------------------------------------------------------------------------- beliefs


def belief_words(name: str) -> Message:
    """The "if ..." clause of a belief (or of a pair: ``a+b``)."""
    parts = name.split("+")
    if len(parts) > 1:
        return msg("belief.both", first=belief_words(parts[0]), second=belief_words(parts[1]))
    key = f"belief.{name}"
    if key in catalog("en"):
        return msg(key)
    belief = BY_NAME.get(name)
    return msg(f"belief.{belief.id}") if belief is not None else msg("misconception.unknown")


def belief_line(found: Diagnosis, target: str, truth: str | None) -> Message | None:
    """The belief's own run beside the truth, for a mix-up a belief names."""
    if found.belief is None:
        return None
    words = belief_words(found.belief)
    shown_target = visible(target.strip(), limit=60)
    believed = found.believed
    if believed == RAISES:
        return msg("trace.belief.raises", belief=words, target=shown_target, truth=truth or "?")
    if believed is None:
        return msg("trace.belief.value", belief=words)
    text = _format(believed)
    if truth is None:
        return msg("trace.belief.runs", belief=words, target=shown_target, believed=text)
    return msg("trace.belief", belief=words, target=shown_target, believed=text, truth=truth)


def _format(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def format_value(value: object) -> str:
    """A shape or a count as the explanations write it."""
    return _format(value)
