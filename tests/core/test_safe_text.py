"""``visible``: no text from outside reaches a terminal with a control character live."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor.core.safe_text import first_line, visible, visible_json, visible_params

C0 = [chr(c) for c in range(0x00, 0x20)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
EVERY_CONTROL = [*C0, "\x7f", *C1]
SEQUENCES = {
    "osc52 clipboard": "\x1b]52;c;aGVsbG8=\x07",
    "osc52 with ST": "\x1b]52;c;aGVsbG8=\x1b\\",
    "osc2 title": "\x1b]2;pwned\x07",
    "osc8 link": "\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\",
    "csi clear": "\x1b[2J\x1b[H",
    "csi colour": "\x1b[31mred\x1b[0m",
    "dcs": "\x1bPq#0;2;0;0;0\x1b\\",
    "8-bit csi": "\x9b2J",
    "8-bit osc": "\x9d2;title\x9c",
    "bidi override": "abc\u202edcba\u202c",
    "line separator": "a\u2028b",
}


def live(text: str, *, newlines: bool = False) -> list[str]:
    """Characters a terminal could act on."""
    allowed = {"\n"} if newlines else set()
    return [
        ch
        for ch in text
        if ch not in allowed and unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
    ]


def test_every_c0_and_c1_control_is_shown_not_live() -> None:
    for ch in EVERY_CONTROL:
        shown = visible(f"a{ch}b")
        assert live(shown) == [], repr(ch)
        assert shown.startswith("a") and shown.endswith("b")


def test_controls_are_made_visible_as_escapes() -> None:
    assert visible("\x1b") == "\\x1b"
    assert visible("\x07") == "\\x07"
    assert visible("\x9b") == "\\x9b"
    assert visible("\u202e") == "\\u202e"


def test_every_escape_sequence_is_disarmed_and_its_text_kept() -> None:
    for name, sequence in SEQUENCES.items():
        shown = visible(f"answer {sequence} end")
        assert live(shown) == [], name
        assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown, name
        assert shown.startswith("answer ") and shown.endswith(" end"), name
    assert visible(SEQUENCES["osc2 title"]) == "\\x1b]2;pwned\\x07"


def test_ordinary_text_is_unchanged() -> None:
    for text in ["(1, 3, 20)", "출력의 모양은 (2, 5, 8)", "nn.LSTM(10, 20, batch_first=True)", ""]:
        assert visible(text) == text


def test_newlines_are_kept_only_when_asked() -> None:
    assert visible("a\nb") == "a\\x0ab"
    assert visible("a\r\nb\tc", newlines=True) == "a\nb    c"
    assert visible("a\tb") == "a b"
    assert live(visible("x\n\x1b[2Jy", newlines=True), newlines=True) == []


def test_a_long_value_is_cut_and_marked() -> None:
    shown = visible("x" * 2_000_000, limit=80)
    assert shown == "x" * 80 + "..."
    shown = visible("\x1b" * 1000, limit=40)
    assert len(shown) <= 43 and shown.endswith("...") and live(shown) == []
    assert visible("short", limit=80) == "short"


def test_non_strings_are_shown_through_str() -> None:
    assert visible(RuntimeError("bad\x1b]2;x\x07")) == "bad\\x1b]2;x\\x07"
    assert visible(12) == "12"


def test_lone_surrogates_are_shown_and_the_result_encodes() -> None:
    shown = visible("name\udc9b")
    assert shown == "name\\udc9b"
    shown.encode("utf-8")


@given(st.text())
def test_nothing_live_ever_comes_through(text: str) -> None:
    assert live(visible(text)) == []
    assert live(visible(text, newlines=True), newlines=True) == []
    visible(text).encode("utf-8")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))))
def test_safe_text_passes_through_unchanged(text: str) -> None:
    assert visible(text) == text


def test_params_are_quoted_visibly_and_numbers_kept() -> None:
    params = visible_params({"text": "\x1b]52;c;QUJD\x07" + "x" * 5000, "limit": 80, "n": 1.5})
    assert params["limit"] == 80 and params["n"] == 1.5
    text = str(params["text"])
    assert text.startswith("\\x1b]52;c;QUJD\\x07") and text.endswith("...")
    assert len(text) < 300


def test_first_line_drops_the_cpp_stack_trace() -> None:
    message = (
        "\ninvalid argument: numel overflows\x1b]2;t\x07\n"
        "Exception raised from empty_cpu at /pytorch/aten/src/ATen/EmptyTensor.cpp:40\n"
        "frame #0: c10::Error::Error(...) + 0x9a (0x7f in /usr/lib/libc10.so)\n"
    )
    assert first_line(message) == "invalid argument: numel overflows\\x1b]2;t\\x07"
    assert first_line(RuntimeError("x" * 10_000), limit=50) == "x" * 50 + "..."
    assert first_line("") == ""


def test_json_stays_the_same_value_with_nothing_live() -> None:
    value = {"answer": "".join(EVERY_CONTROL) + "\u202e\U000e0001한국어", "n": [1, 2]}
    dumped = visible_json(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(dumped) == value
    assert live(dumped, newlines=True) == []
    assert "한국어" in dumped
