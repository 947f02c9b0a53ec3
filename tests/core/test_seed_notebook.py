"""The learner's notebook (shared/seed/000_d28419c060cd59fd.txt) grades right.

Its cells, as written there, are graded against torch with the answers the notebook
printed (``torch.Size([1, 3, 1])``, ``85``) and with the mistakes a learner makes on them.
"""

from __future__ import annotations

import pytest

from rnn_tutor.core.call.spec import InputSpec, parse_model
from rnn_tutor.core.exercises.questions import Exercise, Question

pytest.importorskip("torch")
from rnn_tutor.core.grading import grader
from tests.shared_dir import SHARED

SEED = SHARED / "seed" / "000_d28419c060cd59fd.txt"

FIRST_CELL = (
    "HIDDEN_SIZE = 1\n"
    "NUM_LAYERS = 1\n"
    "SEQ_LENGTH = 3\n"
    "BATCH_SIZE = 1\n"
    "rnn = nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first = True)"
)
SECOND_CELL = "rnn = nn.RNN(10, 5, 1, batch_first = True)"


def first(question: str) -> Exercise:
    parsed = parse_model(FIRST_CELL)
    inp = InputSpec((1, 3, 10), h0=(1, 1, 1))
    return Exercise(parsed.call, inp, Question.parse(question), names=parsed.names)


def second(question: str) -> Exercise:
    inp = InputSpec((1, 4, 10), h0=(1, 1, 5))
    return Exercise(parse_model(SECOND_CELL).call, inp, Question.parse(question))


def test_the_cells_are_the_notebooks() -> None:
    if not SEED.exists():
        pytest.skip("the seed notebook is not next to this checkout")
    text = SEED.read_text(encoding="utf-8")
    assert "rnn = nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first = True)" in text
    assert SECOND_CELL in text
    assert "input = torch.randn(1, 3, 10)" in text
    assert "h0 = torch.randn(NUM_LAYERS, BATCH_SIZE, HIDDEN_SIZE)" in text
    assert "input = torch.randn(1, 4, 10)" in text
    assert "h0 = torch.randn(1, 1, 5)" in text


@pytest.mark.parametrize(
    ("question", "printed", "expected"),
    [
        ("output", "torch.Size([1, 3, 1])", (1, 3, 1)),
        ("h_n", "torch.Size([1, 1, 1])", (1, 1, 1)),
        ("param:weight_ih_l0", "(1, 10)", (1, 10)),
        ("param:weight_hh_l0", "(1, 1)", (1, 1)),
        ("param:bias_hh_l0", "(1,)", (1,)),
        ("total_params", "13", 13),
        ("all_weights_len", "1", 1),
    ],
)
def test_first_cell(question: str, printed: str, expected: tuple[int, ...] | int) -> None:
    verdict = grader.grade(first(question), printed)
    assert verdict.correct, verdict
    assert verdict.expected.value == expected


@pytest.mark.parametrize(
    ("question", "printed", "expected"),
    [
        ("output", "torch.Size([1, 4, 5])", (1, 4, 5)),
        ("h_n", "(1, 1, 5)", (1, 1, 5)),
        ("param:weight_ih_l0", "(5, 10)", (5, 10)),
        ("total_params", "85", 85),
        ("all_weights_len", "1", 1),
    ],
)
def test_second_cell(question: str, printed: str, expected: tuple[int, ...] | int) -> None:
    verdict = grader.grade(second(question), printed)
    assert verdict.correct, verdict
    assert verdict.expected.value == expected


def test_second_cell_mistakes_are_named() -> None:
    assert grader.grade(second("output"), "(4, 1, 5)").misconception == "batch_first_ignored"
    assert grader.grade(second("total_params"), "80").misconception == "single_bias"
    transposed = grader.grade(second("param:weight_ih_l0"), "(10, 5)")
    assert transposed.misconception == "weight_transposed"
    assert [m.name for m in transposed.axes] == ["H", "I"]


def test_first_cell_explains_with_its_numbers() -> None:
    verdict = grader.grade(first("total_params"), "12")
    assert not verdict.correct
    assert "13" in verdict.explanation
