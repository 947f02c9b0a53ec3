"""A notebook's own bookkeeping makes no reference cycles.

What a notebook counts (held tensors, axis names) and the walker itself go as soon as the
notebook goes, by reference counting: a cycle per tensor or per comprehension would wait for
the garbage collector, which with torch loaded walks hundreds of thousands of objects.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from rnn_tutor.core.notebook import Notebook

CELL = (
    "import torch\nfrom torch import nn\n"
    "rnn = nn.GRU(3, 4, batch_first=True)\n"
    "out, h_n = rnn(torch.randn(2, 5, 3))\n"
    "last = out[:, -1]\n"
    "sizes = {name: tuple(p.shape) for name, p in rnn.named_parameters()}\n"
    "total = sum(p.numel() for p in rnn.parameters())\n"
)


@pytest.fixture
def no_collector() -> Iterator[None]:
    # First runs import torch's lazy parts, whose import frames may outlive the run.
    assert Notebook().run_cell(CELL).ok
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("no_collector")
def test_a_dropped_notebook_is_freed_without_the_collector() -> None:
    notebook = Notebook()
    run = notebook.run_cell(CELL)
    assert run.ok, run.error
    assert any(b.axes for s in run.statements for b in s.bindings)  # the book was used
    left: list[weakref.ref[Any]] = [
        weakref.ref(notebook.walker),
        weakref.ref(notebook.walker.holdings),
        weakref.ref(notebook.book),
    ]
    del notebook
    assert [ref() for ref in left] == [None, None, None]


@pytest.mark.usefixtures("no_collector")
def test_a_tensor_that_goes_is_forgotten_at_once() -> None:
    notebook = Notebook()
    assert notebook.run_cell(CELL).ok
    holdings = notebook.walker.holdings
    held = holdings.tensors
    assert notebook.run_cell("x = torch.ones(1000)").ok
    assert holdings.tensors == held + 1000
    assert notebook.run_cell("del x").ok
    assert holdings.tensors == held
