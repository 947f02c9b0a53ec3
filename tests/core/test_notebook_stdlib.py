"""``random``, ``math`` and ``__future__`` in learner cells, against plain Python.

The first cell of most tutorials imports them (the corpus: char-RNN seeds, ``math.sqrt`` in
positional encodings, ``from __future__ import print_function``). Each is a safe subset: the
values a cell computes with them must be the ones plain Python computes, with the same seed,
and the names left out (work no cap sees, generator state) are refused by name.
"""

from __future__ import annotations

import json

import pytest

from rnn_tutor.core.notebook import Notebook
from tests.core.test_notebook_differential import interpreted_cells, reference_notebooks

CELLS = [
    "from __future__ import unicode_literals, print_function, division\n"
    "import math\nimport random\nimport torch\nrandom.seed(1234)\ntorch.manual_seed(0)\n",
    "n = int(math.sqrt(16)) + math.floor(2.5) + math.ceil(0.2)\n"
    "k = random.randint(0, 100)\n"
    "j = random.randrange(3, 9)\n"
    "r = int(random.random() * 1000)\n"
    "u = int(random.uniform(5, 10))\n"
    "order = [0, 1, 2, 3, 4, 5]\n"
    "random.shuffle(order)\n"
    "pick = random.choice(order)\n"
    "teacher = random.random() < 0.5\n",
    "t = torch.zeros(n, k % 5 + 1, j)\n"
    "scale = int(math.exp(-math.log(10000.0) / 4) * 100)\n"
    "pe = torch.zeros(10, 4) * math.sqrt(4)\n"
    "flat = torch.ones(2, 3).view(-1, int(math.log2(8)))\n",
]


def test_seeded_random_and_math_give_plain_pythons_values_and_shapes() -> None:
    shapes, errors = interpreted_cells(CELLS, error="message_id")
    want = reference_notebooks([CELLS])[0]
    assert errors == [None, None, None]
    assert want["errors"] == [None, None, None]
    assert shapes == want["shapes"]
    assert shapes["order"][1] == 6 and shapes["t"][0] == "tensor"


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("import random\nstate = random.getstate()\n", "getstate"),
        ("import random\nxs = random.choices([1, 2], k=10)\n", "choices"),
        ("import math\nbig = math.factorial(10)\n", "factorial"),
        ("import math\nd = math.__dict__\n", "__dict__"),
        ("from random import SystemRandom\n", "SystemRandom"),
        ("import os\n", "os"),
    ],
)
def test_what_is_outside_the_subsets_is_refused_by_name(source: str, name: str) -> None:
    run = Notebook().run_cell(source)
    assert run.error is not None and run.error.kind == "refused"
    assert name in json.dumps(run.error.params) or name in run.error.message_id, run.error


def test_variable_of_old_tutorials_returns_the_tensor_as_plain_torch_does() -> None:
    """``autograd.Variable(t)`` (s01-s07, p01 of the corpus) is the tensor itself since 0.4."""
    cells = [
        "import torch\nfrom torch.autograd import Variable\nimport torch.autograd as autograd\n",
        "v = Variable(torch.zeros(1, 3))\nw = autograd.Variable(torch.randn(2, 1, 3))\n"
        "h = (autograd.Variable(torch.zeros(1, 1, 6)), autograd.Variable(torch.zeros(1, 1, 6)))\n",
    ]
    shapes, errors = interpreted_cells(cells, error="message_id")
    want = reference_notebooks([cells])[0]
    assert errors == [None, None] and want["errors"] == [None, None]
    assert shapes == want["shapes"]
    assert shapes["w"] == ["tensor", [2, 1, 3], "torch.float32"]
    run = Notebook().run_cell("import torch.autograd\ng = torch.autograd.grad\n")
    assert run.error is not None and run.error.kind == "refused"
