"""Regression tests for the security review's findings (F1-F6): each hole's reproduction must
now end refused or stopped by a cap, with the right message id, and the notebook stays usable.

No test here measures time: the outcome is the assertion (the caps are counts, not seconds).
"""

from __future__ import annotations

import warnings

import pytest

from rnn_tutor.core.notebook import Limits, Notebook

HEAD = "import torch\nfrom torch import nn\nimport torch.nn.functional as F\n"

# (finding, cell, kind, message id): the review's reproductions, verbatim or nearly.
HOLES: list[tuple[str, str, str, str]] = [
    # F1: learner subclasses of allowed layers are sized as the layer they extend
    ("F1", "class L(nn.Linear): pass\nm = L(60000, 60000)", "limit", "notebook.limit.elements"),
    (
        "F1",
        "class L(nn.Embedding): pass\nm = L(60000, 60000)",
        "limit",
        "notebook.limit.elements",
    ),
    ("F1", "class L(nn.LSTM): pass\nm = L(20000, 20000)", "limit", "notebook.limit.elements"),
    (
        "F1",
        "class L(nn.Linear):\n    pass\nclass M(L):\n    pass\nm = M(60000, 60000)",
        "limit",
        "notebook.limit.elements",
    ),
    (
        "F1",
        "class L(nn.Linear):\n    def __init__(self, n):\n        super().__init__(n, n)\n"
        "m = L(60000)",
        "limit",
        "notebook.limit.elements",
    ),
    (
        "F1",
        "class L(nn.LSTM):\n    def __init__(self):\n        super().__init__(20000, 20000)\n"
        "m = L()",
        "limit",
        "notebook.limit.elements",
    ),
    # F2: the size checks before a layer runs cannot be gone around
    (
        "F2",
        "l = nn.Linear(1, 65536)\ny = l.forward(torch.randn(65536, 1))",
        "limit",
        "notebook.limit.elements",
    ),
    (
        "F2",
        "r = nn.RNN(1400, 1400)\ny = r.forward(torch.randn(2800, 1, 1400))",
        "limit",
        "notebook.limit.work",
    ),
    (
        "F2",
        "class L(nn.Linear):\n    def forward(self, x):\n        return super().forward(x)\n"
        "l = L(1, 65536)\ny = l.forward(torch.randn(3000, 1))",
        "limit",
        "notebook.limit.elements",
    ),
    (
        "F2",
        "class L(nn.Linear):\n    def register_forward_pre_hook(self, hook):\n"
        "        print('got', hook)\nl = L(1, 65536)",
        "refused",
        "notebook.refused.override",
    ),
    (
        "F2",
        "class L(nn.Linear):\n    _compiled_call_impl = print\nl = L(1, 2)",
        "refused",
        "notebook.refused.dunder",
    ),
    (
        "F2",
        "class L(nn.Linear):\n    def _call_impl(self, x):\n        return x",
        "refused",
        "notebook.refused.dunder",
    ),
    (
        "F2",
        "class L(nn.Linear):\n    def __call__(self, x):\n        return x",
        "refused",
        "notebook.refused.dunder",
    ),
    (
        "F2",
        "class L(nn.Linear):\n    forward = torch.where",
        "refused",
        "notebook.refused.override",
    ),
    (
        "F2",
        "class L(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.forward = torch.where\nl = L()",
        "refused",
        "notebook.refused.override",
    ),
    ("F2", "def _helper(x):\n    return x", "refused", "notebook.refused.dunder"),
    # F3: operations that build large outputs are sized first
    ("F3", "y = torch.where(a > 0, a, b)", "limit", "notebook.limit.elements"),
    ("F3", "y = torch.max(a, b)", "limit", "notebook.limit.elements"),
    ("F3", "y = torch.min(a, b)", "limit", "notebook.limit.elements"),
    ("F3", "y = a.eq(b)", "limit", "notebook.limit.elements"),
    ("F3", "y = a.ne(b)", "limit", "notebook.limit.elements"),
    ("F3", "y = a.max(b)", "limit", "notebook.limit.elements"),
    ("F3", "y = a.masked_fill(b > 0, 1.0)", "limit", "notebook.limit.elements"),
    ("F3", "y = torch.allclose(a, b)", "limit", "notebook.limit.elements"),
    ("F3", "y = a.allclose(b)", "limit", "notebook.limit.elements"),
    ("F3", "y = a in [b]", "limit", "notebook.limit.elements"),
    ("F3", "y = [a] == [b]", "limit", "notebook.limit.elements"),
    ("F3", "y = a == [0] * 65536", "limit", "notebook.limit.elements"),
    ("F3", "y = max(a, b)", "refused", "notebook.refused.compare_shapes"),
    ("F3", "y = min([a, b])", "refused", "notebook.refused.compare_shapes"),
    ("F3", "y = sorted([a, b])", "refused", "notebook.refused.compare_shapes"),
    ("F3", "y = sorted([b], key=a.eq)", "refused", "notebook.refused.key"),
    (
        "F3",
        "y = F.one_hot(torch.full((65536,), 65535), -1)",
        "limit",
        "notebook.limit.elements",
    ),
    ("F3", "y = torch.arange(torch.tensor(3000000000))", "limit", "notebook.limit.axis"),
    ("F3", "y = torch.arange(0, torch.tensor(3000000000))", "limit", "notebook.limit.axis"),
    ("F3", "x = torch.randn(4000, 1000)\ny = x[[0] * 1000000]", "limit", "notebook.limit.axis"),
    (
        "F3",
        "x = torch.randn(4000, 1000)\ny = x[[[0] * 60000] * 60000]",
        "limit",
        "notebook.limit.elements",
    ),
    (
        "F3",
        "from torch.nn.utils.rnn import PackedSequence\n"
        "p = PackedSequence(torch.randn(2, 3), torch.tensor([100000000, 5]))",
        "refused",
        "notebook.refused.packed_built",
    ),
    # F4: single calls that would hang
    ("F4", "x = round(1, -10**8)", "limit", "notebook.limit.round"),
    ("F4", "l = [0] * 1000\ny = sum([l] * 4000, [])", "refused", "notebook.refused.sum_lists"),
    ("F4", "y = sum([[1], [2]], [])", "refused", "notebook.refused.sum_lists"),
    ("F4", "y = sum([a, b])", "limit", "notebook.limit.elements"),
    ("F4", "s = set(range(0, (2**61 - 1) * 60000, 2**61 - 1))", "limit", "notebook.limit.number"),
    ("F4", "s = {i * (2**61 - 1) for i in range(5000)}", "limit", "notebook.limit.number"),
    ("F4", "d = {i * (2**61 - 1): 0 for i in range(5000)}", "limit", "notebook.limit.number"),
    ("F4", "l = [0] * 4000000\ny = sorted([l] * 3000)", "limit", "notebook.limit.items"),
    ("F4", "l = [0] * 4000000\ny = max([l] * 3000)", "limit", "notebook.limit.items"),
    ("F4", "y = sorted(range(3000000))", "limit", "notebook.limit.items"),
    ("F4", "y = torch.randn(2000, 2000).view(-1).split(1)", "limit", "notebook.limit.pieces"),
    (
        "F4",
        "y = torch.split(torch.randn(2000, 2000).view(-1), 1)",
        "limit",
        "notebook.limit.pieces",
    ),
    ("F4", "y = torch.randn(200000).chunk(100000)", "limit", "notebook.limit.axis"),
    ("F4", "y = torch.randn(60000).chunk(20000)", "limit", "notebook.limit.pieces"),
    ("F4", "s = nn.Sequential(*[nn.Identity()] * 1000000)", "limit", "notebook.limit.modules"),
    (
        "F4",
        "s = nn.Sequential(*[nn.Identity()] * 1000)\nt = nn.Sequential(*[s] * 1000)",
        "limit",
        "notebook.limit.modules",
    ),
    ("F4", "y = 10**10**10", "limit", "notebook.limit.number"),
    (
        "F4",
        "class S(nn.Sequential): pass\ns = S(*[nn.Identity()] * 1000000)",
        "limit",
        "notebook.limit.modules",
    ),
    (
        "F4",
        "class S(nn.Sequential):\n    def __init__(self, n):\n"
        "        super().__init__(*[nn.Identity()] * n)\ns = S(1000000)",
        "limit",
        "notebook.limit.modules",
    ),
]

PRELUDE = HEAD + "a = torch.randn(65536, 1)\nb = torch.randn(1, 65536)\n"


@pytest.mark.parametrize(
    ("finding", "cell", "kind", "message_id"),
    HOLES,
    ids=[f"{finding}-{i}" for i, (finding, *_) in enumerate(HOLES)],
)
def test_review_hole_is_closed(finding: str, cell: str, kind: str, message_id: str) -> None:
    notebook = Notebook()
    assert notebook.run_cell(PRELUDE).ok
    run = notebook.run_cell(cell)
    assert run.error is not None, (finding, cell)
    assert (run.error.kind, run.error.message_id) == (kind, message_id), run.error
    assert "got" not in run.stdout
    assert notebook.run_cell("z = a.shape").ok


ALLOWED = [
    # what the new checks must still let through
    "class L(nn.Linear): pass\nm = L(3, 4)\ny = m(torch.randn(2, 3))",
    "class Net(nn.Module):\n    hidden = 8\n    def __init__(self, n):\n"
    "        super().__init__()\n"
    "        self.rnn = nn.RNN(n, self.hidden)\n        self.hidden_size = 8\n"
    "    def forward(self, x):\n        return self.rnn(x)[0]\n"
    "    def extra_repr(self):\n        return 'net'\n"
    "y = Net(3)(torch.randn(5, 2, 3))",
    "class L(nn.LSTM):\n    def __init__(self):\n        super().__init__(3, 4, batch_first=True)\n"
    "    def forward(self, x):\n        out, _ = super().forward(x)\n        return out\n"
    "y = L()(torch.randn(2, 5, 3))",
    "l = nn.Linear(3, 4)\ny = l.forward(torch.randn(2, 3))",
    "x = torch.randn(3, 4)\ny = torch.where(x > 0, x, torch.zeros(4))\nz = torch.max(x, x)",
    "x = torch.randn(3, 4)\ny = x.eq(x).all() and x.masked_fill(x > 0, 0.0).shape == x.shape",
    "x = torch.tensor(2.0)\ny = max([x, torch.tensor(3.0)])\nz = x in [x]",
    "y = torch.arange(torch.tensor(5))\nz = F.one_hot(torch.tensor([0, 2]), -1)",
    "y = torch.randn(10, 3)[[0, 1, 2]]",
    "y = torch.randn(100).split(10)\nz = torch.chunk(torch.randn(10), 5)",
    "y = sum([1, 2, 3])\nz = sum([torch.ones(2), torch.ones(2)])",
    "y = round(3.14159, 2)\nz = round(12345, -2)",
    "y = sorted([3, 1, 2])\nz = set([(1, 2), (3, 4)])\nw = max(['a', 'b'])",
    "s = nn.Sequential(nn.Linear(3, 4), nn.ReLU())\ny = s(torch.randn(2, 3))",
    "from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence\n"
    "p = pack_sequence([torch.randn(3, 2), torch.randn(2, 2)])\n"
    "out, lengths = pad_packed_sequence(p)",
]


@pytest.mark.parametrize("cell", ALLOWED)
def test_ordinary_code_still_runs(cell: str) -> None:
    run = Notebook().run_cell(HEAD + cell)
    assert run.ok, run.error


def test_a_hook_is_never_handed_to_learner_code() -> None:
    notebook = Notebook()
    run = notebook.run_cell(
        HEAD + "class L(nn.Linear):\n    def register_forward_hook(self, hook):\n"
        "        print('got', hook)\nl = L(1, 2)"
    )
    assert run.error is not None
    assert run.error.message_id == "notebook.refused.override"
    assert run.stdout == ""


def test_pad_packed_is_sized_without_total_length() -> None:
    notebook = Notebook()
    assert notebook.run_cell(
        HEAD + "from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence\n"
        "p = pack_padded_sequence(torch.randn(3, 2, 4), [3, 2])"
    ).ok
    assert notebook.run_cell("out, lengths = pad_packed_sequence(p)").ok
    assert tuple(notebook.value("out").shape) == (3, 2, 4)  # type: ignore[attr-defined]


def test_syntax_warnings_never_reach_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Notebook().run_cell('s = "\\\x1b[2J"')
        Notebook().run_cell('s = "\\d"')
    assert [w for w in caught if "escape" in str(w.message)] == []
    assert "\x1b" not in capsys.readouterr().err


# F5: a total of what the notebook holds, across cells


def test_held_tensors_are_capped_in_a_comprehension() -> None:
    notebook = Notebook(Limits(max_held_elements=20_000_000))
    run = notebook.run_cell(
        HEAD + "x = torch.ones(2000, 2000, dtype=torch.float64)\nxs = [x + i for i in range(200)]"
    )
    assert run.error is not None
    assert run.error.message_id == "notebook.limit.memory"
    assert "xs" not in notebook.names
    assert notebook.run_cell("y = x.shape").ok


def test_held_tensors_are_capped_across_cells() -> None:
    notebook = Notebook(Limits(max_held_elements=20_000_000))
    assert notebook.run_cell(HEAD + "x = torch.ones(2000, 2000)").ok
    errors = []
    for i in range(10):
        run = notebook.run_cell(f"y{i} = x + {i}")
        if run.error is not None:
            errors.append(run.error.message_id)
    assert errors and set(errors) == {"notebook.limit.memory"}
    # deleting names frees the budget again
    assert notebook.run_cell("del y0\ndel y1\ndel y2\nz = x + 1").ok


def test_held_lists_are_capped() -> None:
    notebook = Notebook(Limits(max_held_elements=20_000_000))
    run = notebook.run_cell(
        HEAD + "x = torch.ones(2000, 2000)\nxs = [x.tolist() for i in range(30)]"
    )
    assert run.error is not None
    assert run.error.message_id == "notebook.limit.memory"


def test_held_tensors_are_capped_in_a_loop() -> None:
    notebook = Notebook(Limits(max_held_elements=20_000_000))
    run = notebook.run_cell(
        HEAD + "x = torch.ones(2000, 2000)\nxs = []\nfor i in range(50):\n    xs.append(x + i)"
    )
    assert run.error is not None
    assert run.error.message_id == "notebook.limit.memory"


def test_views_of_one_tensor_are_counted_once() -> None:
    notebook = Notebook(Limits(max_held_elements=20_000_000))
    run = notebook.run_cell(
        HEAD + "x = torch.ones(2000, 2000)\nxs = [x.view(-1) for i in range(200)]\n"
        "ys = [x[0] for i in range(200)]"
    )
    assert run.ok, run.error
