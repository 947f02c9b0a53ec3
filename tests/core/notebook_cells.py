"""Generated notebook cells: every construct the interpreter runs, every recurrent option.

Used by the differential test (the interpreter against plain Python + torch) and by
benchmarks/bench_notebook.py. ``cells(n, seed)`` is deterministic. Some cells raise on
purpose (a wrong Linear head, a bidirectional h_n into a decoder, float indices ...):
both sides must then raise the same exception.
"""

from __future__ import annotations

import random
from collections.abc import Callable

IMPORTS = (
    "import torch\n"
    "import torch.nn as nn\n"
    "import torch.nn.functional as F\n"
    "from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, "
    "pack_sequence\n"
    "torch.manual_seed(0)\n"
)


def _sizes(r: random.Random) -> dict[str, int]:
    values = r.sample(range(2, 12), 5)
    return {"N": values[0], "L": values[1], "I": values[2], "H": values[3], "C": values[4]}


def _recurrent(r: random.Random) -> tuple[str, dict[str, object]]:
    """A recurrent layer with random options, written the ways learners write it."""
    kind = r.choice(["RNN", "LSTM", "GRU"])
    s = _sizes(r)
    layers = r.choice([1, 1, 2, 3])
    opts: dict[str, object] = {
        "kind": kind,
        "layers": layers,
        "bias": r.random() < 0.85,
        "batch_first": r.random() < 0.5,
        "bidirectional": r.random() < 0.4,
        "proj": r.choice([0, 0, 0, 2, 3]) if kind == "LSTM" else 0,
        **s,
    }
    if isinstance(opts["proj"], int) and opts["proj"] >= s["H"]:
        opts["proj"] = 0
    style = r.choice(["keywords", "positional", "mixed"])
    if style == "positional":
        args = f"I, H, {layers}, {opts['bias']}, {opts['batch_first']}"
        if opts["bidirectional"]:
            args += f", 0.0, {opts['bidirectional']}"
        if opts["proj"]:
            args += f", bidirectional={opts['bidirectional']}, proj_size={opts['proj']}"
    else:
        first = "I, H" if style == "mixed" else "input_size=I, hidden_size=H"
        parts = [first]
        if layers != 1 or r.random() < 0.3:
            parts.append(f"num_layers={layers}")
        if not opts["bias"]:
            parts.append("bias=False")
        if opts["batch_first"] or r.random() < 0.3:
            parts.append(f"batch_first={opts['batch_first']}")
        if opts["bidirectional"]:
            parts.append("bidirectional=True")
        if opts["proj"]:
            parts.append(f"proj_size={opts['proj']}")
        if layers > 1 and r.random() < 0.3:
            parts.append("dropout=0.2")
        args = ", ".join(parts)
    head = f"N, L, I, H, C = {s['N']}, {s['L']}, {s['I']}, {s['H']}, {s['C']}\n"
    return head + f"rnn = nn.{kind}({args})\n", opts


def _input(opts: dict[str, object]) -> str:
    return "x = torch.randn(N, L, I)\n" if opts["batch_first"] else "x = torch.randn(L, N, I)\n"


def _width(opts: dict[str, object]) -> str:
    d = 2 if opts["bidirectional"] else 1
    h_out = int(opts["proj"]) or int(opts["H"])  # type: ignore[call-overload]
    return str(d * h_out)


def cell_forward(r: random.Random) -> str:
    src, opts = _recurrent(r)
    src += _input(opts)
    d = 2 if opts["bidirectional"] else 1
    k = int(opts["layers"])  # type: ignore[call-overload]
    h_out = int(opts["proj"]) or int(opts["H"])  # type: ignore[call-overload]
    h0_ok = f"torch.zeros({d * k}, N, {h_out})"
    h0 = r.choice(["", h0_ok, h0_ok, f"torch.zeros({k}, N, {h_out})"])
    c0 = f"torch.zeros({d * k}, N, H)"
    if h0 and opts["kind"] == "LSTM":
        src += f"output, (h_n, c_n) = rnn(x, ({h0}, {c0}))\n"
    elif h0:
        src += f"output, h_n = rnn(x, {h0})\n"
    elif opts["kind"] == "LSTM":
        src += "output, (h_n, c_n) = rnn(x)\n"
    else:
        src += "output, h_n = rnn(x)\n"
    width = _width(opts)
    tails = [
        "last = output[:, -1, :]\n",
        "last = output[-1]\n",
        "last = output[:, -1]\n",
        "first_layer = h_n[0]\n",
        "final = h_n[-1]\n",
        "if rnn.bidirectional:\n    both = torch.cat((h_n[-2], h_n[-1]), dim=1)\nelse:\n"
        "    both = h_n[-1]\n",
        f"sep = h_n.view({k}, {d}, N, {h_out})\nlast_layer = sep[-1]\n",
        f"flat = output.reshape(-1, {width})\n",
        f"head = nn.Linear({width}, C)\nlogits = head(output)\n",
        f"head = nn.Linear({r.choice([width, str(h_out), 'H'])}, C)\ny = head(output[:, -1])\n",
        "tt = output.transpose(0, 1)\nflat = tt.contiguous().view(-1, tt.shape[-1])\n",
        "bad = output.transpose(0, 1).view(-1)\n",
        "p = output.permute(1, 0, 2)\nsq = h_n.squeeze(0)\nsq2 = h_n.squeeze()\n",
        "u = h_n.unsqueeze(1)\nm = output.mean(dim=1)\nsm = F.softmax(output, dim=-1)\n",
        "vals, idx = output.max(dim=-1)\nam = output.argmax(dim=1)\ns = output.sum(1)\n",
        "n_params = sum(p.numel() for p in rnn.parameters())\n",
        "shapes = {name: tuple(p.shape) for name, p in rnn.named_parameters()}\n"
        "w = rnn.weight_ih_l0\nn_all = len(rnn.all_weights)\n",
        "ws = [p for p in rnn.parameters()]\nfirst = ws[0]\nlast_p = ws[-1]\n",
        "pieces = torch.chunk(output, 2, dim=-1)\nleft = pieces[0]\n",
        "fl = output.flatten(1)\nd2 = output.dim()\nnd = output.ndim\nsz = output.size(-1)\n",
    ]
    for _ in range(r.choice([1, 2, 3])):
        src += r.choice(tails)
    return src


def cell_packed(r: random.Random) -> str:
    src, opts = _recurrent(r)
    n = int(opts["N"])  # type: ignore[call-overload]
    length = int(opts["L"])  # type: ignore[call-overload]
    lengths = sorted((r.randint(1, length) for _ in range(n)), reverse=True)
    lengths[0] = length if r.random() < 0.6 else lengths[0]
    lengths.sort(reverse=True)
    if r.random() < 0.2:
        r.shuffle(lengths)
    src += _input(opts)
    src += f"lengths = torch.tensor({lengths})\n"
    sorted_kw = ", enforce_sorted=False" if r.random() < 0.3 else ""
    bf = opts["batch_first"]
    src += f"packed = pack_padded_sequence(x, lengths, batch_first={bf}{sorted_kw})\n"
    src += "data = packed.data\nbs = packed.batch_sizes\n"
    src += "out, state = rnn(packed)\n"
    pad_bf = r.choice([True, False])
    total = r.choice(["", f", total_length={length + 2}"])
    src += f"padded, lens = pad_packed_sequence(out, batch_first={pad_bf}{total})\n"
    if pad_bf and r.random() < 0.5:
        src += "real_last = padded[torch.arange(N), lengths - 1]\n"
    if r.random() < 0.3:
        src += "odata = out.data\n"
    return src


def cell_cells(r: random.Random) -> str:
    kind = r.choice(["RNNCell", "GRUCell", "LSTMCell"])
    s = _sizes(r)
    src = f"N, L, I, H = {s['N']}, {s['L']}, {s['I']}, {s['H']}\n"
    src += f"cell = nn.{kind}(I, H{r.choice(['', ', bias=False'])})\n"
    src += "x = torch.randn(N, L, I)\nh = torch.zeros(N, H)\n"
    if kind == "LSTMCell":
        src += "c = torch.zeros(N, H)\nouts = []\n"
        src += "for t in range(L):\n    h, c = cell(x[:, t], (h, c))\n"
        src += "    outs.append(h)\n"
    else:
        src += "outs = []\nfor t in range(L):\n    h = cell(x[:, t, :], h)\n    outs.append(h)\n"
    src += r.choice(
        [
            "seq = torch.stack(outs, dim=1)\n",
            "seq = torch.stack(outs)\n",
            "seq = torch.cat(outs, dim=1)\n",
            "seq = torch.stack(outs, 1)\nw = cell.weight_ih\nb = cell.weight_hh\n",
            "bad = cell(x)\n",
            "bad = cell(x[:, 0], torch.zeros(1, N, H))\n",
        ]
    )
    return src


def cell_embedding(r: random.Random) -> str:
    s = _sizes(r)
    vocab = r.choice([20, 50, 100])
    e = r.choice([8, 16, 6])
    src = f"N, L, V, E, H = {s['N']}, {s['L']}, {vocab}, {e}, {s['H']}\n"
    src += "emb = nn.Embedding(V, E)\n"
    src += r.choice(
        [
            "ids = torch.randint(0, V, (N, L))\n",
            "ids = torch.randint(V, (N, L))\n",
            "ids = torch.randint(0, V, size=(N, L))\n",
            "ids = torch.randn(N, L)\n",
            "ids = torch.arange(N * L).view(N, L) % V\n",
        ]
    )
    src += "vec = emb(ids)\n"
    rnn_in = r.choice(["E", "E", "H"])
    src += f"rnn = nn.GRU({rnn_in}, H, batch_first=True)\nout, h = rnn(vec)\n"
    return src


def cell_net(r: random.Random) -> str:
    s = _sizes(r)
    kind = r.choice(["RNN", "LSTM", "GRU"])
    bidir = r.choice([True, False])
    d = 2 if bidir else 1
    head_in = r.choice([f"{d} * hidden", "hidden", f"{d} * hidden"])
    unpack = "out, (h, c) = self.rnn(x)" if kind == "LSTM" else "out, h = self.rnn(x)"
    summary_line = (
        "torch.cat((h[-2], h[-1]), dim=1)" if bidir else r.choice(["h[-1]", "out[:, -1]"])
    )
    src = f"N, L, I, H, C = {s['N']}, {s['L']}, {s['I']}, {s['H']}, {s['C']}\n"
    src += (
        "class Net(nn.Module):\n"
        "    def __init__(self, inp, hidden, classes):\n"
        "        super().__init__()\n"
        f"        self.rnn = nn.{kind}(inp, hidden, batch_first=True, bidirectional={bidir})\n"
        f"        self.fc = nn.Linear({head_in}, classes)\n"
        "        self.act = nn.Tanh()\n"
        "\n"
        "    def forward(self, x):\n"
        f"        {unpack}\n"
        f"        z = {summary_line}\n"
        "        return self.fc(self.act(z))\n"
        "\n"
        "model = Net(I, H, C)\n"
        "x = torch.randn(N, L, I)\n"
        "y = model(x)\n"
        "n = sum(p.numel() for p in model.parameters())\n"
    )
    if r.random() < 0.5:
        src += "inner = model.rnn\nw = model.fc.weight\n"
    return src


def cell_python(r: random.Random) -> str:
    s = _sizes(r)
    src = f"N, L, I, H = {s['N']}, {s['L']}, {s['I']}, {s['H']}\n"
    src += r.choice(
        [
            "sizes = [N, L, I]\ntotal = 1\nfor v in sizes:\n    total *= v\n"
            "t = torch.zeros(*sizes)\n",
            "shapes = [(i, H) for i in range(1, 4)]\nts = [torch.ones(a, b) for a, b in shapes]\n"
            "big = torch.cat(ts, dim=0)\n",
            "def make(n, m=3):\n    return torch.rand(n, m)\na = make(N)\nb = make(N, m=H)\n"
            "c = torch.matmul(a.t() if False else a.T, b)\n",
            "pairs = list(zip(range(N), range(L)))\nk = len(pairs)\nm = max(N, L)\n"
            "z = torch.full((k, m), 0.5)\n",
            "d = {}\nfor i, v in enumerate([N, L]):\n    d[i] = torch.zeros(v)\nfirst = d[0]\n",
            "seqs = [torch.randn(n, I) for n in (L, L - 1, 1)]\npad = pad_sequence(seqs)\n"
            "padb = pad_sequence(seqs, batch_first=True)\npk = pack_sequence(seqs)\n",
            "a = torch.randn(N, L, H)\nq = torch.randn(N, H)\nsc = torch.bmm(a, q.unsqueeze(2))\n"
            "wt = torch.softmax(sc, dim=1)\nctx = torch.bmm(wt.transpose(1, 2), a)\n",
            "a = torch.randn(N, L, H)\nq = torch.randn(N, H)\nsc = torch.bmm(a, q)\n",
            "lin = nn.Linear(I, H)\nseq = nn.Sequential(lin, nn.ReLU(), nn.Dropout(0.1), "
            "nn.LayerNorm(H), nn.Linear(H, 2))\ny = seq(torch.randn(N, L, I))\nfirst = seq[0]\n",
            "x = torch.arange(N * L * I).reshape(N, L, I).float()\ny = x[1:, ::2, -1]\n"
            "z = x[..., 0]\nw = x[:, None, 0]\nv = x.view(N, -1)\n",
            "x = torch.randn(N, L)\ny = torch.tanh(x) + torch.sigmoid(x) * torch.relu(x)\n"
            "z = F.relu(x) - F.gelu(x)\nm = (x > 0).float().mean()\n",
            "if N > L:\n    big = torch.ones(N)\nelif N == L:\n    big = torch.ones(1)\nelse:\n"
            "    big = torch.zeros(L)\nr = big if N % 2 else big.unsqueeze(0)\n",
            "x = torch.randn(N, L)\nx += 1\nx = x * 2 - 1\ny = x @ torch.randn(L, H)\n",
            "vals = [v * 2 for v in range(N) if v % 2 == 0]\nt = torch.tensor(vals)\n"
            "u = torch.tensor([[1, 2], [3, 4]])\nw = t.long()\n",
            "x = torch.ones(N, L)\nparts = torch.split(x, 2, dim=1)\np0 = parts[0]\n"
            "st = torch.stack([x, x], dim=-1)\n",
            "x = torch.randn(N, L, I)\ny = x.transpose(1, 2).view(N, -1)\n",
            "x = torch.randn(N, L)\ny = torch.randn(L, N)\nz = x + y\n",
            "x = torch.randn(N, L)\ny = x[N + 5]\n",
            "x = torch.randn(N, L)\ny = x.sum(dim=3)\n",
            "x = torch.zeros(N, L)\ny = x.view(N + 1, -1)\n",
        ]
    )
    return src


KINDS: tuple[Callable[[random.Random], str], ...] = (
    cell_forward,
    cell_forward,
    cell_forward,
    cell_packed,
    cell_packed,
    cell_cells,
    cell_embedding,
    cell_net,
    cell_python,
    cell_python,
)


def cells(n: int, seed: int = 0) -> list[str]:
    """``n`` cells, each self-contained (it starts with the imports)."""
    r = random.Random(seed)
    return [IMPORTS + r.choice(KINDS)(r) for _ in range(n)]
