"""Seeded cell exercises for levels 6-8: the code learners write around the RNN call.

Like the call levels, sizes are drawn until every size a misconception could swap in
differs from the others (N, L, I, H, D*H_out, max(lengths), C, ... where they appear), so
each wrong answer points at one mistake. The answer is stated in closed form, torch's own
message included when the cell raises; tests run every generated cell on plain torch and
compare.

6. the last step (``output[:, -1]`` vs ``output[-1]``), ``h_n[-1]``/``h_n[0]``/``h_n[-2]``,
   ``cat`` of directions, ``h_n.view(K, D, N, H)``, the Linear head, ``squeeze`` with N = 1.
7. packing and padding, ``pad_sequence``, ``nn.Embedding`` before the RNN, cell loops,
   a cell's parameter names, ``view`` after ``transpose``.
8. a ``Net(nn.Module)``, encoder to decoder, dot-product attention with ``bmm``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rnn_tutor.core.call.spec import ModelCall, ModelKind, ModelSpec
from rnn_tutor.core.exercises.cells import BLANK, Cell, CellValue, Stated
from rnn_tutor.core.exercises.curriculum import CELL_LEVELS as CELL_LEVELS

_MAX_DRAWS = 5000
_GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}


def _distinct(values: Sequence[int]) -> bool:
    return len(set(values)) == len(values)


# --------------------------------------------------------------------------- the RNN line


@dataclass(frozen=True)
class _Rnn:
    kind: ModelKind
    I: int  # noqa: E741 - the notation of rnn-shapes.md
    H: int
    K: int = 1
    bidir: bool = False
    bf: bool = False
    proj: int = 0

    @property
    def spec(self) -> ModelSpec:
        """The same layer as the call room sees it (its D, H_out and plainest call)."""
        return ModelSpec(
            self.kind,
            self.I,
            self.H,
            self.K,
            batch_first=self.bf,
            bidirectional=self.bidir,
            proj_size=self.proj,
        )

    @property
    def D(self) -> int:
        return self.spec.D

    @property
    def H_out(self) -> int:
        return self.spec.H_out

    @property
    def DH(self) -> int:
        return self.D * self.H_out

    def call(self) -> ModelCall:
        return self.spec.call()

    def unpack(self, out: str = "output") -> str:
        return f"{out}, (h_n, c_n)" if self.kind == "LSTM" else f"{out}, h_n"

    def data(self, n: int, length: int) -> str:
        dims = (n, length, self.I) if self.bf else (length, n, self.I)
        return "torch.randn(" + ", ".join(str(d) for d in dims) + ")"

    def config(self) -> dict[str, CellValue]:
        return {
            "kind": self.kind,
            "I": self.I,
            "H": self.H,
            "H_out": self.H_out,
            "K": self.K,
            "D": self.D,
            "DH": self.DH,
            "bf": self.bf,
        }


def _draw_rnn(
    rng: random.Random,
    kinds: Sequence[ModelKind] = ("RNN", "GRU", "LSTM"),
    K: Sequence[int] = (1, 1, 2),
    bidir: bool | None = None,
    bf: bool | None = None,
    proj: bool = False,
) -> _Rnn:
    kind = "LSTM" if proj else rng.choice(tuple(kinds))
    hidden = rng.randint(3, 16)
    return _Rnn(
        kind=kind,
        I=rng.randint(2, 20),
        H=hidden,
        K=rng.choice(tuple(K)),
        bidir=rng.random() < 0.5 if bidir is None else bidir,
        bf=rng.random() < 0.5 if bf is None else bf,
        proj=rng.randint(2, hidden - 1) if proj else 0,
    )


def _n(rng: random.Random) -> int:
    return rng.randint(2, 8)


def _l(rng: random.Random) -> int:
    return rng.randint(3, 12)


@dataclass(frozen=True)
class Built:
    """What a template makes: the cell, the model call shown in the browser, the skills."""

    cell: Cell
    call: ModelCall
    skills: tuple[str, ...]


_Template = Callable[[random.Random], Built]


def _sample(rng: random.Random, draw: Callable[[random.Random], Built | None]) -> Built:
    """Draw until the template accepts the sizes (bounded; never loops forever)."""
    for _ in range(_MAX_DRAWS):
        built = draw(rng)
        if built is not None:
            return built
    raise RuntimeError("no distinct sizes for this cell template")  # pragma: no cover


def _cell(
    topic: str,
    lines: Sequence[str],
    question: str,
    config: dict[str, CellValue],
    answer: Stated,
    axes: Sequence[str] = (),
    raises: str | None = None,
    expect: str | None = None,
) -> Cell:
    return Cell(
        topic=topic,
        source="\n".join(lines),
        question=question,
        config=config,
        answer=answer,
        raises=raises,
        axes=tuple(axes),
        expect=expect,
    )


def _head(rnn: _Rnn, n: int, length: int) -> list[str]:
    return [
        f"rnn = {rnn.call().code()}",
        f"x = {rnn.data(n, length)}",
        f"{rnn.unpack()} = rnn(x)",
    ]


def _seq_axes(bf: bool, n: int, length: int) -> tuple[tuple[int, int], tuple[str, str]]:
    return ((n, length), ("N", "L")) if bf else ((length, n), ("L", "N"))


# --------------------------------------------------------------------------- level 6


def _last_step(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng)
    n, length = _n(rng), _l(rng)
    if not _distinct([n, length, rnn.DH, rnn.I] + ([rnn.H_out] if rnn.bidir else [])):
        return None
    pick = rng.choice(("[:, -1, :]", "[:, -1]", "[-1]"))
    on_time = rnn.bf == pick.startswith("[:,")
    answer = (n, rnn.DH) if on_time else (length, rnn.DH)
    axes = ("N", "D*H_out") if on_time else ("L", "D*H_out")
    config = {**rnn.config(), "N": n, "L": length, "picks_time": on_time, "pick": pick}
    lines = [*_head(rnn, n, length), f"last = output{pick}"]
    cell = _cell("last_step", lines, "shape:last", config, answer, axes)
    return Built(cell, rnn.call(), ("last_step",))


def _last_step_blank(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng)
    n, length = _n(rng), _l(rng)
    if not _distinct([n, length, rnn.DH, rnn.I]):
        return None
    reference = "output[:, -1]" if rnn.bf else "output[-1]"
    config = {**rnn.config(), "N": n, "L": length}
    lines = [*_head(rnn, n, length), f"last = {BLANK}"]
    cell = _cell(
        "last_step_blank",
        lines,
        "blank:expression",
        config,
        reference,
        ("N", "D*H_out"),
        expect="last",
    )
    return Built(cell, rnn.call(), ("last_step",))


def _h_n_final(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, K=(1, 2, 2, 3))
    n, length = _n(rng), _l(rng)
    if rnn.K == 1 and not rnn.bidir:
        return None
    if not _distinct([n, length, rnn.H_out, rnn.I, rnn.D * rnn.K]):
        return None
    backward = rnn.bidir and rng.random() < 0.5
    reference = "h_n[-2]" if rnn.bidir and not backward else "h_n[-1]"
    config = {
        **rnn.config(),
        "N": n,
        "L": length,
        "direction": "backward" if backward else "forward",
    }
    lines = [*_head(rnn, n, length), f"final = {BLANK}"]
    cell = _cell(
        "h_n_final", lines, "blank:expression", config, reference, ("N", "H_out"), expect="final"
    )
    skills = ("h_n_layers", "bidir_summary") if backward else ("h_n_layers",)
    return Built(cell, rnn.call(), skills)


def _bidir_summary(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, bidir=True, K=(1, 2))
    n, length = _n(rng), _l(rng)
    h = rnn.H_out
    if not _distinct([n, length, h, 2 * h, 2 * n, rnn.I]):
        return None
    dim = 0 if rng.random() < 0.3 else 1
    answer = (n, 2 * h) if dim == 1 else (2 * n, h)
    axes = ("N", "2*H_out") if dim == 1 else ("2*N", "H_out")
    config = {**rnn.config(), "N": n, "L": length, "dim": dim}
    lines = [*_head(rnn, n, length), f"summary = torch.cat((h_n[-2], h_n[-1]), dim={dim})"]
    cell = _cell("bidir_summary", lines, "shape:summary", config, answer, axes)
    return Built(cell, rnn.call(), ("bidir_summary",))


def _h_n_view(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, bidir=True, K=(3,))
    n, length = _n(rng), _l(rng)
    h = rnn.H_out
    if not _distinct([n, length, h, rnn.K, 2, 2 * rnn.K, rnn.I, 2 * h]):
        return None
    config = {**rnn.config(), "N": n, "L": length}
    lines = [*_head(rnn, n, length), f"layers = h_n.view({rnn.K}, 2, {n}, {h})"]
    question = "shape:layers"
    answer: tuple[int, ...] = (rnn.K, 2, n, h)
    axes: tuple[str, ...] = ("num_layers", "D", "N", "H_out")
    if rng.random() < 0.5:
        lines.append("last_layer = layers[-1]")
        question, answer, axes = "shape:last_layer", (2, n, h), ("D", "N", "H_out")
    cell = _cell("h_n_view", lines, question, config, answer, axes)
    return Built(cell, rnn.call(), ("h_n_layers",))


def _head_shape(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng)
    n, length, classes = _n(rng), _l(rng), rng.randint(2, 10)
    if not _distinct([n, length, classes, rnn.DH, rnn.I]):
        return None
    on_last = rng.random() < 0.5
    (first, second), (a0, a1) = _seq_axes(rnn.bf, n, length)
    lines = [*_head(rnn, n, length), f"head = nn.Linear({rnn.DH}, {classes})"]
    if on_last:
        step = "output[:, -1]" if rnn.bf else "output[-1]"
        lines.append(f"logits = head({step})")
        answer: tuple[int, ...] = (n, classes)
        axes: tuple[str, ...] = ("N", "C")
    else:
        lines.append("logits = head(output)")
        answer, axes = (first, second, classes), (a0, a1, "C")
    config = {**rnn.config(), "N": n, "L": length, "C": classes, "on_last": on_last}
    cell = _cell("head", lines, "shape:logits", config, answer, axes)
    return Built(cell, rnn.call(), ("linear_head",))


def _head_blank(rng: random.Random) -> Built | None:
    proj = rng.random() < 0.3
    rnn = _draw_rnn(rng, bidir=None if proj else True, proj=proj)
    n, length, classes = _n(rng), _l(rng), rng.randint(2, 10)
    wrong = {rnn.H_out, rnn.H, rnn.D * rnn.H} - {rnn.DH}
    if not _distinct([n, length, classes, rnn.DH, rnn.I, *sorted(wrong)]):
        return None
    step = "output[:, -1]" if rnn.bf else "output[-1]"
    lines = [
        *_head(rnn, n, length),
        f"head = nn.Linear({BLANK}, {classes})",
        f"logits = head({step})",
    ]
    config = {**rnn.config(), "N": n, "L": length, "C": classes, "proj": rnn.proj}
    cell = _cell(
        "head_blank", lines, "blank:number", config, rnn.DH, ("D*H_out",), expect="logits.shape"
    )
    return Built(cell, rnn.call(), ("linear_head",))


def _head_runs(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, bidir=True)
    n, length, classes = _n(rng), _l(rng), rng.randint(2, 10)
    if not _distinct([n, length, classes, rnn.DH, rnn.H_out, rnn.I]):
        return None
    wrong = rng.random() < 0.7
    features = rnn.H_out if wrong else rnn.DH
    step = "output[:, -1]" if rnn.bf else "output[-1]"
    lines = [
        *_head(rnn, n, length),
        f"head = nn.Linear({features}, {classes})",
        f"logits = head({step})",
    ]
    config = {**rnn.config(), "N": n, "L": length, "C": classes, "in_features": features}
    raises = (
        f"mat1 and mat2 shapes cannot be multiplied ({n}x{rnn.DH} and {features}x{classes})"
        if wrong
        else None
    )
    answer = None if wrong else (n, classes)
    cell = _cell("head_runs", lines, "runs:logits", config, answer, ("N", "C"), raises=raises)
    return Built(cell, rnn.call(), ("linear_head",))


def _squeeze(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, K=(1,), bidir=False, bf=True)
    length = _l(rng)
    if not _distinct([length, rnn.H_out, rnn.I]):
        return None
    lines = [*_head(rnn, 1, length)]
    if rng.random() < 0.7:
        lines.append("h = h_n.squeeze()")
        answer: tuple[int, ...] = (rnn.H_out,)
        axes: tuple[str, ...] = ("H_out",)
        how = "all"
    else:
        lines.append("h = h_n.squeeze(0)")
        answer, axes, how = (1, rnn.H_out), ("N", "H_out"), "first"
    config = {**rnn.config(), "N": 1, "L": length, "squeeze": how}
    cell = _cell("squeeze", lines, "shape:h", config, answer, axes)
    return Built(cell, rnn.call(), ("squeeze_batch",))


# --------------------------------------------------------------------------- level 7


def _lengths(rng: random.Random, n: int, length: int, longest: int) -> tuple[int, ...]:
    """Unsorted lengths, one of them ``longest``, at least one shorter."""
    drawn = [rng.randint(1, longest) for _ in range(n)]
    drawn[rng.randrange(n)] = longest
    if min(drawn) == longest:
        drawn[(drawn.index(longest) + 1) % n] = rng.randint(1, longest - 1)
    return tuple(drawn)


def _packed_lines(
    rnn: _Rnn, n: int, length: int, lengths: Sequence[int], tensor: bool
) -> list[str]:
    written = ", ".join(str(v) for v in lengths)
    return [
        f"rnn = {rnn.call().code()}",
        f"x = {rnn.data(n, length)}",
        f"lengths = torch.tensor([{written}])" if tensor else f"lengths = [{written}]",
        f"packed = pack_padded_sequence(x, lengths, batch_first={rnn.bf}, enforce_sorted=False)",
        f"{rnn.unpack('packed_out')} = rnn(packed)",
    ]


def _packed_runs(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, bidir=None, bf=True)
    n, length = _n(rng), _l(rng)
    longest = rng.randint(2, length)
    lengths = _lengths(rng, n, length, longest)
    total = sum(lengths)
    if not _distinct([n, length, longest, total, rnn.DH, rnn.I]):
        return None
    lines = _packed_lines(rnn, n, length, lengths, tensor=False)
    config = {
        **rnn.config(),
        "N": n,
        "L": length,
        "lengths": lengths,
        "max_len": longest,
        "S": total,
    }
    if rng.random() < 0.6:
        raises = "'PackedSequence' object has no attribute 'shape'"
        cell = _cell("packed_runs", lines, "runs:packed_out", config, None, raises=raises)
    else:
        cell = _cell(
            "packed_runs",
            lines,
            "shape:packed_out.data",
            config,
            (total, rnn.DH),
            ("sum(lengths)", "D*H_out"),
        )
    return Built(cell, rnn.call(), ("packed_output",))


def _pad_packed(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, bf=rng.random() < 0.8)
    n, length = _n(rng), _l(rng)
    longest = rng.randint(2, length - 1) if rng.random() < 0.7 else length
    lengths = _lengths(rng, n, length, longest)
    total_length = length + rng.randint(1, 4) if rng.random() < 0.25 else 0
    out_bf = rng.random() < 0.35
    time = total_length or longest
    # The padded time axis and what a learner may take it for (L, the longest length) must
    # differ from the other sizes; each counted once, as time is one of them (before, time
    # and max(lengths) were both listed, so every variant without total_length was
    # rejected and "the time axis is max(lengths), not L" was never asked).
    taken_for = sorted({length, longest} - {time})
    if not _distinct([n, rnn.DH, rnn.I, sum(lengths), time, *taken_for]):
        return None
    options = ["packed_out"]
    if out_bf:
        options.append("batch_first=True")
    if total_length:
        options.append(f"total_length={total_length}")
    lines = [
        *_packed_lines(rnn, n, length, lengths, tensor=False),
        f"padded, out_lengths = pad_packed_sequence({', '.join(options)})",
    ]
    answer = (n, time, rnn.DH) if out_bf else (time, n, rnn.DH)
    t_name = "total_length" if total_length else "max(lengths)"
    axes = ("N", t_name, "D*H_out") if out_bf else (t_name, "N", "D*H_out")
    config = {
        **rnn.config(),
        "N": n,
        "L": length,
        "lengths": lengths,
        "max_len": longest,
        "total_length": total_length,
        "out_bf": out_bf,
    }
    cell = _cell("pad_packed", lines, "shape:padded", config, answer, axes)
    return Built(cell, rnn.call(), ("packed_output",))


def _padded_last(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, bidir=False, bf=True)
    n, length = _n(rng), _l(rng)
    lengths = _lengths(rng, n, length, length)
    if not _distinct([n, length, rnn.H_out, rnn.I]):
        return None
    lines = [
        *_packed_lines(rnn, n, length, lengths, tensor=True),
        "padded, _ = pad_packed_sequence(packed_out, batch_first=True)",
        f"last = {BLANK}",
    ]
    config = {**rnn.config(), "N": n, "L": length, "lengths": lengths, "max_len": length}
    reference = f"padded[torch.arange({n}), lengths - 1]"
    cell = _cell(
        "padded_last", lines, "blank:expression", config, reference, ("N", "H_out"), expect="last"
    )
    return Built(cell, rnn.call(), ("padded_last_step",))


def _pad_sequence(rng: random.Random) -> Built | None:
    count = rng.randint(2, 4)
    features = rng.randint(2, 16)
    sizes = [rng.randint(1, 9) for _ in range(count)]
    longest = max(sizes)
    if not _distinct([count, features, longest]):
        return None
    names = "abcd"[:count]
    lines = [
        f"{name} = torch.randn({size}, {features})" for name, size in zip(names, sizes, strict=True)
    ]
    bf = rng.random() < 0.4
    option = ", batch_first=True" if bf else ""
    lines.append(f"batch = pad_sequence([{', '.join(names)}]{option})")
    answer = (count, longest, features) if bf else (longest, count, features)
    axes = ("N", "max(lengths)", "I") if bf else ("max(lengths)", "N", "I")
    config: dict[str, CellValue] = {
        "N": count,
        "I": features,
        "lengths": tuple(sizes),
        "max_len": longest,
        "out_bf": bf,
    }
    cell = _cell("pad_sequence", lines, "shape:batch", config, answer, axes)
    return Built(cell, ModelCall("RNN", (features, 1)), ("pad_sequence",))


def _embedding_lines(
    rnn: _Rnn, vocab: int, dim: int, n: int, length: int, tokens: str
) -> list[str]:
    return [
        f"emb = nn.Embedding({vocab}, {dim})",
        f"rnn = {rnn.call().code()}",
        f"tokens = {tokens}",
        "x = emb(tokens)",
        f"{rnn.unpack()} = rnn(x)",
    ]


def _embedding(rng: random.Random) -> Built | None:
    dim = rng.randint(2, 20)
    rnn = _draw_rnn(rng, bidir=False, bf=True)
    rnn = _Rnn(rnn.kind, dim, rnn.H, rnn.K, rnn.bidir, rnn.bf)
    vocab, n, length = rng.randint(10, 60), _n(rng), _l(rng)
    if not _distinct([vocab, dim, rnn.H_out, n, length]):
        return None
    tokens = f"torch.randint(0, {vocab}, ({n}, {length}))"
    lines = _embedding_lines(rnn, vocab, dim, n, length, tokens)
    config = {**rnn.config(), "N": n, "L": length, "V": vocab, "E": dim}
    if rng.random() < 0.65:
        cell = _cell("embedding", lines, "shape:x", config, (n, length, dim), ("N", "L", "E"))
    else:
        cell = _cell(
            "embedding", lines, "shape:output", config, (n, length, rnn.H_out), ("N", "L", "H_out")
        )
    return Built(cell, rnn.call(), ("embedding_input",))


def _embedding_runs(rng: random.Random) -> Built | None:
    dim = rng.randint(2, 20)
    base = _draw_rnn(rng, bidir=False, bf=True)
    variant = rng.choice(("float", "dim", "dim", "ok"))
    size = rng.randint(2, 20) if variant == "dim" else dim
    rnn = _Rnn(base.kind, size, base.H, base.K, base.bidir, base.bf)
    vocab, n, length = rng.randint(10, 60), _n(rng), _l(rng)
    if not _distinct([vocab, dim, rnn.H_out, n, length] + ([size] if variant == "dim" else [])):
        return None
    if variant == "float":
        tokens = f"torch.randn({n}, {length})"
    else:
        tokens = f"torch.randint(0, {vocab}, ({n}, {length}))"
    lines = _embedding_lines(rnn, vocab, dim, n, length, tokens)
    raises = None
    if variant == "float":
        raises = (
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            "types: Long, Int; but got torch.FloatTensor instead (while checking arguments "
            "for embedding)"
        )
    elif variant == "dim":
        raises = f"input.size(-1) must be equal to input_size. Expected {size}, got {dim}"
    config = {**rnn.config(), "N": n, "L": length, "V": vocab, "E": dim, "variant": variant}
    answer = None if raises else (n, length, rnn.H_out)
    cell = _cell(
        "embedding_runs", lines, "runs:output", config, answer, ("N", "L", "H_out"), raises=raises
    )
    return Built(cell, rnn.call(), ("embedding_input",))


_CELL_KINDS = ("RNNCell", "GRUCell", "LSTMCell")


def _cell_head(kind: str, i: int, h: int, n: int, length: int) -> list[str]:
    return [
        f"cell = nn.{kind}({i}, {h})",
        f"x = torch.randn({n}, {length}, {i})",
    ]


def _cell_config(kind: str, i: int, h: int, n: int, length: int) -> dict[str, CellValue]:
    gates = _GATES[kind.removesuffix("Cell")]
    return {"cell": kind, "I": i, "H": h, "N": n, "L": length, "g": gates, "gH": gates * h}


def _cell_call(kind: str, i: int, h: int) -> ModelCall:
    return ModelCall(kind.removesuffix("Cell"), (i, h))  # type: ignore[arg-type]


def _cell_loop(rng: random.Random) -> Built | None:
    kind = rng.choice(_CELL_KINDS)
    i, h, n, length = rng.randint(2, 16), rng.randint(3, 16), _n(rng), rng.randint(3, 8)
    if not _distinct([i, h, n, length, length * h]):
        return None
    lines = [*_cell_head(kind, i, h, n, length), f"h = torch.zeros({n}, {h})"]
    if kind == "LSTMCell":
        lines.append(f"c = torch.zeros({n}, {h})")
    lines += ["outs = []", f"for t in range({length}):"]
    if kind == "LSTMCell":
        lines.append("    h, c = cell(x[:, t], (h, c))")
    else:
        lines.append("    h = cell(x[:, t], h)")
    lines.append("    outs.append(h)")
    config = _cell_config(kind, i, h, n, length)
    join = rng.choice(("stack1", "stack0", "cat1", "h"))
    config["join"] = join
    if join == "h":
        cell = _cell("cell_loop", lines, "shape:h", config, (n, h), ("N", "H"))
    else:
        code = {
            "stack1": "torch.stack(outs, dim=1)",
            "stack0": "torch.stack(outs)",
            "cat1": "torch.cat(outs, dim=1)",
        }[join]
        lines.append(f"seq = {code}")
        answer, axes = {
            "stack1": ((n, length, h), ("N", "L", "H")),
            "stack0": ((length, n, h), ("L", "N", "H")),
            "cat1": ((n, length * h), ("N", "L*H")),
        }[join]
        cell = _cell("cell_loop", lines, "shape:seq", config, answer, axes)
    return Built(cell, _cell_call(kind, i, h), ("rnn_cell_loop",))


def _cell_runs(rng: random.Random) -> Built | None:
    kind = rng.choice(_CELL_KINDS)
    i, h, n, length = rng.randint(2, 16), rng.randint(3, 16), _n(rng), rng.randint(3, 8)
    if not _distinct([i, h, n, length]):
        return None
    variant = rng.choice(("sequence", "hidden", "hidden", "ok"))
    hidden = f"torch.zeros(1, {n}, {h})" if variant == "hidden" else f"torch.zeros({n}, {h})"
    lines = [*_cell_head(kind, i, h, n, length), f"h0 = {hidden}"]
    step = "x" if variant == "sequence" else "x[:, 0]"
    if kind == "LSTMCell":
        lines.append(f"c0 = {hidden}")
        lines.append(f"h, c = cell({step}, (h0, c0))")
    else:
        lines.append(f"h = cell({step}, h0)")
    raises = None
    if variant == "sequence":
        raises = f"{kind}: Expected input to be 1D or 2D, got 3D instead"
    elif variant == "hidden":
        what = "hx[0]" if kind == "LSTMCell" else "hidden"
        raises = f"{kind}: Expected {what} to be 1D or 2D, got 3D instead"
    config = {**_cell_config(kind, i, h, n, length), "variant": variant}
    answer = None if raises else (n, h)
    cell = _cell("cell_runs", lines, "runs:h", config, answer, ("N", "H"), raises=raises)
    return Built(cell, _cell_call(kind, i, h), ("rnn_cell_loop",))


def _cell_params(rng: random.Random) -> Built | None:
    kind = rng.choice(("GRUCell", "LSTMCell", "LSTMCell", "RNNCell"))
    i, h = rng.randint(2, 16), rng.randint(3, 16)
    gates = _GATES[kind.removesuffix("Cell")]
    if not _distinct([i, h] + ([gates * h] if gates > 1 else [])):
        return None
    name = rng.choice(("weight_ih", "weight_hh", "weight_ih_l0", "weight_ih_l0"))
    lines = [f"cell = nn.{kind}({i}, {h})", f"w = cell.{name}"]
    config = {**_cell_config(kind, i, h, 0, 0), "param": name}
    del config["N"], config["L"]
    if name.endswith("_l0"):
        raises = f"'{kind}' object has no attribute '{name}'"
        cell = _cell("cell_params", lines, "runs:w", config, None, raises=raises)
    else:
        columns = i if name == "weight_ih" else h
        axes = ("g*H", "I" if name == "weight_ih" else "H")
        cell = _cell("cell_params", lines, "shape:w", config, (gates * h, columns), axes)
    return Built(cell, _cell_call(kind, i, h), ("rnn_cell_loop",))


def _view_transpose(rng: random.Random) -> Built | None:
    rnn = _draw_rnn(rng, bf=False)
    n, length = _n(rng), _l(rng)
    if not _distinct([n, length, rnn.DH, rnn.I, n * length]):
        return None
    how = rng.choice(("view", "view", "reshape", "contiguous"))
    tail = {
        "view": f".view(-1, {rnn.DH})",
        "reshape": f".reshape(-1, {rnn.DH})",
        "contiguous": f".contiguous().view(-1, {rnn.DH})",
    }[how]
    lines = [*_head(rnn, n, length), f"flat = output.transpose(0, 1){tail}"]
    raises = None
    if how == "view":
        raises = (
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    config = {**rnn.config(), "N": n, "L": length, "how": how}
    answer = None if raises else (n * length, rnn.DH)
    cell = _cell(
        "view_transpose", lines, "runs:flat", config, answer, ("N*L", "D*H_out"), raises=raises
    )
    return Built(cell, rnn.call(), ("view_contiguous",))


# --------------------------------------------------------------------------- level 8


def _net_class(rng: random.Random, runs: bool) -> Built | None:
    vocab, dim, h, classes = (
        rng.randint(10, 60),
        rng.randint(2, 20),
        rng.randint(3, 16),
        rng.randint(2, 9),
    )
    n, length = _n(rng), _l(rng)
    if not _distinct([vocab, dim, h, 2 * h, classes, n, length]):
        return None
    variant = (
        rng.choice(("bad_head", "one_direction", "summary"))
        if runs
        else rng.choice(("summary", "sequence"))
    )
    in_features = h if variant == "bad_head" else 2 * h
    summary = {
        "summary": "summary = torch.cat((h_n[-2], h_n[-1]), dim=1)",
        "bad_head": "summary = torch.cat((h_n[-2], h_n[-1]), dim=1)",
        "one_direction": "summary = h_n[-1]",
        "sequence": "summary = output",
    }[variant]
    lines = [
        "class Net(nn.Module):",
        "    def __init__(self):",
        "        super().__init__()",
        f"        self.emb = nn.Embedding({vocab}, {dim})",
        f"        self.rnn = nn.LSTM({dim}, {h}, batch_first=True, bidirectional=True)",
        f"        self.head = nn.Linear({in_features}, {classes})",
        "    def forward(self, tokens):",
        "        x = self.emb(tokens)",
        "        output, (h_n, c_n) = self.rnn(x)",
        f"        {summary}",
        "        return self.head(summary)",
        "model = Net()",
        f"tokens = torch.randint(0, {vocab}, ({n}, {length}))",
        "logits = model(tokens)",
    ]
    raises = None
    if variant == "bad_head":
        raises = f"mat1 and mat2 shapes cannot be multiplied ({n}x{2 * h} and {h}x{classes})"
    elif variant == "one_direction":
        raises = f"mat1 and mat2 shapes cannot be multiplied ({n}x{h} and {2 * h}x{classes})"
    if variant == "sequence":
        answer: tuple[int, ...] | None = (n, length, classes)
        axes: tuple[str, ...] = ("N", "L", "C")
    else:
        answer, axes = (None, ("N", "C")) if raises else ((n, classes), ("N", "C"))
    config: dict[str, CellValue] = {
        "kind": "LSTM",
        "V": vocab,
        "E": dim,
        "I": dim,
        "H": h,
        "H_out": h,
        "D": 2,
        "DH": 2 * h,
        "K": 1,
        "bf": True,
        "C": classes,
        "N": n,
        "L": length,
        "variant": variant,
        "on_last": variant != "sequence",
    }
    question = "runs:logits" if runs else "shape:logits"
    cell = _cell("net_class", lines, question, config, answer, axes, raises=raises)
    skills = ["model_class", "linear_head"] + (["bidir_summary"] if variant != "sequence" else [])
    call = ModelCall("LSTM", (dim, h), (("batch_first", True), ("bidirectional", True)))
    return Built(cell, call, tuple(skills))


def _enc_dec(rng: random.Random, runs: bool) -> Built | None:
    kind: ModelKind = rng.choice(("GRU", "LSTM", "RNN")) if runs else rng.choice(("GRU", "RNN"))
    layers = rng.choice((1, 2, 3))
    i, j, h = rng.randint(2, 20), rng.randint(2, 20), rng.randint(3, 16)
    n, length, steps = _n(rng), _l(rng), rng.randint(2, 10)
    sizes = [2 * layers, n, h, 2 * h, length, steps, i, j] + ([layers] if layers > 1 else [])
    if not _distinct(sizes):
        return None
    encoder = _Rnn(kind, i, h, layers, bidir=True)
    variant = "as_is" if runs else rng.choice(("sum", "cat"))
    dec_hidden = 2 * h if variant == "cat" else h
    decoder = _Rnn(kind, j, dec_hidden, layers)
    lines = [
        f"encoder = {encoder.call().code()}",
        f"decoder = {decoder.call().code()}",
        f"src = torch.randn({length}, {n}, {i})",
        f"tgt = torch.randn({steps}, {n}, {j})",
        f"{encoder.unpack('enc_out')} = encoder(src)",
    ]
    config: dict[str, CellValue] = {
        "kind": kind,
        "K": layers,
        "N": n,
        "H": h,
        "H_out": h,
        "L": length,
        "T": steps,
        "I": i,
        "J": j,
        "variant": variant,
    }
    if variant == "as_is":
        state = "(h_n, c_n)" if kind == "LSTM" else "h_n"
        target = "dec_out, (dec_h, dec_c)" if kind == "LSTM" else "dec_out, dec_h"
        lines.append(f"{target} = decoder(tgt, {state})")
        which = "hidden[0]" if kind == "LSTM" else "hidden"
        raises = f"Expected {which} size ({layers}, {n}, {h}), got [{2 * layers}, {n}, {h}]"
        cell = _cell("enc_dec", lines, "runs:dec_out", config, None, raises=raises)
    else:
        if variant == "sum":
            lines.append(f"h0 = h_n.view({layers}, 2, {n}, {h}).sum(1)")
            answer, axes = (layers, n, h), ("num_layers", "N", "H")
        else:
            lines.append("h0 = torch.cat((h_n[0::2], h_n[1::2]), dim=2)")
            answer, axes = (layers, n, 2 * h), ("num_layers", "N", "2*H")
        lines.append("dec_out, dec_h = decoder(tgt, h0)")
        if rng.random() < 0.6:
            cell = _cell("enc_dec", lines, "shape:h0", config, answer, axes)
        else:
            cell = _cell(
                "enc_dec",
                lines,
                "shape:dec_out",
                config,
                (steps, n, dec_hidden),
                ("T", "N", "2*H" if variant == "cat" else "H"),
            )
    return Built(cell, encoder.call(), ("encoder_decoder",))


def _attention(rng: random.Random, runs: bool) -> Built | None:
    rnn = _draw_rnn(rng, kinds=("GRU", "RNN"), K=(1,), bidir=True, bf=True)
    n, length = _n(rng), _l(rng)
    width = rnn.DH
    if not _distinct([n, length, width, rnn.H_out, rnn.I, 1]):
        return None
    lines = [
        f"encoder = {rnn.call().code()}",
        f"x = {rnn.data(n, length)}",
        "enc_out, h_n = encoder(x)",
        f"dec_h = torch.randn({n}, {width})",
    ]
    config = {**rnn.config(), "N": n, "L": length}
    if runs:
        lines.append("scores = torch.bmm(enc_out, dec_h)")
        config["variant"] = "no_unsqueeze"
        cell = _cell(
            "attention", lines, "runs:scores", config, None, raises="batch2 must be a 3D tensor"
        )
        return Built(cell, rnn.call(), ("attention_bmm",))
    variant = rng.choice(("keys_first", "keys_first", "query_first"))
    config["variant"] = variant
    if variant == "query_first":
        lines.append("scores = torch.bmm(dec_h.unsqueeze(1), enc_out.transpose(1, 2))")
        cell = _cell(
            "attention", lines, "shape:scores", config, (n, 1, length), ("N", "unsqueeze(1)", "L")
        )
        return Built(cell, rnn.call(), ("attention_bmm",))
    lines += [
        "scores = torch.bmm(enc_out, dec_h.unsqueeze(2))",
        "weights = torch.softmax(scores, dim=1)",
        "context = torch.bmm(weights.transpose(1, 2), enc_out)",
    ]
    if rng.random() < 0.5:
        cell = _cell(
            "attention", lines, "shape:scores", config, (n, length, 1), ("N", "L", "unsqueeze(2)")
        )
    else:
        cell = _cell(
            "attention",
            lines,
            "shape:context",
            config,
            (n, 1, width),
            ("N", "transpose(1, 2)", "D*H_out"),
        )
    return Built(cell, rnn.call(), ("attention_bmm",))


# --------------------------------------------------------------------------- tables


CELL_TEMPLATES: dict[str, _Template] = {
    "last_step": lambda rng: _sample(rng, _last_step),
    "last_step_blank": lambda rng: _sample(rng, _last_step_blank),
    "h_n_final": lambda rng: _sample(rng, _h_n_final),
    "bidir_summary": lambda rng: _sample(rng, _bidir_summary),
    "h_n_view": lambda rng: _sample(rng, _h_n_view),
    "head": lambda rng: _sample(rng, _head_shape),
    "head_blank": lambda rng: _sample(rng, _head_blank),
    "head_runs": lambda rng: _sample(rng, _head_runs),
    "squeeze": lambda rng: _sample(rng, _squeeze),
    "packed_runs": lambda rng: _sample(rng, _packed_runs),
    "pad_packed": lambda rng: _sample(rng, _pad_packed),
    "padded_last": lambda rng: _sample(rng, _padded_last),
    "pad_sequence": lambda rng: _sample(rng, _pad_sequence),
    "embedding": lambda rng: _sample(rng, _embedding),
    "embedding_runs": lambda rng: _sample(rng, _embedding_runs),
    "cell_loop": lambda rng: _sample(rng, _cell_loop),
    "cell_runs": lambda rng: _sample(rng, _cell_runs),
    "cell_params": lambda rng: _sample(rng, _cell_params),
    "view_transpose": lambda rng: _sample(rng, _view_transpose),
    "net_class": lambda rng: _sample(rng, lambda r: _net_class(r, runs=False)),
    "net_class_runs": lambda rng: _sample(rng, lambda r: _net_class(r, runs=True)),
    "enc_dec_runs": lambda rng: _sample(rng, lambda r: _enc_dec(r, runs=True)),
    "enc_dec_fix": lambda rng: _sample(rng, lambda r: _enc_dec(r, runs=False)),
    "attention": lambda rng: _sample(rng, lambda r: _attention(r, runs=False)),
    "attention_runs": lambda rng: _sample(rng, lambda r: _attention(r, runs=True)),
}

CELL_LEVEL_TEMPLATES: dict[int, tuple[str, ...]] = {
    6: (
        "last_step",
        "last_step_blank",
        "h_n_final",
        "bidir_summary",
        "h_n_view",
        "head",
        "head_blank",
        "head_runs",
        "squeeze",
    ),
    7: (
        "packed_runs",
        "pad_packed",
        "padded_last",
        "pad_sequence",
        "embedding",
        "embedding_runs",
        "cell_loop",
        "cell_runs",
        "cell_params",
        "view_transpose",
    ),
    8: (
        "net_class",
        "net_class_runs",
        "enc_dec_runs",
        "enc_dec_fix",
        "attention",
        "attention_runs",
    ),
}

CELL_SKILL_TEMPLATES: dict[str, tuple[str, ...]] = {
    "last_step": ("last_step", "last_step_blank"),
    "h_n_layers": ("h_n_final", "h_n_view"),
    "bidir_summary": ("bidir_summary",),
    "linear_head": ("head", "head_blank", "head_runs"),
    "squeeze_batch": ("squeeze",),
    "packed_output": ("packed_runs", "pad_packed"),
    "padded_last_step": ("padded_last",),
    "pad_sequence": ("pad_sequence",),
    "embedding_input": ("embedding", "embedding_runs"),
    "rnn_cell_loop": ("cell_loop", "cell_runs", "cell_params"),
    "view_contiguous": ("view_transpose",),
    "model_class": ("net_class", "net_class_runs"),
    "encoder_decoder": ("enc_dec_runs", "enc_dec_fix"),
    "attention_bmm": ("attention", "attention_runs"),
}


CELL_LEVEL_TOPICS: dict[int, tuple[str, ...]] = {
    level: tuple(
        skill for skill, names in CELL_SKILL_TEMPLATES.items() if set(names) & set(templates)
    )
    for level, templates in CELL_LEVEL_TEMPLATES.items()
}
"""The topics (skills) each cell level's templates teach: what practice rotates through."""


def topic_templates(level: int, topic: str) -> tuple[str, ...]:
    """The templates of ``topic`` at ``level``, in table order."""
    return tuple(n for n in CELL_SKILL_TEMPLATES[topic] if n in CELL_LEVEL_TEMPLATES[level])


def cell_template_level(name: str) -> int:
    return next(level for level, names in CELL_LEVEL_TEMPLATES.items() if name in names)


CELL_SKILL_LEVELS: dict[str, int] = {
    skill: min(cell_template_level(name) for name in names)
    for skill, names in CELL_SKILL_TEMPLATES.items()
}


def build_cell(name: str, rng: random.Random) -> Built:
    """One exercise of template ``name`` drawn with ``rng``."""
    return CELL_TEMPLATES[name](rng)
