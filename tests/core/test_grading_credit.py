"""Grading gives no credit it should not, and refuses only what it must (issue 8)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from rnn_tutor.commands.grade import grade_request
from rnn_tutor.core.call.spec import InputSpec, SpecError, parse_model
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.answers import Raises, Runs
from rnn_tutor.core.grading.explain import explanation
from rnn_tutor.core.grading.grader import grade
from rnn_tutor.i18n import set_language


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def exercise(code: str, question: str, shape: tuple[int, ...] | None = None) -> Exercise:
    parsed = parse_model(code)
    inp = None if shape is None else InputSpec(shape)
    return Exercise(parsed.call, inp, Question.parse(question), names=parsed.names)


# nn.RNN(4, 12) on a (9, 3, 11) input raises: input_size 4 against 11.
RAISING = ("nn.RNN(4, 12, bidirectional=True)", "runs", (9, 3, 11))


@pytest.mark.parametrize(
    "answer", ["(1, 3, 1) error", "maybe error", "error? no: (1,3,1)", "error?", "terror", "no"]
)
def test_a_hedged_error_is_not_graded_right(answer: str) -> None:
    verdict = grade(exercise(*RAISING), answer)
    assert not verdict.correct and verdict.parsed is None and verdict.error, answer


@pytest.mark.parametrize("answer", ["no error", "noerror", "yes", "it runs", "네", "에러 없음"])
def test_a_clear_it_runs_is_graded_wrong_where_torch_raises(answer: str) -> None:
    """ "It runs" on a "does it run?" question is an answer: wrong where torch raises (it was
    refused with "Cannot grade"), and wrong where it runs too (the shape is asked)."""
    verdict = grade(exercise(*RAISING), answer)
    assert verdict.error is None and not verdict.correct and verdict.parsed == Runs(), answer
    runs = grade(exercise("nn.RNN(11, 12)", "runs", (9, 3, 11)), answer)
    assert runs.error is None and not runs.correct and runs.expected.value == (9, 3, 12)


@pytest.mark.parametrize("answer", ["error", "오류", "에러"])
def test_the_clear_word_in_either_language_is_graded_right(answer: str) -> None:
    assert grade(exercise(*RAISING), answer).correct


def test_error_answered_to_a_parameter_is_a_wrong_verdict_not_a_request_error() -> None:
    verdict = grade(exercise("nn.LSTM(8, 12)", "param:weight_hh_l0"), "error")
    assert verdict.error is None and not verdict.correct
    assert verdict.parsed == Raises() and verdict.expected.value == (48, 12)


def test_error_answered_about_a_missing_parameter_is_right() -> None:
    verdict = grade(exercise("nn.LSTM(8, 12, bias=False)", "param:bias_ih_l0"), "error")
    assert verdict.correct and verdict.error is None


def test_a_repeated_keyword_is_refused_as_python_refuses_it() -> None:
    with pytest.raises(SpecError) as info:
        parse_model("nn.LSTM(8, 12, num_layers=2, num_layers=3)")
    assert info.value.key == "spec.error.repeated_keyword"
    assert "num_layers" in info.value.message and "twice" in info.value.message
    verdict = grade_request(
        {
            "model": "nn.LSTM(8, 12, num_layers=2, num_layers=3)",
            "question": "runs",
            "input": [5, 2, 8],
            "answer": "(5, 2, 12)",
        }
    )
    assert not verdict["correct"] and "twice" in verdict["error"]


@pytest.mark.parametrize("key", ["h_0", "enforce_sorted", "Answer"])
def test_unknown_request_keys_are_refused(key: str) -> None:
    request = {
        "model": "nn.RNN(4, 5)",
        "question": "output",
        "input": [3, 2, 4],
        "answer": "(3, 2, 5)",
        key: [1, 2, 5],
    }
    verdict = grade_request(request)
    assert not verdict["correct"] and key in verdict["error"]
    assert verdict["error_id"]["id"] == "grade.request.unknown_key"
    json.dumps(verdict)


def test_known_request_keys_still_grade() -> None:
    request = {
        "id": 7,
        "model": "nn.RNN(4, 5)",
        "question": "h_n",
        "input": [3, 2, 4],
        "h0": [1, 2, 5],
        "answer": "(1, 2, 5)",
    }
    assert grade_request(request)["correct"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_positional_true_note_agrees_with_D(lang: str) -> None:
    set_language(lang)
    text = explanation(exercise("nn.LSTM(18, 16, 4, True, True, 0.5, True)", "output", (3, 5, 18)))
    assert "D = 1" not in text and "D = 2" in text
    one_way = explanation(exercise("nn.LSTM(18, 16, 4, True)", "output", (5, 3, 18)))
    assert "D = 1" in one_way
