"""Korean particles follow the final sound of what they follow (rnn_tutor/i18n/particles.py).

Every Korean catalog text is checked: after a placeholder, only a neutral form (which the
formatter resolves from the value), and after literal code or numbers, the form the chooser
reads aloud. The chooser itself is pinned on hangul finals, numbers, letters and brackets.
"""

from __future__ import annotations

import re

import pytest

from rnn_tutor.i18n import catalog, tr
from rnn_tutor.i18n.formatting import format_message
from rnn_tutor.i18n.particles import Final, choose, final_sound, resolve

# A bare particle whose form depends on the sound before it. 이 only when a word ends there
# (이고, 이므로, 입니다 are the copula, right after any sound).
_BARE = r"(?:은|는|을|를|과|와|가|으로|로|이(?![가-힣]))"
_CLOSING = r"[)\]'\"`’”]*"
_AFTER_PLACEHOLDER = re.compile(
    r"\}" + _CLOSING + r"(?!은\(는\)|이\(가\)|을\(를\)|과\(와\))" + _BARE
)
_LITERAL_CODE = re.compile(r"([A-Za-z0-9_.]+(?:\([^()]*\))?" + _CLOSING + r")(" + _BARE + ")")

_FORMS = {
    "은": "은(는)",
    "는": "은(는)",
    "이": "이(가)",
    "가": "이(가)",
    "을": "을(를)",
    "를": "을(를)",
    "과": "과(와)",
    "와": "과(와)",
    "으로": "(으)로",
    "로": "(으)로",
}


def test_no_placeholder_is_followed_by_a_bare_particle() -> None:
    wrong = {
        key: match.group(0)
        for key, text in catalog("ko").items()
        for match in _AFTER_PLACEHOLDER.finditer(text)
    }
    assert not wrong, f"write the neutral form (은(는), 이(가), ...) after these: {wrong}"


def test_literal_code_and_numbers_take_the_particle_of_their_final_sound() -> None:
    wrong = {}
    for key, text in catalog("ko").items():
        for match in _LITERAL_CODE.finditer(text.replace("{", "\0").replace("}", "\0")):
            before, particle = match.groups()
            if "\0" in before:
                continue  # a placeholder's value decides: the test above
            # The whole text before it: 모양(shape)을 goes with 모양, not with shape.
            expected = choose(_FORMS[particle], text[: match.start(2)])
            if expected in _FORMS and expected != particle:
                wrong[key] = f"{before}{particle} -> {before}{expected}"
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("text", "final"),
    [
        ("에러", Final.VOWEL),
        ("오류", Final.VOWEL),
        ("모양", Final.CONSONANT),
        ("층", Final.CONSONANT),
        ("파일", Final.RIEUL),
        ("'에러'", Final.VOWEL),
        ("0", Final.CONSONANT),  # 영
        ("1", Final.RIEUL),  # 일
        ("2", Final.VOWEL),  # 이
        ("3", Final.CONSONANT),  # 삼
        ("4", Final.VOWEL),  # 사
        ("5", Final.VOWEL),  # 오
        ("6", Final.CONSONANT),  # 육
        ("7", Final.RIEUL),  # 칠
        ("8", Final.RIEUL),  # 팔
        ("9", Final.VOWEL),  # 구
        ("10", Final.CONSONANT),  # 십
        ("20", Final.CONSONANT),  # 이십
        ("100", Final.CONSONANT),  # 백
        ("1000", Final.CONSONANT),  # 천
        ("10000", Final.CONSONANT),  # 만
        ("1000000000000", Final.VOWEL),  # 조
        ("4,903", Final.CONSONANT),  # 사천구백삼
        ("5,920", Final.CONSONANT),  # 오천구백이십
        ("0.5", Final.VOWEL),  # 영 점 오
        ("1.0", Final.CONSONANT),  # 일 점 영
        ("(2, 7)", Final.RIEUL),
        ("(5,)", Final.VOWEL),
        ("[3, 2]", Final.VOWEL),
        ("nn.Linear(32, 3)", Final.CONSONANT),
        ("logits.shape", Final.VOWEL),  # 셰이프
        ("h_n.shape", Final.VOWEL),
        ("h_n", Final.CONSONANT),  # 엔
        ("c_n", Final.CONSONANT),
        ("x", Final.VOWEL),  # 엑스
        ("L", Final.RIEUL),  # 엘
        ("M", Final.CONSONANT),  # 엠
        ("R", Final.RIEUL),  # 알
        ("DH", Final.VOWEL),  # 디에이치
        ("RNN", Final.CONSONANT),  # 알엔엔
        ("LSTM", Final.CONSONANT),  # 엘에스티엠
        ("GRU", Final.VOWEL),  # 지알유
        ("LSTMCell", Final.RIEUL),  # 셀
        ("nn.Linear", Final.VOWEL),  # 리니어
        ("hidden", Final.CONSONANT),  # 히든
        ("embedding", Final.CONSONANT),  # 임베딩
        ("H_out", Final.CONSONANT),  # 아웃
        ("batch_first", Final.VOWEL),  # 퍼스트
        ("Net", Final.CONSONANT),  # 넷
        ("None", Final.CONSONANT),  # 논
        ("True", Final.VOWEL),  # 트루
        ("module", Final.RIEUL),  # 모듈
        ("`h0`", Final.CONSONANT),  # 영
        ("view()", Final.VOWEL),  # 뷰
        ("…", None),
        ("", None),
    ],
)
def test_final_sound(text: str, final: Final | None) -> None:
    assert final_sound(text) is final


@pytest.mark.parametrize(
    ("before", "neutral", "form"),
    [
        ("logits.shape", "은(는)", "는"),
        ("(2, 7)", "이(가)", "이"),
        ("nn.Linear(32, 3)", "을(를)", "을"),
        ("'에러'", "을(를)", "를"),
        ("(2, 7)", "(으)로", "로"),  # ㄹ takes 로
        ("파일", "(으)로", "로"),
        ("(2, 3)", "(으)로", "으로"),
        ("(5, 4)", "(으)로", "로"),
        ("h_n", "과(와)", "과"),
        ("x", "과(와)", "와"),
        ("…", "을(를)", "을(를)"),  # unknown: the neutral form stays
    ],
)
def test_choose(before: str, neutral: str, form: str) -> None:
    assert choose(neutral, before) == form


def test_the_formatter_resolves_from_the_filled_value_only() -> None:
    assert (
        format_message("{x}은(는) {y:,}이(가)", {"x": "h_n", "y": 4902}, particles=True)
        == "h_n은 4,902가"
    )
    # A value is never rewritten, even when it holds a neutral form itself.
    assert format_message("'{text}'을(를)", {"text": "을(를)b"}, particles=True) == "'을(를)b'를"
    assert resolve("'에러'을(를) 입력") == "'에러'를 입력"


def test_the_cases_of_issue_23_read_right_in_korean() -> None:
    assert tr("ko", "cells.question.shape", target="logits") == "logits.shape는?"
    assert tr("ko", "question.h_n") == "h_n.shape는?"
    head = tr("ko", "cells.explain.head.last", N=2, DH=16, C=7)
    assert "(2, 16)이 (2, 7)이 됩니다" in head
    summary = tr("ko", "cells.explain.net_class.summary", N=2, L=5, E=8, H=16, DH=32, C=3)
    assert "Linear(32, 3)은 (2, 3)을 줍니다" in summary
    unreadable = tr("ko", "answer.runs.unreadable", text="에러")
    assert unreadable.startswith("'에러'를 읽을 수 없습니다")
    assert tr("en", "cells.question.shape", target="logits") == "What is logits.shape?"
