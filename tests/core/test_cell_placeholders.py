"""The answer box of a cell exercise names what is asked, in both languages.

A "does it run?" cell asks about ``logits`` or ``dec_out``, not ``output``: its placeholder
says the asked expression. Every cell question form (shape:, runs:, blank:number,
blank:expression) gets a placeholder that fits the answer it takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rnn_tutor.core.exercises.generator import CELL_LEVELS, generate
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import answer_placeholder
from rnn_tutor.i18n import LANGUAGES, set_language, t


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    yield
    set_language("en")


def _one_per_form() -> dict[str, Exercise]:
    """A generated exercise for each cell question form, runs: about something not output."""
    found: dict[str, Exercise] = {}
    for level in CELL_LEVELS:
        for seed in range(6):
            for exercise in generate(level, seed, 10):
                cell = exercise.cell
                assert cell is not None
                form = cell.question.split(":", 1)[0] if cell.form != "blank" else cell.question
                if form == "runs" and cell.target == "output":
                    continue
                found.setdefault(form, exercise)
    return found


FORMS = _one_per_form()


def test_every_cell_question_form_is_generated() -> None:
    assert set(FORMS) == {"shape", "runs", "blank:number", "blank:expression"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_runs_cell_names_the_asked_expression_not_output(lang: str) -> None:
    set_language(lang)
    exercise = FORMS["runs"]
    assert exercise.cell is not None
    text = answer_placeholder(exercise)
    assert exercise.cell.target in text
    assert "output" not in text
    # The call levels' "does it run?" is about output: that one keeps saying so.
    call_runs = next(e for e in generate(4, 1, 8) if e.question.kind == "runs")
    assert answer_placeholder(call_runs) == t("ui.answer.placeholder.runs")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("form", "example"),
    [("shape", "(5, 3, 40)"), ("blank:number", "____"), ("blank:expression", "____")],
)
def test_each_other_form_asks_for_its_kind_of_answer(lang: str, form: str, example: str) -> None:
    set_language(lang)
    text = answer_placeholder(FORMS[form])
    assert example in text and "output" not in text


def test_placeholders_differ_between_languages() -> None:
    said: dict[str, set[Any]] = {}
    for lang in LANGUAGES:
        set_language(lang)
        for form, exercise in FORMS.items():
            said.setdefault(form, set()).add(answer_placeholder(exercise))
    assert all(len(texts) == len(LANGUAGES) for texts in said.values())
