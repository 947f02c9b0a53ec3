"""spec.py: safe parsing of model text, and bind() against torch's real constructor."""

from __future__ import annotations

import contextlib
import random
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_tutor.core.call.spec import (
    ConstructorError,
    InputSpec,
    LiteralValue,
    ModelCall,
    ModelSpec,
    SpecError,
    bind,
    parse_model,
    parse_shape_list,
)

torch = pytest.importorskip("torch")

# --------------------------------------------------------------------------- parse_model


def test_parse_model_keeps_the_call_as_written() -> None:
    parsed = parse_model("nn.LSTM(20, 300, 5, True)")
    assert parsed.call == ModelCall("LSTM", (20, 300, 5, True), (), "nn.")
    assert parsed.call.code() == "nn.LSTM(20, 300, 5, True)"


@pytest.mark.parametrize(
    ("text", "kind", "prefix"),
    [
        ("nn.RNN(10, 5)", "RNN", "nn."),
        ("torch.nn.GRU(8, 16, num_layers=2)", "GRU", "torch.nn."),
        ("LSTM(4, 3)", "LSTM", ""),
        ("rnn = nn.RNN(10, 5, 1, batch_first=True)", "RNN", "nn."),
    ],
)
def test_parse_model_accepts_notebook_forms(text: str, kind: str, prefix: str) -> None:
    call = parse_model(text).call
    assert (call.kind, call.prefix) == (kind, prefix)


def test_parse_model_reads_constants_as_the_seed_notebook_writes_them() -> None:
    text = (
        "HIDDEN_SIZE = 1\nNUM_LAYERS = 1\n"
        "rnn = nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first = True)"
    )
    parsed = parse_model(text)
    assert parsed.call.args == (10, 1, 1)
    assert parsed.call.kwargs == (("batch_first", True),)
    assert parsed.names == {"HIDDEN_SIZE": 1, "NUM_LAYERS": 1}
    assert parsed.call.code(with_names=True) == (
        "nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first=True)"
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "spec.error.empty"),
        ("nn.LSTM(10, 20", "spec.error.syntax"),
        ("nn.LSTM(10, H)", "spec.error.unknown_name"),
        ("nn.LSTM(10, 2 * 10)", "spec.error.not_literal"),
        ("nn.LSTM(10, __import__('os').getpid())", "spec.error.not_literal"),
        ("nn.Linear(10, 20)", "spec.error.not_a_model"),
        ("nn.LSTM(*sizes)", "spec.error.star_args"),
        ("for i in x: pass", "spec.error.statement"),
        ("nn.RNN(1, 2)\nx = 3", "spec.error.after_call"),
        ("X = 3", "spec.error.no_call"),
        ("nn.RNN(" + "1, " * 1000 + ")", "spec.error.too_long"),
        ("import torch.nn as nn\nrnn = nn.GRU(3, 4)", "spec.error.import"),
        ("from torch import nn\nnn.GRU(3, 4)", "spec.error.import"),
    ],
)
def test_parse_model_refuses_with_a_message(text: str, key: str) -> None:
    with pytest.raises(SpecError) as info:
        parse_model(text)
    assert info.value.key == key
    assert info.value.message  # a sentence from the catalog, not the key
    assert info.value.message != key


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_parse_model_never_fails_otherwise(text: str) -> None:
    with contextlib.suppress(SpecError):
        parse_model(text)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_import_line_is_refused_with_what_is_accepted(lang: str) -> None:
    from rnn_tutor.i18n import get_language, set_language

    before = get_language()
    set_language(lang)
    try:
        with pytest.raises(SpecError) as info:
            parse_model("import torch\nrnn = nn.GRU(3, 4)")
    finally:
        set_language(before)
    message = info.value.message
    assert "import torch" in message  # the line that is not read
    assert "HIDDEN_SIZE = 5" in message and "nn.LSTM" in message  # what is read


def test_parse_shape_list_forms() -> None:
    assert parse_shape_list("3,5,10") == (3, 5, 10)
    assert parse_shape_list("(3, 5, 10)") == (3, 5, 10)
    assert parse_shape_list("3x5x10") == (3, 5, 10)
    assert parse_shape_list("\uff13\uff0c\uff15\uff0c\uff11\uff10") == (3, 5, 10)  # full width
    with pytest.raises(SpecError):
        parse_shape_list("3,-5")
    with pytest.raises(SpecError):
        parse_shape_list("")


@pytest.mark.parametrize(
    "text",
    ["3,5,1\u00b2", "\u0663,5", "1\u2082", "9" * 5000],
    ids=["superscript", "arabic_indic", "subscript", "huge"],
)
def test_parse_shape_list_refuses_digits_int_cannot_read(text: str) -> None:
    with pytest.raises(SpecError):
        parse_shape_list(text)


@given(st.text(max_size=60))
@settings(max_examples=400)
def test_parse_shape_list_raises_nothing_but_spec_error(text: str) -> None:
    try:
        shape = parse_shape_list(text)
    except SpecError:
        return
    assert shape and all(isinstance(n, int) and n >= 0 for n in shape)


@given(st.lists(st.sampled_from("0123456789,x ()\u00b2\u00b3\u0663\uff15"), max_size=30))
@settings(max_examples=400)
def test_parse_shape_list_on_digit_like_text(chars: list[str]) -> None:
    with contextlib.suppress(SpecError):
        parse_shape_list("".join(chars))


def test_round_trips() -> None:
    call = ModelCall("LSTM", (10, 20), (("batch_first", True),), "nn.", (("1", "H"),))
    assert ModelCall.from_dict(call.to_dict()) == call
    inp = InputSpec((3, 5, 10), (2, 3, 20), (2, 3, 20), (5, 3, 2))
    assert InputSpec.from_dict(inp.to_dict()) == inp
    assert inp.packed and inp.batched


def test_spec_call_rebuilds_the_same_spec() -> None:
    spec = ModelSpec("LSTM", 10, 20, 3, False, True, 0.5, True, 5)
    assert bind(spec.call()) == spec
    relu = ModelSpec("RNN", 3, 4, nonlinearity="relu")
    assert bind(relu.call()) == relu


# --------------------------------------------------------------------------- bind vs torch

SIZES: list[LiteralValue] = [1, 2, 3, 5, 8, 0, -1, True, 2.0, "3", None]
LAYERS: list[LiteralValue] = [1, 2, 3, 0, -1, True, False, 2.0, "2", None]
FLAGS: list[LiteralValue] = [True, False, 1, 0, "True", None]
DROPOUTS: list[LiteralValue] = [0, 0.0, 0.5, 1, 1.5, -0.1, True, "0.5", "a", None]
DIRECTIONS: list[LiteralValue] = [True, False, 1, 0, "yes", None, 0.5]
PROJECTIONS: list[LiteralValue] = [0, 1, 2, 3, 7, -1, True, 0.0, 2.0, "2", None]
NONLINEARITIES: list[LiteralValue] = ["tanh", "relu", "sigmoid", True, 1, None]
POOLS: dict[str, list[LiteralValue]] = {
    "input_size": SIZES,
    "hidden_size": SIZES,
    "num_layers": LAYERS,
    "nonlinearity": NONLINEARITIES,
    "bias": FLAGS,
    "batch_first": FLAGS,
    "dropout": DROPOUTS,
    "bidirectional": DIRECTIONS,
    "proj_size": PROJECTIONS,
    "device": [None, "cpu"],
    "dtype": [None],
    "mode": ["GRU"],
    "foo": [1],
}
BASE = ["input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout"]
BASE += ["bidirectional", "proj_size", "device", "dtype"]


def _value(rng: random.Random, name: str, sane: bool) -> LiteralValue:
    pool = POOLS[name]
    # Mostly sensible values, so that the later checks are reached too.
    if sane or rng.random() < 0.7:
        sensible: dict[str, list[LiteralValue]] = {
            "input_size": [3, 5, 8],
            "hidden_size": [4, 6, 8],
            "num_layers": [1, 2, 3],
            "nonlinearity": ["tanh", "relu"],
            "bias": [True, False],
            "batch_first": [True, False],
            "dropout": [0.0, 0.25],
            "bidirectional": [True, False],
            "proj_size": [0, 0, 2, 3],
        }
        return rng.choice(sensible.get(name, pool))
    return rng.choice(pool)


def random_call(rng: random.Random) -> ModelCall:
    kind = rng.choice(["RNN", "LSTM", "GRU"])
    order = BASE[:3] + (["nonlinearity"] if kind == "RNN" else []) + BASE[3:]
    sane = rng.random() < 0.3
    count = rng.choice([0, 1, 2, 2, 2, 3, 3, 4, 4, 5, 8, 9, 11, 13])
    args = tuple(_value(rng, order[i % len(order)], sane) for i in range(count))
    names = [*order, "mode", "foo", "nonlinearity"]
    kwargs: dict[str, LiteralValue] = {}
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        name = rng.choice(names)
        if name in order and sane and order.index(name) < count:
            continue  # sane calls give each argument once
        if name not in order and rng.random() > 0.2:
            continue  # unknown keywords now and then
        kwargs[name] = _value(rng, name, sane)
    return ModelCall(kind, args, tuple(kwargs.items()))  # type: ignore[arg-type]


def torch_build(call: ModelCall) -> Any:
    cls = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[call.kind]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return cls(*call.args, **dict(call.kwargs))
        except Exception as exc:
            return exc


def _refused_on_purpose(call: ModelCall) -> bool:
    """What bind() refuses although torch builds it (documented in bind's docstring)."""
    kwargs = dict(call.kwargs)
    args = list(call.args)
    if call.kind == "RNN" and len(args) > 3:
        del args[3]
    bound = dict(zip(BASE, args, strict=False)) | kwargs
    proj = bound.get("proj_size", 0)
    positional_proj = call.kind != "LSTM" and isinstance(proj, int | float) and proj > 0
    return positional_proj or bound.get("device") not in (None, "cpu")


def test_bind_agrees_with_torchs_constructor_on_2000_calls() -> None:
    rng = random.Random(20240601)
    built = refused = 0
    for _ in range(2000):
        call = random_call(rng)
        real = torch_build(call)
        try:
            spec = bind(call)
        except ConstructorError as exc:
            if isinstance(real, Exception):
                assert str(exc) == str(real), call
                refused += 1
            else:
                assert _refused_on_purpose(call), (call, str(exc))
            continue
        assert not isinstance(real, Exception), (call, real)
        built += 1
        mode = {"RNN_TANH": ("RNN", "tanh"), "RNN_RELU": ("RNN", "relu")}
        kind, nonlinearity = mode.get(real.mode, (real.mode, "tanh"))
        assert (spec.kind, spec.nonlinearity) == (kind, nonlinearity), call
        assert spec.input_size == real.input_size
        assert spec.hidden_size == real.hidden_size
        assert spec.num_layers == real.num_layers
        assert spec.bias == real.bias
        assert spec.batch_first == real.batch_first
        assert spec.dropout == real.dropout
        assert spec.bidirectional == bool(real.bidirectional)
        assert spec.proj_size == real.proj_size
        exotic = not isinstance(real.bidirectional, bool) or isinstance(real.num_layers, bool)
        assert (spec.forward_error is not None) == exotic, call
    assert built > 300 and refused > 300  # both paths really exercised


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("nn.RNN(20, 300, 5, True)", "Unknown nonlinearity 'True'. Select from 'tanh' or 'relu'."),
        ("nn.LSTM(10, 20, proj_size=20)", "proj_size has to be smaller than hidden_size"),
        (
            "nn.GRU(10, 20, proj_size=5)",
            "proj_size argument is only supported for LSTM, not RNN or GRU",
        ),
        ("nn.LSTM(10, 20, 2, 1)", "bias should be of type bool, got: int"),
    ],
)
def test_constructor_traps(code: str, message: str) -> None:
    with pytest.raises(ConstructorError) as info:
        bind(parse_model(code).call)
    assert str(info.value) == message


def test_lstm_fourth_positional_is_bias() -> None:
    spec = bind(parse_model("nn.LSTM(20, 300, 5, True)").call)
    assert spec.bias is True and spec.bidirectional is False and spec.num_layers == 5


def test_forward_error_for_values_only_the_forward_pass_refuses() -> None:
    spec = bind(parse_model("nn.RNN(10, 20, bidirectional=1)").call)
    assert spec.forward_error == "rnn_tanh() received an invalid combination of arguments"
    assert spec.D == 2
