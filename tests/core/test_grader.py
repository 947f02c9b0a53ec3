"""grader.py and verdict.py: truth from torch, verdicts that teach, requests it refuses."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_tutor.core.call.spec import InputSpec, parse_model
from rnn_tutor.core.exercises import generator
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.answers import Raises
from rnn_tutor.core.grading.explain import advise
from rnn_tutor.core.grading.verdict import EXTRA_AXIS, AxisMark, Truth, Verdict, mark_axes
from rnn_tutor.i18n import get_language, set_language

pytest.importorskip("torch")
from rnn_tutor.core.grading import grader
from rnn_tutor.core.grading.exercise_error import ExerciseError


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def make(
    code: str, question: str, shape: tuple[int, ...] | None = None, **extra: object
) -> Exercise:
    inp = None if shape is None else InputSpec(shape, **extra)  # type: ignore[arg-type]
    parsed = parse_model(code)
    return Exercise(parsed.call, inp, Question.parse(question), names=parsed.names)


# --------------------------------------------------------------------------- truth


def test_run_model_reads_everything_from_torch() -> None:
    real = grader.run_model(make("nn.LSTM(10, 20, 2, batch_first=True)", "runs", (3, 5, 10)))
    assert real.constructor_error is None and real.run_error is None
    assert (real.output, real.h_n, real.c_n) == ((3, 5, 20), (2, 3, 20), (2, 3, 20))
    assert real.total_params == 5920
    assert real.all_weights_len == 2
    assert real.parameters[0] == ("weight_ih_l0", (80, 10))
    assert len(real.parameters) == 8
    assert dict(real.config)["batch_first"] is True


def test_torch_decides_what_positional_arguments_mean() -> None:
    # The 4th positional of nn.LSTM is bias: not bidirectional.
    assert grader.truth(make("nn.LSTM(20, 300, 5, True)", "h_n", (7, 3, 20))).value == (5, 3, 300)
    refused = grader.truth(make("nn.RNN(20, 300, 5, True)", "runs", (7, 3, 20)))
    assert refused == Truth(None, "Unknown nonlinearity 'True'. Select from 'tanh' or 'relu'.")


def test_packed_input_truth_is_the_padded_output() -> None:
    case = make("nn.GRU(4, 6, batch_first=True)", "output", (3, 5, 4), lengths=(4, 2, 3))
    assert grader.truth(case).value == (3, 4, 6)


def test_questions_that_cannot_be_asked() -> None:
    with pytest.raises(ExerciseError) as info:
        grader.truth(make("nn.RNN(10, 5)", "c_n", (4, 2, 10)))
    assert "c_n" in info.value.message
    with pytest.raises(ExerciseError):
        grader.truth(make("nn.RNN(10, 5)", "output"))  # no input
    with pytest.raises(ExerciseError):
        grader.truth(make("nn.RNN(10, 5)", "param:weights"))
    with pytest.raises(ExerciseError) as info:
        grader.truth(make("nn.RNN(10, 5)", "output", (4, 2, 11)))
    assert info.value.truth.raises == (
        "input.size(-1) must be equal to input_size. Expected 10, got 11"
    )


def test_refuses_what_would_take_the_machine_down() -> None:
    with pytest.raises(ExerciseError):
        grader.truth(make("nn.LSTM(10, 100000)", "total_params"))
    with pytest.raises(ExerciseError):
        grader.truth(make("nn.RNN(10, 5)", "output", (100000, 100, 10)))
    with pytest.raises(ExerciseError):
        grader.truth(make("nn.RNN(10, 5, device='meta')", "total_params"))
    # torch does not check packed lengths against the tensor; the grader does.
    with pytest.raises(ExerciseError):
        grader.truth(make("nn.RNN(4, 6)", "output", (5, 3, 4), lengths=(6, 3, 2)))
    # nor the state of a packed LSTM (a wrong one can crash torch).
    with pytest.raises(ExerciseError):
        grader.truth(
            make("nn.LSTM(1, 6, 2)", "runs", (6, 2, 1), h0=(4, 2, 6), c0=(2, 2, 6), lengths=(1, 5))
        )


@pytest.mark.parametrize(
    ("code", "shape"),
    [
        ("nn.GRU(2, 2, num_layers=20000, bidirectional=True)", None),
        ("nn.RNN(2, 2, num_layers=100000)", (1, 1, 2)),
        ("nn.LSTM(2, 3, 65)", (1, 1, 2)),
        ("nn.GRU(2, 2, 5000, True, False, 0.0, False, 1)", None),  # bind() refuses this one
    ],
)
def test_refuses_layer_counts_that_take_minutes_to_build(
    code: str, shape: tuple[int, ...] | None
) -> None:
    # Few parameters, but torch builds each layer and direction separately: minutes of CPU.
    # The refusal comes before torch is asked, so this test cannot hang.
    case = make(code, "runs" if shape else "total_params", shape)
    with pytest.raises(ExerciseError) as info:
        grader.truth(case)
    assert f"at most {grader.MAX_LAYERS} layers" in info.value.message
    assert "num_layers" in (grader.grade(case, "error").error or "")


def test_a_deep_but_reasonable_stack_still_runs() -> None:
    case = make(f"nn.GRU(2, 3, {grader.MAX_LAYERS}, bidirectional=True)", "h_n", (1, 1, 2))
    assert grader.truth(case) == Truth((2 * grader.MAX_LAYERS, 1, 3))


def test_the_cache_tells_true_from_one() -> None:
    # True == 1 in Python, but torch accepts bias=True and refuses bias=1.
    refused = grader.truth(make("nn.LSTM(10, 20, 2, 1)", "runs", (3, 2, 10)))
    assert refused.raises == "bias should be of type bool, got: int"
    assert grader.truth(make("nn.LSTM(10, 20, 2, True)", "total_params")).value == 5920


def test_cache_off_gives_the_same_truth() -> None:
    case = make("nn.GRU(4, 6, 2, bidirectional=True)", "h_n", (5, 3, 4))
    cached = grader.truth(case)
    grader.set_cache_size(0)
    try:
        assert grader.truth(case) == cached == Truth((4, 3, 6))
    finally:
        grader.set_cache_size(grader.CACHE_SIZE)


def test_warnings_do_not_spill() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        grader.cache_clear()
        verdict = grader.grade(
            make("nn.LSTM(10, 20, dropout=0.5)", "output", (5, 3, 10)), "(5, 3, 20)"
        )
    assert verdict.correct
    assert caught == []


# --------------------------------------------------------------------------- verdicts


def test_a_right_answer() -> None:
    verdict = grader.grade(
        make("nn.RNN(10, 5, 1, batch_first=True)", "output", (1, 4, 10)), "(1, 4, 5)"
    )
    assert verdict.correct and verdict.error is None and verdict.misconception is None
    assert verdict.expected == Truth((1, 4, 5))
    assert verdict.parsed == (1, 4, 5)
    assert [m.name for m in verdict.axes] == ["N", "L", "D*H_out"]
    assert all(m.ok for m in verdict.axes)
    assert "(1, 4, 5)" in verdict.explanation


def test_a_wrong_answer_names_the_misconception_and_the_axes() -> None:
    case = make("nn.LSTM(11, 13, 3, batch_first=True, bidirectional=True)", "h_n", (5, 7, 11))
    verdict = grader.grade(case, "(5, 6, 13)")
    assert not verdict.correct
    assert verdict.expected.value == (6, 5, 13)
    assert verdict.misconception == "batch_first_on_hidden"
    assert verdict.misconception_text
    assert verdict.axes == (
        AxisMark("D*num_layers", 6, 5, False),
        AxisMark("N", 5, 6, False),
        AxisMark("H_out", 13, 13, True),
    )
    assert verdict.explanation


def test_param_axes_and_counts() -> None:
    verdict = grader.grade(make("nn.GRU(11, 13)", "param:weight_ih_l0"), "(11, 39)")
    assert verdict.misconception == "weight_transposed"
    assert [m.name for m in verdict.axes] == ["3*H", "I"]
    count = grader.grade(make("nn.RNN(10, 5, 1)", "total_params"), "80")
    assert count.misconception == "single_bias" and count.axes == ()
    assert count.expected == Truth(85)


def test_full_width_answers_are_read() -> None:
    verdict = grader.grade(
        make("nn.RNN(10, 5, 1, batch_first=True)", "output", (1, 4, 10)), "（１，４，５）"
    )
    assert verdict.correct


def test_unreadable_answers_get_the_parser_message() -> None:
    verdict = grader.grade(make("nn.RNN(10, 5)", "output", (4, 2, 10)), "five by four")
    assert not verdict.correct
    assert verdict.parsed is None
    assert verdict.error
    assert verdict.expected == Truth((4, 2, 5))


def test_runs_questions() -> None:
    wrong_size = make("nn.LSTM(11, 13)", "runs", (5, 7, 12))
    said_error = grader.grade(wrong_size, "error")
    assert said_error.correct and said_error.parsed == Raises()
    assert said_error.expected.raises and said_error.expected.raises.startswith("input.size(-1)")
    gave_shape = grader.grade(wrong_size, "(5, 7, 13)")
    assert not gave_shape.correct and gave_shape.misconception == "expects_success_on_error"
    # (N, L, I) into batch_first=False, the data's names saying which axis is which
    silent = make("BATCH_SIZE = 5\nSEQ_LENGTH = 7\nnn.LSTM(11, 13)", "runs", (5, 7, 11))
    assert grader.grade(silent, "(5, 7, 13)").correct
    assert grader.grade(silent, "error").misconception == "expects_error_silent_mismatch"


def test_an_error_answer_to_code_that_runs_as_meant_gets_no_misconception() -> None:
    case = make("nn.LSTM(8, 32, batch_first=True)", "runs", (2, 7, 8), h0=(1, 2, 32), c0=(1, 2, 32))
    verdict = grader.grade(case, "error")
    assert not verdict.correct
    assert verdict.misconception is None and verdict.misconception_text is None


def test_a_parameter_the_module_does_not_have() -> None:
    case = make("nn.RNN(10, 5, bias=False)", "param:bias_ih_l0")
    verdict = grader.grade(case, "(5,)")
    assert not verdict.correct and verdict.error is None
    assert verdict.expected.raises == "'RNN' object has no attribute 'bias_ih_l0'"
    assert verdict.misconception == "bias_despite_false"
    assert grader.grade(case, "error").correct


def test_shape_of_a_model_torch_cannot_build_is_a_request_error() -> None:
    verdict = grader.grade(make("nn.RNN(20, 300, 5, True)", "output", (7, 3, 20)), "(7, 3, 600)")
    assert not verdict.correct
    assert verdict.error and "runs" in verdict.error
    assert verdict.expected.raises == "Unknown nonlinearity 'True'. Select from 'tanh' or 'relu'."
    assert "nonlinearity" in verdict.explanation


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_grade_never_raises(answer: str) -> None:
    for question in ("output", "total_params", "runs", "param:bias_ih_l0"):
        verdict = grader.grade(make("nn.GRU(4, 6, bias=False)", question, (3, 2, 4)), answer)
        assert isinstance(verdict, Verdict)
        assert verdict.correct or verdict.error or verdict.parsed is not None


def test_grade_is_thread_safe() -> None:
    cases = [
        (make("nn.LSTM(10, 20, 2, batch_first=True)", "h_n", (3, 5, 10)), "(2, 3, 20)"),
        (make("nn.GRU(4, 6, 3, bidirectional=True)", "output", (5, 2, 4)), "(5, 2, 12)"),
        (make("nn.RNN(10, 5, 1)", "total_params"), "85"),
    ]
    failures: list[str] = []

    def work() -> None:
        for _ in range(30):
            for case, answer in cases:
                if not grader.grade(case, answer).correct:
                    failures.append(case.code())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_verdict_json_is_language_neutral_but_its_texts() -> None:
    case = make("nn.GRU(11, 13, 3)", "output", (7, 5, 11))
    english = grader.grade(case, "(5, 7, 13)").to_json()
    set_language("ko")
    korean = grader.grade(case, "(5, 7, 13)").to_json()
    for key in ("correct", "expected", "parsed", "axes", "misconception", "error"):
        assert english[key] == korean[key]
    assert english["expected"] == [7, 5, 13]
    assert english["misconception"] == "batch_first_assumed"
    assert english["axes"][0] == {"name": "L", "expected": 7, "given": 5, "ok": False}
    assert english["explanation"] != korean["explanation"]
    assert english["misconception_text"] != korean["misconception_text"]


def test_truth_and_parsed_json() -> None:
    assert Truth((1, 4, 5)).to_json() == [1, 4, 5]
    assert Truth(85).to_json() == 85
    assert Truth(None, "boom").to_json() == {"raises": "boom"}
    assert Truth(None).to_json() is None
    verdict = Verdict(True, Truth(None, "boom"), Raises())
    assert verdict.to_json()["parsed"] == {"raises": True}


# --------------------------------------------------------------------------- axis marks


def test_mark_axes_same_length() -> None:
    marks = mark_axes((2, 3, 20), ("D*num_layers", "N", "H_out"), (3, 2, 20))
    assert [m.ok for m in marks] == [False, False, True]


def test_mark_axes_missing_axis_is_found() -> None:
    marks = mark_axes((2, 3, 20), ("D*num_layers", "N", "H_out"), (3, 20))
    assert marks == (
        AxisMark("D*num_layers", 2, None, False),
        AxisMark("N", 3, 3, True),
        AxisMark("H_out", 20, 20, True),
    )


def test_mark_axes_extra_axis_is_found() -> None:
    marks = mark_axes((7, 5, 13), ("L", "N", "H_out"), (3, 7, 5, 13))
    assert marks == (
        AxisMark(EXTRA_AXIS, None, 3, False),
        AxisMark("L", 7, 7, True),
        AxisMark("N", 5, 5, True),
        AxisMark("H_out", 13, 13, True),
    )


@given(
    st.lists(st.integers(0, 9), min_size=1, max_size=4),
    st.lists(st.integers(0, 9), max_size=5),
)
def test_mark_axes_accounts_for_every_axis(expected: list[int], given_: list[int]) -> None:
    names = tuple(f"a{i}" for i in range(len(expected)))
    marks = mark_axes(tuple(expected), names, tuple(given_))
    assert [m.expected for m in marks if m.expected is not None] == expected
    assert [m.given for m in marks if m.given is not None] == given_
    assert all(m.ok == (m.expected == m.given and m.expected is not None) for m in marks)


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=40),
    st.lists(st.integers(0, 3), max_size=40),
)
def test_mark_axes_accounts_for_every_axis_of_long_shapes(
    expected: list[int], given_: list[int]
) -> None:
    names = tuple(f"a{i}" for i in range(len(expected)))
    marks = mark_axes(tuple(expected), names, tuple(given_))
    assert [m.expected for m in marks if m.expected is not None] == expected
    assert [m.given for m in marks if m.given is not None] == given_
    assert len(marks) == max(len(expected), len(given_))


def test_mark_axes_lays_far_longer_answers_from_the_left() -> None:
    # Three axes too many: placements are not searched (their number grows as C(n, k)).
    marks = mark_axes((7, 5, 13), ("L", "N", "H_out"), (1, 1, 1, 7, 5, 13))
    assert marks[:3] == (
        AxisMark("L", 7, 1, False),
        AxisMark("N", 5, 1, False),
        AxisMark("H_out", 13, 1, False),
    )
    assert [m.name for m in marks[3:]] == [EXTRA_AXIS] * 3
    # A 500-axis answer is marked axis by axis, not searched.
    long = mark_axes((2, 3, 20), ("D*num_layers", "N", "H_out"), (2, 3, 20) + (1,) * 497)
    assert len(long) == 500 and all(m.ok for m in long[:3])


# --------------------------------------------------------------------------- plain words


@pytest.mark.parametrize(
    ("code", "inp", "tensor", "shape", "words"),
    [
        (
            "nn.LSTM(10, 20, 2, batch_first=True)",
            InputSpec((3, 5, 12)),
            "input",
            (3, 5, 10),
            "input_size = 10",
        ),
        (
            "nn.LSTM(10, 20, 2, batch_first=True)",
            InputSpec((3, 5, 10), h0=(3, 2, 20), c0=(2, 3, 20)),
            "h0",
            (2, 3, 20),
            "batch_first never applies",
        ),
        (
            "nn.RNN(10, 20, 2)",
            InputSpec((5, 3, 10), h0=(2, 3, 21)),
            "h0",
            (2, 3, 20),
            "(D*num_layers, N, H_out)",
        ),
        ("nn.LSTM(10, 20)", InputSpec((5, 3, 10), c0=(1, 3, 19)), "c0", None, "pair"),
        ("nn.RNN(10, 20)", InputSpec((5, 3, 10), h0=(1, 20)), "h0", (1, 3, 20), "3"),
        ("nn.RNN(10, 20)", InputSpec((2, 5, 3, 10)), "input", None, "4-D"),
    ],
)
def test_advice_names_the_shape_that_works(
    code: str, inp: InputSpec, tensor: str, shape: tuple[int, ...] | None, words: str
) -> None:
    advice = advise(parse_model(code).call, inp, "torch's words")
    assert advice.tensor == tensor
    assert advice.shape == shape
    assert words in advice.text


def test_advice_in_korean() -> None:
    set_language("ko")
    advice = advise(parse_model("nn.RNN(10, 20)").call, InputSpec((5, 3, 12)), None)
    assert "input_size = 10" in advice.text and "피처" in advice.text


# --------------------------------------------------------------------------- end to end


def _answer_text(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(v) for v in value) + ")"
    return "error" if isinstance(value, Raises) else str(value)


def test_generated_exercises_grade_end_to_end() -> None:
    """generator -> torch -> verdict: the closed-form answer is right, each predicted
    mistake is named by its id, and every verdict explains itself."""
    from rnn_tutor.core.grading.misconceptions import ANY_SHAPE, closed_form_truth, predictions

    named = set()
    for level in generator.LEVELS:
        for case in generator.generate(level, seed=3, count=25):
            truth = closed_form_truth(case)
            right = grader.grade(case, "error" if truth.raises else _answer_text(truth.value))
            assert right.correct and right.error is None, (case.code(), case.question.id)
            assert right.explanation
            for name, answers in predictions(case, right.expected).items():
                for answer in answers:
                    if answer is ANY_SHAPE:
                        continue
                    verdict = grader.grade(case, _answer_text(answer))
                    assert verdict.misconception == name, (case.code(), case.question.id, answer)
                    assert verdict.misconception_text and verdict.explanation
                    named.add(name)
    assert len(named) >= 15


def test_random_exercises_and_answers_never_raise() -> None:
    import random

    from tests.core.test_differential import random_exercise

    rng = random.Random(5)
    questions = ["output", "h_n", "c_n", "param:weight_hh_l1", "total_params", "runs"]
    answers = ["(1, 2, 3)", "error", "12", "", "torch.Size([2])", "(" * 50, "２，３"]
    for _ in range(150):
        case = random_exercise(rng, rng.choice(questions))
        verdict = grader.grade(case, rng.choice(answers))
        assert isinstance(verdict.to_json(), dict)


def test_warm_up_loads_torch_and_torchinfo() -> None:
    import sys

    grader.warm_up()
    assert "torch" in sys.modules and "torchinfo" in sys.modules


# --------------------------------------------------------------------------- unanswered


def test_unanswered_is_wrong_with_torchs_answer_and_no_mix_up() -> None:
    exercise = make("nn.LSTM(10, 20, 2, batch_first=True)", "h_n", (3, 5, 10))
    verdict = grader.grade_unanswered(exercise)
    assert not verdict.correct and verdict.error is None
    assert verdict.expected == Truth((2, 3, 20))
    assert (verdict.parsed, verdict.axes, verdict.misconception) == (None, (), None)
    assert verdict.explanation  # the rule, as after any answer


def test_unanswered_runs_question_gives_torchs_error() -> None:
    exercise = make("nn.RNN(10, 20)", "runs", (3, 5, 12))
    verdict = grader.grade_unanswered(exercise)
    assert not verdict.correct and verdict.expected.raises is not None


def test_model_total_reads_the_module_grading_built() -> None:
    exercise = make("nn.LSTM(10, 20, 2, bidirectional=True)", "total_params")
    assert grader.grade(exercise, "1").expected == Truth(grader.model_total(exercise.call))
    assert grader.model_total(parse_model("nn.RNN(10, 20, nonlinearity='gelu')").call) is None
