"""The walker: runs a parsed cell node by node on real torch, allowing only what tables.py names.

Learner text is never given to eval, exec or compile: every statement and expression is a
case below, and anything without a case is refused by name with its line. Calls into torch
go through guards (sizes checked before torch allocates) and their errors are caught here
and handed to diagnose.py for an explanation.
"""

from __future__ import annotations

import ast
import functools
import gc
import importlib
import math
import operator
import sys
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from rnn_tutor.core.notebook import devices, guards, tables
from rnn_tutor.core.notebook.describe import AxisBook, bounded_repr, index_axes, method_axes
from rnn_tutor.core.notebook.diagnose import explain_exception
from rnn_tutor.core.notebook.holdings import CONTAINER_TYPES, Holdings
from rnn_tutor.core.notebook.results import Limits
from rnn_tutor.core.notebook.stops import Stop, limit, refused

if TYPE_CHECKING:
    from rnn_tutor.core.notebook.beliefs import Runtime

MAX_INT_BITS = 20_000
# A set or dict key over this many bits could be one of many ints with one hash (2**61 - 1 apart).
MAX_HASHED_INT_BITS = 60
MAX_ITEMS = 100_000  # items sorted, compared (min/max) or hashed (set) in one builtin call
MAX_ROUND_DIGITS = 400
MAX_SEQUENTIAL = 1_000  # modules one Sequential runs, counting those inside nested ones

# The per-cell time limit counts this thread's CPU time: runaway code is stopped just the
# same, and a busy machine (other processes, torch's own worker threads) does not stop a
# cell that is doing nothing wrong.
_clock = time.thread_time
# ... which is a system call on some VMs (about 1 us, on every statement and loop round).
# A thread's CPU time never runs ahead of the wall clock, so until the (vDSO-cheap) monotonic
# clock has gone through most of the budget the CPU clock cannot be past it and is not read.
_wall = time.monotonic
_WALL_SHARE = 0.95  # under this share of the budget in wall time, no CPU time reading at all
_CONTAINER_REFRESH = 0.05  # least seconds between two full looks at the held containers


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value


class Budget:
    """What one run may still spend: statements, iterations, time, call depth, output."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.statements = 0
        self.iterations = 0
        self.depth = 0
        self.exact_from = _wall() + _WALL_SHARE * limits.max_seconds  # read before the CPU clock
        self.deadline = _clock() + limits.max_seconds
        self.out: list[str] = []
        self.out_chars = 0

    def tick_statement(self) -> None:
        self.statements += 1
        if self.statements > self.limits.max_statements:
            raise limit("notebook.limit.statements", cap=self.limits.max_statements)
        self.check_time()

    def tick_iteration(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.max_iterations:
            raise limit("notebook.limit.iterations", cap=self.limits.max_iterations)
        self.check_time()

    def check_time(self) -> None:
        if _wall() >= self.exact_from and _clock() > self.deadline:
            raise limit("notebook.limit.time", cap=self.limits.max_seconds)

    def extend(self, seconds: float) -> None:
        """Time that is not the learner's (a first import of torch): added to the deadline."""
        self.deadline += seconds
        self.exact_from += _WALL_SHARE * seconds

    def write(self, text: str) -> None:
        self.out_chars += len(text)
        if self.out_chars > self.limits.max_output_chars:
            raise limit("notebook.limit.output", cap=self.limits.max_output_chars)
        self.out.append(text)


class Frame:
    """A scope: the notebook's names at the top, a function's or a comprehension's inside."""

    def __init__(
        self,
        names: dict[str, object],
        parent: Frame | None = None,
        owner: type | None = None,
        instance: object = None,
    ) -> None:
        self.names = names
        self.parent = parent
        self.owner = owner  # the user class whose method this frame runs (for super())
        self.instance = instance

    def lookup(self, name: str) -> tuple[bool, object]:
        frame: Frame | None = self
        while frame is not None:
            if name in frame.names:
                return True, frame.names[name]
            frame = frame.parent
        return False, None


class UserFunction:
    """A ``def`` from learner code; calling it walks its body in a new frame."""

    def __init__(
        self,
        walker: Walker,
        node: ast.FunctionDef,
        frame: Frame,
        defaults: list[object],
        kw_defaults: list[object | None],
    ) -> None:
        self.walker = walker
        self.node = node
        self.frame = frame
        self.defaults = defaults
        self.kw_defaults = kw_defaults
        self.name = node.name
        self.owner: type | None = None
        self.origin = walker.origin  # the cell it was written in (its lines belong there)

    def __repr__(self) -> str:
        return f"<function {self.name}>"

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self.walker.call_user(self, args, kwargs)


class UserClassInfo:
    """What the walker knows of a learner's class: its methods by name."""

    def __init__(self, name: str, methods: dict[str, UserFunction], attrs: Iterable[str]) -> None:
        self.name = name
        self.methods = methods
        self.attrs = frozenset(attrs)


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.MatMult: operator.matmul,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
}
_UNARY: dict[type, Callable[[Any], Any]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
    ast.Not: operator.not_,
    ast.Invert: operator.invert,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def node_name(node: ast.AST) -> str:
    """A short name for a syntax node, for "not understood" messages."""
    return type(node).__name__


# Where a call or attribute is, for messages: its text, or its syntax node, made into text
# (``dotted``) only when a message needs it, never on the way of every call.
Where = str | ast.expr | None


def _where_text(where: Where) -> str | None:
    return where if where is None or isinstance(where, str) else dotted(where)


def dotted(node: ast.AST) -> str:
    """``os.system`` for an attribute chain, else the node's kind."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    if isinstance(node, ast.Call):
        return dotted(node.func) + "(...)"
    return node_name(node)


class Walker:
    """Runs statements of one notebook's cells in its namespace."""

    def __init__(self, names: dict[str, object], limits: Limits, book: AxisBook) -> None:
        self.globals = Frame(names)
        self.limits = limits
        self.book = book
        self.budget = Budget(limits)
        self.line = 0
        self.classes: dict[type, UserClassInfo] = {}
        self.holdings = Holdings()
        self.collected = False  # check_memory has just run the garbage collector
        self.containers = 0  # units in Python containers at the last look (see check_memory)
        self.containers_at = -math.inf  # when to look at them again
        self.building: list[object] = []  # containers comprehensions are filling right now
        self.sequence_calls: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        # Modules whose hooks (see watch) check every call's input: called by the walker, they
        # need no second check before the call.
        self.watched: weakref.WeakSet[Any] = weakref.WeakSet()
        # Statements of the cell now running (by identity) and, per line, the names its last
        # run bound with their values: shapes beside every line, inside loops and defs too.
        self.cell = 0  # the running cell's number
        self.origin = 0  # the cell the code now walking was written in
        self.nesting = 0  # expressions being evaluated inside one another (see eval)
        self.line_values: dict[int, list[tuple[str, object]]] = {}
        # Names the notebook's namespace bound since the notebook last looked (in order).
        self.bound_names: dict[str, None] = {}
        # Grading's beliefs (beliefs.Runtime): every call into torch goes through it when set.
        self.beliefs: Runtime | None = None

    # ------------------------------------------------------------------ statements

    def run_block(self, body: Sequence[ast.stmt], frame: Frame) -> None:
        for stmt in body:
            self.run_stmt(stmt, frame)

    def run_stmt(self, node: ast.stmt, frame: Frame) -> None:
        self.line = node.lineno
        self.budget.tick_statement()
        method = _STATEMENTS.get(type(node))
        if method is None:
            raise refused(
                "notebook.refused.statement", what=_STATEMENT_WORDS.get(type(node), node_name(node))
            )
        method(self, node, frame)
        self.check_memory(frame)
        if self.origin == self.cell:
            targets = _TARGETS.get(type(node))
            if targets is not None:
                names = frame.names
                self.line_values[node.lineno] = [
                    (n, _snapshot(names[n]))
                    for target in targets(node)
                    for n in _assigned(target)
                    if n in names
                ]

    def stmt_Expr(self, node: ast.Expr, frame: Frame) -> None:
        self.value_of(node.value, frame)

    def stmt_Pass(self, node: ast.Pass, frame: Frame) -> None:
        return

    def stmt_Assign(self, node: ast.Assign, frame: Frame) -> None:
        value = self.value_of(node.value, frame)
        for target in node.targets:
            self.assign(target, value, frame)

    def stmt_AnnAssign(self, node: ast.AnnAssign, frame: Frame) -> None:
        if node.value is not None:
            self.assign(node.target, self.value_of(node.value, frame), frame)

    def stmt_AugAssign(self, node: ast.AugAssign, frame: Frame) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            current = self.value_of(
                ast.Name(target.id, ast.Load(), lineno=node.lineno, col_offset=0), frame
            )
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            load = type(target)(
                **{**{f: getattr(target, f) for f in target._fields}, "ctx": ast.Load()}
            )
            ast.copy_location(load, target)
            current = self.value_of(load, frame)
        else:
            raise refused("notebook.refused.target", what=node_name(target))
        value = self.binop(node.op, current, self.value_of(node.value, frame))
        self.assign(target, value, frame)

    def stmt_If(self, node: ast.If, frame: Frame) -> None:
        if self.truth(self.value_of(node.test, frame)):
            self.run_block(node.body, frame)
        else:
            self.run_block(node.orelse, frame)

    def stmt_For(self, node: ast.For, frame: Frame) -> None:
        iterable = self.value_of(node.iter, frame)

        def rounds() -> Iterator[None]:
            for item in self.iterate(iterable):
                self.tick_iteration(frame)
                self.assign(node.target, item, frame)
                yield

        self.run_loop(rounds(), node, frame)

    def stmt_While(self, node: ast.While, frame: Frame) -> None:
        def rounds() -> Iterator[None]:
            while self.truth(self.value_of(node.test, frame)):
                self.tick_iteration(frame)
                yield

        self.run_loop(rounds(), node, frame)

    def run_loop(self, rounds: Iterator[None], node: ast.For | ast.While, frame: Frame) -> None:
        """The body once a round (``rounds`` counts, binds and tests); ``else`` unless broken."""
        for _ in rounds:
            try:
                self.run_block(node.body, frame)
            except _Break:
                return
            except _Continue:
                continue
        self.run_block(node.orelse, frame)

    def tick_iteration(self, frame: Frame) -> None:
        """Each loop round and comprehension item: the count, the clock and the memory."""
        self.budget.tick_iteration()
        self.check_memory(frame)

    def stmt_Break(self, node: ast.Break, frame: Frame) -> None:
        raise _Break

    def stmt_Continue(self, node: ast.Continue, frame: Frame) -> None:
        raise _Continue

    def stmt_Return(self, node: ast.Return, frame: Frame) -> None:
        if frame is self.globals:
            raise refused("notebook.refused.statement", what="return")
        raise _Return(None if node.value is None else self.value_of(node.value, frame))

    def stmt_Assert(self, node: ast.Assert, frame: Frame) -> None:
        if not self.truth(self.value_of(node.test, frame)):
            message = "" if node.msg is None else self.text_of(self.value_of(node.msg, frame))
            raise Stop(
                "python",
                "notebook.error.assert",
                {"message": message},
                exception="AssertionError",
                torch_message=None,
            )

    def stmt_Delete(self, node: ast.Delete, frame: Frame) -> None:
        for target in node.targets:
            if not isinstance(target, ast.Name):
                raise refused("notebook.refused.target", what=node_name(target))
            self.check_name(target.id)
            if target.id not in frame.names:
                raise Stop(
                    "python", "notebook.error.name", {"name": target.id}, exception="NameError"
                )
            del frame.names[target.id]

    def stmt_Import(self, node: ast.Import, frame: Frame) -> None:
        for alias in node.names:
            module = self.import_module(alias.name)
            if alias.asname:
                self.bind(frame, alias.asname, module)
            else:
                top = alias.name.split(".", 1)[0]
                self.bind(frame, top, self.import_module(top))

    def stmt_ImportFrom(self, node: ast.ImportFrom, frame: Frame) -> None:
        if node.level or node.module is None:
            raise refused("notebook.refused.import", name="." * node.level + (node.module or ""))
        module = self.import_module(node.module)
        for alias in node.names:
            if alias.name == "*":
                raise refused("notebook.refused.import_star", name=node.module)
            sub = f"{node.module}.{alias.name}"
            if sub in tables.MODULES:
                value: object = self.import_module(sub)
            elif alias.name in tables.MODULE_ATTRS.get(node.module, ()):
                value = self.module_attr(module, node.module, alias.name)
            else:
                raise refused("notebook.refused.import", name=sub)
            self.bind(frame, alias.asname or alias.name, value)

    def stmt_FunctionDef(self, node: ast.FunctionDef, frame: Frame) -> None:
        self.bind(frame, node.name, self.make_function(node, frame))

    def stmt_ClassDef(self, node: ast.ClassDef, frame: Frame) -> None:
        from torch import nn

        if node.decorator_list or node.keywords:
            raise refused("notebook.refused.class_form", name=node.name)
        bases = [self.value_of(base, frame) for base in node.bases]
        if len(bases) != 1 or not (isinstance(bases[0], type) and issubclass(bases[0], nn.Module)):
            raise refused("notebook.refused.class_base", name=node.name)
        base = bases[0]
        methods: dict[str, UserFunction] = {}
        attrs: dict[str, object] = {}
        if base in self.classes:
            methods.update(self.classes[base].methods)
        torch_base = self.torch_base(base)
        for stmt in node.body:
            self.line = stmt.lineno
            if isinstance(stmt, ast.FunctionDef):
                self.check_member(stmt.name, torch_base)
                methods[stmt.name] = self.make_function(stmt, frame)
            elif (
                isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            ) or isinstance(stmt, ast.Pass):
                continue
            elif (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                member = stmt.targets[0].id
                self.check_member(member, torch_base, method=False)
                value = self.value_of(stmt.value, frame)
                if callable(value):
                    raise refused("notebook.refused.class_body", name=node.name)
                attrs[member] = value
            else:
                raise refused("notebook.refused.class_body", name=node.name)
        self.line = node.lineno
        namespace: dict[str, object] = {"__module__": "notebook", "__qualname__": node.name}
        namespace.update(attrs)
        for name, function in methods.items():
            namespace[name] = self._method(function)
        cls = type(node.name, (base,), namespace)
        for function in methods.values():
            if function.owner is None:
                function.owner = cls
        self.classes[cls] = UserClassInfo(node.name, methods, attrs)
        self.bind(frame, node.name, cls)

    def check_member(self, name: str, torch_base: type, method: bool = True) -> None:
        """A learner class may add names and define forward/__init__/extra_repr, nothing more:
        replacing what torch calls itself (hooks, ``_call_impl``...) would go around the guards.
        """
        if name.startswith("_") and not (method and name == "__init__"):
            raise refused("notebook.refused.dunder", name=name)
        from torch import nn

        if method and name in _OVERRIDABLE:
            return
        if hasattr(nn.Module, name) or hasattr(torch_base, name):
            raise refused("notebook.refused.override", name=name)

    def _method(self, function: UserFunction) -> Callable[..., object]:
        walker = self

        def method(self: object, *args: object, **kwargs: object) -> object:
            return walker.call_user(function, (self, *args), kwargs)

        method.__name__ = function.name
        return method

    def stmt_With(self, node: ast.With, frame: Frame) -> None:
        import torch

        managers = []
        for item in node.items:
            manager = self.value_of(item.context_expr, frame)
            if not isinstance(manager, torch.no_grad) or item.optional_vars is not None:
                raise refused("notebook.refused.with")
            managers.append(manager)
        for manager in managers:
            manager.__enter__()
        try:
            self.run_block(node.body, frame)
        finally:
            for manager in reversed(managers):
                manager.__exit__(None, None, None)

    # ------------------------------------------------------------------ names and binding

    def check_name(self, name: str) -> None:
        if name.startswith("__"):
            raise refused("notebook.refused.dunder", name=name)

    def bind(self, frame: Frame, name: str, value: object) -> None:
        self.check_name(name)
        if isinstance(value, (list, tuple, dict, set)) or _is_tensor(value):
            self.check_memory(frame, value)
        frame.names[name] = value
        if frame is self.globals:
            self.bound_names[name] = None

    def check_memory(self, frame: Frame | None = None, *extra: object) -> None:
        """The notebook's total holdings (all cells) against the cap, before a name keeps more."""
        cap = self.limits.max_held_elements
        held = self.holdings.tensors
        if held <= cap:
            now = time.monotonic()  # a cheap clock (thread_time is a system call on some VMs)
            if now > self.containers_at or self.collected:
                # Python containers are estimated from samples: a few times a second is
                # plenty (tensors, the big part, are counted exactly on every check).
                roots: list[object] = [*self.globals.names.values(), *self.building]
                while frame is not None and frame is not self.globals:
                    roots.extend(frame.names.values())
                    frame = frame.parent
                self.containers = self.holdings.containers(roots)
                # the next look after ten times what this one took: at most ~10% of the run
                spent = time.monotonic() - now
                self.containers_at = now + max(_CONTAINER_REFRESH, 10 * spent)
            held += self.containers
            if extra and any(isinstance(value, CONTAINER_TYPES) for value in extra):
                held += self.holdings.containers(extra)  # (a tensor or a number adds nothing)
        if held > cap and not self.collected:
            # Tensors of an earlier stopped statement may wait in a reference cycle.
            gc.collect()
            self.collected = True
            try:
                self.check_memory(frame, *extra)
            finally:
                self.collected = False
            return
        if held > cap:
            raise limit("notebook.limit.memory", count=held, cap=cap)

    def assign(self, target: ast.expr, value: object, frame: Frame) -> None:
        if isinstance(target, ast.Name):
            self.bind(frame, target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self.unpack(target, value, frame)
        elif isinstance(target, ast.Attribute):
            self.set_attr(self.value_of(target.value, frame), target.attr, value)
        elif isinstance(target, ast.Subscript):
            container = self.value_of(target.value, frame)
            index = self.value_of(target.slice, frame)
            self.set_item(container, index, value)
        else:
            raise refused("notebook.refused.target", what=node_name(target))

    def unpack(self, target: ast.Tuple | ast.List, value: object, frame: Frame) -> None:
        items = self.materialize(value)
        starred = [i for i, elt in enumerate(target.elts) if isinstance(elt, ast.Starred)]
        n = len(target.elts)
        if not starred:
            if len(items) != n:
                key = (
                    "notebook.error.unpack_many" if len(items) > n else "notebook.error.unpack_few"
                )
                raise Stop(
                    "python",
                    key,
                    {"expected": n, "got": len(items)},
                    exception="ValueError",
                    misconception=None,
                )
            for elt, item in zip(target.elts, items, strict=False):
                self.assign(elt, item, frame)
            return
        star = starred[0]
        after = n - star - 1
        if len(items) < n - 1:
            raise Stop(
                "python",
                "notebook.error.unpack_few",
                {"expected": n - 1, "got": len(items)},
                exception="ValueError",
            )
        for elt, item in zip(target.elts[:star], items[:star], strict=False):
            self.assign(elt, item, frame)
        middle = target.elts[star]
        assert isinstance(middle, ast.Starred)
        self.assign(middle.value, list(items[star : len(items) - after]), frame)
        for elt, item in zip(target.elts[star + 1 :], items[len(items) - after :], strict=False):
            self.assign(elt, item, frame)

    def set_attr(self, obj: object, name: str, value: object) -> None:
        self.check_attr_name(name)
        if (
            isinstance(obj, ModuleType)
            and obj.__name__ == "torch.backends.cudnn"
            and name in devices.CUDNN_FLAGS
        ):
            return  # a GPU library's flag: on the CPU it changes nothing (devices.py)
        if type(obj) not in self.classes:
            raise refused("notebook.refused.set_attr", name=name, type=type(obj).__name__)
        self.check_member(name, self.torch_base(type(obj)), method=False)
        self.call_checked(setattr, (obj, name, value), {}, kind="torch")

    def set_item(self, container: object, index: object, value: object) -> None:
        import torch

        if isinstance(container, (list, dict)):
            if isinstance(container, dict):
                self.hashable(index)
            self.check_memory(None, value)
            self.call_checked(operator.setitem, (container, index, value), {}, kind="python")
        elif isinstance(container, torch.Tensor):
            self.call_checked(operator.setitem, (container, index, value), {}, kind="torch")
        else:
            raise refused("notebook.refused.set_item", type=type(container).__name__)

    # ------------------------------------------------------------------ expressions

    def value_of(self, node: ast.expr, frame: Frame) -> Any:
        method = _EXPRESSIONS.get(type(node))
        if method is None:
            raise refused(
                "notebook.refused.expression",
                what=_EXPRESSION_WORDS.get(type(node), node_name(node)),
            )
        # Expressions nest by recursion here: a 5,000-term sum is 5,000 deep.
        self.nesting += 1
        try:
            if self.nesting > self.limits.max_nesting:
                raise limit("notebook.limit.nesting", cap=self.limits.max_nesting)
            return method(self, node, frame)
        finally:
            self.nesting -= 1

    def expr_Constant(self, node: ast.Constant, frame: Frame) -> Any:
        if isinstance(node.value, bytes):
            raise refused("notebook.refused.expression", what="bytes")
        return node.value

    def expr_Name(self, node: ast.Name, frame: Frame) -> Any:
        name = node.id
        self.check_name(name)
        found, value = frame.lookup(name)
        if found:
            return value
        if name in tables.BUILTINS:
            return Builtin(self, name)
        if name in (
            "getattr",
            "setattr",
            "open",
            "eval",
            "exec",
            "compile",
            "globals",
            "locals",
            "vars",
            "dir",
            "type",
            "input",
            "breakpoint",
            "help",
            "delattr",
            "hasattr",
            "object",
            "memoryview",
            "classmethod",
            "staticmethod",
            "property",
            "id",
            "hash",
            "iter",
            "next",
            "exit",
            "quit",
            "map",
            "filter",
            "callable",
            "issubclass",
            "chr",
            "ord",
            "bytes",
            "bytearray",
            "frozenset",
            "format",
            "pow",
            "hex",
            "bin",
            "oct",
            "ascii",
            "slice",
            "complex",
        ):
            raise refused("notebook.refused.builtin", name=name)
        raise Stop("python", "notebook.error.name", {"name": name}, exception="NameError")

    def expr_Tuple(self, node: ast.Tuple, frame: Frame) -> Any:
        return tuple(self.eval_items(node.elts, frame))

    def expr_List(self, node: ast.List, frame: Frame) -> Any:
        return self.eval_items(node.elts, frame)

    def expr_Set(self, node: ast.Set, frame: Frame) -> Any:
        return set(self.hashed(item) for item in self.eval_items(node.elts, frame))

    def eval_items(self, elts: Sequence[ast.expr], frame: Frame) -> list[Any]:
        out: list[Any] = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                out.extend(self.materialize(self.value_of(elt.value, frame)))
                self.check_length(len(out))
            else:
                out.append(self.value_of(elt, frame))
        return out

    def expr_Dict(self, node: ast.Dict, frame: Frame) -> Any:
        out: dict[Any, Any] = {}
        for key, value in zip(node.keys, node.values, strict=False):
            if key is None:
                extra = self.value_of(value, frame)
                if not isinstance(extra, dict):
                    raise refused("notebook.refused.expression", what="**")
                out.update(extra)
            else:
                out[self.hashable(self.value_of(key, frame))] = self.value_of(value, frame)
        return out

    def hashable(self, key: object) -> object:
        if not isinstance(key, (str, int, float, bool, tuple, type(None))):
            raise refused("notebook.refused.dict_key", type=type(key).__name__)
        return self.hashed(key)

    def hashed(self, value: object, depth: int = 0) -> object:
        """A set item or dict key: no huge ints, which can be made to share one hash."""
        if isinstance(value, int) and value.bit_length() > MAX_HASHED_INT_BITS:
            raise limit("notebook.limit.number", cap=MAX_HASHED_INT_BITS)
        if isinstance(value, tuple) and depth < 4:
            for item in value:
                self.hashed(item, depth + 1)
        return value

    def expr_Slice(self, node: ast.Slice, frame: Frame) -> Any:
        parts = [
            None if p is None else self.value_of(p, frame)
            for p in (node.lower, node.upper, node.step)
        ]
        return slice(*parts)

    def expr_Index(self, node: Any, frame: Frame) -> Any:  # Python < 3.9 shape
        return self.value_of(node.value, frame)

    def expr_Starred(self, node: ast.Starred, frame: Frame) -> Any:
        raise refused("notebook.refused.expression", what="*")

    def expr_IfExp(self, node: ast.IfExp, frame: Frame) -> Any:
        return self.value_of(
            node.body if self.truth(self.value_of(node.test, frame)) else node.orelse, frame
        )

    def expr_BoolOp(self, node: ast.BoolOp, frame: Frame) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.value_of(operand, frame)
            truth = self.truth(value)
            if isinstance(node.op, ast.And) and not truth:
                return value
            if isinstance(node.op, ast.Or) and truth:
                return value
        return value

    def expr_UnaryOp(self, node: ast.UnaryOp, frame: Frame) -> Any:
        value = self.value_of(node.operand, frame)
        if isinstance(node.op, ast.Not):
            return not self.truth(value)
        return self.call_checked(_UNARY[type(node.op)], (value,), {}, kind=self.kind_of(value))

    def expr_BinOp(self, node: ast.BinOp, frame: Frame) -> Any:
        return self.binop(
            node.op, self.value_of(node.left, frame), self.value_of(node.right, frame)
        )

    def binop(self, op: ast.operator, a: Any, b: Any) -> Any:
        import torch

        fn = _BINOPS[type(op)]
        if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
            if isinstance(op, ast.MatMult):
                guards.check_matmul(self.limits, a, b)
            else:
                guards.check_broadcast(self.limits, a, b)
            return self.call_checked(fn, (a, b), {}, kind="torch")
        self.check_python_op(op, a, b)
        return _bounded(self.call_checked(fn, (a, b), {}, kind="python"))

    def check_python_op(self, op: ast.operator, a: Any, b: Any) -> None:
        """Python operations that could grow without bound are sized before they run."""
        seqs = (str, list, tuple)
        if isinstance(op, ast.Mod) and isinstance(a, str):
            raise refused("notebook.refused.percent_format")
        if isinstance(op, ast.Mult):
            for seq, n in ((a, b), (b, a)):
                if isinstance(seq, seqs) and isinstance(n, int):
                    self.check_length(len(seq) * max(0, n))
            if (
                isinstance(a, int)
                and isinstance(b, int)
                and a.bit_length() + b.bit_length() > MAX_INT_BITS
            ):
                raise limit("notebook.limit.number", cap=MAX_INT_BITS)
        if isinstance(op, ast.Add) and isinstance(a, seqs) and isinstance(b, seqs):
            self.check_length(len(a) + len(b))
        if (
            isinstance(op, ast.Pow)
            and isinstance(a, int)
            and isinstance(b, int)
            and abs(a) > 1
            and b > 0
            and b * math.log2(abs(a)) > MAX_INT_BITS
        ):
            raise limit("notebook.limit.number", cap=MAX_INT_BITS)
        if isinstance(op, ast.LShift) and isinstance(b, int) and b > MAX_INT_BITS:
            raise limit("notebook.limit.number", cap=MAX_INT_BITS)

    def check_length(self, n: int) -> None:
        if n > self.limits.max_elements:
            raise limit("notebook.limit.length", count=n, cap=self.limits.max_elements)

    def expr_Compare(self, node: ast.Compare, frame: Frame) -> Any:
        import torch

        left = self.value_of(node.left, frame)
        result: Any = True
        for op, right_node in zip(node.ops, node.comparators, strict=False):
            right = self.value_of(right_node, frame)
            tensors = isinstance(left, torch.Tensor) or isinstance(right, torch.Tensor)
            if not isinstance(op, (ast.Is, ast.IsNot)):
                # also `a in [b]` and `[a] == [b]`: Python compares the tensors inside.
                guards.check_broadcast(self.limits, left, right)
            result = self.call_checked(
                _COMPARE[type(op)], (left, right), {}, kind="torch" if tensors else "python"
            )
            if len(node.ops) > 1 and not self.truth(result):
                return result
            left = right
        return result

    def truth(self, value: object) -> bool:
        return bool(self.call_checked(bool, (value,), {}, kind=self.kind_of(value)))

    def kind_of(self, *values: object) -> str:
        import torch

        return "torch" if any(isinstance(v, torch.Tensor) for v in values) else "python"

    def expr_JoinedStr(self, node: ast.JoinedStr, frame: Frame) -> Any:
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append(self.formatted(value, frame))
            else:
                raise refused("notebook.refused.expression", what=node_name(value))
            self.check_length(sum(len(p) for p in parts))
        return "".join(parts)

    def formatted(self, node: ast.FormattedValue, frame: Frame) -> str:
        value = self.value_of(node.value, frame)
        spec = "" if node.format_spec is None else self.value_of(node.format_spec, frame)
        if not isinstance(spec, str):
            spec = str(spec)
        for digits in _digit_runs(spec):
            if int(digits) > 1000:
                raise limit("notebook.limit.format_width", cap=1000)
        if node.conversion == ord("r"):
            value = self.repr_of(value)
        elif node.conversion == ord("a"):
            value = ascii(self.repr_of(value))
        elif node.conversion == ord("s") or (not spec and not isinstance(value, (int, float))):
            value = self.text_of(value)
        return str(self.call_checked(format, (value, spec), {}, kind=self.kind_of(value)))

    def text_of(self, value: object) -> str:
        """str(value), bounded for nested containers (no exponential output from shared lists)."""
        if isinstance(value, str):
            return value
        if isinstance(value, (list, tuple, dict, set)) and not _is_namedtuple(value):
            return self.repr_of(value)
        return str(self.call_checked(str, (value,), {}, kind=self.kind_of(value)))

    def repr_of(self, value: object) -> str:
        return bounded_repr(value, self.limits.max_output_chars)

    # ------------------------------------------------------------------ comprehensions

    def comprehension(
        self, generators: Sequence[ast.comprehension], frame: Frame, emit: Callable[[Frame], None]
    ) -> None:
        self.comprehension_loop(generators, 0, Frame({}, frame, frame.owner, frame.instance), emit)

    def comprehension_loop(
        self,
        generators: Sequence[ast.comprehension],
        i: int,
        scope: Frame,
        emit: Callable[[Frame], None],
    ) -> None:
        """The ``i``-th ``for`` of a comprehension and those inside it (a method, not a closure
        calling itself: that would be a reference cycle holding the walker, per comprehension)."""
        if i == len(generators):
            emit(scope)
            return
        gen = generators[i]
        if gen.is_async:
            raise refused("notebook.refused.expression", what="async")
        for item in self.iterate(self.value_of(gen.iter, scope)):
            self.tick_iteration(scope)
            self.assign(gen.target, item, scope)
            if all(self.truth(self.value_of(cond, scope)) for cond in gen.ifs):
                self.comprehension_loop(generators, i + 1, scope, emit)

    def building_into(self, out: object, fill: Callable[[], None]) -> None:
        """Run a comprehension whose container counts toward the memory cap while it grows."""
        self.building.append(out)
        try:
            fill()
        finally:
            self.building.pop()

    def expr_ListComp(self, node: ast.ListComp, frame: Frame) -> Any:
        out: list[Any] = []
        self.building_into(
            out,
            lambda: self.comprehension(
                node.generators, frame, lambda scope: out.append(self.value_of(node.elt, scope))
            ),
        )
        return out

    def expr_GeneratorExp(self, node: ast.GeneratorExp, frame: Frame) -> Any:
        return iter(self.expr_ListComp(ast.ListComp(node.elt, node.generators), frame))

    def expr_SetComp(self, node: ast.SetComp, frame: Frame) -> Any:
        out: set[Any] = set()
        self.building_into(
            out,
            lambda: self.comprehension(
                node.generators,
                frame,
                lambda scope: out.add(self.hashed(self.value_of(node.elt, scope))),
            ),
        )
        return out

    def expr_DictComp(self, node: ast.DictComp, frame: Frame) -> Any:
        out: dict[Any, Any] = {}

        def emit(scope: Frame) -> None:
            out[self.hashable(self.value_of(node.key, scope))] = self.value_of(node.value, scope)

        self.building_into(out, lambda: self.comprehension(node.generators, frame, emit))
        return out

    def iterate(self, value: object) -> Iterator[Any]:
        import torch

        if isinstance(value, (Builtin, UserFunction, ModuleType, type)):
            raise Stop(
                "python",
                "notebook.error.not_iterable",
                {"type": _type_word(value)},
                exception="TypeError",
            )
        if isinstance(value, torch.Tensor) and value.dim() == 0:
            raise Stop(
                "torch",
                "notebook.error.iterate_scalar",
                {},
                exception="TypeError",
                torch_message="iteration over a 0-d tensor",
            )
        try:
            iterator: Iterator[Any] = iter(value)  # type: ignore[call-overload]
        except TypeError:
            raise Stop(
                "python",
                "notebook.error.not_iterable",
                {"type": _type_word(value)},
                exception="TypeError",
            ) from None
        return iterator

    def materialize(self, value: object) -> list[Any]:
        out: list[Any] = []
        for item in self.iterate(value):
            out.append(item)
            if len(out) > self.limits.max_elements:
                self.check_length(len(out))
        return out

    # ------------------------------------------------------------------ attributes

    def check_attr_name(self, name: str) -> None:
        if name.startswith("_"):
            raise refused("notebook.refused.dunder", name=name)

    def expr_Attribute(self, node: ast.Attribute, frame: Frame) -> Any:
        obj = self.value_of(node.value, frame)
        return self.get_attr(obj, node.attr, node)

    def get_attr(self, obj: object, name: str, node: ast.Attribute | None = None) -> Any:
        torch, nn, PackedSequence = _torch_types()

        self.check_attr_name(name)
        if isinstance(obj, ModuleType):
            module_name = obj.__name__
            if name in tables.MODULE_ATTRS.get(module_name, ()):
                return self.module_attr(obj, module_name, name)
            raise refused("notebook.refused.attribute_module", name=f"{module_name}.{name}")
        if isinstance(obj, PackedSequence):
            if name in tables.PACKED_ATTRS:
                return getattr(obj, name)
            if name in tables.TENSOR_ATTRS:
                raise _packed_attribute(name)
            raise refused(
                "notebook.refused.attribute",
                name=name,
                type="PackedSequence",
                where=_where_text(node or name),
            )
        if isinstance(obj, torch.Tensor):
            if name in tables.TENSOR_ATTRS:
                attr = self.call_checked(getattr, (obj, name), {}, kind="torch")
                guard = guards.METHOD_GUARDS.get(name)
                if guard is not None and callable(attr):
                    return Guarded(attr, _method_guard(guard, obj), f"Tensor.{name}")
                return attr
            raise refused(
                "notebook.refused.attribute",
                name=name,
                type="Tensor",
                where=_where_text(node or name),
            )
        if isinstance(obj, nn.Module):
            return self.module_attribute(obj, name, node or name)
        if isinstance(obj, torch.Size):
            allowed = tables.SIZE_ATTRS
        elif isinstance(obj, torch.device):
            allowed = frozenset({"type", "index"})
        elif isinstance(obj, torch.optim.Optimizer):
            allowed = tables.OPTIMIZER_ATTRS
        elif type(obj).__module__ == "torch.return_types":
            allowed = frozenset({"values", "indices"})
        elif _is_summary(obj):
            allowed = frozenset({"total_params", "trainable_params", "total_mult_adds"})
        else:
            allowed = tables.PY_METHODS.get(type(obj), frozenset())
        if name in allowed:
            attr = getattr(obj, name)
            if isinstance(obj, (list, dict, str)) and callable(attr):
                return SizedMethod(self, obj, name, attr)
            return attr
        raise refused(
            "notebook.refused.attribute",
            name=name,
            type=_type_word(obj),
            where=_where_text(node or name),
        )

    def module_attribute(self, module: Any, name: str, where: Where) -> Any:
        info = self.classes.get(type(module))
        registered = (
            name in module.__dict__.get("_parameters", {})
            or name in module.__dict__.get("_modules", {})
            or name in module.__dict__.get("_buffers", {})
        )
        user = info is not None and (
            name in info.methods or name in info.attrs or name in module.__dict__
        )
        if user or registered or name in tables.MODULE_METHODS or _looks_like_param(name):
            # weight_ih_l1 on a one-layer RNN: torch's own AttributeError says it best.
            attr = self.call_checked(getattr, (module, name), {}, kind="torch")
            move = devices.MOVES.get(name)
            if move is not None and not user and callable(attr):
                return Guarded(attr, move, f"{type(module).__name__}.{name}")
            return attr
        if name in tables.MODULE_CONFIG and hasattr(module, name):
            return self.call_checked(getattr, (module, name), {}, kind="torch")
        raise refused(
            "notebook.refused.attribute",
            name=name,
            type=type(module).__name__,
            where=_where_text(where),
        )

    def module_attr(self, module: ModuleType, module_name: str, name: str) -> Any:
        if (module_name, name) == ("torch", "manual_seed"):
            return _manual_seed
        if module_name == "torch.cuda":
            return devices.CUDA[name]
        value = getattr(module, name)
        guard = guards.FUNCTION_GUARDS.get((module_name, name))
        if guard is not None:
            return Guarded(value, guard, f"{module_name}.{name}")
        return value

    def import_module(self, name: str) -> ModuleType:
        if name not in tables.MODULES:
            raise refused("notebook.refused.import", name=name)
        loaded = sys.modules.get(name)
        if loaded is not None and not getattr(loaded.__spec__, "_initializing", False):
            return loaded  # as importlib would (a module another thread is loading: wait below)
        started = _clock()
        module = importlib.import_module(name)
        # A first import of torch or torchinfo takes seconds: not the learner's time.
        self.budget.extend(_clock() - started)
        return module

    # ------------------------------------------------------------------ subscripts

    def expr_Subscript(self, node: ast.Subscript, frame: Frame) -> Any:
        torch, nn, PackedSequence = _torch_types()

        value = self.value_of(node.value, frame)
        index = self.value_of(node.slice, frame)
        if isinstance(value, PackedSequence) and not isinstance(index, int):
            raise _packed_subscript()
        if isinstance(value, torch.Tensor):
            total = guards.index_count(self.limits, value, index)
            if total is not None:
                guards.check_count(self.limits, total)
            result = self.call_checked(operator.getitem, (value, index), {}, kind="torch")
            axes = self.book.get(value)
            if axes is not None:
                named = index_axes(axes, index)
                if named is not None:
                    self.book.note(result, named)
            return result
        if isinstance(value, nn.Sequential) and isinstance(index, (int, slice)):
            return self.call_checked(operator.getitem, (value, index), {}, kind="torch")
        if isinstance(value, (list, tuple, str, dict, range, torch.Size, PackedSequence)):
            return self.call_checked(operator.getitem, (value, index), {}, kind="python")
        raise refused("notebook.refused.subscript", type=_type_word(value))

    # ------------------------------------------------------------------ calls

    def expr_Call(self, node: ast.Call, frame: Frame) -> Any:
        self.line = getattr(node, "lineno", self.line)
        func_node = node.func
        if (
            isinstance(func_node, ast.Attribute)
            and isinstance(func_node.value, ast.Call)
            and isinstance(func_node.value.func, ast.Name)
            and func_node.value.func.id == "super"
        ):
            return self.super_call(node, func_node, frame)
        func = self.value_of(func_node, frame)
        args = self.eval_items(node.args, frame)
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            if keyword.arg is None:
                extra = self.value_of(keyword.value, frame)
                if not isinstance(extra, dict) or not all(isinstance(k, str) for k in extra):
                    raise refused("notebook.refused.expression", what="**")
                for key in extra:
                    self.check_name(key)
                kwargs.update(extra)
            else:
                self.check_name(keyword.arg)
                kwargs[keyword.arg] = self.value_of(keyword.value, frame)
        self.line = getattr(node, "lineno", self.line)
        return self.call(func, args, kwargs, func_node)

    def super_call(self, node: ast.Call, func_node: ast.Attribute, frame: Frame) -> Any:
        nn = _torch_types()[1]

        if frame.owner is None or frame.instance is None:
            raise refused("notebook.refused.super")
        if func_node.attr != "__init__":
            self.check_attr_name(func_node.attr)
        args = self.eval_items(node.args, frame)
        kwargs = {k.arg: self.value_of(k.value, frame) for k in node.keywords if k.arg is not None}
        parent = super(frame.owner, frame.instance)
        method = getattr(parent, func_node.attr)
        if func_node.attr != "__init__" and func_node.attr not in tables.MODULE_METHODS:
            raise refused("notebook.refused.super")
        if func_node.attr == "__init__":
            chain = type(frame.instance).__mro__
            rest = chain[chain.index(frame.owner) + 1 :]
            owner = next((k for k in rest if "__init__" in k.__dict__), object)
            if owner not in self.classes:
                base = next((k for k in rest if k not in self.classes), object)
                guards.check_constructor(self.limits, base, args, kwargs)
                if issubclass(base, nn.Sequential):
                    self.sequence_calls[frame.instance] = self.check_sequential(args)
        elif func_node.attr == "forward":
            guards.check_forward(self.limits, frame.instance, args)
        return self.call_checked(method, tuple(args), kwargs, kind="torch")

    def call(self, func: Any, args: list[Any], kwargs: dict[str, Any], where: Where) -> Any:
        _, nn, PackedSequence = _torch_types()

        if isinstance(func, (Builtin, UserFunction, SizedMethod)):
            return func(*args, **kwargs)
        if "device" in kwargs:
            devices.check_device(kwargs["device"])  # torch.zeros(..., device=device)
        if isinstance(func, Guarded):
            func.guard(self.limits, args, kwargs)
            if func.name == "torchinfo.summary":
                kwargs = {**kwargs, "verbose": 0}
            result = self.call_checked(
                func.function,
                tuple(args),
                kwargs,
                kind="torch",
                where=where if func.name.startswith("Tensor.") else func.name,
            )
            self.name_axes(func.function, args, kwargs, result)
            return result
        if isinstance(func, type):
            if func is PackedSequence:
                # Its batch_sizes would be trusted by pad_packed_sequence and the layers.
                raise refused("notebook.refused.packed_built")
            if issubclass(func, nn.Module):
                return self.construct(func, args, kwargs)
            return self.call_checked(func, tuple(args), kwargs, kind="torch", where=func.__name__)
        if (isinstance(func, nn.Module) and func not in self.watched) or (
            isinstance(getattr(func, "__self__", None), nn.Module)
            and getattr(func, "__name__", "") == "forward"
        ):
            # Our hooks check a layer's input (once), but a direct .forward(x) skips them.
            guards.check_forward(self.limits, getattr(func, "__self__", func), args)
        if callable(func):
            result = self.call_checked(func, tuple(args), kwargs, kind="torch", where=where)
            self.name_axes(func, args, kwargs, result)
            return result
        raise Stop(
            "python",
            "notebook.error.not_callable",
            {"type": _type_word(func)},
            exception="TypeError",
        )

    def torch_base(self, cls: type) -> type:
        """The first torch class in a (learner) class's inheritance chain."""
        for klass in cls.__mro__:
            if klass not in self.classes:
                return klass
        return cls  # pragma: no cover - every learner class derives from nn.Module

    def init_owner(self, cls: type) -> type:
        """The class whose ``__init__`` runs for ``cls(...)``: a learner class or a torch one."""
        for klass in cls.__mro__:
            if "__init__" in klass.__dict__:
                return klass
        return cls  # pragma: no cover - object defines __init__

    def name_axes(self, func: Any, args: list[Any], kwargs: dict[str, Any], result: Any) -> None:
        owner = getattr(func, "__self__", None)
        axes = self.book.get(owner) if owner is not None and not kwargs else None
        if axes is not None:
            named = method_axes(axes, getattr(func, "__name__", ""), args, result)
            if named is not None:
                self.book.note(result, named)

    def check_sequential(self, args: Sequence[Any]) -> int:
        """Modules one call of a Sequential of ``args`` runs, nested Sequentials included."""
        nn = _torch_types()[1]

        calls = sum(
            self.sequence_calls.get(arg, 1) if isinstance(arg, nn.Module) else 1 for arg in args
        )
        if calls > MAX_SEQUENTIAL:
            raise limit("notebook.limit.modules", count=calls, cap=MAX_SEQUENTIAL)
        return calls

    def construct(self, cls: type, args: list[Any], kwargs: dict[str, Any]) -> Any:
        nn = _torch_types()[1]

        owner = self.init_owner(cls)
        if owner not in self.classes:
            # cls itself, or a learner class without __init__: torch's constructor gets the
            # arguments, so they are sized as for that torch layer.
            guards.check_constructor(self.limits, self.torch_base(cls), args, kwargs)
        torch_init = owner not in self.classes and issubclass(cls, nn.Sequential)
        if torch_init:
            self.check_sequential(args)
        module = self.call_checked(cls, tuple(args), kwargs, kind="torch", where=cls.__name__)
        if torch_init:
            self.sequence_calls[module] = self.check_sequential(args)
        self.watch(module)
        return module

    def watch(self, module: Any) -> None:
        """Hooks on a module the notebook built: sizes checked before forward, axes named after."""
        nn = _torch_types()[1]

        limits = self.limits
        book = self.book

        def before(mod: Any, args: tuple[Any, ...]) -> None:
            guards.check_forward(limits, mod, args)

        def after(mod: Any, args: tuple[Any, ...], result: Any) -> None:
            book.note_forward(mod, args, result)

        # nn.Module's own methods: a learner class cannot stand in for them.
        nn.Module.register_forward_pre_hook(module, before)
        nn.Module.register_forward_hook(module, after)
        self.watched.add(module)

    def call_user(
        self, function: UserFunction, args: Sequence[Any], kwargs: Mapping[str, Any]
    ) -> Any:
        budget = self.budget
        budget.depth += 1
        saved_line = self.line
        try:
            if budget.depth > self.limits.max_depth:
                raise limit("notebook.limit.depth", cap=self.limits.max_depth)
            names = self.bind_arguments(function, args, kwargs)
            instance = args[0] if function.owner is not None and args else None
            frame = Frame(names, function.frame, function.owner, instance)
            saved_origin, self.origin = self.origin, function.origin
            saved_nesting, self.nesting = self.nesting, 0
            try:
                self.run_block(function.node.body, frame)
            except _Return as ret:
                return ret.value
            except (_Break, _Continue):
                raise refused("notebook.refused.statement", what="break") from None
            finally:
                self.origin = saved_origin
                self.nesting = saved_nesting
            return None
        finally:
            budget.depth -= 1
            if not isinstance(saved_line, int):
                saved_line = 0

    def bind_arguments(
        self, function: UserFunction, args: Sequence[Any], kwargs: Mapping[str, Any]
    ) -> dict[str, Any]:
        spec = function.node.args
        positional = [a.arg for a in (*spec.posonlyargs, *spec.args)]
        names: dict[str, Any] = {}
        for name, value in zip(positional, args, strict=False):
            names[name] = value
        extra = list(args[len(positional) :])
        if extra and spec.vararg is None:
            raise _wrong_arguments(function)
        if spec.vararg is not None:
            names[spec.vararg.arg] = tuple(extra)
        rest: dict[str, Any] = {}
        kwonly = [a.arg for a in spec.kwonlyargs]
        for key, value in kwargs.items():
            if key in names:
                raise _wrong_arguments(function)
            if key in positional or key in kwonly:
                names[key] = value
            elif spec.kwarg is not None:
                rest[key] = value
            else:
                raise _wrong_arguments(function)
        if spec.kwarg is not None:
            names[spec.kwarg.arg] = rest
        first_default = len(positional) - len(function.defaults)
        for i, name in enumerate(positional):
            if name not in names:
                if i >= first_default:
                    names[name] = function.defaults[i - first_default]
                else:
                    raise _wrong_arguments(function)
        for name, default in zip(kwonly, function.kw_defaults, strict=False):
            if name not in names:
                if default is None:
                    raise _wrong_arguments(function)
                names[name] = default
        return names

    def make_function(self, node: ast.FunctionDef | ast.AST, frame: Frame) -> UserFunction:
        if not isinstance(node, ast.FunctionDef):
            raise refused("notebook.refused.statement", what=node_name(node))
        if node.decorator_list:
            raise refused("notebook.refused.decorator", name=node.name)
        if node.name.startswith("_") and node.name != "__init__":
            raise refused("notebook.refused.dunder", name=node.name)
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
            self.check_name(arg.arg)
        defaults = [self.value_of(d, frame) for d in node.args.defaults]
        kw_defaults = [
            None if d is None else self.value_of(d, frame) for d in node.args.kw_defaults
        ]
        return UserFunction(self, node, frame, defaults, kw_defaults)

    def call_checked(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        kind: str,
        where: Where = None,
    ) -> Any:
        """Call into Python or torch; an exception becomes an explained Stop.

        With grading's beliefs installed, the runtime sees the call first (it may record it,
        or change what it gives under a belief) and calls back for torch's own result.
        """
        beliefs = self.beliefs
        if beliefs is not None:
            return beliefs.call(
                fn, args, kwargs, lambda a, k: self.checked_call(fn, a, k, kind, where)
            )
        return self.checked_call(fn, args, kwargs, kind, where)

    def checked_call(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        kind: str,
        where: Where = None,
    ) -> Any:
        """call_checked without the beliefs: torch's own result, or an explained Stop."""
        try:
            result = fn(*args, **kwargs)
        except (Stop, _Break, _Continue, _Return):
            raise
        except RecursionError:
            raise limit("notebook.limit.depth", cap=self.limits.max_depth) from None
        except MemoryError:
            raise limit("notebook.limit.elements", count=0, cap=self.limits.max_elements) from None
        except Exception as error:
            raise explain_exception(error, fn, args, kind, _where_text(where)) from None
        self.holdings.add(result)
        return result


def _cases(prefix: str) -> dict[type, Callable[[Walker, Any, Frame], Any]]:
    """Walker's ``stmt_X``/``expr_X`` methods by the syntax node type X they run (one lookup
    per node instead of building the method's name and looking it up on every step)."""
    return {
        getattr(ast, name.removeprefix(prefix)): case
        for name, case in vars(Walker).items()
        if name.startswith(prefix) and hasattr(ast, name.removeprefix(prefix))
    }


_STATEMENTS = _cases("stmt_")
_EXPRESSIONS = _cases("expr_")


def _wrong_arguments(function: UserFunction) -> Stop:
    """The learner's function was called with arguments that do not fit its parameters."""
    return Stop(
        "python", "notebook.error.arguments", {"name": function.name}, exception="TypeError"
    )


def _bounded(result: Any) -> Any:
    """A Python whole number that came out too long to print or compute with stops here."""
    if (
        isinstance(result, int)
        and not isinstance(result, bool)
        and result.bit_length() > MAX_INT_BITS
    ):
        raise limit("notebook.limit.number", cap=MAX_INT_BITS)
    return result


def _method_guard(guard: guards.Guard, tensor: object) -> guards.Guard:
    """A tensor method's guard, given the tensor as its first argument."""

    def check(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
        guard(limits, (tensor, *args), kwargs)

    return check


class Guarded:
    """A torch function whose arguments are sized (guards.py) before torch sees them."""

    def __init__(self, function: Callable[..., Any], guard: guards.Guard, name: str) -> None:
        self.function = function
        self.guard = guard
        self.name = name

    def __repr__(self) -> str:
        return repr(self.function)


class SizedMethod:
    """A list/str/dict method whose result is checked against the length cap."""

    def __init__(self, walker: Walker, obj: object, name: str, method: Callable[..., Any]) -> None:
        self.walker = walker
        self.obj = obj
        self.name = name
        self.method = method

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.name == "join" and args:
            args = (
                tuple(
                    self.walker.text_of(a) if not isinstance(a, str) else a
                    for a in self.walker.materialize(args[0])
                ),
                *args[1:],
            )
            self.walker.check_length(sum(len(a) for a in args[0]) + len(self.obj) * len(args[0]))  # type: ignore[arg-type]
        if self.name in ("extend", "update") and args:
            self.walker.check_length(len(self.obj) + len(self.walker.materialize(args[0])))  # type: ignore[arg-type]
        if self.name in ("append", "extend", "insert", "update"):
            if self.name == "update" and args and isinstance(args[0], dict):
                for key in args[0]:
                    self.walker.hashed(key)
            self.walker.check_memory(None, *args)
        result = self.walker.call_checked(self.method, args, kwargs, kind="python")
        if isinstance(self.obj, list):
            self.walker.check_length(len(self.obj))
        return result


class Builtin:
    """A builtin a cell may call (tables.BUILTINS), implemented or guarded here."""

    def __init__(self, walker: Walker, name: str) -> None:
        self.walker = walker
        self.name = name

    def __repr__(self) -> str:
        return f"<built-in function {self.name}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        walker = self.walker
        name = self.name
        if name == "print":
            return self.print(*args, **kwargs)
        if name == "super":
            raise refused("notebook.refused.super")
        if name == "range":
            result = walker.call_checked(range, args, kwargs, kind="python")
            try:
                size = len(result)
            except OverflowError:
                size = walker.limits.max_elements + 1
            walker.check_length(size)
            return result
        if name == "repr":
            return walker.repr_of(args[0]) if len(args) == 1 and not kwargs else self.fail()
        if name == "str":
            if len(args) == 1 and not kwargs:
                return walker.text_of(args[0])
            return "" if not args and not kwargs else self.fail()
        if name in ("list", "tuple", "set", "sorted", "sum", "min", "max", "any", "all", "dict"):
            args = tuple(self.sized(a) for a in args)
        self.check_work(args, kwargs)
        if name in ("zip", "enumerate", "reversed"):
            for arg in args:
                walker.iterate(arg)
        fn = _PY_BUILTINS[name]
        kind = walker.kind_of(
            *args, *(a for arg in args if isinstance(arg, (list, tuple)) for a in arg[:4])
        )
        return _bounded(walker.call_checked(fn, args, kwargs, kind=kind))

    def check_work(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        """Builtins whose one call could run for minutes are sized first (no clock inside)."""
        import torch

        name = self.name
        if name == "round" and (len(args) > 1 or "ndigits" in kwargs):
            digits = kwargs.get("ndigits", args[1] if len(args) > 1 else None)
            if isinstance(digits, int) and abs(digits) > MAX_ROUND_DIGITS:
                raise limit("notebook.limit.round", count=digits, cap=MAX_ROUND_DIGITS)
        if name in ("sorted", "min", "max", "set", "sum"):
            sequences = (list, tuple, range, set)
            one = len(args) == 1 or name in ("sum", "sorted", "set")
            items = list(args[0]) if one and args and isinstance(args[0], sequences) else []
            if not one:
                items = list(args)
            if name == "sum":
                start = kwargs.get("start", args[1] if len(args) > 1 else 0)
                if any(isinstance(v, (list, tuple, str, dict, set)) for v in (start, *items)):
                    raise refused("notebook.refused.sum_lists")
                tensors = [v for v in (start, *items) if isinstance(v, torch.Tensor)]
                if tensors:
                    guards.check_broadcast(self.walker.limits, *tensors)
                    bound = guards.bound_count([tuple(t.shape) for t in tensors])
                    guards.check_work(self.walker.limits, bound * len(tensors))
                return
            if len(items) > MAX_ITEMS:
                raise limit("notebook.limit.items", name=name, count=len(items), cap=MAX_ITEMS)
            longest = max(
                (len(v) for v in items if isinstance(v, (list, tuple, str, dict, set))), default=0
            )
            if len(items) * longest > self.walker.limits.max_elements:
                count = len(items) * longest
                raise limit("notebook.limit.items", name=name, count=count, cap=MAX_ITEMS)
            if name == "set":
                for item in items:
                    self.walker.hashed(item)
                return
            shapes = {tuple(v.shape) for v in items if isinstance(v, torch.Tensor)}
            if len(shapes) > 1:
                left, right = sorted(shapes)[:2]
                raise refused("notebook.refused.compare_shapes", name=name, left=left, right=right)
            key = kwargs.get("key")
            if key is not None and not isinstance(key, (Builtin, UserFunction)):
                raise refused("notebook.refused.key", name=name)
        if name == "dict" and args and isinstance(args[0], (list, tuple)):
            for pair in args[0]:
                if isinstance(pair, (list, tuple)) and pair:
                    self.walker.hashed(pair[0])

    def sized(self, value: Any) -> Any:
        import torch

        if isinstance(value, (Iterator, zip, enumerate, reversed)) or (
            isinstance(value, Iterable) and not isinstance(value, (str, torch.Tensor, dict))
        ):
            if isinstance(value, (range, list, tuple)):
                self.walker.check_length(len(value))
                return value
            return self.walker.materialize(value)
        return value

    def fail(self) -> Any:
        raise Stop("python", "notebook.error.arguments", {"name": self.name}, exception="TypeError")

    def print(
        self, *args: Any, sep: Any = " ", end: Any = "\n", flush: Any = False, **rest: Any
    ) -> None:
        if rest:
            raise refused("notebook.refused.print_arg", name=next(iter(rest)))
        sep = " " if sep is None else sep
        end = "\n" if end is None else end
        if not isinstance(sep, str) or not isinstance(end, str):
            raise Stop(
                "python", "notebook.error.arguments", {"name": "print"}, exception="TypeError"
            )
        text = sep.join(self.walker.text_of(arg) for arg in args) + end
        self.walker.budget.write(text)


# Methods of nn.Module a learner class may define itself (torch calls nothing else of theirs).
_OVERRIDABLE = frozenset({"__init__", "forward", "extra_repr"})

_PY_BUILTINS: dict[str, Callable[..., Any]] = {
    "len": len,
    "min": min,
    "max": max,
    "sum": sum,
    "abs": abs,
    "round": round,
    "int": int,
    "float": float,
    "bool": bool,
    "list": list,
    "tuple": tuple,
    "dict": dict,
    "zip": zip,
    "enumerate": enumerate,
    "sorted": sorted,
    "reversed": reversed,
    "isinstance": isinstance,
    "any": any,
    "all": all,
    "set": set,
    "divmod": divmod,
}

_STATEMENT_WORDS: dict[type, str] = {
    ast.Try: "try",
    ast.Raise: "raise",
    ast.Global: "global",
    ast.Nonlocal: "nonlocal",
    ast.AsyncFunctionDef: "async def",
    ast.AsyncFor: "async for",
    ast.AsyncWith: "async with",
}
_EXPRESSION_WORDS: dict[type, str] = {
    ast.Lambda: "lambda",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield from",
    ast.NamedExpr: ":=",
}


_TARGETS: dict[type, Callable[[Any], Sequence[ast.expr]]] = {
    ast.Assign: lambda node: node.targets,
    ast.AugAssign: lambda node: [node.target],
    ast.AnnAssign: lambda node: [node.target],
    ast.For: lambda node: [node.target],
}


@functools.cache
def _torch_types() -> tuple[Any, Any, Any]:
    """torch, torch.nn and PackedSequence, looked up once (the walker asks on every step)."""
    import torch
    from torch import nn
    from torch.nn.utils.rnn import PackedSequence

    return torch, nn, PackedSequence


def _manual_seed(seed: int) -> Any:
    """torch.manual_seed on a CPU build: the CPU generator (torch's own also queues a lazy CUDA
    seeding with a formatted stack trace, which costs more than the rest of a cell)."""
    import torch

    if torch.cuda.is_available():  # pragma: no cover (CPU wheel)
        return torch.manual_seed(seed)
    return torch.default_generator.manual_seed(seed)


def _snapshot(value: object) -> object:
    """A small list as it is now (``outs = []`` is shown empty, not as the loop left it)."""
    if type(value) is list and len(value) <= 8:
        return list(value)
    return value


def _assigned(target: ast.expr) -> list[str]:
    """The plain names an assignment target binds (``a``, ``a, (b, c)``, ``*rest``)."""
    if type(target) is ast.Name:
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for elt in target.elts for name in _assigned(elt)]
    if isinstance(target, ast.Starred):
        return _assigned(target.value)
    return []


def _digit_runs(spec: str) -> list[str]:
    runs: list[str] = []
    current = ""
    for ch in spec:
        if ch.isdigit():
            current += ch
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def _is_tensor(value: object) -> bool:
    import torch

    return isinstance(value, torch.Tensor)


def _is_namedtuple(value: object) -> bool:
    return isinstance(value, tuple) and hasattr(value, "_fields")


def _is_summary(value: object) -> bool:
    return type(value).__name__ == "ModelStatistics" and type(value).__module__.startswith(
        "torchinfo"
    )


def _looks_like_param(name: str) -> bool:
    return name.startswith(("weight_", "bias_"))


def _type_word(value: object) -> str:
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, Builtin):
        return "builtin_function"
    if isinstance(value, UserFunction):
        return "function"
    return type(value).__name__


def _packed_attribute(name: str) -> Stop:
    return Stop(
        "python",
        "notebook.explain.packed_attribute",
        {"name": name},
        exception="AttributeError",
        torch_message=f"'PackedSequence' object has no attribute '{name}'",
        misconception="packed_has_shape",
        fix_id="notebook.fix.packed_data",
        fix_params={"name": name},
    )


def _packed_subscript() -> Stop:
    return Stop(
        "python",
        "notebook.explain.packed_subscript",
        {},
        exception="TypeError",
        torch_message="a PackedSequence is not a tensor: it cannot be sliced like one",
        misconception="packed_has_shape",
        fix_id="notebook.fix.pad_packed",
        fix_params={},
    )
