"""Hostile cells: refused or stopped within the limits, no file touched, never a traceback.

Each case says how it must end (refused / limit, and the message id); the whole run happens
in an empty working directory that must still be empty afterwards. A hypothesis test then
feeds arbitrary text and fragments of Python: run_cell must always return a CellRun.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnn_tutor.core.notebook import CellFailure, Limits, Notebook

PRELUDE = "import torch\nimport torch.nn as nn\nx = torch.randn(2, 3)\nrnn = nn.RNN(3, 4)\n"

# (cell, kind, message id)
HOSTILE: list[tuple[str, str, str]] = [
    # imports
    ("import os", "refused", "notebook.refused.import"),
    ("import subprocess as sp", "refused", "notebook.refused.import"),
    ("from os import system", "refused", "notebook.refused.import"),
    ("import torch.utils.cpp_extension", "refused", "notebook.refused.import"),
    ("from torch import load", "refused", "notebook.refused.import"),
    ("from torch import *", "refused", "notebook.refused.import_star"),
    ("from . import x", "refused", "notebook.refused.import"),
    ("import numpy as np", "refused", "notebook.refused.import"),
    ("__import__('os').system('touch pwned')", "refused", "notebook.refused.dunder"),
    ("torch.save(x, 'pwned.pt')", "refused", "notebook.refused.attribute_module"),
    ("torch.load('pwned.pt')", "refused", "notebook.refused.attribute_module"),
    ("torch.from_file('pwned', size=10)", "refused", "notebook.refused.attribute_module"),
    ("torch.hub.load('a', 'b')", "refused", "notebook.refused.attribute_module"),
    ("torch.ops.aten", "refused", "notebook.refused.attribute_module"),
    ("torch.jit.script(rnn)", "refused", "notebook.refused.attribute_module"),
    ("torch.utils.data", "refused", "notebook.refused.attribute_module"),
    ("nn.utils.prune", "refused", "notebook.refused.attribute_module"),
    # dunders and private attributes
    ("x.__class__", "refused", "notebook.refused.dunder"),
    ("().__class__.__bases__[0].__subclasses__()", "refused", "notebook.refused.dunder"),
    ("rnn._parameters", "refused", "notebook.refused.dunder"),
    ("rnn.__dict__", "refused", "notebook.refused.dunder"),
    ("__builtins__", "refused", "notebook.refused.dunder"),
    ("x.storage()", "refused", "notebook.refused.attribute"),
    ("x.numpy()", "refused", "notebook.refused.attribute"),
    ("rnn.register_forward_hook(print)", "refused", "notebook.refused.attribute"),
    ("rnn.register_forward_hook(print)", "refused", "notebook.refused.attribute"),
    ("rnn.batch_first = True", "refused", "notebook.refused.set_attr"),
    ("torch.Tensor.add", "refused", "notebook.refused.attribute"),
    ("nn.Module.__init__", "refused", "notebook.refused.dunder"),
    ("'abc'.format", "refused", "notebook.refused.attribute"),
    ("'{0.__class__}'.format(x)", "refused", "notebook.refused.attribute"),
    ("def __getattr__(n):\n    pass", "refused", "notebook.refused.dunder"),
    (
        "class Net(nn.Module):\n    def __getattribute__(self, n):\n        return 1",
        "refused",
        "notebook.refused.dunder",
    ),
    ("class Evil:\n    pass", "refused", "notebook.refused.class_base"),
    ("class Net(nn.Module):\n    import os", "refused", "notebook.refused.class_body"),
    # builtins that escape
    ("getattr(x, 'shape')", "refused", "notebook.refused.builtin"),
    ("open('pwned', 'w').write('x')", "refused", "notebook.refused.builtin"),
    ("globals()", "refused", "notebook.refused.builtin"),
    ("eval('1')", "refused", "notebook.refused.builtin"),
    ("exec('import os')", "refused", "notebook.refused.builtin"),
    ("compile('1', 'a', 'eval')", "refused", "notebook.refused.builtin"),
    ("type(x)", "refused", "notebook.refused.builtin"),
    ("vars(rnn)", "refused", "notebook.refused.builtin"),
    ("breakpoint()", "refused", "notebook.refused.builtin"),
    ("input()", "refused", "notebook.refused.builtin"),
    ("print(x, file=None)", "refused", "notebook.refused.print_arg"),
    ("super().__init__()", "refused", "notebook.refused.super"),
    ("try:\n    pass\nexcept Exception:\n    pass", "refused", "notebook.refused.statement"),
    ("global x", "refused", "notebook.refused.statement"),
    ("with open('pwned') as f:\n    pass", "refused", "notebook.refused.builtin"),
    ("async def f():\n    pass", "refused", "notebook.refused.statement"),
    # lambdas
    ("f = lambda: 0", "refused", "notebook.refused.expression"),
    ("(lambda: __import__('os'))()", "refused", "notebook.refused.expression"),
    ("sorted([1, 2], key=lambda v: v)", "refused", "notebook.refused.expression"),
    ("y = (n := 3)", "refused", "notebook.refused.expression"),
    ("def g():\n    yield 1\ng()", "refused", "notebook.refused.expression"),
    # f-string and formatting tricks
    ("f'{x.__class__}'", "refused", "notebook.refused.dunder"),
    ("f'{1:>{10**9}}'", "limit", "notebook.limit.format_width"),
    ("f'{1:>999999999}'", "limit", "notebook.limit.format_width"),
    ("'%s' % (x,)", "refused", "notebook.refused.percent_format"),
    ("f'{getattr(x, \"shape\")}'", "refused", "notebook.refused.builtin"),
    ("b'bytes'", "refused", "notebook.refused.expression"),
    # huge and zero-size tensors
    ("torch.randn(1000000, 1000000)", "limit", "notebook.limit.axis"),
    ("torch.zeros(0, 10**9)", "limit", "notebook.limit.axis"),
    ("torch.zeros(0, 60000, 60000)", "limit", "notebook.limit.elements"),
    ("torch.ones(60000, 0, 0, 60000)", "limit", "notebook.limit.elements"),
    ("torch.ones((2**31,))", "limit", "notebook.limit.axis"),
    ("torch.ones(size=(5000, 5000))", "limit", "notebook.limit.elements"),
    ("torch.empty(5000, 5000)", "limit", "notebook.limit.elements"),
    ("torch.Tensor(60000, 60000)", "limit", "notebook.limit.elements"),
    ("torch.arange(10**10)", "limit", "notebook.limit.axis"),
    ("torch.arange(0, 1, 1e-9)", "limit", "notebook.limit.axis"),
    ("torch.full((60000, 60000), 1.0)", "limit", "notebook.limit.elements"),
    ("torch.randint(0, 5, (60000, 60000))", "limit", "notebook.limit.elements"),
    ("torch.tensor([[0] * 60000] * 60000)", "limit", "notebook.limit.elements"),
    ("torch.tensor([0, [[0] * 60000] * 60000])", "limit", "notebook.limit.elements"),
    ("nn.Linear(60000, 60000)", "limit", "notebook.limit.elements"),
    ("nn.Embedding(10**6, 10**3)", "limit", "notebook.limit.axis"),
    ("nn.LSTM(30000, 30000)", "limit", "notebook.limit.elements"),
    ("nn.GRU(3, 4, num_layers=5000)", "limit", "notebook.limit.layers"),
    ("torch.randn(60000, 1) + torch.randn(1, 60000)", "limit", "notebook.limit.elements"),
    ("torch.randn(3000, 1000) @ torch.randn(1000, 3000)", "limit", "notebook.limit.elements"),
    (
        "torch.bmm(torch.randn(1, 2000, 2000), torch.randn(1, 2000, 2000))",
        "limit",
        "notebook.limit.work",
    ),
    (
        "a = torch.zeros(4000)\nb = a[torch.zeros(4000, 4000, dtype=torch.long)]",
        "limit",
        "notebook.limit.elements",
    ),
    ("torch.cat([torch.zeros(1000, 1000)] * 60)", "limit", "notebook.limit.elements"),
    ("nn.Linear(3, 60000)(torch.randn(500, 3))", "limit", "notebook.limit.elements"),
    (
        "nn.Embedding(10, 1000)(torch.zeros(100, 100, dtype=torch.long))",
        "limit",
        "notebook.limit.elements",
    ),
    ("[0] * 10**9", "limit", "notebook.limit.length"),
    ("'a' * 10**9", "limit", "notebook.limit.length"),
    ("10 ** 10 ** 10", "limit", "notebook.limit.number"),
    ("1 << 10**9", "limit", "notebook.limit.number"),
    ("list(range(10**9))", "limit", "notebook.limit.length"),
    ("range(10**30)", "limit", "notebook.limit.length"),
    ("s = 'ab'\nfor i in range(40):\n    s = s + s", "limit", "notebook.limit.length"),
    ("a = []\nfor i in range(40):\n    a = [a, a]\nprint(a)", "limit", "notebook.limit.output"),
    ("a = []\nfor i in range(200):\n    a = [a]\nprint(a)", "limit", "notebook.limit.nesting"),
    ("print('x' * 1000000)", "limit", "notebook.limit.output"),
    (
        "from torchinfo import summary\nsummary(rnn, input_size=(60000, 60000, 3))",
        "limit",
        "notebook.limit.elements",
    ),
    (
        "from torchinfo import summary\nsummary(rnn, col_width=10**9)",
        "limit",
        "notebook.limit.axis",
    ),
    (
        "from torchinfo import summary\nsummary(rnn, device='cpu')",
        "refused",
        "notebook.refused.summary_option",
    ),
    # deep nesting and recursion
    ("y = " + "(" * 1000 + "1" + ")" * 1000, "python", "notebook.error.syntax"),  # parser's own cap
    ("y = " + "[" * 60 + "]" * 60, "limit", "notebook.limit.nesting"),
    ("y = " + " + ".join(["1"] * 5000), "limit", "notebook.limit.nesting"),
    ("y = " + "-" * 5000 + "1", "limit", "notebook.limit.nesting"),
    ("def f(n):\n    return f(n + 1)\nf(0)", "limit", "notebook.limit.depth"),
    (
        "def f(n):\n    return g(n)\ndef g(n):\n    return f(n)\nf(0)",
        "limit",
        "notebook.limit.depth",
    ),
    (
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "    def forward(self, x):\n        return self(x)\nNet()(x)",
        "limit",
        "notebook.limit.depth",
    ),
    # endless loops
    ("while True:\n    pass", "limit", "notebook.limit.iterations"),
    ("for i in range(10**6):\n    pass", "limit", "notebook.limit.iterations"),
    ("i = 0\nwhile i >= 0:\n    i += 1", "limit", "notebook.limit.iterations"),
    ("[i for i in range(10**6)]", "limit", "notebook.limit.iterations"),
    ("sum(i for i in range(10**6))", "limit", "notebook.limit.iterations"),
    ("def f():\n    while True:\n        pass\nf()", "limit", "notebook.limit.iterations"),
    # 1 MB of code
    ("x = 1\n" * 170_000, "limit", "notebook.limit.source"),
    ("#" * 1_000_000, "limit", "notebook.limit.source"),
]


@pytest.fixture
def empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("cell", "kind", "message_id"), HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_cell_is_refused_or_stopped(
    cell: str, kind: str, message_id: str, empty_dir: Path
) -> None:
    notebook = Notebook()
    assert notebook.run_cell(PRELUDE).ok
    run = notebook.run_cell(cell)
    # The outcome is the assertion (a cap or a refusal); no clock: a loaded machine is slow.
    assert not run.ok
    assert run.error is not None
    assert (run.error.kind, run.error.message_id) == (kind, message_id), run.error
    assert os.listdir(empty_dir) == []
    # The notebook is still usable afterwards.
    assert notebook.run_cell("z = x.shape").ok


def test_the_hostile_list_covers_every_kind_the_issue_names() -> None:
    ids = {message_id for _, _, message_id in HOSTILE}
    for needed in (
        "notebook.refused.import", "notebook.refused.dunder", "notebook.refused.builtin",
        "notebook.refused.expression", "notebook.limit.format_width", "notebook.limit.axis",
        "notebook.limit.elements", "notebook.limit.nesting", "notebook.limit.depth",
        "notebook.limit.iterations", "notebook.limit.source",
    ):  # fmt: skip
        assert needed in ids, needed
    assert len(HOSTILE) >= 100


def test_the_refusal_names_the_line_and_what_was_not_understood() -> None:
    run = Notebook().run_cell("import torch\nx = 1\nimport os\nos.system('ls')")
    assert run.error is not None
    assert run.error.line == 3
    assert run.error.params == {"name": "os"}
    assert [s.line for s in run.statements] == [1, 2]


def test_attribute_refusal_names_the_expression() -> None:
    run = Notebook().run_cell("import torch\nx = torch.zeros(2)\n\ny = x.numpy()")
    assert run.error is not None
    assert (run.error.line, run.error.params["where"]) == (4, "x.numpy")


def test_a_slow_cell_is_stopped_by_the_time_limit() -> None:
    notebook = Notebook(Limits(max_seconds=0.3, max_iterations=10**6))
    notebook.run_cell("import torch")  # torch's first import is not what is measured
    started = time.monotonic()
    run = notebook.run_cell(
        "import torch\nfor i in range(10**6):\n    y = torch.randn(50, 50) @ torch.randn(50, 50)"
    )
    assert time.monotonic() - started < 60  # 10**6 rounds would take many minutes
    assert run.error is not None
    assert run.error.message_id == "notebook.limit.time"


def test_statement_cap() -> None:
    run = Notebook(Limits(max_statements=50)).run_cell("x = 0\n" * 100)
    assert run.error is not None
    assert run.error.message_id == "notebook.limit.statements"
    # every statement before the one stopped is reported, and no more than the cap ran
    assert len(run.statements) <= 50
    assert run.error.line == len(run.statements) + 1


def test_evaluate_raises_cell_failure_for_hostile_expressions() -> None:
    notebook = Notebook()
    for expression in ("__import__('os')", "open('x')", "x.__class__", "torch.zeros(10**9)"):
        with pytest.raises(CellFailure) as caught:
            notebook.run_cell("import torch\nx = 1")
            notebook.evaluate(expression)
        assert caught.value.error.kind in ("refused", "limit")
    with pytest.raises(CellFailure):
        notebook.evaluate("x = 1")  # a statement is not an expression


def test_control_characters_from_cells_never_come_back_live() -> None:
    run = Notebook().run_cell("print('\\x1b[31mred\\x07')\ns = '\\x1b]0;title\\x07'\ns")
    assert "\x1b" not in run.stdout
    assert "\x07" not in run.stdout
    assert run.display is not None and "\x1b" not in run.display
    assert all("\x1b" not in b.text for s in run.statements for b in s.bindings)


FRAGMENTS = [
    "x", "torch", "nn", "rnn", "(", ")", "[", "]", ":", ",", ".", "=", "+", "*", "-1", "0", "3",
    "10**9", "shape", "view", "__class__", "import", "os", "lambda", "for", "in", "range",
    "while True", "\n", "    ", "print", "f'{x}'", "torch.randn", "nn.LSTM", "def", "class",
    "return", "if", "else", "yield", "open", "'a'", "None", "*", "**", "@", "~", "not",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300), st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join)
    )
)
def test_arbitrary_text_never_raises(text: str) -> None:
    notebook = Notebook(Limits(max_seconds=2.0))
    notebook.run_cell(PRELUDE)
    run = notebook.run_cell(text)
    if run.error is not None:
        assert run.error.kind in ("refused", "limit", "torch", "python")
        assert run.error.message_id.startswith("notebook.")
        assert run.error.message_id != "notebook.error.internal", (text, run.error)
    try:
        notebook.evaluate(text)
    except CellFailure as failure:
        assert failure.error.message_id != "notebook.error.internal", (text, failure.error)
