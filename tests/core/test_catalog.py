"""The message catalogs: both languages say the same things, and every key the code uses exists.

A message missing in one language falls back to English (or to its key) at run time, which
a Korean learner would see mid-sentence; a placeholder that differs between languages
raises KeyError when the message is formatted. These tests catch both before release.
"""

from __future__ import annotations

import ast
import importlib
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from rnn_tutor.i18n import AREAS, DEFAULT_LANGUAGE, LANGUAGES, catalog
from rnn_tutor.i18n.formatting import format_message

PACKAGE = Path(__file__).resolve().parents[2] / "rnn_tutor"


def _area(lang: str, area: str) -> dict[str, str]:
    module = importlib.import_module(f"rnn_tutor.i18n.{lang}.{area}")
    messages = module.MESSAGES
    assert isinstance(messages, dict)
    return messages


def _placeholders(text: str) -> set[str]:
    """Field names of a str.format template; malformed braces raise ValueError."""
    fields = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None:
            fields.add(field)
    return fields


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_the_same_keys_in_every_language(area: str) -> None:
    reference = _area(DEFAULT_LANGUAGE, area)
    for lang in LANGUAGES:
        keys = set(_area(lang, area))
        missing = sorted(set(reference) - keys)
        extra = sorted(keys - set(reference))
        assert not missing, f"{lang}/{area}.py lacks {missing}"
        assert not extra, f"{lang}/{area}.py has keys English lacks: {extra}"


@pytest.mark.parametrize("area", AREAS)
def test_placeholders_match_between_languages(area: str) -> None:
    reference = _area(DEFAULT_LANGUAGE, area)
    for lang in LANGUAGES:
        messages = _area(lang, area)
        for key, text in messages.items():
            if key not in reference:
                continue  # reported by the key test
            try:
                fields = _placeholders(text)
                expected = _placeholders(reference[key])
            except ValueError as error:
                pytest.fail(f"{lang} {key!r} is not a valid format string: {error}")
            assert fields == expected, f"{lang} {key!r}: {sorted(fields)} != {sorted(expected)}"


def test_every_message_is_a_non_empty_string_that_formats() -> None:
    for lang in LANGUAGES:
        for key, text in catalog(lang).items():
            assert isinstance(text, str) and text.strip(), f"{lang} {key!r} is empty"
            fields = _placeholders(text)
            if fields:
                format_message(text, dict.fromkeys(fields, "x"), particles=lang == "ko")
            else:
                # t() returns such a message unformatted, so "{{" would show doubled.
                assert "{" not in text and "}" not in text, f"{lang} {key!r} has stray braces"


def test_the_catalog_merges_without_duplicates() -> None:
    for lang in LANGUAGES:
        total = sum(len(_area(lang, area)) for area in AREAS)
        assert len(catalog(lang)) == total


# Modules of a language package that are not message areas: read by their own code, with
# their own shape (claims: the whole answers that say "it raises" / "it runs").
NOT_AREAS = ("claims",)


def test_every_catalog_module_is_an_area_in_every_language() -> None:
    """A module left out of AREAS is never merged, so none of the tests above would read it."""
    expected = set(AREAS) | set(NOT_AREAS)
    for lang in LANGUAGES:
        found = {p.stem for p in (PACKAGE / "i18n" / lang).glob("*.py") if p.stem != "__init__"}
        assert found == expected, (
            f"i18n/{lang}: not in AREAS {sorted(found - expected)}, "
            f"missing {sorted(expected - found)}"
        )


def test_every_language_says_both_claims() -> None:
    for lang in LANGUAGES:
        claims = importlib.import_module(f"rnn_tutor.i18n.{lang}.claims")
        for name in ("RAISES", "RUNS"):
            phrases = getattr(claims, name)
            assert isinstance(phrases, tuple), f"{lang}/claims.py {name}"
            assert phrases, f"{lang}/claims.py says no {name}"
            assert all(isinstance(p, str) and p.strip() for p in phrases), f"{lang} {name}"


# --------------------------------------------------------------------------- keys used in code


def _i18n_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.expr | None]]:
    """Each t(...) / msg(...) / tr(lang, ...) call (also i18n.t / i18n.tr) with its key."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else None
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "i18n"
        ):
            name = func.attr
        if name in ("t", "msg"):
            yield node, node.args[0] if node.args else None
        elif name == "tr":
            yield node, node.args[1] if len(node.args) > 1 else None


def _literal_uses() -> list[tuple[str, str, int, ast.Call]]:
    uses = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "i18n" in path.relative_to(PACKAGE).parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for call, key in _i18n_calls(tree):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                uses.append((key.value, str(path.relative_to(PACKAGE)), call.lineno, call))
    return uses


def test_the_scan_finds_the_keys_the_code_uses() -> None:
    keys = {key for key, *_ in _literal_uses()}
    # The scan must see real calls, or the tests below would pass on nothing.
    assert "explain.output" in keys
    assert "question.param" in keys


def test_every_literal_key_in_the_code_exists() -> None:
    missing = [
        f"{where}:{line}: {key}"
        for key, where, line, _ in _literal_uses()
        if any(key not in catalog(lang) for lang in LANGUAGES)
    ]
    assert not missing, "keys used in code but missing from a catalog:\n" + "\n".join(missing)


def test_every_literal_key_gets_the_placeholders_it_needs() -> None:
    """A placeholder the call does not pass would raise KeyError (or show braces) at run time."""
    problems = []
    for key, where, line, call in _literal_uses():
        if key not in catalog(DEFAULT_LANGUAGE):
            continue  # reported above
        if any(keyword.arg is None for keyword in call.keywords):
            continue  # **params: cannot tell statically
        given = {keyword.arg for keyword in call.keywords}
        needed = _placeholders(catalog(DEFAULT_LANGUAGE)[key])
        if needed - given:
            problems.append(f"{where}:{line}: {key} needs {sorted(needed - given)}")
    assert not problems, "\n".join(problems)


def test_korean_messages_avoid_ambiguous_width_characters() -> None:
    """Korean terminals draw East Asian "ambiguous" characters (“ ” … · ×) two cells wide while
    Textual counts one, which shifts every column after them; the Korean catalog uses ASCII."""
    import unicodedata

    offenders = {
        key: sorted({ch for ch in text if unicodedata.east_asian_width(ch) == "A"})
        for key, text in catalog("ko").items()
    }
    assert {key: chars for key, chars in offenders.items() if chars} == {}


# The areas whose Korean wording these terms were agreed for (ui and modes keep their own).
_KO_TERM_AREAS = ("engine", "explain", "answers", "progress", "cli")


@pytest.mark.parametrize(
    ("avoided", "term"),
    [
        ("에러", "오류"),  # one word for "error", the one the answer box asks for
        ("스텝", "시점"),  # a time step
        ("시간 단계", "시점"),
        ("레벨", "단계"),  # a worksheet's level
    ],
    ids=["error", "step", "time_step", "level"],
)
def test_korean_uses_one_term_for_each_idea(avoided: str, term: str) -> None:
    offenders = [
        key for area in _KO_TERM_AREAS for key, text in _area("ko", area).items() if avoided in text
    ]
    assert offenders == [], f"use {term!r}, not {avoided!r}"


def test_korean_wording_the_review_found_unnatural_is_gone() -> None:
    texts = [text for area in _KO_TERM_AREAS for text in _area("ko", area).values()]
    for phrase in ("잴 것이", "셀 bias_ih", "행짜리 블록 하나를 가집니다"):
        assert not any(phrase in text for text in texts), phrase
