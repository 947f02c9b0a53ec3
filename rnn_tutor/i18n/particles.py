"""Korean particles chosen from the final sound of what they follow.

A Korean particle has two forms, one after a syllable that ends in a consonant (a batchim)
and one after a vowel: 은/는, 이/가, 을/를, 과/와, 으로/로 (로 also after ㄹ). A catalog text
cannot know which, since a placeholder may hold ``h_n``, ``(2, 7)`` or ``'에러'``; so the ko
catalog writes the neutral form right after it (``{name}은(는)``, ``{shape}이(가)``,
``{x}을(를)``, ``{x}과(와)``, ``{x}(으)로``) and ``formatting.format_message`` picks the
form from the text just before it, once the placeholder is filled. When the sound cannot be told (an
ellipsis, a symbol), the neutral form stays: it reads correctly, if stiffly.

How the last sound is read (the way a Korean learner reads code aloud):

- Hangul: the syllable's own final consonant (jongseong).
- Closing brackets, quotes, a trailing comma and an empty call are skipped: ``(2, 7)`` is
  read up to ``7``, ``'에러'`` up to ``러``, ``(5,)`` up to ``5``, ``view()`` up to ``w``.
- Numbers are read as numbers: the last non-zero digit (영 일 이 삼 사 오 육 칠 팔 구; 0 alone
  is 영) or, with trailing zeros, the unit: 10 십, 100 백, 1,000 천, 10,000 만, 10^8 억,
  10^12 조. After a decimal point, the last digit alone (``0.5`` 오, ``1.0`` 영).
  Commas between digits are grouping (``4,903`` 삼).
- A single latin letter, a part without vowels (``nn``, ``hr``, ``LSTM``, ``DH``) or up to
  three capitals (``RNN``, ``GRU``) is read letter by letter: ``LETTER_FINALS``
  (엘 ㄹ, 엠 ㅁ, 엔 ㄴ, 알 ㄹ; the other letter names end in a vowel).
- A latin word is read as a word: ``WORD_FINALS`` below, by its ending (``cell`` 셀 ㄹ,
  ``hidden`` 히든 ㄴ, ``embedding`` 임베딩 ㅇ, ``out`` 아웃 ㅅ; ``shape`` 셰이프, ``layer`` 레이어,
  ``Linear`` 리니어 end in a vowel). In ``camelCase`` or ``snake_case`` the last part counts
  (``LSTMCell`` -> ``Cell``, ``h_n`` -> ``n``); longer capitals are a word (``HOME`` 홈).
- A parenthesis right after hangul is an aside and the particle goes with the word before
  it (``모양(shape)을``); after code it is read through (``nn.Linear(32, 3)`` 삼).
"""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["NEUTRAL_FORMS", "Final", "choose", "final_sound", "resolve"]


class Final(Enum):
    """The last sound of a word, as far as particles care."""

    VOWEL = "vowel"  # no batchim: 는 가 를 와 로
    CONSONANT = "consonant"  # a batchim other than ㄹ: 은 이 을 과 으로
    RIEUL = "rieul"  # ㄹ batchim: 은 이 을 과, but 로


# neutral form -> (after a consonant, after a vowel); (으)로 is handled apart for ㄹ.
NEUTRAL_FORMS: dict[str, tuple[str, str]] = {
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "과(와)": ("과", "와"),
    "(으)로": ("으로", "로"),
}

_CLOSERS = frozenset(")]}>'\"`’”」』》〉, ")

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL_JONG = 8  # index of ㄹ among the 28 finals (0 = none)

# The last sound of each digit read as a Sino-Korean number.
_DIGIT_FINALS: dict[str, Final] = {
    "0": Final.CONSONANT,  # 영
    "1": Final.RIEUL,  # 일
    "2": Final.VOWEL,  # 이
    "3": Final.CONSONANT,  # 삼
    "4": Final.VOWEL,  # 사
    "5": Final.VOWEL,  # 오
    "6": Final.CONSONANT,  # 육
    "7": Final.RIEUL,  # 칠
    "8": Final.RIEUL,  # 팔
    "9": Final.VOWEL,  # 구
}
# Trailing zeros -> the unit read last: 십 백 천, then 만 (10^4..10^7), 억, 조.
_ZEROS_FINALS: tuple[Final, ...] = (
    Final.CONSONANT,  # 십
    Final.CONSONANT,  # 백
    Final.CONSONANT,  # 천
    Final.CONSONANT,  # 만
    Final.CONSONANT,  # 십만
    Final.CONSONANT,  # 백만
    Final.CONSONANT,  # 천만
    Final.CONSONANT,  # 억
    Final.CONSONANT,  # 십억
    Final.CONSONANT,  # 백억
    Final.CONSONANT,  # 천억
    Final.VOWEL,  # 조
)

# Letter names as Koreans say them: 에이 비 씨 디 이 에프 지 에이치 아이 제이 케이 엘 엠 엔 오 피
# 큐 알 에스 티 유 브이 더블유 엑스 와이 제트. Only four end in a consonant.
LETTER_FINALS: dict[str, Final] = {
    "l": Final.RIEUL,  # 엘
    "m": Final.CONSONANT,  # 엠
    "n": Final.CONSONANT,  # 엔
    "r": Final.RIEUL,  # 알
}

# Endings of an English word and the sound they end in when read in Korean, longest first.
# Anything not listed ends in a vowel (셰이프, 레이어, 사이즈, 배치, 퍼스트, 텐서, 헤드).
WORD_FINALS: tuple[tuple[str, Final], ...] = (
    ("ng", Final.CONSONANT),  # embedding 임베딩
    ("ne", Final.CONSONANT),  # None 논, line 라인
    ("me", Final.CONSONANT),  # name 네임
    ("le", Final.RIEUL),  # module 모듈, file 파일
    ("ck", Final.CONSONANT),  # stack 스택
    ("pp", Final.CONSONANT),  # app 앱
    ("out", Final.CONSONANT),  # out 아웃, layout 레이아웃
    ("l", Final.RIEUL),  # cell 셀, model 모델
    ("m", Final.CONSONANT),  # dim 딤
    ("n", Final.CONSONANT),  # hidden 히든, attention 어텐션
)
# One vowel before these makes them a batchim (net 넷, step 스텝, tab 탭, input 인풋); after a
# consonant or two vowels they are a syllable of their own (first 퍼스트, loop 루프, weight 웨이트).
_VOWEL_CLOSED = frozenset("tpbk")
_VOWELS = frozenset("aeiou")

_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?$")
_LATIN = re.compile(r"[A-Za-z]+$")


def _is_hangul(char: str) -> bool:
    return bool(char) and _HANGUL_FIRST <= ord(char) <= _HANGUL_LAST


def _aside_start(text: str, end: int) -> int:
    """Where the parenthesis closed at ``text[end - 1]`` opens (0 when it never does)."""
    depth = 0
    for index in range(end - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return 0


def _before_aside(text: str, end: int) -> str:
    start = _aside_start(text, end)
    return text[start - 1] if start else ""


def _hangul_final(char: str) -> Final:
    jong = (ord(char) - _HANGUL_FIRST) % 28
    if jong == 0:
        return Final.VOWEL
    return Final.RIEUL if jong == _RIEUL_JONG else Final.CONSONANT


def _number_final(whole: str, fraction: str | None) -> Final:
    if fraction:
        return _DIGIT_FINALS[fraction[-1]]
    digits = whole.replace(",", "").lstrip("0") or "0"
    if digits == "0":
        return _DIGIT_FINALS["0"]
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGIT_FINALS[digits[-1]]
    return _ZEROS_FINALS[min(zeros, len(_ZEROS_FINALS)) - 1]


def _word_final(word: str) -> Final:
    # camelCase: the last capitalised part (LSTMCell -> Cell); all capitals stay whole.
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", word)
    last = parts[-1] if parts else word
    if (
        len(last) == 1
        or not _VOWELS.intersection(last.lower())
        or (last.isupper() and len(last) <= 3)
    ):
        return LETTER_FINALS.get(last[-1].lower(), Final.VOWEL)
    lower = last.lower()
    for ending, final in WORD_FINALS:
        if lower.endswith(ending):
            return final
    if (
        len(lower) >= 2
        and lower[-1] in _VOWEL_CLOSED
        and lower[-2] in _VOWELS
        and (len(lower) < 3 or lower[-3] not in _VOWELS)
    ):
        return Final.CONSONANT
    return Final.VOWEL


def final_sound(text: str) -> Final | None:
    """The last sound of ``text`` read aloud, or None when it cannot be told."""
    end = len(text)
    while end:
        if text.endswith("()", 0, end):
            end -= 2
        elif text[end - 1] == ")" and _is_hangul(_before_aside(text, end)):
            end = _aside_start(text, end)  # 모양(shape)을: the word before the aside
        elif text[end - 1] in _CLOSERS:
            end -= 1
        else:
            break
    if not end:
        return None
    head = text[:end]
    last = head[-1]
    if _is_hangul(last):
        return _hangul_final(last)
    number = _NUMBER.search(head)
    if number:
        return _number_final(number.group(1), number.group(2))
    latin = _LATIN.search(head)
    if latin:
        return _word_final(latin.group(0))
    return None


def choose(neutral: str, before: str) -> str:
    """The form of the particle ``neutral`` (a key of NEUTRAL_FORMS) that follows ``before``."""
    consonant, vowel = NEUTRAL_FORMS[neutral]
    final = final_sound(before)
    if final is None:
        return neutral
    if final is Final.VOWEL or (final is Final.RIEUL and neutral == "(으)로"):
        return vowel
    return consonant


_NEUTRAL = re.compile("|".join(re.escape(form) for form in NEUTRAL_FORMS))


def resolve(text: str, before: str = "") -> str:
    """``text`` with each neutral particle replaced by its form after what precedes it."""
    if "(" not in text:
        return text
    out: list[str] = []
    position = 0
    for match in _NEUTRAL.finditer(text):
        out.append(text[position : match.start()])
        out.append(choose(match.group(0), before + "".join(out)))
        position = match.end()
    out.append(text[position:])
    return "".join(out)
