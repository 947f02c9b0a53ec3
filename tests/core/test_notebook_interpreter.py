"""What learners write after `nn.RNN`: run for real, described per statement, errors explained.

The facts are those of shared/domain/around-the-rnn.md (N=4, L=6, I=5, H=7, 2 layers,
bidirectional GRU); the misconception ids are the catalogue's second section.
"""

from __future__ import annotations

import pytest

from rnn_tutor.core.notebook import Binding, CellRun, Notebook
from rnn_tutor.core.notebook.results import shown_text
from rnn_tutor.i18n import tr

SETUP = """import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
from torchinfo import summary
N, L, I, H = 4, 6, 5, 7
x = torch.randn(N, L, I)
gru = nn.GRU(I, H, num_layers=2, batch_first=True, bidirectional=True)
out, h_n = gru(x)
"""


@pytest.fixture
def notebook() -> Notebook:
    nb = Notebook()
    run = nb.run_cell(SETUP)
    assert run.ok, run.error
    return nb


def bound(run: CellRun) -> dict[str, Binding]:
    return {b.name: b for s in run.statements for b in s.bindings}


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("y = out[:, -1, :]", "(4, 14) = (N, D*H_out)"),
        ("y = out[-1]", "(6, 14) = (L, D*H_out)"),  # the silent wrong axis
        ("y = h_n[-1]", "(4, 7) = (N, H_out)"),
        ("y = h_n[0]", "(4, 7) = (N, H_out)"),
        ("y = torch.cat((h_n[-2], h_n[-1]), dim=1)", "(4, 14)"),
        ("y = h_n.view(2, 2, N, H)", "(2, 2, 4, 7)"),
        ("y = out.transpose(0, 1)", "(6, 4, 14) = (L, N, D*H_out)"),
        ("y = out.permute(1, 0, 2)", "(6, 4, 14) = (L, N, D*H_out)"),
        ("y = h_n[-1].unsqueeze(0)", "(1, 4, 7) = (1, N, H_out)"),
        ("y = out.reshape(-1, 14)", "(24, 14)"),
        ("y = nn.Linear(14, 3)(out)", "(4, 6, 3)"),
        ("y = nn.Linear(14, 3)(out[:, -1])", "(4, 3)"),
        ("y = F.softmax(out, dim=-1)", "(4, 6, 14)"),
        ("y = out.contiguous()", "(4, 6, 14) = (N, L, D*H_out)"),
    ],
)
def test_the_next_line_after_the_rnn(notebook: Notebook, code: str, text: str) -> None:
    run = notebook.run_cell(code)
    assert run.ok, run.error
    assert bound(run)["y"].text == text


def test_packing_and_padding(notebook: Notebook) -> None:
    run = notebook.run_cell(
        "lengths = torch.tensor([6, 4, 3, 1])\n"
        "packed = pack_padded_sequence(x, lengths, batch_first=True)\n"
        "p_out, p_h = gru(packed)\n"
        "padded, lens = pad_packed_sequence(p_out, batch_first=True)\n"
        "seq_first, _ = pad_packed_sequence(p_out)\n"
        "real_last = padded[torch.arange(N), lengths - 1]\n"
        "padded_seq = pad_sequence([torch.zeros(5, I), torch.zeros(2, I)])\n"
    )
    assert run.ok, run.error
    b = bound(run)
    assert b["packed"].kind == "packed"
    assert b["packed"].shape == (14, 5)
    assert b["packed"].batch_sizes == (4, 3, 3, 2, 1, 1)
    assert b["p_out"].text == (
        "PackedSequence data (14, 14) = (sum(lengths), D*H_out), batch_sizes [4, 3, 3, 2, 1, 1]"
    )
    assert b["p_h"].text == "(4, 4, 7) = (D*num_layers, N, H_out)"
    assert b["padded"].shape == (4, 6, 14)
    assert b["seq_first"].shape == (6, 4, 14)
    assert b["real_last"].shape == (4, 14)
    assert b["padded_seq"].shape == (5, 2, 5)


def test_a_model_class_with_forward_runs_as_torch_modules_do(notebook: Notebook) -> None:
    run = notebook.run_cell(
        "class Net(nn.Module):\n"
        "    def __init__(self, vocab, emb, hidden, classes):\n"
        "        super().__init__()\n"
        "        self.emb = nn.Embedding(vocab, emb)\n"
        "        self.rnn = nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)\n"
        "        self.fc = nn.Linear(2 * hidden, classes)\n"
        "\n"
        "    def forward(self, ids):\n"
        "        out, (h, c) = self.rnn(self.emb(ids))\n"
        "        return self.fc(torch.cat((h[-2], h[-1]), dim=1))\n"
        "\n"
        "model = Net(100, 16, 7, 3)\n"
        "ids = torch.randint(0, 100, (N, L))\n"
        "pred = model(ids)\n"
        "names = [name for name, p in model.named_parameters()]\n"
        "summary(model, input_data=ids)\n"
    )
    assert run.ok, run.error
    b = bound(run)
    assert b["pred"].shape == (4, 3)
    assert b["model"].kind == "module"
    assert "rnn.weight_ih_l0_reverse" in notebook.value("names")  # type: ignore[operator]
    assert run.display is not None and "Total params: 3,045" in run.display
    assert isinstance(notebook.value("model"), __import__("torch").nn.Module)


def test_a_cell_loop_and_stack(notebook: Notebook) -> None:
    run = notebook.run_cell(
        "cell = nn.GRUCell(I, H)\n"
        "h = torch.zeros(N, H)\n"
        "outs = []\n"
        "for t in range(L):\n"
        "    h = cell(x[:, t], h)\n"
        "    outs.append(h)\n"
        "by_batch = torch.stack(outs, dim=1)\n"
        "by_time = torch.stack(outs)\n"
        "slip = torch.cat(outs, dim=1)\n"
    )
    assert run.ok, run.error
    b = bound(run)
    assert b["h"].text == "(4, 7) = (N, H)"
    assert (b["by_batch"].shape, b["by_time"].shape, b["slip"].shape) == (
        (4, 6, 7),
        (6, 4, 7),
        (4, 42),
    )


@pytest.mark.parametrize(
    ("code", "misconception", "fix"),
    [
        ("nn.Linear(H, 3)(out[:, -1])", "head_in_features_H", "use nn.Linear(14, 3)"),
        (
            "nn.GRU(I, H, num_layers=2)(torch.randn(L, N, I), h_n)",
            "decoder_takes_bidir_hidden",
            "join the directions: h_n.view(2, 2, 4, 7).sum(1)",
        ),
        ("x.transpose(0, 1).view(-1, I)", "view_after_transpose", None),
        ("nn.Embedding(10, 4)(torch.randn(2, 3))", "embedding_float_indices", None),
        ("nn.RNNCell(I, H)(x)", "cell_takes_sequence", None),
        ("nn.RNNCell(I, H)(x[:, 0], torch.zeros(1, N, H))", "cell_hidden_has_layer_axis", None),
        ("nn.RNNCell(I, H).weight_ih_l0", "cell_params_suffixed", "use `weight_ih`"),
        (
            "p = pack_padded_sequence(x, torch.tensor([6, 4, 3, 1]), batch_first=True)\n"
            "o, _ = gru(p)\no.shape",
            "packed_has_shape",
            None,
        ),
        (
            "p = pack_padded_sequence(x, torch.tensor([6, 4, 3, 1]), batch_first=True)\n"
            "o, _ = gru(p)\no[:, -1]",
            "packed_has_shape",
            None,
        ),
        ("torch.bmm(out, h_n[-1])", "bmm_operand_order", None),
    ],
)
def test_torch_errors_are_explained(
    notebook: Notebook, code: str, misconception: str, fix: str | None
) -> None:
    run = notebook.run_cell(code)
    assert not run.ok
    error = run.error
    assert error is not None
    assert error.kind in ("torch", "python")
    assert error.misconception == misconception
    assert error.torch_message
    assert error.line == code.count("\n") + 1
    for lang in ("en", "ko"):
        assert tr(lang, error.message_id, **error.params)
    if fix is not None:
        assert error.fix_id is not None
        assert tr("en", error.fix_id, **error.fix_params) == fix


def test_the_error_says_torchs_first_line_only(notebook: Notebook) -> None:
    run = notebook.run_cell("a = 1\nnn.Linear(7, 3)(out[:, -1])")
    assert run.error is not None
    assert run.error.torch_message == "mat1 and mat2 shapes cannot be multiplied (4x14 and 7x3)"
    assert run.error.line == 2
    assert tr("en", run.error.message_id, **run.error.params).startswith(
        "The Linear layer was built for 7 input features, but the tensor's last axis is 14 wide"
    )


def test_python_constructs(notebook: Notebook) -> None:
    run = notebook.run_cell(
        "def last(o, batch_first=True):\n"
        "    return o[:, -1] if batch_first else o[-1]\n"
        "a = last(out)\n"
        "sizes = {name: tuple(p.shape) for name, p in gru.named_parameters() if 'l1' in name}\n"
        "total = sum(p.numel() for p in gru.parameters())\n"
        "pairs = [(i, n) for i, n in enumerate(zip([1, 2], 'ab'))]\n"
        "k = 0\n"
        "while k < 3:\n"
        "    k += 1\n"
        "m = max(N, L) - min([N, L]) + len(gru.all_weights)\n"
        "first, *rest = [1, 2, 3]\n"
        "with torch.no_grad():\n"
        "    z = gru(x)[0]\n"
        "print(f'{a.shape} {total:,} {k!r} {m}')\n"
        "out.shape, h_n.ndim\n"
    )
    assert run.ok, run.error
    b = bound(run)
    assert b["a"].text == "(4, 14) = (N, D*H_out)"
    assert notebook.value("sizes") == {
        "weight_ih_l1": (21, 14),
        "weight_hh_l1": (21, 7),
        "bias_ih_l1": (21,),
        "bias_hh_l1": (21,),
        "weight_ih_l1_reverse": (21, 14),
        "weight_hh_l1_reverse": (21, 7),
        "bias_ih_l1_reverse": (21,),
        "bias_hh_l1_reverse": (21,),
    }
    assert run.stdout == "torch.Size([4, 14]) 1,554 3 6\n"
    assert run.display == "(torch.Size([4, 6, 14]), 3)"
    assert notebook.value("rest") == [2, 3]


def test_warnings_are_kept_with_their_statement() -> None:
    run = Notebook().run_cell("import torch.nn as nn\nrnn = nn.LSTM(3, 4, 1, dropout=0.5)")
    assert run.ok
    assert any(
        "non-zero dropout expects num_layers greater than 1" in w
        for w in run.statements[1].warnings
    )


def test_evaluate_uses_the_same_walker(notebook: Notebook) -> None:
    value = notebook.evaluate("out[:, -1].shape")
    assert isinstance(value, tuple) and tuple(value) == (4, 14)  # a torch.Size is a tuple


def test_every_line_gets_its_own_shapes_inside_loops_and_methods(notebook: Notebook) -> None:
    run = notebook.run_cell(
        "outs = []\n"  # 1
        "h = torch.zeros(N, H)\n"  # 2
        "cell = nn.RNNCell(I, H)\n"  # 3
        "for t in range(L):\n"  # 4
        "    h = cell(x[:, t], h)\n"  # 5
        "    outs.append(h)\n"  # 6
        "class Head(nn.Module):\n"  # 7
        "    def __init__(self):\n"  # 8
        "        super().__init__()\n"  # 9
        "        self.fc = nn.Linear(14, 3)\n"  # 10
        "    def forward(self, o):\n"  # 11
        "        last = o[:, -1]\n"  # 12
        "        return self.fc(last)\n"  # 13
        "y = Head()(out)\n"  # 14
    )
    assert run.ok, run.error
    texts = {line: [f"{b.name} {b.text}" for b in bindings] for line, bindings in run.lines.items()}
    assert texts[1] == ["outs []"]  # as the line left it, not as the loop did
    assert texts[4] == ["t 5"]
    assert texts[5] == ["h (4, 7) = (N, H)"]
    assert texts[12] == ["last (4, 14) = (N, D*H_out)"]
    assert texts[14] == ["y (4, 3)"]
    assert 6 not in texts


def test_a_module_carries_its_parameter_count_as_a_field_worded_in_each_language(
    notebook: Notebook,
) -> None:
    """``[13 params]`` was built into the text in English and parsed back by the UI."""
    run = notebook.run_cell("rnn = nn.RNN(2, 2)\none = nn.Linear(1, 1, bias=False)")
    assert run.ok, run.error
    rnn, one = bound(run)["rnn"], bound(run)["one"]
    assert (rnn.kind, rnn.params, rnn.text) == ("module", 12, "RNN(2, 2)")
    assert one.params == 1
    assert shown_text(rnn) == "RNN(2, 2)  " + tr("en", "notebook.binding.params", count=12)
    assert tr("en", "notebook.binding.params", count=12) == "[12 params]"
    assert tr("en", "notebook.binding.params", count=1) == "[1 param]"
    assert tr("ko", "notebook.binding.params", count=12) == "[파라미터 12개]"
