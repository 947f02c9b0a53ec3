"""A training step in learner cells, against plain Python: losses, optimizers, backward, nn.init,
and the legacy makers old tutorials build their batches with.

Each cell seeds torch, so plain Python and the interpreter compute the same numbers: besides
the shapes, a few values are compared as ints (``round(loss.item() * 1e4)``), which shows the
step was real (the parameters moved as torch moves them).
"""

from __future__ import annotations

import json

import pytest

from rnn_tutor.core.notebook import Notebook
from tests.core.test_notebook_differential import interpreted_cells, reference_notebooks

SETUP = (
    "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
    "import torch.optim as optim\ntorch.manual_seed(0)\n"
)

CELLS = [
    SETUP,
    # losses on the shapes learners ask about: (N, C), (N, C, L) and flattened sequences
    "logits = torch.randn(4, 7, 10)\ntargets = torch.randint(0, 10, (4, 7))\n"
    "ce = nn.CrossEntropyLoss(ignore_index=0)\n"
    "flat = ce(logits.view(-1, 10), targets.view(-1))\n"
    "seq = ce(logits.permute(0, 2, 1), targets)\n"
    "each = F.cross_entropy(logits.reshape(-1, 10), targets.reshape(-1), reduction='none')\n"
    "nll = nn.NLLLoss()(F.log_softmax(logits[:, -1], dim=1), targets[:, -1])\n"
    "f_nll = F.nll_loss(F.log_softmax(logits[:, 0], dim=-1), targets[:, 0])\n"
    "mse = nn.MSELoss()(torch.randn(3, 2), torch.randn(3, 2))\n"
    "bce = nn.BCEWithLogitsLoss()(torch.randn(5), torch.rand(5))\n"
    "values = [round(v.item() * 1e4) for v in (flat, seq, nll, f_nll, mse, bce)]\n"
    "same = round(flat.item() * 1e4) == round(seq.item() * 1e4)\n",
    # one real optimizer step, then a loop of them
    "model = nn.GRU(3, 5, batch_first=True)\nhead = nn.Linear(5, 2)\n"
    "params = list(model.parameters()) + list(head.parameters())\n"
    "opt = optim.Adam(params, lr=0.01)\nsgd = optim.SGD(head.parameters(), lr=0.1, momentum=0.9)\n"
    "x = torch.randn(6, 4, 3)\ny = torch.randint(0, 2, (6,))\n"
    "losses = []\n"
    "for epoch in range(3):\n"
    "    opt.zero_grad()\n"
    "    out, h = model(x)\n"
    "    loss = F.cross_entropy(head(out[:, -1]), y)\n"
    "    loss.backward()\n"
    "    torch.nn.utils.clip_grad_norm_(params, 1.0)\n"
    "    opt.step()\n"
    "    losses.append(round(loss.item() * 1e4))\n"
    "grad = head.weight.grad\nlr = opt.param_groups[0]['lr'] * 100\n"
    "model.zero_grad()\nsgd.step()\n",
    # nn.init and module.apply
    "def init_weights(m):\n"
    "    for name, param in m.named_parameters():\n"
    "        if 'weight' in name:\n"
    "            nn.init.orthogonal_(param)\n"
    "        else:\n"
    "            nn.init.zeros_(param)\n"
    "lstm = nn.LSTM(4, 6)\nlstm.apply(init_weights)\n"
    "w = nn.Linear(3, 3)\nnn.init.uniform_(w.weight, -0.1, 0.1)\nnn.init.xavier_normal_(w.weight)\n"
    "nn.init.constant_(w.bias, 0.5)\nnn.init.normal_(w.weight, mean=0, std=0.01)\n"
    "bias = round(w.bias.sum().item() * 10)\n",
    # legacy makers: ints and a Size are a shape, one list or tensor is data
    "a = torch.LongTensor([3000, 3000])\nb = torch.FloatTensor(2, 3)\n"
    "c = torch.Tensor([[1, 2], [3, 4]])\n"
    "d = torch.Tensor(torch.Size([2, 5]))\ne = torch.Tensor(torch.zeros(3, 2))\n"
    "f = torch.LongTensor([[1, 2, 3]])\ng = torch.empty(4, 2)\nh2 = torch.as_tensor([1.0, 2.0])\n",
    "bad = torch.LongTensor(torch.zeros(2))\n",
]


def test_losses_a_training_loop_and_init_give_plain_pythons_shapes_and_values() -> None:
    shapes, errors = interpreted_cells(CELLS)
    want = reference_notebooks([CELLS])[0]
    assert errors == want["errors"] == [None] * (len(CELLS) - 1) + ["TypeError"]
    assert shapes == want["shapes"]
    assert shapes["each"] == ["tensor", [28], "torch.float32"]
    assert shapes["same"] == ["bool", True]
    assert shapes["losses"][1] == 3 and shapes["grad"][1] == [2, 5]
    assert shapes["a"][1] == [2] and shapes["d"][1] == [2, 5] and shapes["e"][1] == [3, 2]


def test_data_given_to_a_legacy_maker_is_not_read_as_a_shape() -> None:
    """``torch.Tensor([3000, 3000])`` is two numbers, not a 9M-element tensor to refuse."""
    notebook = Notebook()
    run = notebook.run_cell("import torch\nt = torch.Tensor([3000, 3000])\n")
    assert run.error is None
    big = notebook.run_cell("u = torch.Tensor(3000, 3000)\n")
    assert big.error is not None and big.error.message_id == "notebook.limit.elements"


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("import torch.optim as optim\ns = optim.lr_scheduler\n", "torch.optim.lr_scheduler"),
        ("import torch.nn as nn\nnn.init.sparse_\n", "torch.nn.init.sparse_"),
        ("import torch\nimport torch.optim as optim\n"
         "o = optim.SGD([torch.zeros(1, requires_grad=True)], lr=1)\no.state_dict()\n",
         "state_dict"),
    ],
)  # fmt: skip
def test_what_is_outside_training_is_refused_by_name(source: str, name: str) -> None:
    run = Notebook().run_cell(source)
    assert run.error is not None and run.error.kind == "refused"
    assert name in json.dumps(run.error.params), run.error


def test_an_orthogonal_init_too_big_to_factor_stops_at_the_work_limit() -> None:
    run = Notebook().run_cell(
        "import torch\nimport torch.nn as nn\nw = torch.zeros(2000, 2000)\nnn.init.orthogonal_(w)\n"
    )
    assert run.error is not None and run.error.message_id == "notebook.limit.work"
