"""A verdict is data: message ids and numbers, worded only when read (issue 8)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from rnn_tutor.core.call.spec import InputSpec, parse_model
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.grader import grade
from rnn_tutor.i18n import set_language, tr

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def exercise(code: str, question: str, shape: tuple[int, ...] | None = None) -> Exercise:
    parsed = parse_model(code)
    inp = None if shape is None else InputSpec(shape)
    return Exercise(parsed.call, inp, Question.parse(question), names=parsed.names)


def test_a_verdict_made_in_english_reads_in_korean_after_a_switch() -> None:
    verdict = grade(
        exercise("nn.GRU(11, 13, 3, batch_first=True)", "h_n", (5, 7, 11)), "(5, 3, 13)"
    )
    english = (verdict.explanation, verdict.misconception_text)
    set_language("ko")
    korean = (verdict.explanation, verdict.misconception_text)
    assert korean != english
    for text in korean:
        assert text and HANGUL.search(text)
    assert "h_n is" not in korean[0] and "batch_first only" not in korean[0]


def test_an_unreadable_answer_is_worded_in_the_language_it_is_shown_in() -> None:
    verdict = grade(exercise("nn.RNN(4, 5)", "output", (3, 2, 4)), "(3,,2")
    assert verdict.error is not None and not HANGUL.search(verdict.error)
    set_language("ko")
    assert verdict.error is not None and HANGUL.search(verdict.error)


def test_the_verdict_holds_ids_and_numbers_not_text() -> None:
    verdict = grade(exercise("nn.LSTM(8, 18, num_layers=2)", "c_n", (6, 4, 8)), "(2, 4, 18)")
    assert verdict.correct
    assert all(line.key.startswith("explain.") for line in verdict.explanation_lines)
    first = verdict.explanation_lines[0]
    assert first.key == "explain.c_n" and "(2, 4, 18)" in str(first.param_map["derivation"])
    payload = verdict.to_json()
    assert payload["explanation_ids"][0]["id"] == "explain.c_n"
    json.dumps(payload)  # ids and numbers are plain JSON


def test_a_request_error_is_data_too() -> None:
    verdict = grade(exercise("nn.GRU(4, 5)", "c_n", (3, 2, 4)), "(1, 2, 5)")
    assert verdict.error_message is not None
    assert verdict.error_message.key == "grade.error.c_n_not_lstm"
    set_language("ko")
    assert verdict.error == tr("ko", "grade.error.c_n_not_lstm", kind="GRU")


def test_the_grader_holds_no_prose_builders() -> None:
    from rnn_tutor.core.grading import grader

    assert not hasattr(grader, "advise") and not hasattr(grader, "_constructor_advice")
