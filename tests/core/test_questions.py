"""Exercises read like the learner's notebook, and survive a round trip through JSON."""

from __future__ import annotations

import json
from typing import Any

from rnn_tutor.core.call.spec import InputSpec, ModelCall, parse_model
from rnn_tutor.core.exercises.questions import Exercise, Question


def test_the_seed_notebook_cell_reads_as_written() -> None:
    parsed = parse_model(
        "HIDDEN_SIZE = 1\nNUM_LAYERS = 1\n"
        "rnn = nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first = True)"
    )
    exercise = Exercise(
        parsed.call, InputSpec((1, 3, 10), h0=(1, 1, 1)), Question("output"), names=parsed.names
    )
    assert exercise.code_lines() == [
        "HIDDEN_SIZE = 1",
        "NUM_LAYERS = 1",
        "rnn = nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first=True)",
        "input = torch.randn(1, 3, 10)",
        "h0 = torch.randn(1, 1, 1)",
        "output, h_n = rnn(input, h0)",
    ]


def test_data_constants_name_the_axes_the_learner_meant() -> None:
    call = ModelCall("RNN", (13, 5, 3), (("bidirectional", True),))
    exercise = Exercise(
        call,
        InputSpec((8, 12, 13)),
        Question("runs"),
        names={"BATCH_SIZE": 8, "SEQ_LENGTH": 12},
    )
    assert "input = torch.randn(BATCH_SIZE, SEQ_LENGTH, 13)" in exercise.code_lines()


def test_an_ambiguous_constant_stays_a_number() -> None:
    exercise = Exercise(
        ModelCall("GRU", (4, 6)), InputSpec((4, 4, 4)), Question("output"), names={"BATCH_SIZE": 4}
    )
    assert "input = torch.randn(4, 4, 4)" in exercise.code_lines()


def test_packed_input_reads_batch_first_given_by_position() -> None:
    call = ModelCall("LSTM", (24, 9, 1, True, True))  # bias, then batch_first, by position
    exercise = Exercise(call, InputSpec((2, 4, 24), lengths=(4, 3)), Question("output"))
    lines = exercise.code_lines()
    assert "    input, lengths, batch_first=True, enforce_sorted=False)" in lines
    assert lines[-1] == "output, _ = pad_packed_sequence(packed_out, batch_first=True)"
    assert max(len(line) for line in lines) <= 64  # fits the code card at 80 columns


def test_round_trip_through_json_is_exact() -> None:
    parsed = parse_model("K = 2\nnn.LSTM(10, 20, K, True, proj_size=5)")
    exercise = Exercise(
        parsed.call,
        InputSpec((3, 5, 10), h0=(2, 5, 5), c0=(2, 5, 20)),
        Question.parse("param:weight_hr_l1"),
        skills=("proj_size",),
        level=5,
        seed=7,
        names=parsed.names,
    )
    again = Exercise.from_dict(json.loads(json.dumps(exercise.to_dict())))
    assert again == exercise
    assert again.code() == exercise.code()


def _stored(exercise: Exercise, **changes: object) -> dict[str, Any]:
    data = exercise.to_dict()
    data.update(changes)
    return data


LSTM_H_N = Exercise(
    ModelCall("LSTM", (10, 20), (("num_layers", 2), ("batch_first", True))),
    InputSpec((3, 5, 10)),
    Question("h_n"),
    skills=("hn_first_axis",),
)


def test_a_stored_exercise_comes_back_as_it_was() -> None:
    assert Exercise.from_stored(json.loads(json.dumps(LSTM_H_N.to_dict()))) == LSTM_H_N
    # A call torch refuses is a question of its own ("does it run?"): still usable.
    refused = Exercise(
        ModelCall("RNN", (10, 20), (("nonlinearity", "gelu"),)), None, Question("runs")
    )
    assert Exercise.from_stored(refused.to_dict()) == refused


def test_what_this_version_cannot_show_is_none_not_a_crash() -> None:
    call = LSTM_H_N.to_dict()["call"]
    assert isinstance(call, dict)
    unusable: list[dict[str, Any]] = [
        {"model": "nn.Mamba(10, 20)", "question": "h_n"},  # no call at all
        _stored(LSTM_H_N, call={**call, "kind": "Transformer"}),
        _stored(LSTM_H_N, call={**call, "args": [[10], 5]}),  # not a literal argument
        _stored(LSTM_H_N, call={**call, "prefix": "os.system; nn."}),
        _stored(LSTM_H_N, question="attention_weights"),
        _stored(LSTM_H_N, input={"shape": [3, -5, 10]}),
        _stored(LSTM_H_N, input={"shape": [3, 5.5, 10]}),
        _stored(LSTM_H_N, input={"shape": [3, 5, 10], "lengths": ["5"]}),
        _stored(LSTM_H_N, names={"HIDDEN": float("nan")}),
        _stored(LSTM_H_N, names={"HIDDEN": [20]}),
        _stored(LSTM_H_N, level="two"),
    ]
    for data in unusable:
        assert Exercise.from_stored(data) is None, data
