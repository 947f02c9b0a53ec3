"""misconceptions.py: every id of the catalogue is reproduced, and ids do not collide."""

from __future__ import annotations

import random
import re

import pytest

from rnn_tutor.core.call.rules import parameter_rules
from rnn_tutor.core.call.spec import InputSpec, ModelSpec, bind, parse_model
from rnn_tutor.core.exercises import generator
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.answers import Raises
from rnn_tutor.core.grading.catalogue import AROUND_IDS as CELL_MISCONCEPTION_IDS
from rnn_tutor.core.grading.catalogue import MISCONCEPTION_IDS
from rnn_tutor.core.grading.misconceptions import (
    ANY_SHAPE,
    closed_form_truth,
    diagnose,
    predictions,
)
from rnn_tutor.core.grading.verdict import Answer
from tests.shared_dir import SHARED

CATALOGUE = SHARED / "domain" / "misconceptions.md"

EXPECTED_IDS = (
    "batch_first_on_hidden",
    "batch_first_ignored",
    "batch_first_assumed",
    "direction_factor_missing",
    "layer_factor_missing",
    "layers_in_output",
    "time_in_hidden",
    "hidden_axis_dropped",
    "batch_axis_for_unbatched",
    "proj_on_cell",
    "proj_ignored",
    "gate_rows_missing",
    "gate_rows_wrong_factor",
    "deep_input_is_hidden",
    "deep_input_is_input_size",
    "weight_transposed",
    "single_bias",
    "bias_despite_false",
    "reverse_not_counted",
    "positional_bias_as_bidirectional",
    "expects_error_silent_mismatch",
    "expects_success_on_error",
    "bias_per_pair",
    "gate_rows_in_state",
    "direction_on_last_axis",
    "all_weights_counts_tensors",
    "padded_time_is_L",
)


def test_ids_in_catalogue_order() -> None:
    assert MISCONCEPTION_IDS == EXPECTED_IDS + CELL_MISCONCEPTION_IDS


def _catalogue_tables() -> list[tuple[str, tuple[str, ...]]]:
    """Each table of the shared catalogue: the line that introduces it, and its ids."""
    tables: list[tuple[str, list[str]]] = []
    title, in_table, previous = "", False, ""
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*([A-Za-z_][A-Za-z0-9_]*)\s*\|", line)
        starts_paragraph = not previous.strip() or previous.startswith("|")
        previous = line
        if match is None:
            in_table = False
            if line.strip() and not line.startswith("|") and starts_paragraph:
                title = line.strip()
            continue
        if match.group(1) == "id":
            continue
        if not in_table:
            tables.append((title, []))
            in_table = True
        tables[-1][1].append(match.group(1))
    return [(heading, tuple(ids)) for heading, ids in tables]


def test_ids_match_the_shared_catalogue() -> None:
    if not CATALOGUE.exists():
        pytest.skip("shared/domain/misconceptions.md is not next to this checkout")
    tables = _catalogue_tables()
    missing = {heading: [i for i in ids if i not in MISCONCEPTION_IDS] for heading, ids in tables}
    lacking = {heading[:70]: ids for heading, ids in missing.items() if ids}
    assert not lacking, f"catalogue ids the code does not have, by section: {lacking}"
    assert tuple(i for _, ids in tables for i in ids) == MISCONCEPTION_IDS


def test_the_call_section_of_the_catalogue_is_in_the_code() -> None:
    """The second release's ids about the RNN call itself (issue 8), in catalogue order."""
    if not CATALOGUE.exists():
        pytest.skip("shared/domain/misconceptions.md is not next to this checkout")
    tables = _catalogue_tables()
    assert len(tables) >= 3
    call_ids = tables[2][1]
    assert "padded_time_is_L" in call_ids and "bias_per_pair" in call_ids
    start = MISCONCEPTION_IDS.index(call_ids[0])
    assert MISCONCEPTION_IDS[start : start + len(call_ids)] == call_ids


def exercise(
    code: str, question: str, shape: tuple[int, ...] | None = None, **extra: object
) -> Exercise:
    inp = None if shape is None else InputSpec(shape, **extra)  # type: ignore[arg-type]
    parsed = parse_model(code)
    return Exercise(parsed.call, inp, Question.parse(question), names=parsed.names)


# The notebook's data constants say which axis the learner meant as the batch.
BATCH_FIRST_DATA = "BATCH_SIZE = 5\nSEQ_LENGTH = 7\n"


# One configuration per id, with distinct sizes: the wrong answer it predicts, then the id.
CASES: list[tuple[Exercise, Answer, str]] = [
    # nn.GRU(11, 13, 3, batch_first=True) on (N=5, L=7, I=11)
    (
        exercise("nn.GRU(11, 13, 3, batch_first=True)", "h_n", (5, 7, 11)),
        (5, 3, 13),
        "batch_first_on_hidden",
    ),
    (
        exercise("nn.GRU(11, 13, 3, batch_first=True)", "output", (5, 7, 11)),
        (7, 5, 13),
        "batch_first_ignored",
    ),
    (exercise("nn.GRU(11, 13, 3)", "output", (7, 5, 11)), (5, 7, 13), "batch_first_assumed"),
    (
        exercise("nn.LSTM(11, 13, bidirectional=True)", "output", (7, 5, 11)),
        (7, 5, 13),
        "direction_factor_missing",
    ),
    (
        exercise("nn.LSTM(11, 13, 3, bidirectional=True)", "h_n", (7, 5, 11)),
        (3, 5, 13),
        "direction_factor_missing",
    ),
    (
        exercise("nn.LSTM(11, 13, 3, bidirectional=True)", "c_n", (7, 5, 11)),
        (2, 5, 13),
        "layer_factor_missing",
    ),
    (exercise("nn.RNN(11, 13, 3)", "output", (7, 5, 11)), (3, 7, 5, 13), "layers_in_output"),
    (exercise("nn.RNN(11, 13, 3)", "output", (7, 5, 11)), (7, 5, 39), "layers_in_output"),
    (exercise("nn.RNN(11, 13, 3)", "h_n", (7, 5, 11)), (7, 5, 13), "time_in_hidden"),
    (
        exercise("nn.RNN(11, 13, 3, batch_first=True)", "h_n", (5, 7, 11)),
        (5, 7, 13),
        "time_in_hidden",
    ),
    (exercise("nn.RNN(11, 13, 3)", "h_n", (7, 5, 11)), (5, 13), "hidden_axis_dropped"),
    (exercise("nn.RNN(11, 13, 3)", "output", (7, 11)), (1, 7, 13), "batch_axis_for_unbatched"),
    (exercise("nn.RNN(11, 13, 3)", "h_n", (7, 11)), (3, 1, 13), "batch_axis_for_unbatched"),
    (exercise("nn.LSTM(11, 13, 3, proj_size=5)", "c_n", (7, 2, 11)), (3, 2, 5), "proj_on_cell"),
    (exercise("nn.LSTM(11, 13, 3, proj_size=5)", "h_n", (7, 2, 11)), (3, 2, 13), "proj_ignored"),
    (exercise("nn.LSTM(11, 13, 3, proj_size=5)", "output", (7, 2, 11)), (7, 2, 13), "proj_ignored"),
    (exercise("nn.LSTM(11, 13, 3, proj_size=5)", "param:weight_hh_l0"), (52, 13), "proj_ignored"),
    (exercise("nn.LSTM(11, 13)", "param:weight_ih_l0"), (13, 11), "gate_rows_missing"),
    (exercise("nn.GRU(11, 13)", "param:bias_hh_l0"), (13,), "gate_rows_missing"),
    (exercise("nn.LSTM(11, 13)", "param:weight_hh_l0"), (39, 13), "gate_rows_wrong_factor"),
    (exercise("nn.GRU(11, 13)", "param:weight_ih_l0"), (52, 11), "gate_rows_wrong_factor"),
    (
        exercise("nn.GRU(11, 13, 2, bidirectional=True)", "param:weight_ih_l1"),
        (39, 13),
        "deep_input_is_hidden",
    ),
    (exercise("nn.GRU(11, 13, 2)", "param:weight_ih_l1"), (39, 11), "deep_input_is_input_size"),
    (exercise("nn.GRU(11, 13)", "param:weight_ih_l0"), (11, 39), "weight_transposed"),
    (exercise("nn.RNN(10, 5, 1)", "total_params"), 80, "single_bias"),
    (exercise("nn.RNN(10, 5, bias=False)", "total_params"), 85, "bias_despite_false"),
    (exercise("nn.RNN(10, 5, bias=False)", "param:bias_ih_l0"), (5,), "bias_despite_false"),
    (exercise("nn.RNN(10, 5, bidirectional=True)", "total_params"), 85, "reverse_not_counted"),
    (exercise("nn.RNN(10, 5, 3, bidirectional=True)", "all_weights_len"), 3, "reverse_not_counted"),
    (
        exercise("nn.LSTM(11, 13, 3, True)", "h_n", (7, 5, 11)),
        (6, 5, 13),
        "positional_bias_as_bidirectional",
    ),
    (
        exercise("nn.LSTM(11, 13, 3, True)", "total_params"),
        2 * 4 * 13 * (11 + 13 + 2) + 4 * 4 * 13 * (26 + 13 + 2),
        "positional_bias_as_bidirectional",
    ),
    (
        exercise("nn.RNN(11, 13, 3, True)", "runs", (7, 5, 11)),
        (7, 5, 26),
        "positional_bias_as_bidirectional",
    ),
    (
        exercise(BATCH_FIRST_DATA + "nn.LSTM(11, 13)", "runs", (5, 7, 11)),
        Raises(),
        "expects_error_silent_mismatch",
    ),
    (exercise("nn.LSTM(11, 13)", "runs", (5, 7, 12)), (5, 7, 13), "expects_success_on_error"),
    (
        exercise("nn.RNN(11, 13, 3, True)", "runs", (7, 5, 11)),
        (7, 5, 13),
        "expects_success_on_error",
    ),
    # The second release's call ids, each with the answer the issue saw.
    (exercise("nn.RNN(10, 3)", "param:bias_ih_l0"), (9,), "bias_per_pair"),
    (exercise("nn.LSTM(8, 18)", "c_n", (5, 3, 8)), (1, 3, 72), "gate_rows_in_state"),
    (
        exercise("nn.LSTM(11, 24, 3, bidirectional=True)", "c_n", (7, 4, 11)),
        (3, 4, 48),
        "direction_on_last_axis",
    ),
    (
        exercise("nn.LSTM(5, 7, bidirectional=True)", "all_weights_len"),
        8,
        "all_weights_counts_tensors",
    ),
    (
        exercise("nn.GRU(5, 9)", "output", (6, 3, 5), lengths=(4, 2, 3)),
        (6, 3, 9),
        "padded_time_is_L",
    ),
]


@pytest.mark.parametrize("wrong", [(10, 7, 2, 39), (10, 2, 7, 39), (2, 10, 7, 39)])
def test_layers_in_output_wherever_the_layer_axis_goes(wrong: tuple[int, ...]) -> None:
    case = exercise("nn.LSTM(24, 39, num_layers=2)", "output", (10, 7, 24))
    assert diagnose(case, wrong) == "layers_in_output"


def test_bias_per_pair_in_a_total() -> None:
    case = exercise("HIDDEN_SIZE = 3\nnn.RNN(10, HIDDEN_SIZE)", "total_params")
    right = 3 * (10 + 3) + 2 * 3
    assert diagnose(case, right - 2 * 3 + 2 * 9) == "bias_per_pair"


@pytest.mark.parametrize(("case", "wrong", "expected_id"), CASES, ids=[c[2] for c in CASES])
def test_each_id_is_reproduced(case: Exercise, wrong: Answer, expected_id: str) -> None:
    assert diagnose(case, wrong) == expected_id


def test_every_id_has_a_case() -> None:
    # The ids about cells have their cases in test_cell_misconceptions.
    assert {c[2] for c in CASES} == set(MISCONCEPTION_IDS) - set(CELL_MISCONCEPTION_IDS)


def test_right_answers_and_unrelated_ones_get_no_id() -> None:
    case = exercise("nn.GRU(11, 13, 3, batch_first=True)", "output", (5, 7, 11))
    assert diagnose(case, (5, 7, 13)) is None
    assert diagnose(case, (2, 2, 2)) is None
    assert diagnose(case, None) is None
    raising = exercise("nn.LSTM(11, 13)", "runs", (5, 7, 12))
    assert diagnose(raising, Raises()) is None


def test_seed_notebook_mistakes() -> None:
    # nn.RNN(10, 5, 1, batch_first=True) on (1, 4, 10): a learner answering as if
    # batch_first were ignored gives (4, 1, 5).
    case = exercise("nn.RNN(10, 5, 1, batch_first=True)", "output", (1, 4, 10), h0=(1, 1, 5))
    assert closed_form_truth(case).value == (1, 4, 5)
    assert diagnose(case, (4, 1, 5)) == "batch_first_ignored"


def test_the_truth_passed_in_decides_runs() -> None:
    case = exercise(BATCH_FIRST_DATA + "nn.LSTM(11, 13)", "runs", (5, 7, 11))
    from rnn_tutor.core.grading.verdict import Truth

    assert diagnose(case, (1, 2, 3), Truth(None, "some error")) == "expects_success_on_error"
    assert diagnose(case, Raises(), Truth((5, 7, 13))) == "expects_error_silent_mismatch"


# ------------------------------------------------ "it raises" about code that simply runs


@pytest.mark.parametrize(
    "case",
    [
        # A level 4 run with a right h_0 and c_0 (the reviewer's example): nothing is swapped.
        exercise(
            "nn.LSTM(8, 32, batch_first=True)", "runs", (2, 7, 8), h0=(1, 2, 32), c0=(1, 2, 32)
        ),
        # The level 5 trap: nn.LSTM(I, H, K, True) runs (True is bias); nothing is swapped.
        exercise("nn.LSTM(11, 13, 3, True)", "runs", (7, 5, 11)),
        # A 3-D tensor without the notebook's names: which axis is the batch is not known.
        exercise("nn.LSTM(11, 13)", "runs", (5, 7, 11)),
        # Batch-first data into a batch_first=True layer runs with the meaning intended.
        exercise(BATCH_FIRST_DATA + "nn.GRU(11, 13, batch_first=True)", "runs", (5, 7, 11)),
    ],
    ids=["right_h0", "positional_bias", "no_names", "batch_first_true"],
)
def test_an_error_answer_to_code_that_simply_runs_gets_no_id(case: Exercise) -> None:
    assert closed_form_truth(case).raises is None
    assert diagnose(case, Raises()) is None
    assert "expects_error_silent_mismatch" not in predictions(case)


def test_an_unbatched_read_of_a_batch_is_a_silent_mismatch() -> None:
    # (N, I) meant as one time step of a batch: torch reads N time steps.
    case = exercise("BATCH_SIZE = 5\nnn.RNN(11, 13)", "runs", (5, 11))
    assert diagnose(case, Raises()) == "expects_error_silent_mismatch"


def test_generated_runs_questions_name_the_silent_mismatch_only_where_it_is() -> None:
    named = unnamed = 0
    for level in generator.LEVELS:
        for seed in range(6):
            for case in generator.generate(level, seed=seed, count=40):
                truth = closed_form_truth(case)
                if case.question.kind != "runs" or truth.raises is not None:
                    continue
                silent = {"silent_batch_mismatch", "unbatched_input"} & set(case.skills)
                got = diagnose(case, Raises())
                if silent and case.names.get("BATCH_SIZE") is not None:
                    assert got == "expects_error_silent_mismatch", case.code()
                    named += 1
                else:
                    assert got is None, case.code()
                    unnamed += 1
    assert named and unnamed  # both kinds were really generated


# --------------------------------------------------------------------------- no collisions

PRIMES = (11, 13, 17, 19, 23, 29, 31, 37, 41, 43)


def distinct_spec_and_input(rng: random.Random) -> tuple[ModelSpec, InputSpec, bool]:
    """A configuration whose sizes are distinct primes, as the generator promises."""
    kind = rng.choice(["RNN", "LSTM", "GRU"])
    i, h, length, n, proj = rng.sample(PRIMES, 5)
    proj_size = min(proj, h - 2) if kind == "LSTM" and rng.random() < 0.4 else 0
    if proj_size in (i, length, n, 0):
        proj_size = 0
    positional = kind != "RNN" and rng.random() < 0.2
    bidirectional = not positional and rng.random() < 0.5
    # K = 2 = D would make "D dropped" and "K dropped" the same answer; K = 2 on the
    # positional trap would make "read as bidirectional" and "K*H_out" the same.
    layers = rng.choice([1, 3, 4]) if positional or bidirectional else rng.randint(1, 4)
    spec = ModelSpec(
        kind=kind,  # type: ignore[arg-type]
        input_size=i,
        hidden_size=h,
        num_layers=layers,
        bias=positional or rng.random() < 0.7,
        batch_first=rng.random() < 0.5,
        bidirectional=bidirectional,
        proj_size=proj_size,
    )
    roll = rng.random()
    if roll < 0.15:
        inp = InputSpec((length, i))
    elif roll < 0.3:
        lengths = (length, *(rng.randint(2, length - 1) for _ in range(n - 1)))
        shape = (n, length, i) if spec.batch_first else (length, n, i)
        inp = InputSpec(shape, lengths=lengths)
    else:
        inp = InputSpec((n, length, i) if spec.batch_first else (length, n, i))
    return spec, inp, positional


def questions_for(spec: ModelSpec) -> list[str]:
    names = [rule.name for rule in parameter_rules(spec)]
    kinds = ["output", "h_n", "total_params", "all_weights_len", "runs"]
    kinds += [f"param:{name}" for name in names]
    if not spec.bias:
        kinds += ["param:bias_ih_l0", "param:bias_hh_l0"]
    if spec.kind == "LSTM":
        kinds.append("c_n")
    return kinds


def assert_no_collision(case: Exercise) -> int:
    seen: dict[object, str] = {}
    truth = closed_form_truth(case)
    for name, predicted in predictions(case).items():
        for answer in predicted:
            if answer is ANY_SHAPE:
                continue
            assert answer != truth.value, (case.code(), case.question.id, name)
            other = seen.setdefault(answer, name)
            assert other == name, (case.code(), case.question.id, answer, other, name)
    return len(seen)


def test_no_two_ids_predict_the_same_answer_on_distinct_sizes() -> None:
    rng = random.Random(7)
    predicted = 0
    for _ in range(400):
        spec, inp, positional = distinct_spec_and_input(rng)
        call = spec.call()
        if positional:  # nn.LSTM(I, H, K, True)
            call = type(call)(
                spec.kind, (spec.input_size, spec.hidden_size, spec.num_layers, True), call.kwargs
            )
        assert bind(call) == spec
        for question in questions_for(spec):
            predicted += assert_no_collision(Exercise(call, inp, Question.parse(question)))
    assert predicted > 2000  # the rules really predicted something


def test_no_collisions_on_generated_exercises() -> None:
    predicted = 0
    for level in generator.LEVELS:
        for seed in range(4):
            for case in generator.generate(level, seed=seed, count=60):
                predicted += assert_no_collision(case)
    assert predicted > 1000


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_success_on_error_words_follow_the_real_cause(lang: str) -> None:
    """Issue 8: not one canned paragraph; the constructor trap is named only where it is
    the cause (nn.RNN(3, 8, 1, True)), with the value that landed on nonlinearity."""
    from rnn_tutor.core.grading.explain import explanation
    from rnn_tutor.i18n import set_language, tr

    assert "nn.RNN(3, 8, 1, True)" not in tr(lang, "misconception.expects_success_on_error")
    set_language(lang)
    try:
        trap = explanation(exercise("nn.RNN(3, 8, 1, True)", "runs", (5, 2, 3)))
        wrong_size = explanation(exercise("nn.RNN(3, 8)", "runs", (5, 2, 4)))
    finally:
        set_language("en")
    assert "nonlinearity" in trap and "True" in trap
    assert "nonlinearity" not in wrong_size and "(5, 2, 3)" in wrong_size
