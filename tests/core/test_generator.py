"""The seeded exercise generator, and the `rnn-tutor exercises` worksheet built on it."""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_tutor.commands import exercises as exercises_command
from rnn_tutor.core.call.rules import (
    ForwardShapes,
    RunError,
    batch_size,
    parameter_rule,
    predict_run,
    total_params,
)
from rnn_tutor.core.call.spec import ConstructorError, ModelSpec, bind
from rnn_tutor.core.exercises import curriculum
from rnn_tutor.core.exercises.generator import (
    ALL_LEVELS,
    LEVELS,
    SKILL_LEVELS,
    exercise_at,
    exercise_for_skill,
    generate,
    template_skill_levels,
)
from rnn_tutor.core.exercises.questions import QUESTION_KINDS, SKILLS, Exercise
from rnn_tutor.core.grading import misconceptions
from rnn_tutor.core.grading.answers import Raises
from rnn_tutor.core.grading.explain import answer_text, closed_form, question_text
from rnn_tutor.i18n import get_language, set_language

SEEDS = st.integers(min_value=0, max_value=2**32)
LEVEL = st.sampled_from(LEVELS)


def _many(levels: tuple[int, ...] = LEVELS, seeds: int = 30, count: int = 10) -> Iterator[Exercise]:
    for level in levels:
        for seed in range(seeds):
            yield from generate(level, seed, count)


def _nonlinearity_trap(exercise: Exercise) -> bool:
    return exercise.call.kind == "RNN" and len(exercise.call.args) >= 4


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("level", LEVELS)
def test_same_seed_gives_the_same_exercises(level: int) -> None:
    first = [e.to_dict() for e in generate(level, 1234, 15)]
    second = [e.to_dict() for e in generate(level, 1234, 15)]
    assert first == second


@pytest.mark.parametrize("level", LEVELS)
def test_different_seeds_give_different_exercises(level: int) -> None:
    sheets = {json.dumps([e.to_dict() for e in generate(level, seed, 8)]) for seed in range(10)}
    assert len(sheets) == 10


def test_exercise_i_is_derived_from_seed_and_index() -> None:
    sheet = generate(3, 77, 16)
    assert [exercise_at(3, 77, i) for i in range(16)] == sheet
    # A longer worksheet starts with the shorter one: a quiz replays from (seed, index).
    assert generate(3, 77, 20)[:16] == sheet


def test_the_global_random_generator_is_neither_used_nor_disturbed() -> None:
    random.seed(1)
    state = random.getstate()
    first = generate(5, 9, 12)
    assert random.getstate() == state
    random.seed(2)
    assert generate(5, 9, 12) == first


def test_exercises_survive_a_round_trip_through_dicts() -> None:
    for exercise in _many(seeds=5):
        assert Exercise.from_dict(json.loads(json.dumps(exercise.to_dict()))) == exercise


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate(0, 1, 3)
    with pytest.raises(ValueError):
        generate(9, 1, 3)
    with pytest.raises(ValueError):
        generate(1, 1, -1)
    with pytest.raises(ValueError):
        exercise_for_skill("no_such_skill", 1)
    assert generate(2, 1, 0) == []


# --------------------------------------------------------------------------- validity


def _check_valid(exercise: Exercise) -> None:
    """bind() succeeds (except the nonlinearity trap) and the question has an answer."""
    assert exercise.skills, exercise
    assert set(exercise.skills) <= set(SKILLS)
    question = exercise.question
    try:
        spec = bind(exercise.call)
    except ConstructorError as error:
        assert _nonlinearity_trap(exercise), exercise
        assert question.kind == "runs"
        assert "Unknown nonlinearity" in str(error)
        return
    assert not _nonlinearity_trap(exercise)
    if question.kind == "param":
        assert parameter_rule(spec, question.param or "") is not None, exercise
        assert exercise.input is None
        return
    if question.kind in ("total_params", "all_weights_len"):
        assert exercise.input is None
        return
    assert exercise.input is not None
    run = predict_run(spec, exercise.input)
    if question.kind == "runs":
        closed = closed_form(exercise)
        if isinstance(run, RunError):
            assert closed.raises == run.message
        else:
            assert closed.value == run.output.shape
        return
    # output / h_n / c_n questions are only asked about layers that run.
    assert isinstance(run, ForwardShapes), exercise
    if question.kind == "c_n":
        assert spec.kind == "LSTM"
        assert run.c_n is not None


@settings(max_examples=60, deadline=None)
@given(level=LEVEL, seed=SEEDS)
def test_every_level_produces_valid_exercises(level: int, seed: int) -> None:
    for exercise in generate(level, seed, 12):
        assert exercise.level == level
        assert exercise.seed == seed
        _check_valid(exercise)


def test_sizes_stay_small_enough_for_a_fast_forward_pass() -> None:
    for exercise in _many():
        if _nonlinearity_trap(exercise):
            continue
        spec = bind(exercise.call)
        assert spec.hidden_size <= 32
        assert spec.input_size <= 32
        assert spec.num_layers <= 3
        if exercise.input is not None:
            inp = exercise.input
            assert all(2 <= size <= 32 for size in inp.shape)
            if closed_form(exercise).raises is None:  # what torch actually runs
                assert _seq_len(spec, exercise) <= 12
                n = batch_size(spec, inp)
                assert n is None or n <= 12


def _specs(level: int) -> Iterator[tuple[Exercise, ModelSpec]]:
    for exercise in _many((level,)):
        if not _nonlinearity_trap(exercise):
            yield exercise, bind(exercise.call)


def test_level_1_is_the_notebooks_world() -> None:
    for exercise, spec in _specs(1):
        assert spec.kind == "RNN"
        assert spec.num_layers == 1
        assert spec.batch_first
        assert not spec.bidirectional
        assert exercise.input is None or exercise.input.batched
        assert exercise.question.kind in ("output", "h_n", "param", "total_params")


def test_level_2_adds_layers_gru_and_batch_first_either_way() -> None:
    specs = list(_specs(2))
    assert {spec.kind for _, spec in specs} == {"RNN", "GRU"}
    assert {spec.batch_first for _, spec in specs} == {True, False}
    assert max(spec.num_layers for _, spec in specs) > 1
    assert not any(spec.bidirectional for _, spec in specs)
    assert "all_weights_len" in {ex.question.kind for ex, _ in specs}


def test_level_3_adds_lstm_bidirectional_and_deep_parameters() -> None:
    specs = list(_specs(3))
    assert "LSTM" in {spec.kind for _, spec in specs}
    assert any(spec.bidirectional for _, spec in specs)
    kinds = {ex.question.kind for ex, _ in specs}
    assert "c_n" in kinds
    params = {ex.question.param or "" for ex, _ in specs if ex.question.kind == "param"}
    assert any(p.startswith("weight_ih_l") and not p.startswith("weight_ih_l0") for p in params)
    assert any(p.endswith("_reverse") for p in params)
    # No traps or unbatched input before level 4.
    assert "runs" not in kinds
    assert all(ex.input is None or ex.input.batched for ex, _ in specs)


def test_level_4_adds_unbatched_proj_no_bias_and_runs_questions() -> None:
    specs = list(_specs(4))
    assert any(ex.input is not None and not ex.input.batched for ex, _ in specs)
    assert any(spec.proj_size for _, spec in specs)
    assert any(not spec.bias for _, spec in specs)
    runs = [ex for ex, _ in specs if ex.question.kind == "runs"]
    outcomes = {closed_form(ex).raises is None for ex in runs}
    assert outcomes == {True, False}, "runs questions should both run and raise"


def test_level_5_has_the_traps() -> None:
    exercises = list(_many((5,)))
    skills = {skill for ex in exercises for skill in ex.skills}
    assert {"positional_args", "silent_batch_mismatch", "packed_sequence"} <= skills
    assert any(_nonlinearity_trap(ex) for ex in exercises)
    assert any(ex.input is not None and ex.input.packed for ex in exercises)


def test_every_question_kind_appears_across_levels() -> None:
    kinds = {exercise.question.kind for exercise in _many(seeds=10)}
    assert kinds == set(QUESTION_KINDS)


@pytest.mark.parametrize("level", LEVELS)
def test_a_worksheet_varies_its_questions(level: int) -> None:
    sheet = generate(level, 5, 6)
    assert len({ex.question.id.split("_l")[0] for ex in sheet}) >= 3


# --------------------------------------------------------------------------- the traps


def test_the_silent_batch_first_mismatch_runs_with_swapped_axes() -> None:
    found = 0
    for seed in range(40):
        exercise = exercise_for_skill("silent_batch_mismatch", seed)
        spec = bind(exercise.call)
        assert exercise.input is not None
        n, length = exercise.names["BATCH_SIZE"], exercise.names["SEQ_LENGTH"]
        assert not spec.batch_first
        assert exercise.input.shape == (n, length, spec.input_size)
        assert exercise.input.h0 is None
        assert closed_form(exercise).value == (n, length, spec.D * spec.H_out)
        found += 1
    assert found


def test_positional_true_is_bias_for_lstm_and_gru_and_raises_for_rnn() -> None:
    kinds = set()
    for seed in range(60):
        exercise = exercise_for_skill("positional_args", seed)
        assert len(exercise.call.args) == 4
        assert exercise.call.args[3] is True
        kinds.add(exercise.call.kind)
        if exercise.call.kind == "RNN":
            assert "Unknown nonlinearity 'True'" in (closed_form(exercise).raises or "")
        else:
            spec = bind(exercise.call)
            assert spec.bias and not spec.bidirectional
    assert kinds == {"RNN", "LSTM", "GRU"}


# --------------------------------------------------------------------------- distinctness


def _seq_len(spec: ModelSpec, exercise: Exercise) -> int:
    """L as torch reads it (the padded length for packed input)."""
    inp = exercise.input
    assert inp is not None
    if inp.lengths:
        return max(inp.lengths)
    return inp.shape[1] if len(inp.shape) == 3 and spec.batch_first else inp.shape[0]


def _right_and_wrong(exercise: Exercise) -> dict[str, object]:
    """The right answer and each catalogued mistake's answer, computed independently.

    Keys: "right" and misconception ids (shared/domain/misconceptions.md) that apply.
    """
    spec = bind(exercise.call)
    kind = exercise.question.kind
    d, k, h, h_out, g = spec.D, spec.num_layers, spec.hidden_size, spec.H_out, spec.gates
    trap = len(exercise.call.args) >= 4 and exercise.call.args[3] is True
    answers: dict[str, object] = {}
    if kind in ("output", "h_n", "c_n") and exercise.input is not None:
        inp = exercise.input
        run = predict_run(spec, inp)
        assert isinstance(run, ForwardShapes)
        n = batch_size(spec, inp)
        rule = {"output": run.output, "h_n": run.h_n, "c_n": run.c_n}[kind]
        assert rule is not None
        right = rule.shape
        answers["right"] = right
        last = h if kind == "c_n" else h_out
        if kind == "output":
            first, second = right[0], right[1] if len(right) == 3 else None
            if second is not None:
                key = "batch_first_ignored" if spec.batch_first else "batch_first_assumed"
                answers[key] = (second, first, right[2])
            if d == 2:
                answers["direction_factor_missing"] = (*right[:-1], h_out)
            if k > 1:
                answers["layers_in_output"] = (*right[:-1], k * d * h_out)
            if spec.proj_size:
                answers["proj_ignored"] = (*right[:-1], d * h)
            if trap:
                answers["positional_bias_as_bidirectional"] = (*right[:-1], 2 * h_out)
        else:
            if n is not None:
                answers["time_in_hidden"] = (_seq_len(spec, exercise), n, last)
                answers["hidden_axis_dropped"] = (n, last)
                if spec.batch_first:
                    answers["batch_first_on_hidden"] = (n, d * k, last)
            if d == 2:
                answers["direction_factor_missing"] = (k, *right[1:])
            if k > 1:
                answers["layer_factor_missing"] = (d, *right[1:])
            if spec.proj_size:
                answers["proj_on_cell" if kind == "c_n" else "proj_ignored"] = (
                    *right[:-1],
                    h_out if kind == "c_n" else h,
                )
            if trap:
                answers["positional_bias_as_bidirectional"] = (2 * k, *right[1:])
    elif kind == "param":
        param = parameter_rule(spec, exercise.question.param or "")
        assert param is not None
        right = param.shape
        answers["right"] = right
        if len(right) == 2 and right[0] != right[1]:
            # A square weight (plain RNN's weight_hh) looks the same transposed: no mistake to see.
            answers["weight_transposed"] = (right[1], right[0])
        if g > 1 and param.role != "weight_hr":
            answers["gate_rows_missing"] = (h, *right[1:])
            other = 3 if g == 4 else 4
            answers["gate_rows_wrong_factor"] = (other * h, *right[1:])
        if param.role == "weight_ih" and param.layer > 0:
            answers["deep_input_is_input_size"] = (right[0], spec.input_size)
            if d == 2:
                answers["deep_input_is_hidden"] = (right[0], h_out)
        if spec.proj_size and param.role == "weight_hh":
            answers["proj_ignored"] = (right[0], h)
    elif kind == "total_params":
        right_count = total_params(spec)
        answers["right"] = right_count
        bias_total = d * k * g * h
        if spec.bias:
            answers["single_bias"] = right_count - bias_total
        else:
            answers["bias_despite_false"] = right_count + 2 * bias_total
        if d == 2:
            answers["reverse_not_counted"] = right_count // 2
    elif kind == "all_weights_len":
        answers["right"] = d * k
        if d == 2:
            answers["reverse_not_counted"] = k
        if k > 1:
            answers["layer_factor_missing"] = d
    return answers


@settings(max_examples=80, deadline=None)
@given(level=LEVEL, seed=SEEDS)
def test_every_misconception_gives_its_own_answer(level: int, seed: int) -> None:
    for exercise in generate(level, seed, 10):
        if exercise.question.kind == "runs":
            continue
        answers = _right_and_wrong(exercise)
        for (id_a, a), (id_b, b) in combinations(answers.items(), 2):
            assert a != b, f"{id_a} and {id_b} both give {a} for {exercise.code()}"


@settings(max_examples=80, deadline=None)
@given(level=LEVEL, seed=SEEDS)
def test_the_dimensions_in_a_question_are_pairwise_distinct(level: int, seed: int) -> None:
    """N, L, I, H, D*H_out, D*K and proj_size differ wherever the question has them."""
    for exercise in generate(level, seed, 10):
        if _nonlinearity_trap(exercise):
            continue
        spec = bind(exercise.call)
        values = {"I": spec.input_size, "H": spec.hidden_size}
        if spec.proj_size:
            values["proj_size"] = spec.proj_size
        if spec.D == 2:
            values["D*H_out"] = spec.D * spec.H_out
        if spec.D * spec.num_layers > 1:
            values["D*K"] = spec.D * spec.num_layers
        if exercise.input is not None and exercise.question.kind != "runs":
            n = batch_size(spec, exercise.input)
            if n is not None:
                values["N"] = n
            values["L"] = _seq_len(spec, exercise)
        assert len(set(values.values())) == len(values), (values, exercise.code())


# --------------------------------------------------------------------------- skills


@pytest.mark.parametrize("skill", SKILLS)
def test_every_skill_can_be_exercised_with_fresh_numbers(skill: str) -> None:
    seen = set()
    for seed in range(25):
        exercise = exercise_for_skill(skill, seed)
        assert skill in exercise.skills
        assert exercise.level == SKILL_LEVELS[skill]
        if exercise.cell is None:  # cells are checked on torch in test_cell_generator
            _check_valid(exercise)
        seen.add(exercise.code())
    assert len(seen) >= 20, "review should show new numbers nearly every time"


@pytest.mark.parametrize("skill", SKILLS)
def test_exercise_for_skill_is_deterministic(skill: str) -> None:
    assert exercise_for_skill(skill, 42, 5) == exercise_for_skill(skill, 42, 5)


def test_a_skill_is_never_served_below_its_first_level() -> None:
    assert exercise_for_skill("packed_sequence", 3, level=1).level == 5
    assert exercise_for_skill("hn_first_axis", 3, level=4).level == 4
    for seed in range(20):
        exercise = exercise_for_skill("hn_first_axis", seed, level=5)
        assert exercise.level == 5
        assert "hn_first_axis" in exercise.skills


def test_every_skill_is_reached_by_some_level() -> None:
    skills = {skill for exercise in _many(ALL_LEVELS, seeds=15) for skill in exercise.skills}
    assert skills == set(SKILLS)


def test_generate_with_skills_cycles_through_them() -> None:
    chosen = ["gate_blocks", "all_weights_len", "unbatched_input"]
    sheet = generate(2, 11, 9, skills=chosen)
    for index, exercise in enumerate(sheet):
        assert chosen[index % 3] in exercise.skills
    assert generate(2, 11, 9, skills=chosen) == sheet


# --------------------------------------------------------------------------- `rnn-tutor exercises`


@pytest.fixture
def english() -> Iterator[None]:
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="rnn-tutor")
    subparsers = parser.add_subparsers(dest="command")
    exercises_command.add_parser(subparsers)
    code = exercises_command.run(parser.parse_args(["exercises", *argv]))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_exercises_json_is_a_worksheet_with_answers(
    capsys: pytest.CaptureFixture[str], english: None
) -> None:
    code, out, _ = _run(["--level", "3", "--count", "20", "--seed", "7", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert (document["level"], document["seed"], document["count"]) == (3, 7, 20)
    items = document["exercises"]
    assert [item["number"] for item in items] == list(range(1, 21))
    for item, exercise in zip(items, generate(3, 7, 20), strict=True):
        assert Exercise.from_dict(item) == exercise
        assert item["answer"] == closed_form(exercise).to_json()
        assert item["prompt"] == question_text(exercise)
        assert item["code"] == exercise.code()
        assert item["explanation"]
        assert len(item["hints"]) == 3


def test_exercises_same_seed_same_output(capsys: pytest.CaptureFixture[str], english: None) -> None:
    first = _run(["--level", "5", "--count", "8", "--seed", "3", "--json"], capsys)[1]
    second = _run(["--level", "5", "--count", "8", "--seed", "3", "--json"], capsys)[1]
    other = _run(["--level", "5", "--count", "8", "--seed", "4", "--json"], capsys)[1]
    assert first == second
    assert first != other
    text = _run(["--level", "5", "--count", "8", "--seed", "3"], capsys)[1]
    assert text == _run(["--level", "5", "--count", "8", "--seed", "3"], capsys)[1]


def test_exercises_text_mode_is_a_readable_worksheet(
    capsys: pytest.CaptureFixture[str], english: None
) -> None:
    code, out, _ = _run(["--level", "2", "--count", "5", "--seed", "1"], capsys)
    assert code == 0
    assert "level 2, seed 1, 5 exercises" in out
    questions, key = out.split("\nAnswer key\n")
    for number, exercise in enumerate(generate(2, 1, 5), 1):
        assert f"\n{number}.\n" in questions
        for line in exercise.code_lines():
            assert f"    {line}" in questions
        assert question_text(exercise) in questions
        assert f"{number:>3}. {answer_text(exercise)}\n" in key
    assert "{" not in out  # no unfilled placeholders


def test_exercises_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    before = get_language()
    set_language("ko")
    try:
        code, out, _ = _run(["--level", "4", "--count", "6", "--seed", "2"], capsys)
    finally:
        set_language(before)
    assert code == 0
    assert "문제지" in out and "정답" in out


def test_exercises_without_a_seed_prints_the_seed_it_chose(
    capsys: pytest.CaptureFixture[str], english: None
) -> None:
    code, out, _ = _run(["--count", "2", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    seed = document["seed"]
    assert [Exercise.from_dict(item) for item in document["exercises"]] == generate(1, seed, 2)


def test_exercises_with_skills(capsys: pytest.CaptureFixture[str], english: None) -> None:
    argv = ["--skill", "proj_size", "--skill", "two_biases", "--count", "4", "--seed", "9"]
    code, out, _ = _run([*argv, "--json"], capsys)
    assert code == 0
    items = json.loads(out)["exercises"]
    assert "proj_size" in items[0]["skills"] and "two_biases" in items[1]["skills"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--count", "0"], "--count must be between 1 and"),
        (["--count", "100000"], "--count must be between 1 and"),
        (["--skill", "nope"], "Unknown skill “nope”"),
    ],
)
def test_exercises_bad_options_get_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    code, out, err = _run(argv, capsys)
    assert code == 2
    assert message in err
    assert out == ""
    assert "Traceback" not in err


def test_exercises_verify_checks_the_answers_against_torch(
    capsys: pytest.CaptureFixture[str], english: None
) -> None:
    code, _, err = _run(["--level", "5", "--count", "9", "--seed", "21", "--verify"], capsys)
    assert code == 0, err
    assert "All 9 answers match torch." in err


# --------------------------------------------------------------------------- against the grader


@settings(max_examples=60, deadline=None)
@given(level=LEVEL, seed=SEEDS)
def test_the_graders_diagnosis_can_name_every_misconception(level: int, seed: int) -> None:
    """Each wrong answer the grader's rules predict is named by its own id (none shadowed)."""
    for exercise in generate(level, seed, 10):
        for misconception, predicted in misconceptions.predictions(exercise).items():
            for wrong in predicted:
                if not isinstance(wrong, tuple | int | Raises):
                    continue  # ANY_SHAPE: every shape reproduces it
                named = misconceptions.diagnose(exercise, wrong)
                assert named == misconception, (exercise.code(), exercise.question.id, wrong)


def test_the_curriculum_table_says_where_the_templates_first_exercise_each_skill() -> None:
    """Home draws the mastery map from ``curriculum.SKILL_LEVELS`` without importing the
    generator; the table must say what the templates do, for every skill and no other."""
    assert template_skill_levels() == curriculum.SKILL_LEVELS
    assert set(curriculum.SKILL_LEVELS) == set(SKILLS)
