"""A notebook: one namespace that cells run in, one after another, like one Jupyter kernel.

``run_cell`` never raises for anything the learner wrote: the source is sized and its syntax
tree's depth checked before anything runs, then the walker runs it statement by statement,
and whatever stops it comes back as a CellError with the line.
"""

from __future__ import annotations

import ast
import functools
import gc
import math
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from rnn_tutor.core.notebook.describe import AxisBook, describe, jupyter_repr
from rnn_tutor.core.notebook.results import (
    Binding,
    CellError,
    CellFailure,
    CellRun,
    Limits,
    StatementRun,
)
from rnn_tutor.core.notebook.sanitize import clean, first_line
from rnn_tutor.core.notebook.stops import Stop, limit
from rnn_tutor.core.notebook.walker import Budget, Guarded, Walker, _Break, _Continue, _Return


def _error(stop: Stop, line: int) -> CellError:
    return CellError(
        line=line,
        kind=stop.kind,
        exception=stop.exception,
        torch_message=None if stop.torch_message is None else first_line(stop.torch_message),
        message_id=stop.message_id,
        params={k: clean(v) if isinstance(v, str) else v for k, v in stop.params.items()},
        misconception=stop.misconception,
        fix_id=stop.fix_id,
        fix_params=dict(stop.fix_params),
    )


CACHED_SOURCE_CHARS = 4_000
"""Cells up to this long keep their syntax tree (grading runs one cell many times)."""


def _parsed(source: str, mode: str) -> ast.AST:
    """The syntax tree of a source; a short one's is kept (the walker never changes a tree)."""
    if len(source) <= CACHED_SOURCE_CHARS:
        return _parsed_short(source, mode)
    return _parse_now(source, mode)


@functools.lru_cache(maxsize=256)
def _parsed_short(source: str, mode: str) -> ast.AST:
    return _parse_now(source, mode)


def _parse_now(source: str, mode: str) -> ast.AST:
    with warnings.catch_warnings():
        # Python 3.12+ warns about "\<char>" escapes on stderr, with the raw character.
        warnings.simplefilter("ignore")
        return ast.parse(source, mode=mode)


@functools.lru_cache(maxsize=1024)
def _named(name: str, text: str) -> Binding:
    """A module, function or class binding: the same few (``torch``, ``nn``, ``F``...) in every
    cell's imports, made once (a Binding is a frozen value, safe to share)."""
    return Binding(name, "other", None, None, None, text)


class Notebook:
    """Cells run in one namespace; values stay between cells."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.book = AxisBook()
        self.names: dict[str, object] = {}
        self.walker = Walker(self.names, self.limits, self.book)
        self._cells = 0
        self._described: dict[tuple[str, int], tuple[object, Binding]] = {}

    # ------------------------------------------------------------------ public API

    def value(self, name: str) -> object:
        """The live object bound to ``name`` (KeyError when nothing is)."""
        return self.names[name]

    def describe(self, name: str) -> Binding:
        return describe(name, self.names[name], self.book)

    def evaluate(self, expression: str) -> object:
        """One expression through the same walker; raises CellFailure when it cannot run."""
        tree_or_error = self._parse(expression, mode="eval")
        if isinstance(tree_or_error, CellError):
            raise CellFailure(tree_or_error)
        assert isinstance(tree_or_error, ast.Expression)
        self.walker.budget = Budget(self.limits)
        self.walker.line = 1
        self.walker.nesting = 0
        try:
            with self._quiet():
                return self.walker.value_of(tree_or_error.body, self.walker.globals)
        except Stop as stop:
            raise CellFailure(_error(stop, self.walker.line)) from None
        except RecursionError:
            deep = limit("notebook.limit.depth", cap=self.limits.max_depth)
            raise CellFailure(_error(deep, self.walker.line)) from None
        except (_Break, _Continue, _Return, Exception) as unexpected:
            gap = Stop(
                "python",
                "notebook.error.internal",
                {"exception": type(unexpected).__name__},
                exception=type(unexpected).__name__,
            )
            raise CellFailure(_error(gap, self.walker.line)) from None

    def run_cell(self, source: str, *, annotate: bool = True) -> CellRun:
        """Run one cell; never raises for anything the learner wrote.

        ``annotate=False`` leaves the bindings undescribed (grading's second runs read only
        the asked value, not the annotations beside each line).
        """
        tree_or_error = self._parse(source, mode="exec")
        if isinstance(tree_or_error, CellError):
            return CellRun(False, (), tree_or_error, "", None, source=source)
        assert isinstance(tree_or_error, ast.Module)
        import torch  # noqa: F401  (loaded before the clock starts: not the learner's time)

        walker = self.walker
        walker.budget = Budget(self.limits)
        walker.containers_at = -math.inf  # each cell starts with a full look at what is held
        self._cells += 1
        walker.cell = walker.origin = self._cells
        walker.nesting = 0
        self._described = {}
        walker.line_values = {}
        statements: list[StatementRun] = []
        error: CellError | None = None
        display: str | None = None
        body = tree_or_error.body
        memory_stopped = False
        with self._quiet() as caught:
            for index, stmt in enumerate(body):
                walker.bound_names = {}
                out_mark = len(walker.budget.out)
                try:
                    shown = self._run_top(stmt)
                except Stop as stop:
                    error = _error(stop, walker.line or stmt.lineno)
                    if stop.message_id == "notebook.limit.memory":
                        memory_stopped = True
                    break
                except RecursionError:
                    error = _error(
                        limit("notebook.limit.depth", cap=self.limits.max_depth), walker.line
                    )
                    break
                except (_Break, _Continue, _Return):
                    error = _error(
                        Stop("refused", "notebook.refused.statement", {"what": "break"}),
                        stmt.lineno,
                    )
                    break
                except Exception as unexpected:  # a gap in the walker: said, never a traceback
                    error = _error(
                        Stop(
                            "python",
                            "notebook.error.internal",
                            {"exception": type(unexpected).__name__},
                            exception=type(unexpected).__name__,
                            torch_message=first_line(str(unexpected)),
                        ),
                        walker.line or stmt.lineno,
                    )
                    break
                statement_display = None
                if index == len(body) - 1 and isinstance(stmt, ast.Expr) and shown is not None:
                    statement_display = self._display(shown)
                    display = statement_display
                statements.append(
                    StatementRun(
                        line=stmt.lineno,
                        end_line=getattr(stmt, "end_lineno", None) or stmt.lineno,
                        bindings=self._bindings(walker.bound_names) if annotate else (),
                        printed=clean(
                            "".join(walker.budget.out[out_mark:]),
                            self.limits.max_output_chars,
                            keep_newlines=True,
                        ),
                        display=statement_display,
                        warnings=tuple(self._warnings(caught)) if caught else (),
                    )
                )
        if memory_stopped:
            gc.collect()  # what the stopped statement made goes now, not at some later cell
        stdout = clean("".join(walker.budget.out), self.limits.max_output_chars, keep_newlines=True)
        lines = {
            line: tuple(self._describe(name, value) for name, value in pairs)
            for line, pairs in sorted(walker.line_values.items())
            if annotate
        }
        walker.line_values = {}
        self._described = {}
        return CellRun(
            error is None, tuple(statements), error, stdout, display, source=source, lines=lines
        )

    # ------------------------------------------------------------------ internals

    def _run_top(self, stmt: ast.stmt) -> Any:
        walker = self.walker
        if isinstance(stmt, ast.Expr):
            walker.line = stmt.lineno
            walker.budget.tick_statement()
            return walker.value_of(stmt.value, walker.globals)
        walker.run_stmt(stmt, walker.globals)
        return None

    def _display(self, value: object) -> str | None:
        if value is None:
            return None
        try:
            return jupyter_repr(value, self.limits.max_output_chars)
        except Exception:
            return clean(type(value).__name__)

    def _bindings(self, bound: dict[str, None]) -> tuple[Binding, ...]:
        return tuple(self._describe(name, self.names[name]) for name in bound if name in self.names)

    def _describe(self, name: str, value: object) -> Binding:
        key = (name, id(value))
        known = self._described.get(key)
        if known is not None and known[0] is value:
            return known[1]
        binding = self._describe_new(name, value)
        self._described[key] = (value, binding)
        return binding

    def _describe_new(self, name: str, value: object) -> Binding:
        if isinstance(value, ModuleType):
            return _named(name, f"module {value.__name__}")
        if isinstance(value, Guarded) or (
            callable(value) and not hasattr(value, "parameters") and not isinstance(value, type)
        ):
            return _named(name, f"function {name}")
        if isinstance(value, type):
            return _named(name, f"class {value.__name__}")
        try:
            return describe(name, value, self.book)
        except Exception:
            return Binding(name, "other", None, None, None, clean(type(value).__name__))

    def _warnings(self, caught: list[warnings.WarningMessage]) -> Iterator[str]:
        while caught:
            item = caught.pop(0)
            text = str(item.message).split(" (Triggered internally at", 1)[0]
            yield first_line(f"{item.category.__name__}: {text}")

    def _parse(self, source: str, mode: str) -> ast.AST | CellError:
        if not isinstance(source, str):
            return _error(Stop("refused", "notebook.refused.not_text"), 0)
        if len(source) > self.limits.max_source_chars:
            return _error(
                limit("notebook.limit.source", size=len(source), cap=self.limits.max_source_chars),
                0,
            )
        try:
            tree = _parsed(source, mode)
        except SyntaxError as error:
            return CellError(
                line=error.lineno or 0,
                kind="python",
                exception="SyntaxError",
                torch_message=first_line(error.msg or ""),
                message_id="notebook.error.syntax",
                params={"message": first_line(error.msg or "")},
            )
        except (RecursionError, MemoryError, ValueError, OverflowError):
            return _error(limit("notebook.limit.nesting", cap=self.limits.max_nesting), 0)
        return tree  # nesting is counted as the walker descends (Walker.value_of)

    class _Quiet:
        def __init__(self) -> None:
            self.manager = warnings.catch_warnings(record=True)

        def __enter__(self) -> list[warnings.WarningMessage]:
            caught = self.manager.__enter__()
            warnings.simplefilter("always")
            return caught if caught is not None else []

        def __exit__(self, *exc: object) -> None:
            self.manager.__exit__(None, None, None)

    def _quiet(self) -> Notebook._Quiet:
        return Notebook._Quiet()
