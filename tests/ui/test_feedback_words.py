"""Words in the feedback widgets, without an app (issue 8)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rnn_tutor.core.call.spec import InputSpec, parse_model
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.i18n import set_language, tr
from rnn_tutor.ui.unroll import unroll_exercise
from rnn_tutor.ui.widgets.feedback import shape_text, typed_answer_text
from rnn_tutor.ui.widgets.unrolled import draw


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def picture_text(code: str, shape: tuple[int, ...]) -> str:
    parsed = parse_model(code)
    exercise = Exercise(parsed.call, InputSpec(shape), Question.parse("h_n"))
    picture = unroll_exercise(exercise)
    assert picture is not None
    return draw(picture).plain


def test_the_reverse_legend_only_on_bidirectional_models() -> None:
    assert "reverse" not in picture_text("nn.LSTM(4, 5, 2)", (6, 3, 4))
    assert "(reverse: step 0)" in picture_text("nn.LSTM(4, 5, 2, bidirectional=True)", (6, 3, 4))


def test_korean_names_the_reverse_row_in_full() -> None:
    set_language("ko")
    text = picture_text("nn.GRU(4, 5, bidirectional=True)", (6, 3, 4))
    assert "0층 (역방향)" in text


def test_answers_and_truths_share_one_format() -> None:
    assert shape_text(9200) == "9,200" and shape_text((7,)) == "(7,)"
    assert typed_answer_text("shape", "2,4,29") == "(2, 4, 29)"
    assert typed_answer_text("count", "9200") == "9,200"
    assert "\x1b" not in typed_answer_text("shape", "junk\x1b[31m")


def test_the_korean_palette_calls_the_streak_days() -> None:
    assert "연속 정답" not in tr("ko", "ui.command.stats.help")
