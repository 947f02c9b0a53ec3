"""Device code in learner cells, against plain Python on a CPU build of torch.

Most tutorials pick a device and move everything to it (corpus: b01-b06, y01-y03). The tutor
runs on the CPU as a CPU build does: the shapes, dtypes and exception types must be plain
Python's (the reference runs in this test's CPU-only torch), and devices other than the CPU
and CUDA are refused by name.
"""

from __future__ import annotations

import pytest

from rnn_tutor.core.notebook import Notebook
from tests.core.test_notebook_differential import interpreted_cells, reference_notebooks

CELLS = [
    "import torch\nimport torch.nn as nn\n"
    "torch.manual_seed(0)\ntorch.cuda.manual_seed(0)\ntorch.cuda.manual_seed_all(0)\n"
    "torch.backends.cudnn.deterministic = True\ntorch.backends.cudnn.benchmark = False\n",
    "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
    "gpus = torch.cuda.device_count()\n"
    "x = torch.randn(4, 7, 3).to(device)\n"
    "rnn = nn.GRU(3, 5, batch_first=True).to(device)\n"
    "out, h = rnn(x)\n"
    "back = out.cpu()\n"
    "half = x.to(torch.float64)\n"
    "like = torch.zeros(2, 3).to(half)\n"
    "made = torch.zeros(2, 5, device=device)\n"
    "kind = [device.type == 'cpu', torch.device('cpu').index is None]\n"
    "cpu = torch.ones(3).to('cpu')\n",
    "moved = torch.zeros(2).cuda()\n",
    "model = nn.Linear(2, 2).to('cuda')\n",
    "made2 = torch.zeros(2, device='cuda:0')\n",
]


def test_device_code_runs_on_the_cpu_as_a_cpu_build_of_torch_does() -> None:
    shapes, errors = interpreted_cells(CELLS)
    want = reference_notebooks([CELLS])[0]
    assert errors == want["errors"] == [None, None, *["AssertionError"] * 3]
    assert shapes == want["shapes"]
    assert shapes["out"] == ["tensor", [4, 7, 5], "torch.float32"]
    assert shapes["like"][2] == "torch.float64" and shapes["gpus"] == ["int", 0]


def test_cuda_says_the_tutor_runs_on_the_cpu() -> None:
    run = Notebook().run_cell("import torch\nx = torch.zeros(2)\ny = x.cuda()\n")
    assert run.error is not None
    assert (run.error.line, run.error.message_id) == (3, "notebook.error.no_cuda")


@pytest.mark.parametrize(
    "source",
    [
        "import torch\nx = torch.zeros(2).to('meta')\n",
        "import torch\nx = torch.zeros(2, device='meta')\n",
        "import torch\nimport torch.nn as nn\nm = nn.Linear(2, 2).to(torch.device('meta'))\n",
    ],
)
def test_other_devices_are_refused_by_name(source: str) -> None:
    run = Notebook().run_cell(source)
    assert run.error is not None and run.error.kind == "refused"
    assert run.error.message_id == "notebook.refused.device"
    assert run.error.params == {"name": "meta"}


def test_cudnn_flags_change_nothing_in_the_host_process() -> None:
    import torch

    before = torch.backends.cudnn.deterministic
    run = Notebook().run_cell("import torch\ntorch.backends.cudnn.deterministic = not False\n")
    assert run.error is None
    assert torch.backends.cudnn.deterministic == before
    refused = Notebook().run_cell("import torch\ntorch.backends.cudnn.allow_tf32 = True\n")
    assert refused.error is not None and refused.error.kind == "refused"
