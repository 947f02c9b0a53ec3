"""Cell exercises (levels 6-8): the stated answer is what plain torch gives for the cell.

The generated cells are our own text, so this test (and only this test) runs them as plain
Python, outside the notebook interpreter, to check the generator's closed form.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from rnn_tutor.core.exercises.cell_generator import CELL_LEVEL_TEMPLATES, CELL_SKILL_TEMPLATES
from rnn_tutor.core.exercises.cells import BLANK, PRELUDE, Cell
from rnn_tutor.core.exercises.generator import (
    CELL_LEVELS,
    exercise_for_skill,
    generate,
    track_level,
)
from rnn_tutor.core.exercises.questions import CELL_SKILLS, SKILLS, Exercise, Question

PER_LEVEL = 300
TOPICS = {
    6: {
        "last_step",
        "last_step_blank",
        "h_n_final",
        "bidir_summary",
        "h_n_view",
        "head",
        "head_blank",
        "head_runs",
        "squeeze",
    },
    7: set(CELL_LEVEL_TEMPLATES[7]),
    8: {"net_class", "enc_dec", "attention"},
}


def run_plain(source: str) -> dict[str, Any]:
    """The cell run by Python itself after the notebook's first cell (test only)."""
    namespace: dict[str, Any] = {}
    exec(PRELUDE, namespace)
    exec(source, namespace)
    return namespace


def plain_value(source: str, expression: str) -> Any:
    namespace = run_plain(source)
    return eval(expression, namespace)


def plain_truth(cell: Cell) -> tuple[Any, str | None]:
    """(shape, None) or (None, torch's first line) for a shape/runs cell."""
    try:
        namespace = run_plain(cell.source)
        shape = eval(f"({cell.target}).shape", namespace)
    except Exception as exc:  # torch's refusal is the truth
        return None, str(exc).splitlines()[0]
    return tuple(shape), None


def _exercises(level: int) -> list[Exercise]:
    seeds = range(PER_LEVEL // 10)
    return [ex for seed in seeds for ex in generate(level, seed, 10)]


@pytest.mark.parametrize("level", CELL_LEVELS)
def test_every_stated_answer_is_what_plain_torch_gives(level: int) -> None:
    exercises = _exercises(level)
    assert len(exercises) >= PER_LEVEL
    topics = set()
    for exercise in exercises:
        cell = exercise.cell
        assert cell is not None
        topics.add(cell.topic)
        if cell.form == "blank":
            assert cell.source.count(BLANK) == 1
            value = plain_value(cell.reference_source, cell.target)
            if cell.blank_kind == "number":
                assert value == plain_value(cell.reference_source, "logits.shape")
                assert isinstance(cell.answer, int)
            continue
        shape, raises = plain_truth(cell)
        assert (shape, raises) == (cell.answer, cell.raises), cell.source
        if shape is not None:
            assert len(cell.axes) == len(shape)
    assert topics == TOPICS[level]


def test_blank_answers_fill_the_blank_with_the_stated_shape() -> None:
    import torch

    for level in CELL_LEVELS:
        for exercise in _exercises(level)[:120]:
            cell = exercise.cell
            assert cell is not None
            if cell.blank_kind != "expression":
                continue
            value = plain_value(cell.reference_source, cell.target)
            assert isinstance(value, torch.Tensor)
            shape = tuple(value.shape)
            config = cell.config
            width = config["DH"] if cell.topic == "last_step_blank" else config["H_out"]
            assert shape == (config["N"], width)


def test_worksheets_are_reproducible_and_round_trip_through_json() -> None:
    for level in CELL_LEVELS:
        first = generate(level, 11, 20)
        assert first == generate(level, 11, 20)
        for exercise in first:
            stored = json.loads(json.dumps(exercise.to_dict()))
            rebuilt = Exercise.from_dict(stored)
            assert rebuilt == exercise
            assert rebuilt.code() == exercise.code()
            assert Question.parse(exercise.question.id) == exercise.question


def test_every_cell_skill_gets_an_exercise_that_exercises_it() -> None:
    assert set(CELL_SKILL_TEMPLATES) == set(CELL_SKILLS)
    assert set(CELL_SKILLS) <= set(SKILLS)
    for skill in CELL_SKILLS:
        for seed in range(5):
            exercise = exercise_for_skill(skill, seed)
            assert skill in exercise.skills and exercise.cell is not None


def test_mixed_track_alternates_ladders() -> None:
    levels = [track_level("mixed", 3, i) for i in range(4)]
    assert levels == [3, 7, 3, 7]
    mixed = generate(7, 2, 6, track="mixed")
    assert [ex.cell is not None for ex in mixed] == [True, False] * 3
    with pytest.raises(ValueError):
        track_level("sideways", 1, 0)


def test_answer_kinds_by_question_form() -> None:
    assert Question("cell", "shape:last").answer_kind == "shape"
    assert Question("cell", "runs:logits").answer_kind == "runs"
    assert Question("cell", "blank:number").answer_kind == "count"
    assert Question("cell", "blank:expression").answer_kind == "expression"
    assert Question.parse("cell:runs:logits") == Question("cell", "runs:logits")
    with pytest.raises(ValueError):
        Question.parse("cell:guess")
