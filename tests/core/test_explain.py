"""Explanations, hint ladders and wording: concrete numbers, both languages, never a crash."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_tutor.core.call.spec import MODEL_KINDS, InputSpec, ModelCall
from rnn_tutor.core.exercises.generator import LEVELS, exercise_for_skill, generate
from rnn_tutor.core.exercises.questions import QUESTION_KINDS, SKILLS, Exercise, Question
from rnn_tutor.core.grading.answers import Expression
from rnn_tutor.core.grading.explain import (
    ClosedForm,
    answer_text,
    closed_form,
    explanation,
    hints,
    misconception_text,
    question_text,
    skill_name,
    skill_rule,
)
from rnn_tutor.i18n import LANGUAGES, catalog, get_language, set_language, tr
from tests.shared_dir import SHARED

MISCONCEPTIONS_MD = SHARED / "domain" / "misconceptions.md"


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    before = get_language()
    set_language(request.param)
    yield str(request.param)
    set_language(before)


@pytest.fixture
def english() -> Iterator[None]:
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def _exercise(
    model: str,
    question: str,
    shape: tuple[int, ...] | None = None,
    h0: tuple[int, ...] | None = None,
    c0: tuple[int, ...] | None = None,
    lengths: tuple[int, ...] | None = None,
    names: dict[str, int] | None = None,
) -> Exercise:
    from rnn_tutor.core.call.spec import parse_model

    call = parse_model(model).call
    inp = None if shape is None else InputSpec(shape, h0=h0, c0=c0, lengths=lengths)
    return Exercise(call, inp, Question.parse(question), names=dict(names or {}))


def _has_hangul(text: str) -> bool:
    return any("가" <= ch <= "힣" for ch in text)


def _answer_marker(closed: ClosedForm) -> str:
    """The answer as it must appear in the text: "(6, 4, 20)", "5920" or torch's message."""
    if closed.raises is not None:
        return closed.raises
    if isinstance(closed.value, Expression):
        return closed.value.text
    if isinstance(closed.value, tuple):
        inner = ", ".join(str(v) for v in closed.value)
        return f"({inner},)" if len(closed.value) == 1 else f"({inner})"
    return str(closed.value)


def _all_generated() -> Iterator[Exercise]:
    for level in LEVELS:
        for seed in range(12):
            yield from generate(level, seed, 9)
    for skill in SKILLS:
        for seed in range(4):
            yield exercise_for_skill(skill, seed)


# --------------------------------------------------------------------------- closed form


@pytest.mark.parametrize(
    ("model", "total"),
    [
        ("nn.RNN(10, 5, 1)", 85),
        ("nn.RNN(10, 1)", 13),
        ("nn.LSTM(10, 20, 2, batch_first=True)", 5920),
    ],
)
def test_total_params_match_the_documented_examples(model: str, total: int) -> None:
    exercise = _exercise(model, "total_params")
    assert closed_form(exercise).value == total
    assert closed_form(exercise).to_json() == total


def test_closed_form_json_is_shaped_like_the_graders_truth() -> None:
    shape = _exercise("nn.RNN(10, 5, 1, batch_first=True)", "output", (1, 4, 10))
    assert closed_form(shape).to_json() == [1, 4, 5]
    trap = _exercise("nn.RNN(20, 30, 2, True)", "runs", (5, 3, 20))
    assert closed_form(trap).to_json() == {
        "raises": "Unknown nonlinearity 'True'. Select from 'tanh' or 'relu'."
    }


def test_the_seed_notebooks_cells(english: None) -> None:
    """The learner's own notebook: nn.RNN(10, 1, 1, batch_first=True) on (1, 3, 10)."""
    names = {"HIDDEN_SIZE": 1, "NUM_LAYERS": 1}
    model = (
        "HIDDEN_SIZE = 1\nNUM_LAYERS = 1\nnn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first = True)"
    )
    output = _exercise(model, "output", (1, 3, 10), h0=(1, 1, 1), names=names)
    h_n = _exercise(model, "h_n", (1, 3, 10), h0=(1, 1, 1), names=names)
    assert closed_form(output).value == (1, 3, 1)
    assert closed_form(h_n).value == (1, 1, 1)
    assert (
        closed_form(_exercise("nn.RNN(10, 5, 1, batch_first=True)", "all_weights_len")).value == 1
    )


# --------------------------------------------------------------------------- explanations


def test_the_h_n_explanation_derives_the_answer_from_the_numbers(english: None) -> None:
    exercise = _exercise(
        "nn.GRU(10, 20, 3, batch_first=True, bidirectional=True)", "h_n", (4, 7, 10)
    )
    text = explanation(exercise)
    assert "(D*num_layers, N, H_out) = (2*3, 4, 20) = (6, 4, 20)" in text
    assert "batch_first only reorders input and output" in text
    assert "every layer at the last time step" in text


def test_the_output_explanation_says_why_the_last_axis_doubles(english: None) -> None:
    exercise = _exercise("nn.LSTM(10, 20, 3, bidirectional=True)", "output", (7, 4, 10))
    text = explanation(exercise)
    assert "(L, N, D*H_out) = (7, 4, 2*20) = (7, 4, 40)" in text
    assert "last layer at every time step" in text
    assert "2*20 = 40" in text


def test_the_parameter_explanation_names_rows_and_columns(english: None) -> None:
    exercise = _exercise("nn.LSTM(10, 20, 2, bidirectional=True)", "param:weight_ih_l1_reverse")
    text = explanation(exercise)
    assert "(4*H, D*H_out) = (4*20, 2*20) = (80, 40)" in text
    assert "4 gate blocks" in text
    assert "Layer 1 reads the output of layer 0" in text
    assert "backward direction" in text


def test_the_total_explanation_shows_each_layer(english: None) -> None:
    exercise = _exercise("nn.LSTM(10, 20, 2, batch_first=True)", "total_params")
    text = explanation(exercise)
    assert "layer 0: 4*20*(10+20) + 2*4*20 = 2560" in text
    assert "layer 1: 4*20*(20+20) + 2*4*20 = 3360" in text
    assert "2560 + 3360 = 5920" in text


def test_proj_size_is_explained_for_c_n_and_h_n(english: None) -> None:
    model = "nn.LSTM(10, 20, 2, proj_size=5)"
    c_n = explanation(_exercise(model, "c_n", (7, 4, 10)))
    assert "(D*num_layers, N, H) = (1*2, 4, 20) = (2, 4, 20)" in c_n
    assert "c_n keeps hidden_size (20)" in c_n
    h_n = explanation(_exercise(model, "h_n", (7, 4, 10)))
    assert "H_out = 5" in h_n


def test_packed_input_explains_the_padding_and_batch_order(english: None) -> None:
    lengths = (3, 6, 2)
    output = explanation(_exercise("nn.GRU(5, 9)", "output", (6, 3, 5), lengths=lengths))
    assert "(max(lengths), N, D*H_out) = (6, 3, 1*9) = (6, 3, 9)" in output
    assert "max(lengths) = 6" in output
    h_n = explanation(_exercise("nn.GRU(5, 9)", "h_n", (6, 3, 5), lengths=lengths))
    assert "original batch order" in h_n


def test_a_raising_run_quotes_torch_and_says_why(english: None) -> None:
    wrong_size = _exercise("nn.RNN(10, 20)", "runs", (5, 3, 12))
    text = explanation(wrong_size)
    assert "input.size(-1) must be equal to input_size. Expected 10, got 12" in text
    assert "must equal input_size = 10, but it is 12" in text
    assert "a shape that works: (5, 3, 10)" in text  # the change that makes it run

    wrong_h0 = _exercise("nn.RNN(10, 20, 2, batch_first=True)", "runs", (3, 5, 10), h0=(3, 2, 20))
    text = explanation(wrong_h0)
    assert "Expected hidden size (2, 3, 20), got [3, 2, 20]" in text
    assert "h0 must be (D*num_layers, N, H_out) = (2, 3, 20), but it is (3, 2, 20)" in text
    assert "batch_first never applies to the hidden state" in text

    nonlinearity = _exercise("nn.RNN(10, 20, 2, True)", "runs", (5, 3, 10))
    text = explanation(nonlinearity)
    assert "Unknown nonlinearity 'True'" in text
    assert "4th positional argument is nonlinearity" in text


def test_the_silent_mismatch_explains_why_it_runs(english: None) -> None:
    exercise = _exercise(
        "nn.GRU(10, 20)", "runs", (4, 7, 10), names={"BATCH_SIZE": 4, "SEQ_LENGTH": 7}
    )
    text = explanation(exercise)
    assert text.startswith("It runs.")
    assert "(4, 7, 20)" in text
    assert tr("en", "explain.runs.silent_batch", batch=4, seq=7) in text


def test_the_positional_bias_trap_is_explained(english: None) -> None:
    exercise = _exercise("nn.LSTM(10, 20, 2, True)", "h_n", (5, 3, 10))
    text = explanation(exercise)
    assert "(1*2, 3, 20) = (2, 3, 20)" in text
    assert tr("en", "explain.positional_bias", kind="LSTM") in text


def test_every_generated_explanation_contains_its_answer(language: str) -> None:
    for exercise in _all_generated():
        text = explanation(exercise)
        closed = closed_form(exercise)
        assert _answer_marker(closed) in text, (exercise.code(), text)
        assert "{" not in text.replace("{'", "")  # no unfilled placeholder
        if language == "ko":
            assert _has_hangul(text)


# --------------------------------------------------------------------------- hints


def test_every_hint_ladder_has_three_rungs_ending_in_the_answer(language: str) -> None:
    for exercise in _all_generated():
        ladder = hints(exercise)
        assert len(ladder) == 3
        assert all(rung.strip() for rung in ladder)
        assert len(set(ladder)) == 3
        assert _answer_marker(closed_form(exercise)) in ladder[2], (exercise.code(), ladder)


def test_the_first_rung_is_the_formula_not_this_exercises_numbers(english: None) -> None:
    a = _exercise("nn.RNN(10, 20, 3)", "h_n", (7, 4, 10))
    b = _exercise("nn.LSTM(8, 16, 2, batch_first=True)", "h_n", (5, 6, 8))
    assert hints(a)[0] == hints(b)[0]
    assert "(D*num_layers, N, H_out)" in hints(a)[0]
    assert "20" not in hints(a)[0]


def test_the_second_rung_names_the_axes_that_matter(english: None) -> None:
    exercise = _exercise("nn.RNN(10, 20, 3, batch_first=True)", "h_n", (4, 7, 10))
    second = hints(exercise)[1]
    assert "N = 4" in second and "num_layers = 3" in second and "H_out = 20" in second
    assert "batch_first does not change h_n" in second
    assert "(3, 4, 20)" not in second


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("question", "english_text"),
    [
        ("output", "output.shape?"),
        ("h_n", "h_n.shape?"),
        ("c_n", "c_n.shape?"),
        ("param:weight_ih_l1_reverse", "rnn.weight_ih_l1_reverse.shape?"),
        ("total_params", "Total params in summary(rnn)?"),
        ("all_weights_len", "len(rnn.all_weights)?"),
    ],
)
def test_question_text(question: str, english_text: str, english: None) -> None:
    exercise = _exercise("nn.LSTM(10, 20, 2, bidirectional=True)", question, (5, 3, 10))
    assert question_text(exercise) == english_text


def test_question_text_exists_for_every_kind_in_both_languages() -> None:
    for lang in LANGUAGES:
        for kind in QUESTION_KINDS:
            assert f"question.{kind}" in catalog(lang)
    assert "Does this run?" in tr("en", "question.runs")
    assert "'오류'" in tr("ko", "question.runs")


def test_the_word_the_korean_prompt_asks_for_is_read_as_raises() -> None:
    from rnn_tutor.core.grading.answers import Raises, parse_runs

    assert parse_runs("오류").value == Raises()
    assert parse_runs("에러").value == Raises()  # the other common word still counts


def test_dynamic_keys_exist_in_both_languages() -> None:
    """Keys explain.py builds from names (the ast scan in test_catalog sees only literals)."""
    keys = [f"explain.rows.{kind}" for kind in MODEL_KINDS]
    keys += [f"hint.{kind}.1" for kind in ("h_n", "c_n")]
    keys += [f"hint.param.{role}.1" for role in ("weight_ih", "weight_hh", "weight_hr", "bias")]
    for lang in LANGUAGES:
        for key in keys:
            assert key in catalog(lang), (lang, key)


def _catalogue_ids() -> list[str]:
    if not MISCONCEPTIONS_MD.exists():
        pytest.skip(f"misconception catalogue not found at {MISCONCEPTIONS_MD}")
    ids = []
    for line in MISCONCEPTIONS_MD.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*([A-Za-z][A-Za-z0-9_]*)\s*\|", line)
        if match and match.group(1) != "id":
            ids.append(match.group(1))
    return ids


def test_every_catalogued_misconception_has_plain_words(language: str) -> None:
    ids = _catalogue_ids()
    assert len(ids) >= 27  # the first release's 22 and the second release's call ids
    unknown = misconception_text("no_such_id")
    texts = [misconception_text(mid) for mid in ids]
    for mid, text in zip(ids, texts, strict=True):
        assert text and text != unknown and mid not in text, mid
        assert f"misconception.{mid}" in catalog(language)
        if language == "ko":
            assert _has_hangul(text)
    assert len(set(texts)) == len(texts)


def test_misconception_text_speaks_the_current_language() -> None:
    before = get_language()
    try:
        set_language("en")
        english_text = misconception_text("batch_first_on_hidden")
        set_language("ko")
        korean_text = misconception_text("batch_first_on_hidden")
    finally:
        set_language(before)
    assert "batch_first" in english_text and "h_n" in english_text
    assert english_text != korean_text and _has_hangul(korean_text)


def test_every_skill_has_a_name_and_a_rule(language: str) -> None:
    for skill in SKILLS:
        name, rule = skill_name(skill), skill_rule(skill)
        assert name and rule and name != rule
        if language == "ko" and skill not in ("proj_size", "all_weights_len", "packed_sequence"):
            assert _has_hangul(name)
    assert skill_name("made_up") == "made_up"
    assert skill_rule("made_up") == ""


# --------------------------------------------------------------------------- robustness

_SIZES = st.integers(min_value=0, max_value=9)


@st.composite
def _any_exercise(draw: st.DrawFn) -> Exercise:
    """Exercises the generator never makes: what `rnn-tutor grade` may be asked about."""
    kind = draw(st.sampled_from(MODEL_KINDS))
    args = tuple(draw(st.lists(st.one_of(_SIZES, st.booleans()), min_size=0, max_size=5)))
    kwargs = draw(
        st.dictionaries(
            st.sampled_from(["batch_first", "bidirectional", "bias", "proj_size", "num_layers"]),
            st.one_of(_SIZES, st.booleans()),
            max_size=3,
        )
    )
    call = ModelCall(kind, args, tuple(kwargs.items()))
    shape = tuple(draw(st.lists(_SIZES, min_size=0, max_size=4)))
    hidden = st.none() | st.lists(_SIZES, min_size=1, max_size=3).map(tuple)
    lengths = st.none() | st.lists(st.integers(1, 9), min_size=1, max_size=4).map(tuple)
    inp = draw(
        st.none() | st.builds(InputSpec, st.just(shape), h0=hidden, c0=hidden, lengths=lengths)
    )
    question = draw(
        st.sampled_from(["output", "h_n", "c_n", "total_params", "all_weights_len", "runs"])
        | st.sampled_from(["weight_ih_l0", "weight_hh_l2_reverse", "bias_ih_l0", "nope"]).map(
            lambda name: f"param:{name}"
        )
    )
    return Exercise(call, inp, Question.parse(question))


@settings(max_examples=300, deadline=None)
@given(exercise=_any_exercise(), lang=st.sampled_from(LANGUAGES))
def test_explaining_any_exercise_never_raises(exercise: Exercise, lang: str) -> None:
    before = get_language()
    set_language(lang)
    try:
        assert isinstance(explanation(exercise), str)
        assert len(hints(exercise)) == 3
        assert question_text(exercise)
        assert answer_text(exercise)
        closed_form(exercise).to_json()
    finally:
        set_language(before)


# Stored exercises as another version or a hand edit may leave them: a real one with any of
# its parts replaced by some JSON value.
_json_leaf = st.none() | st.booleans() | st.integers(-3, 40) | st.floats() | st.text(max_size=8)
_json_value = st.recursive(
    _json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from([ex for level in LEVELS for ex in generate(level, 11, 6)]),
    part=st.sampled_from(["call", "input", "question", "names", "args", "kwargs", "shape"]),
    value=_json_value,
)
def test_what_from_stored_accepts_can_be_shown_and_explained(
    base: Exercise, part: str, value: object
) -> None:
    """from_stored (the exercises room) stands in for the explanation's own checks: whatever it
    accepts, question_text and the hints (grading room) can word."""
    data = base.to_dict()
    if part in ("args", "kwargs"):
        data["call"] = {**data["call"], part: value}
    elif part == "shape":
        data["input"] = {**(data["input"] or {}), "shape": value}
    else:
        data[part] = value
    exercise = Exercise.from_stored(data)
    if exercise is not None:
        assert question_text(exercise)
        assert len(hints(exercise)) == 3
