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


def test_a_right_answer_after_hints_says_so() -> None:
    from rnn_tutor.core.grading.verdict import Truth, Verdict
    from rnn_tutor.ui.widgets.feedback import verdict_text

    right = Verdict(correct=True, expected=Truth((2, 3)), parsed=(2, 3))
    assert "Right, with 3 hints." in verdict_text(right, hints_used=3).plain
    assert "Right, with 1 hint." in verdict_text(right, hints_used=1).plain
    assert "with" not in verdict_text(right).plain.splitlines()[0]
    set_language("ko")
    assert "힌트 3개" in verdict_text(right, hints_used=3).plain


def test_a_long_call_is_reflowed_under_its_parenthesis_never_flush_left() -> None:
    from rnn_tutor.ui.widgets.code_card import reflow

    code = "rnn = nn.LSTM(23, 24, num_layers=3, batch_first=True, bidirectional=True)"
    lines = reflow(code, 60).splitlines()
    assert lines == [
        "rnn = nn.LSTM(23, 24, num_layers=3, batch_first=True,",
        "              bidirectional=True)",
    ]
    narrow = reflow("packed = pack_padded_sequence(\n    input, lengths, enforce_sorted=False)", 34)
    assert all(line.startswith(("packed", "    ")) for line in narrow.splitlines())
    assert all(len(line) <= 34 for line in narrow.splitlines())
    assert reflow(code, 100) == code
