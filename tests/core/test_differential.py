"""The closed form (rules.py) against torch (grader.run_model) on 1,200 seeded configurations.

Every option is drawn: RNN / LSTM / GRU, tanh / relu, 1-4 layers, bias on / off,
batch_first, bidirectional, proj_size (LSTM), dropout, positional or keyword arguments,
batched / unbatched / packed input, h_0 and c_0 given or not, and on about a third of them
a mistake torch raises for (input size, h_0 / c_0 shape or dimensions, 1-D or 4-D input,
an empty sequence, a zero length).
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from rnn_tutor.core.call.rules import (
    ForwardShapes,
    all_weights_len,
    hidden_rule,
    parameter_rules,
    predict_run,
    total_params,
)
from rnn_tutor.core.call.spec import InputSpec, LiteralValue, ModelCall, ModelSpec, bind
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.misconceptions import closed_form_truth
from rnn_tutor.core.grading.verdict import Truth

pytest.importorskip("torch")
from rnn_tutor.core.grading import grader
from rnn_tutor.core.grading.exercise_error import ExerciseError

CONFIGS = 1200

MISTAKES = (
    "input_size",
    "h0_shape",
    "h0_swapped",
    "h0_dims",
    "c0_shape",
    "input_dims",
    "empty",
    "lstm_single_state",
    "zero_length",
)


def random_spec(rng: random.Random) -> ModelSpec:
    kind = rng.choice(["RNN", "LSTM", "GRU"])
    hidden = rng.randint(2, 9)
    layers = rng.randint(1, 4)
    return ModelSpec(
        kind=kind,  # type: ignore[arg-type]
        input_size=rng.randint(1, 9),
        hidden_size=hidden,
        num_layers=layers,
        bias=rng.random() < 0.7,
        batch_first=rng.random() < 0.5,
        dropout=rng.choice([0.0, 0.0, 0.0, 0.3]),
        bidirectional=rng.random() < 0.4,
        proj_size=rng.randint(1, hidden - 1) if kind == "LSTM" and rng.random() < 0.35 else 0,
        nonlinearity=rng.choice(["tanh", "relu"]) if kind == "RNN" else "tanh",
    )


def call_for(spec: ModelSpec, rng: random.Random) -> ModelCall:
    """The spec as a learner might write it: keywords, or every argument positional."""
    if rng.random() < 0.7:
        return spec.call()
    args: list[LiteralValue] = [spec.input_size, spec.hidden_size, spec.num_layers]
    if spec.kind == "RNN":
        args.append(spec.nonlinearity)
    args += [spec.bias, spec.batch_first, spec.dropout, spec.bidirectional]
    if spec.kind == "LSTM":
        args.append(spec.proj_size)
    defaults: list[LiteralValue] = [None, None, 1, "tanh", True, False, 0.0, False, 0]
    if spec.kind != "RNN":
        del defaults[3]
    needed = max(i + 1 for i, a in enumerate(args) if i < 2 or a != defaults[i])
    cut = rng.randint(max(needed, 2), len(args))  # trailing defaults are often left out
    return ModelCall(spec.kind, tuple(args[:cut]))


def _perturb(shape: tuple[int, ...], rng: random.Random) -> tuple[int, ...]:
    index = rng.randrange(len(shape))
    changed = list(shape)
    changed[index] += rng.choice([-1, 1, 2]) if changed[index] > 1 else rng.choice([1, 2])
    return tuple(changed)


def random_input(spec: ModelSpec, rng: random.Random, mistake: str | None) -> InputSpec:
    n, seq_len = rng.randint(1, 5), rng.randint(1, 6)
    packed = mistake in (None, "zero_length", "h0_shape", "c0_shape") and rng.random() < 0.2
    batched = packed or rng.random() < 0.8
    features = spec.input_size
    if mistake == "input_size":
        features += rng.choice([1, 2, 3])
    if batched:
        shape: tuple[int, ...] = (
            (n, seq_len, features) if spec.batch_first else (seq_len, n, features)
        )
    else:
        shape = (seq_len, features)
    if mistake == "input_dims":
        shape = rng.choice([(features,), (*shape, 1) if len(shape) == 3 else (2, *shape, 1)])
    if mistake == "empty":
        shape = tuple(
            0 if (i == (1 if spec.batch_first and batched else 0)) else s
            for i, s in enumerate(shape)
        )
    lengths = None
    if packed:
        lengths = tuple(rng.randint(1, seq_len) for _ in range(n))
        if mistake == "zero_length":
            lengths = (*lengths[:-1], 0)
    proper = InputSpec(shape if len(shape) in (2, 3) else (seq_len, n, features), lengths=lengths)
    h_shape = hidden_rule(spec, proper).shape
    c_shape = hidden_rule(spec, proper, cell=True).shape
    give = rng.random() < 0.5 or mistake in ("h0_shape", "h0_swapped", "h0_dims", "c0_shape")
    h0 = h_shape if give else None
    c0 = c_shape if give and spec.kind == "LSTM" else None
    if mistake == "h0_shape":
        h0 = _perturb(h_shape, rng)
    if mistake == "h0_swapped" and len(h_shape) == 3:
        h0 = (h_shape[1], h_shape[0], h_shape[2])
    if mistake == "h0_dims":
        h0 = h_shape[1:] if len(h_shape) == 3 else (h_shape[0], 1, h_shape[1])
        if c0 is not None and rng.random() < 0.5:
            c0 = (*h0[:-1], spec.hidden_size)
    if mistake == "c0_shape" and spec.kind == "LSTM":
        c0 = _perturb(c_shape, rng)
    if mistake == "lstm_single_state" and spec.kind == "LSTM":
        if rng.random() < 0.5:
            h0, c0 = (rng.randint(0, 3), *h_shape), None
        else:
            h0, c0 = None, c_shape
    return InputSpec(shape, h0, c0, lengths)


def random_exercise(rng: random.Random, question: str = "runs") -> Exercise:
    spec = random_spec(rng)
    mistake = rng.choice(MISTAKES) if rng.random() < 0.35 else None
    inp = random_input(spec, rng, mistake)
    return Exercise(call=call_for(spec, rng), input=inp, question=Question.parse(question))


def test_closed_form_agrees_with_torch() -> None:
    rng = random.Random(1)
    seen: Counter[str] = Counter()
    for _ in range(CONFIGS):
        exercise = random_exercise(rng)
        spec = bind(exercise.call)
        inp = exercise.input
        assert inp is not None
        predicted = predict_run(spec, inp)
        try:
            real = grader.run_model(exercise)
        except ExerciseError:
            # The one refusal: a wrong state for a packed LSTM, which torch does not check.
            assert inp.packed and spec.kind == "LSTM" and inp.h0 is not None, exercise.code()
            assert not isinstance(predicted, ForwardShapes)
            seen["refused"] += 1
            continue
        assert real.constructor_error is None, exercise
        assert real.parameters == tuple((r.name, r.shape) for r in parameter_rules(spec))
        assert real.total_params == total_params(spec)
        assert real.all_weights_len == all_weights_len(spec)
        context = (exercise.code(), real.run_error)
        if isinstance(predicted, ForwardShapes):
            assert real.run_error is None, context
            assert real.output == predicted.output.shape, context
            assert real.h_n == predicted.h_n.shape, context
            assert real.c_n == (predicted.c_n.shape if predicted.c_n else None), context
            seen["ran"] += 1
        else:
            assert real.run_error is not None, (exercise.code(), predicted)
            # The LSTM kernel's own complaints about a packed state are only approximated.
            approximate = inp.packed and spec.kind == "LSTM" and inp.h0 is not None
            if not approximate:
                assert real.run_error.startswith(predicted.message), (context, predicted)
            assert real.run_error_type == predicted.exception, (context, predicted)
            seen["raised"] += 1
        seen["packed" if inp.packed else "batched" if inp.batched else "unbatched"] += 1
        seen[spec.kind] += 1
        seen["bidirectional"] += spec.bidirectional
        seen["proj"] += spec.proj_size > 0
        seen["h0"] += inp.h0 is not None
        seen[f"layers{spec.num_layers}"] += 1
    for option in ("ran", "raised", "packed", "unbatched", "proj", "h0", "layers4", "GRU"):
        assert seen[option] >= 30, seen


def test_grader_truth_matches_closed_form_truth_for_every_question() -> None:
    rng = random.Random(2)
    for _ in range(300):
        exercise = random_exercise(rng)
        spec = bind(exercise.call)
        names = [rule.name for rule in parameter_rules(spec)]
        questions = ["output", "h_n", "total_params", "all_weights_len", "runs"]
        questions += [f"param:{rng.choice(names)}", "param:bias_ih_l0", "param:weight_hr_l0"]
        if spec.kind == "LSTM":
            questions.append("c_n")
        for text in questions:
            asked = Exercise(exercise.call, exercise.input, Question.parse(text))
            expected = closed_form_truth(asked)
            try:
                real = grader.truth(asked)
            except ExerciseError as exc:
                real = exc.truth
                if real == Truth(None):  # refused before torch ran (packed LSTM state)
                    continue
                # Refused questions are about a forward pass torch does not finish.
                assert text in ("output", "h_n", "c_n"), (asked.code(), text, exc.message)
            assert real.value == expected.value, (asked.code(), text)
            assert (real.raises is None) == (expected.raises is None), (asked.code(), text)
