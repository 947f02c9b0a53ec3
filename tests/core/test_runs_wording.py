""" "Does it run?" is asked and answered with one word per language (issue 23).

The question, the answer box's placeholder and the parser's messages all tell the learner
what to type when the code raises; they name the same word, and the parser reads it.
"""

from __future__ import annotations

import importlib
import re

import pytest

from rnn_tutor.i18n import LANGUAGES, tr

# Every text that tells the learner what to type for "it raises".
RUNS_TEXTS = (
    "question.runs",
    "cells.question.runs",
    "ui.answer.placeholder.runs",
    "ui.answer.placeholder.runs.cell",
    "answer.runs.empty",
    "answer.runs.unreadable",
)
# The quotes each catalog uses around a word to type.
QUOTED = {"en": re.compile(r"“([^”]+)”"), "ko": re.compile(r"'([^']+)'")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_prompt_the_placeholder_and_the_messages_name_one_word(lang: str) -> None:
    words = {}
    for key in RUNS_TEXTS:
        text = tr(lang, key, target="logits", text="@@")
        named = {word for word in QUOTED[lang].findall(text) if word != "@@"}
        assert len(named) == 1, f"{lang} {key!r} names {named or 'no word'}: {text}"
        words[key] = named.pop()
    assert len(set(words.values())) == 1, words
    claims = importlib.import_module(f"rnn_tutor.i18n.{lang}.claims")
    assert next(iter(words.values())) in claims.RAISES


def test_english_says_error_in_the_prompt_and_the_placeholder() -> None:
    assert "“error”" in tr("en", "question.runs")
    assert "“error”" in tr("en", "ui.answer.placeholder.runs")
