"""My code's run of a notebook that defines its own nn.Module class (the tutorials' layout).

The official name-classification tutorial defines ``class RNN(nn.Module)`` and then builds
``rnn = RNN(...)``. The class itself was taken for a module: reading its parameters (a
plain function wanting ``self``) raised inside the kernel session, which exited, and My
code said "The kernel stopped (exit)" on every such notebook, while ``explain`` ran it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rnn_tutor.core.kernel import Kernel
from rnn_tutor.core.kernel.client import KernelStop
from rnn_tutor.core.notebook import Limits, Notebook
from rnn_tutor.core.notebook.editor_run import EditorRun, is_module, run_editor

TUTORIAL = """import torch
import torch.nn as nn

class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        output = self.softmax(output)
        return output

n_letters, n_hidden, n_categories = 57, 128, 18
rnn = RNN(n_letters, n_hidden, n_categories)
line_tensor = torch.zeros(5, 1, n_letters)
output = rnn(line_tensor)
print(output.shape)
"""


def check(ran: EditorRun) -> None:
    assert ran.run.ok, ran.run.error
    assert "RNN" not in ran.modules  # the class is no module
    facts = ran.modules["rnn"]
    assert facts.kind == "RNN"
    assert facts.total == 57 * 128 + 128 * 128 + 2 * 128 + 128 * 18 + 18
    assert [(p.owner, p.leaf, p.shape) for p in facts.params][:2] == [
        ("rnn", "weight_ih_l0", (128, 57)),
        ("rnn", "weight_hh_l0", (128, 128)),
    ]
    assert "rnn" in facts.recurrent


def test_a_class_is_not_a_module() -> None:
    import torch.nn as nn

    assert not is_module(nn.Module) and not is_module(nn.LSTM)
    assert is_module(nn.LSTM(2, 3))


def test_the_tutorial_runs_in_process() -> None:
    check(run_editor(Notebook(Limits()), TUTORIAL))


@pytest.fixture
def kernel() -> Iterator[Kernel]:
    started = Kernel()
    yield started
    started.close()


def test_the_tutorial_runs_in_a_kernel_session(kernel: Kernel) -> None:
    ran = kernel.session().run_editor(TUTORIAL)
    assert not isinstance(ran, KernelStop), ran
    check(ran)
