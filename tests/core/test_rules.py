"""rules.py: the closed form, on the numbers of rnn-shapes.md and the seed notebook.

(The agreement with torch on many configurations is tests/core/test_differential.py.)
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor.core.call.rules import (
    ForwardShapes,
    RunError,
    all_weights_len,
    batch_size,
    forward_shapes,
    gate_name,
    hidden_rule,
    output_rule,
    packed_lengths_problem,
    parameter_rule,
    parameter_rules,
    predict_run,
    total_params,
)
from rnn_tutor.core.call.spec import InputSpec, ModelSpec, bind, parse_model


def spec_of(code: str) -> ModelSpec:
    return bind(parse_model(code).call)


@pytest.mark.parametrize(
    ("code", "total"),
    [
        ("nn.RNN(10, 5, 1)", 85),
        ("nn.RNN(10, 1)", 13),
        ("nn.LSTM(10, 20, 2, batch_first=True)", 5920),
        ("nn.RNN(10, 5, bias=False)", 75),
        ("nn.GRU(4, 3, 2, bidirectional=True)", 2 * (9 * (4 + 3) + 18) + 2 * (9 * (6 + 3) + 18)),
        ("nn.LSTM(10, 20, proj_size=5)", 80 * 15 + 160 + 100),
    ],
)
def test_total_params(code: str, total: int) -> None:
    assert total_params(spec_of(code)) == total


def test_seed_notebook_first_cell() -> None:
    spec = spec_of("nn.RNN(10, 1, 1, batch_first = True)")
    shapes = predict_run(spec, InputSpec((1, 3, 10), h0=(1, 1, 1)))
    assert isinstance(shapes, ForwardShapes)
    assert shapes.output.shape == (1, 3, 1)
    assert shapes.h_n.shape == (1, 1, 1)
    assert shapes.c_n is None
    assert [(r.name, r.shape) for r in parameter_rules(spec)] == [
        ("weight_ih_l0", (1, 10)),
        ("weight_hh_l0", (1, 1)),
        ("bias_ih_l0", (1,)),
        ("bias_hh_l0", (1,)),
    ]
    assert total_params(spec) == 13
    assert all_weights_len(spec) == 1


def test_seed_notebook_second_cell() -> None:
    spec = spec_of("nn.RNN(10, 5, 1, batch_first = True)")
    shapes = predict_run(spec, InputSpec((1, 4, 10), h0=(1, 1, 5)))
    assert isinstance(shapes, ForwardShapes)
    assert shapes.output.shape == (1, 4, 5)
    assert total_params(spec) == 85


def test_axis_names_and_numbers() -> None:
    spec = spec_of("nn.LSTM(10, 20, 3, bidirectional=True)")
    inp = InputSpec((5, 4, 10))
    shapes = forward_shapes(spec, inp)
    assert shapes.output.formula == "(L, N, D*H_out)"
    assert shapes.output.numbers == "(5, 4, 40)"
    assert shapes.h_n.formula == "(D*num_layers, N, H_out)"
    assert shapes.h_n.numbers == "(6, 4, 20)"
    assert shapes.c_n is not None and shapes.c_n.formula == "(D*num_layers, N, H)"
    bias = parameter_rule(spec, "bias_ih_l0")
    assert bias is not None and bias.rule.formula == "(4*H,)" and bias.rule.numbers == "(80,)"
    deep = parameter_rule(spec, "weight_ih_l2_reverse")
    assert deep is not None
    assert deep.rule.formula == "(4*H, D*H_out)" and deep.shape == (80, 40)
    assert (deep.layer, deep.direction, deep.role) == (2, "_reverse", "weight_ih")
    assert deep.numel == 3200
    assert parameter_rule(spec, "weight_hr_l0") is None
    assert gate_name(spec) == "4*H"


def test_batch_first_never_applies_to_hidden_state() -> None:
    spec = spec_of("nn.GRU(8, 16, 2, batch_first=True)")
    inp = InputSpec((3, 7, 8))
    assert output_rule(spec, inp).shape == (3, 7, 16)
    assert hidden_rule(spec, inp).shape == (2, 3, 16)
    assert batch_size(spec, inp) == 3


def test_unbatched_input_drops_the_batch_axis() -> None:
    spec = spec_of("nn.LSTM(8, 16, 2, batch_first=True, proj_size=4)")
    shapes = predict_run(spec, InputSpec((7, 8)))
    assert isinstance(shapes, ForwardShapes)
    assert shapes.output.shape == (7, 4)
    assert shapes.h_n.shape == (2, 4)
    assert shapes.c_n is not None and shapes.c_n.shape == (2, 16)
    assert batch_size(spec, InputSpec((7, 8))) is None


def test_packed_output_is_padded_to_the_longest() -> None:
    spec = spec_of("nn.GRU(4, 6, batch_first=True, bidirectional=True)")
    inp = InputSpec((3, 5, 4), lengths=(4, 2, 3))
    shapes = predict_run(spec, inp)
    assert isinstance(shapes, ForwardShapes)
    assert shapes.output.shape == (3, 4, 12)
    assert shapes.output.formula == "(N, max(lengths), D*H_out)"
    assert shapes.h_n.shape == (2, 3, 6)


@pytest.mark.parametrize(
    ("code", "inp", "message"),
    [
        (
            "nn.RNN(10, 20)",
            InputSpec((5, 3, 12)),
            "input.size(-1) must be equal to input_size. Expected 10, got 12",
        ),
        (
            "nn.RNN(10, 20)",
            InputSpec((5, 3, 10, 1)),
            "RNN: Expected input to be 2D or 3D, got 4D tensor instead",
        ),
        ("nn.GRU(10, 20)", InputSpec((10,)), "GRU: Expected input to be 2D or 3D, got 1D instead"),
        (
            "nn.RNN(10, 20, 2, batch_first=True)",
            InputSpec((3, 5, 10), h0=(3, 2, 20)),
            "Expected hidden size (2, 3, 20), got [3, 2, 20]",
        ),
        (
            "nn.LSTM(10, 20, 2, bidirectional=True)",
            InputSpec((5, 3, 10), h0=(4, 3, 20), c0=(2, 3, 40)),
            "Expected hidden[1] size (4, 3, 20), got [2, 3, 40]",
        ),
        (
            "nn.RNN(10, 20)",
            InputSpec((5, 3, 10), h0=(1, 20)),
            "For batched 3-D input, hx should also be 3-D but got 2-D tensor",
        ),
        (
            "nn.RNN(10, 20)",
            InputSpec((5, 10), h0=(1, 1, 20)),
            "For unbatched 2-D input, hx should also be 2-D but got 3-D tensor",
        ),
        (
            # Unbatched input is checked as a batch of one: torch's message shows the 1.
            "nn.RNN(10, 20, 2)",
            InputSpec((5, 10), h0=(2, 21)),
            "Expected hidden size (2, 1, 20), got [2, 1, 21]",
        ),
        (
            "nn.LSTM(10, 20)",
            InputSpec((5, 3, 10), h0=(1, 3, 20)),
            "index 1 is out of bounds for dimension 0 with size 1",
        ),
        (
            # The hidden state is checked before the empty sequence.
            "nn.RNN(10, 20, 2)",
            InputSpec((0, 3, 10), h0=(1, 3, 20)),
            "Expected hidden size (2, 3, 20), got [1, 3, 20]",
        ),
        (
            "nn.RNN(10, 20)",
            InputSpec((0, 3, 10)),
            "Expected sequence length to be larger than 0 in RNN",
        ),
    ],
)
def test_predict_run_errors_in_torchs_words(code: str, inp: InputSpec, message: str) -> None:
    result = predict_run(spec_of(code), inp)
    assert isinstance(result, RunError)
    assert result.message == message


def test_silent_mismatch_runs_with_the_axes_swapped() -> None:
    # (N, L, I) data fed to a batch_first=False layer: torch reads N as time.
    spec = spec_of("nn.LSTM(10, 20)")
    result = predict_run(spec, InputSpec((4, 7, 10)))
    assert isinstance(result, ForwardShapes)
    assert result.output.shape == (4, 7, 20)
    assert result.h_n.shape == (1, 7, 20)


def test_packed_lengths_problem() -> None:
    spec = spec_of("nn.RNN(4, 6, batch_first=True)")
    assert packed_lengths_problem(spec, InputSpec((3, 5, 4), lengths=(5, 3, 2))) is None
    assert packed_lengths_problem(spec, InputSpec((3, 5, 4), lengths=(5, 3))) == "count"
    assert packed_lengths_problem(spec, InputSpec((3, 5, 4), lengths=(6, 3, 2))) == "too_long"
    assert packed_lengths_problem(spec, InputSpec((5, 4), lengths=(5,))) == "dims"
    time_major = spec_of("nn.RNN(4, 6)")
    assert packed_lengths_problem(time_major, InputSpec((5, 3, 4), lengths=(5, 3, 2))) is None


def test_forward_error_is_predicted_after_the_shape_checks() -> None:
    spec = spec_of("nn.GRU(10, 20, bidirectional=1)")
    assert total_params(spec) == 2 * (60 * 30 + 120)
    wrong_size = predict_run(spec, InputSpec((5, 3, 11)))
    assert isinstance(wrong_size, RunError) and wrong_size.message.startswith("input.size(-1)")
    refused = predict_run(spec, InputSpec((5, 3, 10)))
    assert isinstance(refused, RunError) and refused.exception == "TypeError"


small_shapes = st.lists(st.integers(0, 4), max_size=4).map(tuple)


@given(
    st.sampled_from(
        ["nn.RNN(3, 4)", "nn.LSTM(3, 4, 2, proj_size=2)", "nn.GRU(3, 4, bidirectional=True)"]
    ),
    small_shapes,
    st.none() | small_shapes,
    st.none() | small_shapes,
    st.none() | st.lists(st.integers(-1, 5), max_size=4).map(tuple),
)
def test_predict_run_never_raises(
    code: str,
    shape: tuple[int, ...],
    h0: tuple[int, ...] | None,
    c0: tuple[int, ...] | None,
    lengths: tuple[int, ...] | None,
) -> None:
    result = predict_run(spec_of(code), InputSpec(shape, h0, c0, lengths))
    assert isinstance(result, ForwardShapes | RunError)
