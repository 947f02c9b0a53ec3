"""Seeded exercises by level, with sizes chosen so that every misconception shows.

A wrong answer teaches only when it can be told apart: if ``N == num_layers`` a learner
who applied ``batch_first`` to ``h_n`` gives the right shape by accident, and the tutor
can neither mark the mistake nor name it. So the generator draws sizes, then keeps
drawing until every size a misconception could swap in (N, L, I, H, D*H_out, D*K,
proj_size, the gate rows, the parameter counts each mistake gives...) differs from the
others. Sizes stay small (H <= 32, L <= 12, N <= 8, at most 3 layers) so a real forward
pass costs well under 5 ms.

Everything is a function of its seed: ``random.Random`` instances seeded from strings
(hashed with SHA-512, so independent of ``PYTHONHASHSEED``), never the global generator.
Exercise ``i`` of a worksheet is ``exercise_at(level, seed, i)``, so a quiz can be
replayed from its seed alone.

Levels:
1. the notebook's world: one-layer ``nn.RNN`` with ``batch_first=True``, batched input;
   output, h_n, one parameter, total parameters.
2. ``batch_first`` either way, several layers, ``nn.GRU``; h_n against output,
   gate rows, ``len(all_weights)``.
3. ``nn.LSTM`` (c_n), bidirectional layers, parameters of layers k >= 1 and ``_reverse``.
4. unbatched input, ``proj_size``, ``bias=False``, h_0 given; "does this run?" with a
   wrong input size or a wrong h_0.
5. traps: the positional ``bias`` (``nn.LSTM(I, H, K, True)``) and ``nonlinearity``
   (``nn.RNN(I, H, K, True)`` raises), the silent ``batch_first`` mismatch, a 2-D batch
   read as a sequence, packed sequences.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rnn_tutor.core.call.rules import hidden_rule, total_params
from rnn_tutor.core.call.spec import (
    InputSpec,
    LiteralValue,
    ModelCall,
    ModelKind,
    ModelSpec,
)
from rnn_tutor.core.exercises.cell_generator import (
    CELL_LEVEL_TEMPLATES,
    CELL_LEVEL_TOPICS,
    CELL_SKILL_LEVELS,
    CELL_SKILL_TEMPLATES,
    build_cell,
    cell_template_level,
    topic_templates,
)
from rnn_tutor.core.exercises.curriculum import (
    ALL_LEVELS,
    CELL_LEVELS,
    LEVELS,
    SKILL_LEVELS,
    TRACKS,
)
from rnn_tutor.core.exercises.questions import SKILLS, Exercise, Question, QuestionKind

__all__ = [
    "ALL_LEVELS",
    "CELL_LEVELS",
    "FRESH_TRIES",
    "LEVELS",
    "LEVEL_TEMPLATES",
    "SKILL_LEVELS",
    "TRACKS",
    "exercise_at",
    "exercise_for_skill",
    "fresh_variant",
    "generate",
    "practice_at",
]

# In the mixed track every other exercise comes from the other ladder, at this level.
_PARTNER_LEVEL: dict[int, int] = {1: 6, 2: 6, 3: 7, 4: 7, 5: 8, 6: 2, 7: 4, 8: 5}

# Size ranges. Everything >= 2 so that no size can be mistaken for a missing axis of 1.
PACKED_SHORT_SHARE = 0.7
"""How often a packed exercise's longest length is drawn below L (see _config)."""
_N = (2, 8)
_L = (2, 12)
_I = (2, 24)
_H = (3, 32)
_MAX_DRAWS = 5000
_OTHER_GATES: dict[str, int] = {"LSTM": 3, "GRU": 4}


def _rng(*parts: object) -> random.Random:
    """A generator of its own, seeded from ``parts`` (string seeds hash with SHA-512)."""
    return random.Random(":".join(str(p) for p in ("rnn-tutor", *parts)))


# --------------------------------------------------------------------------- configurations


@dataclass(frozen=True)
class _Want:
    """Constraints on a drawn configuration; ``None`` leaves the choice to the level."""

    kinds: tuple[ModelKind, ...] | None = None
    deep: bool | None = None  # num_layers > 1
    bidirectional: bool | None = None
    batch_first: bool | None = None
    bias: bool | None = None
    proj: bool | None = None
    batched: bool | None = None
    packed: bool = False
    h0: bool | None = None

    def merged(self, other: _Want) -> _Want:
        """These constraints, overridden by every constraint ``other`` sets."""

        def pick(mine: bool | None, theirs: bool | None) -> bool | None:
            return mine if theirs is None else theirs

        return _Want(
            kinds=other.kinds or self.kinds,
            deep=pick(self.deep, other.deep),
            bidirectional=pick(self.bidirectional, other.bidirectional),
            batch_first=pick(self.batch_first, other.batch_first),
            bias=pick(self.bias, other.bias),
            proj=pick(self.proj, other.proj),
            batched=pick(self.batched, other.batched),
            packed=self.packed or other.packed,
            h0=pick(self.h0, other.h0),
        )


@dataclass(frozen=True)
class _Config:
    """A drawn layer and input, before it is written as code."""

    kind: ModelKind
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    batch_first: bool
    bias: bool
    proj_size: int
    batch: int
    seq_len: int
    batched: bool
    lengths: tuple[int, ...] | None
    h0: bool

    @property
    def spec(self) -> ModelSpec:
        return ModelSpec(
            kind=self.kind,
            input_size=self.input_size,
            hidden_size=self.hidden_size,
            num_layers=self.num_layers,
            bias=self.bias,
            batch_first=self.batch_first,
            bidirectional=self.bidirectional,
            proj_size=self.proj_size,
        )

    def data_shape(self) -> tuple[int, ...]:
        """The input tensor as torch reads it for this layer."""
        if not self.batched:
            return (self.seq_len, self.input_size)
        if self.batch_first:
            return (self.batch, self.seq_len, self.input_size)
        return (self.seq_len, self.batch, self.input_size)

    def input_spec(self) -> InputSpec:
        inp = InputSpec(self.data_shape(), lengths=self.lengths)
        if not self.h0:
            return inp
        spec = self.spec
        h0 = hidden_rule(spec, inp).shape
        c0 = hidden_rule(spec, inp, cell=True).shape if self.kind == "LSTM" else None
        return replace(inp, h0=h0, c0=c0)


def _level_kinds(level: int) -> tuple[ModelKind, ...]:
    if level == 1:
        return ("RNN",)
    if level == 2:
        return ("RNN", "GRU")
    return ("RNN", "GRU", "LSTM", "LSTM")


def _draw(rng: random.Random, level: int, want: _Want) -> _Config:
    """One configuration under ``want``; the level decides what ``want`` leaves open."""
    kinds = _level_kinds(level)
    if want.kinds:
        # A template's kinds, as far as the level has introduced them (GRU before LSTM).
        kinds = tuple(k for k in want.kinds if k in kinds) or want.kinds
    if want.proj:
        kinds = ("LSTM",)
    kind = rng.choice(kinds)
    deep = want.deep if want.deep is not None else (level >= 2 and rng.random() < 0.6)
    num_layers = rng.choice((2, 3)) if deep else 1
    bidirectional = (
        want.bidirectional
        if want.bidirectional is not None
        else (level >= 3 and rng.random() < 0.5)
    )
    batch_first = (
        want.batch_first if want.batch_first is not None else (level == 1 or rng.random() < 0.5)
    )
    bias = want.bias if want.bias is not None else (level < 4 or rng.random() < 0.8)
    proj = want.proj if want.proj is not None else (level >= 4 and rng.random() < 0.4)
    proj = proj and kind == "LSTM"
    if want.packed:
        batched = True
    elif want.batched is not None:
        batched = want.batched
    else:
        batched = level < 4 or rng.random() < 0.75
    h0 = (
        want.h0
        if want.h0 is not None
        else ((level == 1 or level >= 4) and not want.packed and rng.random() < 0.4)
    )
    hidden_size = rng.randint(*_H)
    batch = rng.randint(*_N)
    seq_len = rng.randint(*_L)
    lengths: tuple[int, ...] | None = None
    if want.packed:
        # Unsorted true lengths (enforce_sorted=False). About half the time even the longest
        # stops short of the padded input's L, so the padded output's time axis is
        # max(lengths), not L: an answer that ignores packing is then wrong.
        longest = seq_len
        if seq_len > 2 and rng.random() < PACKED_SHORT_SHARE:
            longest = rng.randint(2, seq_len - 1)
        drawn = [rng.randint(1, longest) for _ in range(batch)]
        drawn[rng.randrange(batch)] = longest
        lengths = tuple(drawn)
    return _Config(
        kind=kind,
        input_size=rng.randint(*_I),
        hidden_size=hidden_size,
        num_layers=num_layers,
        bidirectional=bidirectional,
        batch_first=batch_first,
        bias=bias,
        proj_size=rng.randint(2, hidden_size - 1) if proj else 0,
        batch=batch,
        seq_len=seq_len,
        batched=batched,
        lengths=lengths,
        h0=h0,
    )


# Questions whose answer has the D*num_layers axis, where "D instead of D*K" and
# "K instead of D*K" must differ (so K != 2 when bidirectional).
_LAYER_AXIS_KINDS = frozenset({"h_n", "c_n", "all_weights_len"})


def _axis_values(
    cfg: _Config, question: QuestionKind, extra: Sequence[int] = (), phantom_bi: bool = False
) -> list[int]:
    """Sizes that must be pairwise distinct for every misconception to give its own answer.

    ``phantom_bi`` adds the sizes a learner would use if they read the layer as
    bidirectional (the positional-bias trap).
    """
    spec = cfg.spec
    d = 2 if (cfg.bidirectional or phantom_bi) else 1
    k = cfg.num_layers
    values = [cfg.input_size, cfg.hidden_size, *extra]
    if question == "param" and cfg.bias and spec.gates > 1:
        values.append(cfg.hidden_size**2)  # a bias read as H*H (bias_per_pair)
    if question not in ("param", "total_params", "all_weights_len"):
        values.append(cfg.seq_len)
        if cfg.batched:
            values.append(cfg.batch)
        if cfg.lengths is not None:
            values.append(sum(cfg.lengths))
            if max(cfg.lengths) < cfg.seq_len:  # L and max(lengths) must read apart
                values.append(max(cfg.lengths))
    if cfg.proj_size:
        values.append(cfg.proj_size)
        if d == 2:
            values.append(2 * cfg.hidden_size)
    if d == 2:
        values.append(2 * spec.H_out)
        values.append(2 * k)
        if k > 1 and question in _LAYER_AXIS_KINDS | {"runs"}:
            values.append(2)
    if k > 1:
        values.append(k)
        values.append(k * d * spec.H_out)
    if spec.gates > 1:
        values.append(spec.gates * cfg.hidden_size)
        values.append(_OTHER_GATES[cfg.kind] * cfg.hidden_size)
    return values


def _layer_count(spec: ModelSpec, width: int, gates: int) -> int:
    """Parameters of one direction of one layer reading ``width`` features."""
    rows = gates * spec.hidden_size
    count = rows * (width + spec.H_out)
    if spec.bias:
        count += 2 * rows
    if spec.proj_size:
        count += spec.proj_size * spec.hidden_size
    return count


def _count_with(spec: ModelSpec, gates: int, deep_width: int) -> int:
    first = _layer_count(spec, spec.input_size, gates)
    deep = _layer_count(spec, deep_width, gates) * (spec.num_layers - 1)
    return spec.D * (first + deep)


def _count_answers(spec: ModelSpec) -> list[int]:
    """Total params, then what each counting misconception gives for this layer."""
    right = total_params(spec)
    gates = spec.gates
    per_bias = spec.D * spec.num_layers * gates * spec.hidden_size
    deep_width = spec.D * spec.H_out
    answers = [right]
    answers.append(right - per_bias if spec.bias else right + 2 * per_bias)
    if spec.D == 2:
        answers.append(right // 2)
    if gates > 1:
        answers.append(_count_with(spec, 1, deep_width))
        answers.append(_count_with(spec, _OTHER_GATES[spec.kind], deep_width))
    if spec.num_layers > 1:
        answers.append(_count_with(spec, gates, spec.input_size))
        if spec.D == 2:
            answers.append(_count_with(spec, gates, spec.H_out))
    if spec.proj_size:
        answers.append(total_params(replace(spec, proj_size=0)))
    if spec.bias and spec.hidden_size != gates:  # bias_per_pair: H*H values per vector
        vectors = 2 * spec.D * spec.num_layers
        answers.append(right - 2 * per_bias + vectors * spec.hidden_size**2)
    return answers


def _tensors_per_direction(cfg: _Config) -> int:
    return 2 + (2 if cfg.bias else 0) + (1 if cfg.proj_size else 0)


def _acceptable(
    cfg: _Config, question: QuestionKind, extra: Sequence[int], phantom_bi: bool
) -> bool:
    values = _axis_values(cfg, question, extra, phantom_bi)
    if len(set(values)) != len(values):
        return False
    if question == "total_params":
        counts = _count_answers(cfg.spec)
        return len(set(counts)) == len(counts)
    if question == "all_weights_len":
        d, k = cfg.spec.D, cfg.num_layers
        # D*K against K (reverse not counted), D (layers not counted) and tensor counts.
        others = ([k] if d == 2 else []) + ([d] if k > 1 else [])
        others += [_tensors_per_direction(cfg), d * k * _tensors_per_direction(cfg)]
        return d * k > 1 and d * k not in others and len(set(others)) == len(others)
    return True


def _sample(
    rng: random.Random,
    level: int,
    want: _Want,
    question: QuestionKind,
    extra: Callable[[_Config], Sequence[int]] | None = None,
    phantom_bi: bool = False,
) -> _Config:
    """Draw until every misconception gives its own answer (bounded; never loops forever)."""
    for _ in range(_MAX_DRAWS):
        cfg = _draw(rng, level, want)
        more = extra(cfg) if extra else ()
        if _acceptable(cfg, question, more, phantom_bi):
            return cfg
    raise RuntimeError(f"no distinct sizes for {want} / {question} at level {level}")


# --------------------------------------------------------------------------- writing code


def _call(
    cfg: _Config, rng: random.Random, level: int, trap: bool = False
) -> tuple[ModelCall, dict[str, LiteralValue]]:
    """The constructor as a learner writes it; levels 1-2 sometimes use notebook constants.

    ``trap`` adds ``True`` as the 4th positional argument: ``bias`` for LSTM/GRU,
    ``nonlinearity`` for RNN (which raises).
    """
    args: list[LiteralValue] = [cfg.input_size, cfg.hidden_size]
    kwargs: list[tuple[str, LiteralValue]] = []
    names: dict[str, LiteralValue] = {}
    refs: list[tuple[str, str]] = []
    layers_positional = trap or level <= 2 or (cfg.num_layers > 1 and rng.random() < 0.7)
    if layers_positional:
        args.append(cfg.num_layers)
    elif cfg.num_layers > 1:
        kwargs.append(("num_layers", cfg.num_layers))
    if trap:
        args.append(True)
    if not cfg.bias:
        kwargs.append(("bias", False))
    if cfg.batch_first:
        kwargs.append(("batch_first", True))
    if cfg.bidirectional:
        kwargs.append(("bidirectional", True))
    if cfg.proj_size:
        kwargs.append(("proj_size", cfg.proj_size))
    if level <= 2 and layers_positional and rng.random() < 0.5:
        # The seed notebook's style: nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first=True).
        names = {"HIDDEN_SIZE": cfg.hidden_size, "NUM_LAYERS": cfg.num_layers}
        refs = [("1", "HIDDEN_SIZE"), ("2", "NUM_LAYERS")]
    return ModelCall(cfg.kind, tuple(args), tuple(kwargs), "nn.", tuple(refs)), names


@dataclass(frozen=True)
class _Built:
    call: ModelCall
    input: InputSpec | None
    question: Question
    skills: tuple[str, ...]
    names: dict[str, LiteralValue]


def _unique(skills: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(skills))


def _forward_skills(cfg: _Config, kind: QuestionKind) -> list[str]:
    skills: list[str] = []
    if kind == "output":
        if cfg.lengths is not None:
            skills.append("packed_sequence")
        if cfg.batched:
            skills.append("output_layout")
        else:
            skills.append("unbatched_input")
        skills.append("output_last_axis")
    else:  # h_n / c_n
        if cfg.lengths is not None:
            skills.append("packed_sequence")
        if not cfg.batched:
            skills.append("unbatched_input")
        elif cfg.batch_first:
            skills.append("hn_ignores_batch_first")
        skills.append("hn_first_axis")
    if cfg.proj_size:
        skills.append("proj_size")
    return skills


# --------------------------------------------------------------------------- templates

_Template = Callable[[random.Random, int, _Want], _Built]
_GATED: tuple[ModelKind, ...] = ("GRU", "LSTM")
_OUTPUT_OR_HN: tuple[QuestionKind, ...] = ("output", "h_n")
_FORWARD_KINDS: tuple[QuestionKind, ...] = ("output", "h_n", "c_n")


def _forward_question(kind: QuestionKind, base: _Want) -> _Template:
    """output / h_n / c_n of a layer that runs."""

    def build(rng: random.Random, level: int, want: _Want) -> _Built:
        merged = base.merged(want)
        if kind in ("h_n", "c_n"):
            merged = replace(merged, h0=False)  # a given h_0 would show h_n's shape
        cfg = _sample(rng, level, merged, kind)
        call, names = _call(cfg, rng, level)
        return _Built(
            call, cfg.input_spec(), Question(kind), _unique(_forward_skills(cfg, kind)), names
        )

    return build


def _param_question(role: str, base: _Want) -> _Template:
    """The shape of one named parameter; ``deep`` roles ask about a layer k >= 1."""

    def build(rng: random.Random, level: int, want: _Want) -> _Built:
        merged = replace(base.merged(want), h0=False)
        cfg = _sample(rng, level, merged, "param")
        layer = rng.randrange(1, cfg.num_layers) if role == "weight_ih_deep" else 0
        if role != "weight_ih_deep" and cfg.num_layers > 1 and rng.random() < 0.5:
            layer = rng.randrange(cfg.num_layers)
        name_role = "weight_ih" if role == "weight_ih_deep" else role
        if name_role == "bias":
            name_role = rng.choice(("bias_ih", "bias_hh"))
        direction = "_reverse" if cfg.bidirectional and rng.random() < 0.5 else ""
        name = f"{name_role}_l{layer}{direction}"
        skills = ["gate_blocks"]
        if name_role == "weight_ih" and layer > 0:
            skills.insert(0, "deep_layer_input")
        if name_role == "weight_hr":
            skills = ["proj_size"]
        elif cfg.proj_size and (name_role == "weight_hh" or layer > 0):
            skills.append("proj_size")
        call, names = _call(cfg, rng, level)
        return _Built(call, None, Question("param", name), _unique(skills), names)

    return build


def _count_question(kind: QuestionKind, base: _Want) -> _Template:
    """Total parameters or len(all_weights): the constructor alone."""

    def build(rng: random.Random, level: int, want: _Want) -> _Built:
        merged = replace(base.merged(want), h0=False)
        cfg = _sample(rng, level, merged, kind)
        if kind == "all_weights_len":
            skills = ["all_weights_len"]
        else:
            skills = ["param_count", "two_biases"]
            if cfg.num_layers > 1:
                skills.append("deep_layer_input")
            if cfg.proj_size:
                skills.append("proj_size")
        call, names = _call(cfg, rng, level)
        return _Built(call, None, Question(kind), _unique(skills), names)

    return build


def _runs_input_size(rng: random.Random, level: int, want: _Want) -> _Built:
    """Data whose feature axis is not input_size: torch refuses it."""
    merged = replace(_Want(batched=True).merged(want), h0=False)
    wrong: dict[str, int] = {}

    def extra(cfg: _Config) -> list[int]:
        # Half the time features and time are swapped, as Conv1d habits produce.
        swapped = cfg.batch_first and rng.random() < 0.5
        wrong["size"] = cfg.seq_len if swapped else rng.randint(*_I)
        return [] if swapped else [wrong["size"]]

    cfg = _sample(rng, level, merged, "runs", extra)
    shape = (*cfg.data_shape()[:-1], wrong["size"])
    if wrong["size"] == cfg.seq_len and cfg.batched and cfg.batch_first:
        shape = (cfg.batch, cfg.input_size, cfg.seq_len)
    call, names = _call(cfg, rng, level)
    return _Built(call, InputSpec(shape), Question("runs"), ("input_checks",), names)


def _runs_hidden(ok: bool) -> _Template:
    """h_0 given: right (it runs) or in one of the shapes learners really pass."""

    def build(rng: random.Random, level: int, want: _Want) -> _Built:
        mistake = "" if ok else rng.choice(("batch_first", "direction", "dims", "proj"))
        base = _Want(batched=True, h0=True)
        if mistake == "batch_first":
            base = replace(base, batch_first=True)
        elif mistake == "direction":
            base = replace(base, bidirectional=True)
        elif mistake == "dims":
            base = replace(base, kinds=("RNN", "GRU"))
        elif mistake == "proj":
            base = replace(base, proj=True)
        cfg = _sample(rng, level, base.merged(want), "runs")
        inp = cfg.input_spec()
        d_k, n, h_out = inp.h0 or ()
        h0, c0 = inp.h0, inp.c0
        hidden = cfg.hidden_size
        skills = ["input_checks"]
        # Learners make the same mistake in h_0 and c_0, except proj_size (c_0 keeps H).
        if mistake == "batch_first":
            h0, c0 = (n, d_k, h_out), (n, d_k, hidden)
            skills.append("hn_ignores_batch_first")
        elif mistake == "direction":
            h0, c0 = (cfg.num_layers, n, h_out), (cfg.num_layers, n, hidden)
            skills.append("hn_first_axis")
        elif mistake == "dims":
            h0 = (d_k, h_out)
        elif mistake == "proj":
            h0 = (d_k, n, hidden)
            skills.append("proj_size")
        elif cfg.batch_first:
            skills.append("hn_ignores_batch_first")
        if cfg.kind != "LSTM":
            c0 = None
        inp = replace(inp, h0=h0, c0=c0)
        call, names = _call(cfg, rng, level)
        return _Built(call, inp, Question("runs"), _unique(skills), names)

    return build


def _runs_positional(rng: random.Random, level: int, want: _Want) -> _Built:
    """``nn.X(I, H, K, True)``: bias for LSTM/GRU (runs, unidirectional); RNN raises."""
    base = _Want(batched=True, bidirectional=False, bias=True, proj=False)
    merged = replace(base.merged(want), h0=False)
    cfg = _sample(rng, level, merged, "runs", phantom_bi=True)
    call, names = _call(cfg, rng, level, trap=True)
    return _Built(call, cfg.input_spec(), Question("runs"), ("positional_args",), names)


def _positional_bias(rng: random.Random, level: int, want: _Want) -> _Built:
    """``nn.LSTM(I, H, K, True)`` asked for output or h_n: True is bias, not bidirectional."""
    kind = rng.choice(_OUTPUT_OR_HN)
    base = _Want(kinds=_GATED, batched=True, bidirectional=False, bias=True, proj=False, h0=False)
    cfg = _sample(rng, level, base.merged(want), kind, phantom_bi=True)
    call, names = _call(cfg, rng, level, trap=True)
    skills = ["positional_args", *_forward_skills(cfg, kind)]
    return _Built(call, cfg.input_spec(), Question(kind), _unique(skills), names)


def _runs_silent_mismatch(rng: random.Random, level: int, want: _Want) -> _Built:
    """Batch-first data into a batch_first=False layer: runs, with batch and time swapped."""
    base = _Want(batched=True, batch_first=False, h0=False)
    cfg = _sample(rng, level, base.merged(want), "runs")
    data = (cfg.batch, cfg.seq_len, cfg.input_size)
    call, _ = _call(cfg, rng, level)
    names: dict[str, LiteralValue] = {"BATCH_SIZE": cfg.batch, "SEQ_LENGTH": cfg.seq_len}
    return _Built(call, InputSpec(data), Question("runs"), ("silent_batch_mismatch",), names)


def _runs_silent_unbatched(rng: random.Random, level: int, want: _Want) -> _Built:
    """A (N, I) batch of one step is read as one unbatched sequence of N steps."""
    base = _Want(batched=True, h0=False)
    cfg = _sample(rng, level, base.merged(want), "runs")
    call, _ = _call(cfg, rng, level)
    names: dict[str, LiteralValue] = {"BATCH_SIZE": cfg.batch}
    inp = InputSpec((cfg.batch, cfg.input_size))
    return _Built(call, inp, Question("runs"), ("unbatched_input",), names)


def _proj_question(rng: random.Random, level: int, want: _Want) -> _Built:
    """An LSTM with proj_size: output, h_n, c_n, weight_hh or weight_hr."""
    base = _Want(proj=True)
    if rng.random() < 0.6:
        return _forward_question(rng.choice(_FORWARD_KINDS), base)(rng, level, want)
    return _param_question(rng.choice(("weight_hh", "weight_hr")), base)(rng, level, want)


_BATCHED = _Want(batched=True)

TEMPLATES: dict[str, _Template] = {
    "output": _forward_question("output", _Want()),
    "output_batched": _forward_question("output", _BATCHED),
    "output_unbatched": _forward_question("output", _Want(batched=False)),
    "h_n": _forward_question("h_n", _Want()),
    "h_n_batch_first": _forward_question("h_n", _Want(batched=True, batch_first=True)),
    "h_n_deep": _forward_question("h_n", _Want(deep=True)),
    "h_n_unbatched": _forward_question("h_n", _Want(batched=False)),
    "c_n": _forward_question("c_n", _Want(kinds=("LSTM",))),
    "param_ih0": _param_question("weight_ih", _Want()),
    "param_hh0": _param_question("weight_hh", _Want()),
    "param_bias": _param_question("bias", _Want(bias=True)),
    "param_gated": _param_question("weight_ih", _Want(kinds=_GATED)),
    "param_deep": _param_question("weight_ih_deep", _Want(deep=True)),
    "total": _count_question("total_params", _Want()),
    "total_bias": _count_question("total_params", _Want(bias=True)),
    "total_nobias": _count_question("total_params", _Want(bias=False)),
    "all_weights": _count_question("all_weights_len", _Want()),
    "proj": _proj_question,
    "runs_input_size": _runs_input_size,
    "runs_h0_wrong": _runs_hidden(ok=False),
    "runs_h0_ok": _runs_hidden(ok=True),
    "runs_positional": _runs_positional,
    "positional_bias": _positional_bias,
    "runs_silent_mismatch": _runs_silent_mismatch,
    "runs_silent_unbatched": _runs_silent_unbatched,
    "packed_output": _forward_question("output", _Want(packed=True)),
    "packed_h_n": _forward_question("h_n", _Want(packed=True)),
}

# What a worksheet of each level cycles through (shuffled per seed), newest ideas first.
LEVEL_TEMPLATES: dict[int, tuple[str, ...]] = {
    1: ("output", "h_n", "param_ih0", "param_hh0", "param_bias", "total"),
    2: (
        "output",
        "h_n_deep",
        "h_n_batch_first",
        "param_gated",
        "param_bias",
        "total",
        "all_weights",
    ),
    3: ("output", "h_n", "c_n", "param_deep", "param_gated", "total", "all_weights"),
    4: (
        "output_unbatched",
        "h_n",
        "proj",
        "total_nobias",
        "runs_input_size",
        "runs_h0_wrong",
        "runs_h0_ok",
        "param_deep",
    ),
    5: (
        "runs_positional",
        "positional_bias",
        "runs_silent_mismatch",
        "runs_silent_unbatched",
        "packed_output",
        "packed_h_n",
        "proj",
        "runs_h0_wrong",
        "total",
    ),
}

# Per skill: the templates that exercise it, and the constraints that guarantee the tag.
_SKILL_TEMPLATES: dict[str, tuple[tuple[str, ...], _Want]] = {
    "output_layout": (("output_batched", "packed_output"), _Want()),
    "output_last_axis": (("output",), _Want()),
    "hn_ignores_batch_first": (
        ("h_n", "h_n_batch_first", "c_n"),
        _Want(batched=True, batch_first=True),
    ),
    "hn_first_axis": (("h_n", "h_n_deep", "c_n"), _Want()),
    "unbatched_input": (
        ("output_unbatched", "h_n_unbatched", "runs_silent_unbatched"),
        _Want(),
    ),
    "gate_blocks": (
        ("param_ih0", "param_hh0", "param_bias", "param_gated"),
        _Want(kinds=_GATED),  # the gates are the point: never nn.RNN, which has none
    ),
    "deep_layer_input": (("param_deep",), _Want()),
    "proj_size": (("proj",), _Want()),
    "two_biases": (("total_bias",), _Want()),
    "param_count": (("total", "total_nobias"), _Want()),
    "all_weights_len": (("all_weights",), _Want()),
    "positional_args": (("runs_positional", "positional_bias"), _Want()),
    "input_checks": (("runs_input_size", "runs_h0_wrong", "runs_h0_ok"), _Want()),
    "silent_batch_mismatch": (("runs_silent_mismatch",), _Want()),
    "packed_sequence": (("packed_output", "packed_h_n"), _Want()),
}


def _template_level(name: str) -> int:
    """The first level whose worksheets use ``name`` (or whose features it needs)."""
    for level in LEVELS:
        if name in LEVEL_TEMPLATES[level]:
            return level
    return _EXTRA_TEMPLATE_LEVELS[name]


# Templates that serve skills but are not in a worksheet cycle of their own.
_EXTRA_TEMPLATE_LEVELS: dict[str, int] = {
    "output_batched": 1,
    "h_n_unbatched": 4,
    "total_bias": 1,
}


def template_skill_levels() -> dict[str, int]:
    """The first level whose templates exercise each skill: what ``SKILL_LEVELS`` (the
    curriculum's table, read by the home screen without this module) must say."""
    return {
        **{
            skill: min(_template_level(name) for name in templates)
            for skill, (templates, _) in _SKILL_TEMPLATES.items()
        },
        **CELL_SKILL_LEVELS,
    }


def _check_level(level: int) -> None:
    if level not in ALL_LEVELS:
        raise ValueError(f"level must be one of {ALL_LEVELS}, not {level!r}")


def track_level(track: str | None, level: int, index: int) -> int:
    """The level exercise ``index`` comes from: ``level``, or in the mixed track every
    other exercise from the other ladder (call levels <-> levels around the RNN)."""
    if track is not None and track not in TRACKS:
        raise ValueError(f"track must be one of {', '.join(TRACKS)}, not {track!r}")
    if track == "mixed" and index % 2 == 1:
        return _PARTNER_LEVEL[level]
    return level


def _cell_exercise(name: str, rng: random.Random, level: int, seed: int) -> Exercise:
    built = build_cell(name, rng)
    return Exercise(
        call=built.call,
        input=None,
        question=Question("cell", built.cell.question),
        skills=built.skills,
        level=level,
        seed=seed,
        cell=built.cell,
    )


def _cell_for_skill(skill: str, rng: random.Random, level: int | None, seed: int) -> Exercise:
    at = max(level or CELL_SKILL_LEVELS[skill], CELL_SKILL_LEVELS[skill])
    usable = [name for name in CELL_SKILL_TEMPLATES[skill] if cell_template_level(name) <= at]
    for _ in range(100):
        exercise = _cell_exercise(rng.choice(usable), rng, at, seed)
        if skill in exercise.skills:
            return exercise
    raise RuntimeError(f"could not build an exercise for skill {skill!r}")  # pragma: no cover


def _exercise(name: str, rng: random.Random, level: int, seed: int, want: _Want) -> Exercise:
    built = TEMPLATES[name](rng, level, want)
    return Exercise(
        call=built.call,
        input=built.input,
        question=built.question,
        skills=built.skills,
        level=level,
        seed=seed,
        names=built.names,
    )


def _for_skill(skill: str, rng: random.Random, level: int | None, seed: int) -> Exercise:
    if skill in CELL_SKILL_TEMPLATES:
        return _cell_for_skill(skill, rng, level, seed)
    if skill not in _SKILL_TEMPLATES:
        raise ValueError(f"unknown skill {skill!r}; choose from {', '.join(SKILLS)}")
    templates, want = _SKILL_TEMPLATES[skill]
    at = min(max(level or SKILL_LEVELS[skill], SKILL_LEVELS[skill]), LEVELS[-1])
    usable = [name for name in templates if _template_level(name) <= at]
    for _ in range(100):
        exercise = _exercise(rng.choice(usable), rng, at, seed, want)
        if skill in exercise.skills:
            return exercise
    raise RuntimeError(f"could not build an exercise for skill {skill!r}")  # pragma: no cover


def exercise_at(
    level: int,
    seed: int,
    index: int,
    skills: Sequence[str] | None = None,
    track: str | None = None,
) -> Exercise:
    """Exercise ``index`` of the worksheet ``(level, seed)``: the same every time.

    Without ``skills`` a worksheet cycles through its level's templates in an order
    shuffled per seed and per cycle, so every question kind of the level appears early.
    With ``skills`` exercise ``index`` exercises ``skills[index % len(skills)]``, at this
    level or the skill's first level if that is higher. ``track`` "mixed" takes every other
    exercise from the other ladder (see :func:`track_level`).
    """
    _check_level(level)
    level = track_level(track, level, index)
    rng = _rng("exercise", level, seed, index)
    if skills:
        skill = skills[index % len(skills)]
        return _for_skill(skill, rng, level, seed)
    if level in CELL_LEVELS:
        pool = list(CELL_LEVEL_TEMPLATES[level])
        cycle, position = divmod(index, len(pool))
        _rng("order", level, seed, cycle).shuffle(pool)
        return _cell_exercise(pool[position], rng, level, seed)
    pool = list(LEVEL_TEMPLATES[level])
    cycle, position = divmod(index, len(pool))
    _rng("order", level, seed, cycle).shuffle(pool)
    return _exercise(pool[position], rng, level, seed, _Want())


def generate(
    level: int,
    seed: int,
    count: int = 1,
    skills: Sequence[str] | None = None,
    track: str | None = None,
) -> list[Exercise]:
    """``count`` exercises of ``level``; the same seed always gives the same list."""
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    return [exercise_at(level, seed, index, skills, track) for index in range(count)]


def practice_at(level: int, seed: int, index: int, track: str | None = None) -> Exercise:
    """Exercise ``index`` of endless practice ``(level, seed)``: the same every time.

    At a cell level (6-8) practice rotates through the level's topics in an order drawn
    once per seed, so any run of as many exercises as the level has topics covers each
    of them once (no topic comes back before every other has had its turn); within a topic
    its templates take turns, in an order shuffled per round. Call levels (1-5) draw as
    they always have: the first exercise of the worksheet ``seed + index``. In the mixed
    track every other exercise comes from the other ladder (see :func:`track_level`).
    """
    _check_level(level)
    at = track_level(track, level, index)
    if at not in CELL_LEVELS:
        return exercise_at(at, seed + index, 0)
    turn = index // 2 if track == "mixed" else index  # this level's own turns only
    topics = list(CELL_LEVEL_TOPICS[at])
    _rng("practice", at, seed).shuffle(topics)
    rounds, place = divmod(turn, len(topics))
    topic = topics[place]
    names = list(topic_templates(at, topic))
    cycle, position = divmod(rounds, len(names))
    _rng("practice", at, seed, topic, cycle).shuffle(names)
    return _cell_exercise(names[position], _rng("exercise", at, seed, index), at, seed)


FRESH_TRIES = 200
"""Draws tried for a variant of the same kind before one of the same skill will do."""


def variant_kind(exercise: Exercise) -> tuple[str, ...]:
    """What a fresh variant keeps: the form of the question (``output``, ``h_n``, ``param``,
    ``total_params``, ``runs``; a cell's topic and its question's form), so "again" asks the
    same kind of thing of other numbers. The parameter's name and the module kind may
    change: a skill such as ``gate_blocks`` is drawn on whichever layer shows it."""
    if exercise.cell is not None:
        return ("cell", exercise.cell.topic, exercise.cell.question.partition(":")[0])
    return ("call", exercise.question.id.partition(":")[0])


def fresh_variant(
    exercise: Exercise, seed: int, answer: Callable[[Exercise], object] | None = None
) -> Exercise:
    """The same kind of question on the same skills, with other numbers.

    "Practise these again" after a quiz asked the very exercises whose answers the results
    had just shown (issue 21): the learner could type them back from memory. A variant
    keeps ``variant_kind`` and the level and changes the code and, given ``answer`` (the
    closed form, from the grading room), the answer too. Within ``FRESH_TRIES`` draws the
    first that does all that wins; else the first of the same kind with other code (a
    "does it run?" cell whose answer is "error" either way), else one of the same skill;
    an exercise with no skill to draw from comes back as it is.
    """
    # A skill first met above this level would raise it (a level-2 exercise's
    # deep_layer_input is drawn at level 3): only skills of this level are drawn from.
    skills = [
        skill
        for skill in exercise.skills
        if skill in SKILL_LEVELS and SKILL_LEVELS[skill] <= exercise.level
    ]
    if not skills:
        return exercise
    kind, code = variant_kind(exercise), exercise.code()
    was = None if answer is None else answer(exercise)
    same_answer: Exercise | None = None
    other_kind: Exercise | None = None
    for attempt in range(FRESH_TRIES):
        skill = skills[attempt % len(skills)]
        candidate = _for_skill(skill, _rng("again", kind, seed, attempt), exercise.level, seed)
        if candidate.code() == code or candidate.level != exercise.level:
            continue
        if variant_kind(candidate) != kind:
            other_kind = other_kind or candidate
        elif answer is not None and answer(candidate) == was:
            same_answer = same_answer or candidate
        else:
            return candidate
    return same_answer or other_kind or exercise


def exercise_for_skill(skill: str, seed: int, level: int | None = None) -> Exercise:
    """A fresh exercise of ``skill`` (review mode): new numbers for every seed.

    ``level`` raises the difficulty of everything around the skill; it never goes below
    the skill's first level (``SKILL_LEVELS``), where the idea is introduced.
    """
    return _for_skill(skill, _rng("skill", skill, level, seed), level, seed)
