"""Which language the app starts in: --lang, then the POSIX locale variables, read off LANGUAGES."""

from __future__ import annotations

import pytest

import rnn_tutor.i18n as i18n
from rnn_tutor.i18n import DEFAULT_LANGUAGE, detect_language


@pytest.mark.parametrize(
    ("locale_name", "expected"),
    [
        ("ko_KR.UTF-8", "ko"),
        ("ko_KR", "ko"),
        ("ko", "ko"),
        ("KO_kr.utf8", "ko"),
        ("ko-KR", "ko"),
        ("ko_KR@euro", "ko"),
        ("en_US.UTF-8", "en"),
        ("C.UTF-8", "en"),
        ("POSIX", "en"),
        ("de_DE.UTF-8", "en"),
        # Konkani: it begins with "ko" but is not Korean.
        ("kok_IN.UTF-8", "en"),
    ],
)
def test_the_locales_language_part_picks_the_language(locale_name: str, expected: str) -> None:
    assert detect_language(None, {"LANG": locale_name}) == expected


def test_the_first_locale_variable_set_decides() -> None:
    env = {"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8", "LANG": "ko_KR.UTF-8"}
    assert detect_language(None, env) == "en"
    assert detect_language(None, {"LC_ALL": "", "LC_MESSAGES": "ko_KR.UTF-8"}) == "ko"
    assert detect_language(None, {}) == DEFAULT_LANGUAGE


def test_lang_comes_before_the_locale_and_an_unknown_one_is_ignored() -> None:
    assert detect_language(" KO ", {"LANG": "en_US.UTF-8"}) == "ko"
    assert detect_language("xx", {"LANG": "ko_KR.UTF-8"}) == "ko"


def test_a_third_language_is_detected_from_its_languages_entry_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(i18n, "LANGUAGES", (*i18n.LANGUAGES, "ja"))
    assert detect_language(None, {"LANG": "ja_JP.UTF-8"}) == "ja"
    assert detect_language("ja", {}) == "ja"
