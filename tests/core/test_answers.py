"""Behaviour of the answer parser: what learners type, and what they are told when it fails."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from rnn_tutor.core.grading.answers import (
    MAX_VALUE,
    ParseResult,
    Raises,
    Runs,
    parse_answer,
    parse_count,
    parse_or_claim,
    parse_runs,
    parse_shape,
)
from rnn_tutor.i18n import catalog, get_language, set_language, tr

Parser = Callable[[str], ParseResult]
PARSERS: dict[str, Parser] = {"shape": parse_shape, "count": parse_count, "runs": parse_runs}

# The example answers the messages show; each must itself be accepted (checked below).
SHAPE_EXAMPLES = ("(1, 3, 5)", "1x3x5", "[1, 3, 5]", "(5,)")
COUNT_EXAMPLES = ("5920", "5,920")
RUNS_EXAMPLES = ("(1, 3, 5)", "error", "오류", "에러")
EXAMPLES: dict[str, tuple[str, ...]] = {
    "shape": SHAPE_EXAMPLES,
    "count": COUNT_EXAMPLES,
    "runs": RUNS_EXAMPLES,
    "expression": ("x[0]", "h_n[-1]", "output[:, -1]"),
}


@pytest.fixture
def language() -> Iterator[Callable[[str], None]]:
    """Switch the current language for one test and put it back afterwards."""
    before = get_language()
    yield set_language
    set_language(before)


def _fullwidth(text: str) -> str:
    """ASCII as a Korean input method in full-width mode types it."""
    return "".join(
        "\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text
    )


def _has_hangul(text: str) -> bool:
    return any("가" <= ch <= "힣" for ch in text)


# --------------------------------------------------------------------------- accepted shapes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(1, 3, 1)", (1, 3, 1)),
        ("1,3,1", (1, 3, 1)),
        ("[1, 3, 1]", (1, 3, 1)),
        ("torch.Size([1, 3, 1])", (1, 3, 1)),
        ("Size([1,3,1])", (1, 3, 1)),
        ("torch.Size((1,3,1))", (1, 3, 1)),
        ("torch.Size( [ 1 , 3 , 1 ] )", (1, 3, 1)),
        ("1x3x1", (1, 3, 1)),
        ("1X3X1", (1, 3, 1)),
        ("1 x 3 x 1", (1, 3, 1)),
        ("1×3×1", (1, 3, 1)),
        ("1*3*1", (1, 3, 1)),
        ("1 3 1", (1, 3, 1)),
        ("(1 3 1)", (1, 3, 1)),
        ("1、3、1", (1, 3, 1)),
        ("(5,)", (5,)),
        ("5,", (5,)),
        ("(5)", (5,)),
        ("[5]", (5,)),
        ("torch.Size([5])", (5,)),
        ("5", (5,)),
        ("  (2, 3, 20)  \n", (2, 3, 20)),
        ("(1, 3, 1,)", (1, 3, 1)),
        ("(007, 03)", (7, 3)),
        ("(0, 4)", (0, 4)),
        ("(1_000, 2)", (1000, 2)),
        (f"({MAX_VALUE},)", (MAX_VALUE,)),
    ],
)
def test_accepted_shapes(text: str, expected: tuple[int, ...]) -> None:
    result = parse_shape(text)
    assert result == ParseResult(value=expected)
    assert result.ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（１，３，１）", (1, 3, 1)),
        ("１，３，１", (1, 3, 1)),
        ("1，3，1", (1, 3, 1)),
        ("［１，　３，　１］", (1, 3, 1)),
        ("１ｘ３ｘ１", (1, 3, 1)),
        ("１×３×１", (1, 3, 1)),
        ("torch.Size([１，３，１])", (1, 3, 1)),
        ("（５，）", (5,)),
        ("５", (5,)),
        ("１、３、１", (1, 3, 1)),
        ("１ ３ １", (1, 3, 1)),
        ("\u3000(1, 3)\u3000", (1, 3)),
    ],
)
def test_full_width_shapes_as_a_korean_input_method_types_them(
    text: str, expected: tuple[int, ...]
) -> None:
    assert parse_shape(text).value == expected


# --------------------------------------------------------------------------- accepted counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5920", 5920),
        ("5,920", 5920),
        ("5 920", 5920),
        ("5_920", 5920),
        ("５９２０", 5920),
        ("５，９２０", 5920),
        ("  85 ", 85),
        ("0", 0),
        ("013", 13),
        ("1,234,567", 1234567),
        ("5920개", 5920),
        (str(MAX_VALUE), MAX_VALUE),
    ],
)
def test_accepted_counts(text: str, expected: int) -> None:
    assert parse_count(text) == ParseResult(value=expected)


# --------------------------------------------------------------------------- runs


@pytest.mark.parametrize(
    "text",
    [
        "error",
        "Error",
        "ERROR.",
        "an error",
        "raises",
        "it raises an error",
        "doesn't run",
        "doesn’t run",
        "does not run",
        "won't run",
        "RuntimeError",
        "RuntimeError: Expected hidden size (2, 3, 20), got [3, 2, 20]",
        "“error”",
        "에러",
        "“에러”",
        "오류",
        "에러 남",
        "에러남",
        "오류가 발생합니다",
        "안 됨",
        "안됨",
        "안돼",
        "안 돼요",
        "실행 안 됨",
        "실행되지 않음",
        "ｅｒｒｏｒ",
    ],
)
def test_error_words_mean_raises(text: str) -> None:
    assert parse_runs(text) == ParseResult(value=Raises())


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "Yes.",
        "runs",
        "it runs",
        "it works",
        "no error",
        "runs without an error",
        "doesn't raise an error",
        "네",
        "실행됨",
        "잘 돌아감",
        "에러 없음",
        "에러 안 남",
        "noerror",
    ],
)
def test_saying_it_runs_without_a_shape_is_an_answer(text: str) -> None:
    """A clear "it runs" is read (and graded: wrong where torch raises), not refused."""
    assert parse_runs(text) == ParseResult(value=Runs())


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("runs", "error?"),
        ("runs", "에러?"),
        ("runs", "raises?"),
        ("runs", "it raises?"),
        ("runs", "(12, 6, 13)?"),
        ("shape", "(12, 6, 13)?"),
        ("shape", "(12, 6, 13) ?"),
        ("count", "5920?"),
        ("runs", "“error?”"),
        ("runs", "에러？"),
    ],
)
def test_a_guess_with_a_question_mark_is_refused_alike(kind: str, text: str) -> None:
    """``error?`` was credited while ``(12, 6, 13)?`` was refused: both are refused now, with
    the same message asking for the answer without the question mark."""
    result = parse_answer(kind, text)
    assert result.value is None
    assert result.message_key == "answer.hedged"
    assert parse_or_claim("shape", text, claim=True).value is None


@pytest.mark.parametrize(
    "text",
    [
        "(1, 3, 1) error",
        "maybe error",
        "error? no: (1,3,1)",
        "terror",
        "no",
        "No!",
        "exception",
        "err",
        "fails",
        "No, it raises an error",
        "yes, (1, 3, 5)",
        "아니요",
        "ㄴㄴ",
        "오류일 수도",
    ],
)
def test_a_hedged_or_unclear_answer_is_not_read_as_a_claim(text: str) -> None:
    """Issue 8: only a clear answer counts; a hedge gets the parser's message, not credit."""
    result = parse_runs(text)
    assert result.value is None and result.message, text


def test_claim_words_are_data_per_language() -> None:
    import importlib

    from rnn_tutor.i18n import LANGUAGES

    for lang in LANGUAGES:
        words = importlib.import_module(f"rnn_tutor.i18n.{lang}.claims")
        assert words.RAISES and words.RUNS
        for phrase in words.RAISES:
            assert parse_runs(phrase).value == Raises(), (lang, phrase)
        for phrase in words.RUNS:
            assert parse_runs(phrase).value == Runs(), (lang, phrase)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(1, 3, 1)", (1, 3, 1)),
        ("torch.Size([2, 3, 20])", (2, 3, 20)),
        ("1x3x1", (1, 3, 1)),
        ("（１，３，１）", (1, 3, 1)),
        ("5", (5,)),
    ],
)
def test_runs_reads_a_shape_like_parse_shape(text: str, expected: tuple[int, ...]) -> None:
    assert parse_runs(text).value == expected


# --------------------------------------------------------------------------- rejections

REJECTIONS: list[tuple[str, str, str]] = [
    # (kind, text, message key)
    ("expression", "  ", "answer.expression.empty"),
    ("expression", "h_n[-1]\nimport os", "answer.expression.one_line"),
    ("expression", "____[-1]", "answer.expression.blank"),
    ("expression", "h_n[-1]) ; x = (1", "answer.expression.unreadable"),
    ("expression", "last = h_n[-1]", "answer.expression.unreadable"),
    ("shape", "", "answer.shape.empty"),
    ("shape", "   ", "answer.shape.empty"),
    ("shape", "\u3000", "answer.shape.empty"),
    ("shape", "1,3,,1", "answer.shape.unreadable"),
    ("shape", "abc", "answer.shape.unreadable"),
    ("shape", "1e3", "answer.shape.unreadable"),
    ("shape", "+3", "answer.shape.unreadable"),
    ("shape", "x1", "answer.shape.unreadable"),
    ("shape", "1x", "answer.shape.unreadable"),
    ("shape", "1x3x1,", "answer.shape.unreadable"),
    ("shape", "(1)(3)", "answer.shape.unreadable"),
    ("shape", "((1, 3))", "answer.shape.unreadable"),
    ("shape", "5__1", "answer.shape.unreadable"),
    ("shape", "torch.Size", "answer.shape.unreadable"),
    ("shape", "(1, 3", "answer.shape.unbalanced"),
    ("shape", "1, 3)", "answer.shape.unbalanced"),
    ("shape", "[1, 3)", "answer.shape.unbalanced"),
    ("shape", "torch.Size([1, 3)", "answer.shape.unbalanced"),
    ("shape", "1, 3 x 1", "answer.shape.mixed_separators"),
    ("shape", "1,3 1", "answer.shape.mixed_separators"),
    ("shape", "()", "answer.shape.no_axes"),
    ("shape", "[]", "answer.shape.no_axes"),
    ("shape", "torch.Size([])", "answer.shape.no_axes"),
    ("shape", "1.5", "answer.shape.not_whole"),
    ("shape", "(1, 3.0, 5)", "answer.shape.not_whole"),
    ("shape", "(.5,)", "answer.shape.not_whole"),
    ("shape", "-3", "answer.shape.negative"),
    ("shape", "(1, -3, 5)", "answer.shape.negative"),
    ("shape", "(1, −3)", "answer.shape.negative"),
    ("shape", f"({MAX_VALUE + 1},)", "answer.shape.too_large"),
    ("shape", "9" * 999, "answer.shape.too_large"),
    ("shape", "1," * 600, "answer.shape.unreadable"),
    ("shape", "1x" * 8 + "1", "answer.shape.too_many_axes"),
    ("runs", "(1, 2, 3, 4, 5, 6, 7, 8, 9)", "answer.shape.too_many_axes"),
    ("count", "", "answer.count.empty"),
    ("count", "5,92", "answer.count.grouping"),
    ("count", "59,20", "answer.count.grouping"),
    ("count", "5,9200", "answer.count.grouping"),
    ("count", "1 3 1", "answer.count.grouping"),
    ("count", "1234,567", "answer.count.grouping"),
    ("count", "5_920,123", "answer.count.grouping"),
    ("count", "(1, 3)", "answer.count.shape_given"),
    ("count", "torch.Size([5920])", "answer.count.shape_given"),
    ("count", "1x3", "answer.count.shape_given"),
    ("count", "5920,", "answer.count.shape_given"),
    ("count", "5920 params", "answer.count.unreadable"),
    ("count", "five", "answer.count.unreadable"),
    ("count", "5,920 123", "answer.count.unreadable"),
    ("count", "(1, 3", "answer.count.unreadable"),
    ("count", "5.5", "answer.count.not_whole"),
    ("count", "5,920.5", "answer.count.not_whole"),
    ("count", "-5", "answer.count.negative"),
    ("count", "99999999999999", "answer.count.too_large"),
    ("runs", "", "answer.runs.empty"),
    ("runs", "hmm", "answer.runs.unreadable"),
    ("runs", "1,3,,1", "answer.runs.unreadable"),
    ("runs", "(1, 3, 5)?", "answer.hedged"),
    ("runs", "(1, 3", "answer.shape.unbalanced"),
    ("runs", "(1, 3.5)", "answer.shape.not_whole"),
]


@pytest.mark.parametrize(("kind", "text", "key"), REJECTIONS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_rejections_say_why_and_show_an_accepted_form(
    kind: str, text: str, key: str, lang: str, language: Callable[[str], None]
) -> None:
    language(lang)
    result = parse_answer(kind, text)
    assert result.value is None
    assert result.message_key == key
    assert result.message
    assert key in catalog(lang)
    if lang == "ko":
        assert _has_hangul(result.message)
    shown = [sample for sample in EXAMPLES[kind] if sample in result.message]
    assert shown, f"no accepted example in {result.message!r}"
    for sample in shown:
        assert parse_answer(kind, sample).ok, sample


def test_the_examples_messages_show_are_accepted() -> None:
    for kind, samples in EXAMPLES.items():
        for sample in samples:
            assert parse_answer(kind, sample).ok, (kind, sample)


def test_unreadable_message_quotes_the_learners_text() -> None:
    assert parse_shape("1,3,,1").message == (
        "Could not read “1,3,,1” as a shape. Type it like (1, 3, 5) or 1x3x5."
    )


def test_korean_message_in_the_current_language(language: Callable[[str], None]) -> None:
    language("ko")
    result = parse_shape("1,3,,1")
    assert result.message == tr("ko", "answer.shape.unreadable", text="1,3,,1")
    assert (
        result.message
        == "'1,3,,1'을 모양으로 읽을 수 없습니다. (1, 3, 5) 또는 1x3x5처럼 입력하세요."
    )


def test_a_long_answer_is_quoted_shortened_on_one_line() -> None:
    result = parse_shape("a\nb" + "c" * 500)
    assert result.message is not None
    assert "\n" not in result.message
    assert "c" * 100 not in result.message
    assert "…" in result.message


def test_the_too_large_message_names_the_limit() -> None:
    message = parse_shape("(1, 2000000000)").message
    assert message is not None
    assert "1,000,000,000" in message
    assert "2000000000" in message


# --------------------------------------------------------------------------- catalogs


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_answer_messages_exist_in_both_languages_with_the_same_placeholders() -> None:
    english = {k: v for k, v in catalog("en").items() if k.startswith("answer.")}
    korean = {k: v for k, v in catalog("ko").items() if k.startswith("answer.")}
    assert english.keys() == korean.keys()
    keys_used = {key for _, _, key in REJECTIONS}
    assert keys_used <= english.keys()
    for key, text in english.items():
        assert _placeholders(text) == _placeholders(korean[key]), key
        assert _has_hangul(korean[key]), key
        assert tr("ko", key, text="“x”", number="7", limit="9") != tr(
            "en", key, text="“x”", number="7", limit="9"
        )


def test_every_key_in_the_catalog_is_one_the_parser_can_produce() -> None:
    produced = {key for _, _, key in REJECTIONS}
    defined = {k for k in catalog("en") if k.startswith("answer.")}
    assert defined == produced


# --------------------------------------------------------------------------- dispatch


def test_parse_answer_dispatches_by_kind() -> None:
    assert parse_answer("shape", "5,920").value == (5, 920)
    assert parse_answer("count", "5,920").value == 5920
    assert parse_answer("runs", "error").value == Raises()


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown answer kind"):
        parse_answer("colour", "5")


# --------------------------------------------------------------------------- properties

shapes = st.lists(st.integers(min_value=0, max_value=4096), min_size=1, max_size=5).map(tuple)


def _as_tuple(dims: tuple[int, ...]) -> str:
    return repr(dims)


SHAPE_STYLES: list[Callable[[tuple[int, ...]], str]] = [
    _as_tuple,
    lambda d: ",".join(map(str, d)),
    lambda d: ", ".join(map(str, d)) + ",",
    lambda d: str(list(d)),
    lambda d: f"torch.Size({list(d)})",
    lambda d: f"Size({list(d)})",
    lambda d: f"torch.Size({d!r})",
    lambda d: "x".join(map(str, d)),
    lambda d: " × ".join(map(str, d)),
    lambda d: "*".join(map(str, d)),
    lambda d: " ".join(map(str, d)),
    lambda d: "、".join(map(str, d)),
    lambda d: _fullwidth(repr(d)),
    lambda d: _fullwidth(str(list(d))),
    lambda d: _fullwidth("x".join(map(str, d))),
    lambda d: f"  {d!r}\t",
]


@given(dims=shapes, style=st.sampled_from(SHAPE_STYLES))
def test_a_shape_in_any_accepted_style_reads_back(
    dims: tuple[int, ...], style: Callable[[tuple[int, ...]], str]
) -> None:
    text = style(dims)
    assert parse_shape(text).value == dims, text
    assert parse_runs(text).value == dims, text


COUNT_STYLES: list[Callable[[int], str]] = [
    str,
    lambda n: f"{n:,}",
    lambda n: f"{n:_}",
    lambda n: f"{n:,}".replace(",", " "),
    lambda n: _fullwidth(str(n)),
    lambda n: _fullwidth(f"{n:,}"),
    lambda n: f" {n}개 ",
]


@given(number=st.integers(min_value=0, max_value=MAX_VALUE), style=st.sampled_from(COUNT_STYLES))
def test_a_count_in_any_accepted_style_reads_back(number: int, style: Callable[[int], str]) -> None:
    text = style(number)
    assert parse_count(text).value == number, text


def _check_result(result: ParseResult) -> None:
    """What every result promises, whatever the input."""
    assert (result.value is None) == (result.message is not None)
    assert (result.message is None) == (result.message_key is None)
    if result.message_key is not None:
        assert result.message_key in catalog("en")
    if isinstance(result.value, tuple):
        assert len(result.value) >= 1
        assert all(isinstance(d, int) and 0 <= d <= MAX_VALUE for d in result.value)
    if isinstance(result.value, int):
        assert 0 <= result.value <= MAX_VALUE


@given(kind=st.sampled_from(sorted(PARSERS)), text=st.text())
@example(kind="shape", text="9" * 5000)
@example(kind="count", text="1," * 100_000)
@example(kind="runs", text="(" * 900 + ")" * 90)
@example(kind="shape", text="\ufdfa" * 900)  # NFKC grows this one character to 18
@example(kind="count", text="\x00\u202e５")
def test_never_raises_on_arbitrary_text(kind: str, text: str) -> None:
    _check_result(parse_answer(kind, text))


# Text made of the characters shapes are written with, so the search reaches deep paths.
answer_like = st.text(alphabet="0123456789 ,x×*()[]._-、torch.Size에러", max_size=30)


@given(kind=st.sampled_from(sorted(PARSERS)), text=answer_like)
def test_never_raises_on_answer_like_text(kind: str, text: str) -> None:
    _check_result(parse_answer(kind, text))


@given(
    kind=st.sampled_from(sorted(PARSERS)),
    text=st.text(alphabet="0123456789 ,x*()[].-", max_size=25),
)
def test_full_width_typing_reads_like_ascii(kind: str, text: str) -> None:
    ascii_result = parse_answer(kind, text)
    wide_result = parse_answer(kind, _fullwidth(text))
    assert wide_result.value == ascii_result.value
    assert wide_result.message_key == ascii_result.message_key


@given(
    kind=st.sampled_from(sorted(PARSERS)),
    text=answer_like,
    pad=st.sampled_from([" ", "\t", "\u3000", "\n"]),
)
def test_surrounding_whitespace_changes_nothing(kind: str, text: str, pad: str) -> None:
    plain = parse_answer(kind, text)
    padded = parse_answer(kind, pad + text + pad)
    assert padded.value == plain.value
    assert padded.message_key == plain.message_key


# --------------------------------------------------------------------------- axis count


@pytest.mark.parametrize("parse", [parse_shape, parse_runs])
def test_a_shape_has_at_most_eight_axes(parse: Callable[[str], ParseResult]) -> None:
    assert parse("(" + ", ".join(["2"] * 8) + ")").value == (2,) * 8
    too_many = parse("(" + ", ".join(["2"] * 9) + ")")
    assert too_many.value is None
    assert too_many.message_key == "answer.shape.too_many_axes"
    assert "at most 8 axes" in (too_many.message or "")
    huge = parse("x".join(["1"] * 499))
    assert huge.message_key == "answer.shape.too_many_axes"
