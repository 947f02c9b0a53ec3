"""Explanations name the actual cause with this code's numbers (issue 8)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from rnn_tutor.commands import grade as grade_command
from rnn_tutor.core.call.spec import InputSpec, parse_model
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.explain import explanation, format_value, misconception_text
from rnn_tutor.core.grading.grader import grade
from rnn_tutor.i18n import LANGUAGES, set_language, tr


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def exercise(
    code: str, question: str, shape: tuple[int, ...] | None = None, **extra: object
) -> Exercise:
    parsed = parse_model(code)
    inp = None if shape is None else InputSpec(shape, **extra)  # type: ignore[arg-type]
    return Exercise(parsed.call, inp, Question.parse(question), names=parsed.names)


def test_does_it_run_names_the_input_size_cause_and_the_fix() -> None:
    verdict = grade(exercise("nn.RNN(4, 12, bidirectional=True)", "runs", (9, 3, 11)), "(9, 3, 24)")
    assert verdict.misconception == "expects_success_on_error"
    text = (verdict.misconception_text or "") + "\n" + verdict.explanation
    assert "input_size = 4, but it is 11" in text and "(9, 3, 4)" in text
    assert "nonlinearity" not in text  # no canned positional-argument paragraph


def test_does_it_run_names_proj_size_for_h0() -> None:
    lstm = exercise(
        "nn.LSTM(15, 31, proj_size=11)", "runs", (5, 8, 15), h0=(1, 8, 31), c0=(1, 8, 31)
    )
    text = grade(lstm, "(5, 8, 11)").explanation
    assert "h0 must be (D*num_layers, N, H_out) = (1, 8, 11), but it is (1, 8, 31)" in text
    assert "proj_size=11" in text and "nonlinearity" not in text


@pytest.mark.parametrize(
    ("code", "extra", "words"),
    [
        ("nn.RNN(4, 5, bidirectional=1)", {}, "bidirectional=True"),
        ("nn.GRU(4, 5)", {"h0": (1, 1, 5), "lengths": (3, 2)}, "(1, 2, 5), but it is (1, 1, 5)"),
    ],
)
def test_torch_errors_are_said_in_plain_words(
    code: str, extra: dict[str, object], words: str
) -> None:
    text = explanation(exercise(code, "runs", (3, 2, 4), **extra))
    assert words in text
    assert len(text.splitlines()) >= 2  # not only torch's quoted words


def test_weight_transposed_gives_each_parameter_its_formula() -> None:
    for lang in LANGUAGES:
        set_language(lang)
        assert "(proj_size, H)" in misconception_text("weight_transposed")
    set_language("en")
    verdict = grade(exercise("nn.LSTM(10, 20, proj_size=5)", "param:weight_hr_l0"), "(20, 5)")
    assert verdict.misconception == "weight_transposed"


def test_proj_ignored_keeps_weight_hh_rows() -> None:
    text = misconception_text("proj_ignored")
    assert "weight_hh keeps its g*H rows" in text
    assert "instead of hidden_size" not in text


def test_the_bidirectional_count_says_what_is_counted() -> None:
    text = misconception_text("reverse_not_counted")
    assert "all_weights" in text and "twice" in text


def test_counts_have_one_format() -> None:
    assert format_value(9200) == "9,200" and format_value((4, 2, 29)) == "(4, 2, 29)"
    verdict = grade(exercise("nn.LSTM(20, 40)", "total_params"), "9000")
    assert "Total params = 9,920" in verdict.explanation


def _grade_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    grade_command.add_parser(subparsers)
    status = grade_command.run(parser.parse_args(argv))
    return status, capsys.readouterr().out


def test_grade_cli_gives_one_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "grade",
        "nn.RNN(4, 5)",
        "--input",
        "3,2,4",
        "--question",
        "output",
        "--answer",
        "(3,,2",
    ]
    status, out = _grade_cli(argv, capsys)
    assert status == 2 and "Cannot grade" in out
    assert tr("en", "grade.out.wrong") not in out and tr("en", "grade.out.correct") not in out


def test_torch_message_inside_a_sentence_has_one_period(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "grade",
        "nn.RNN(4, 5, 1, True)",
        "--input",
        "3,2,4",
        "--question",
        "output",
        "--answer",
        "(3, 2, 5)",
    ]
    status, out = _grade_cli(argv, capsys)
    assert status == 2 and "'relu'. Only" in out and ".." not in out.replace("...", "")
