"""English counts read "1 answer", "2 answers" (rnn_tutor/i18n/plurals.py).

Every English text is rendered with each of its fields at 1 and at 2: no count of one is
followed by a plural noun, no count of two by a singular one, and a plural field reads the
same as the noun it replaces.
"""

from __future__ import annotations

import re
import string

import pytest

from rnn_tutor.i18n import catalog, tr
from rnn_tutor.i18n.formatting import format_message
from rnn_tutor.i18n.plurals import plural

# The nouns English texts count (plural -> singular).
NOUNS = {
    "answers": "answer",
    "attempts": "attempt",
    "blocks": "block",
    "axes": "axis",
    "bits": "bit",
    "bytes": "byte",
    "characters": "character",
    "days": "day",
    "digits": "digit",
    "elements": "element",
    "entries": "entry",
    "exercises": "exercise",
    "features": "feature",
    "hints": "hint",
    "hours": "hour",
    "items": "item",
    "layers": "layer",
    "learners": "learner",
    "levels": "level",
    "minutes": "minute",
    "mistakes": "mistake",
    "modules": "module",
    "parameters": "parameter",
    "params": "param",
    "pieces": "piece",
    "rows": "row",
    "seconds": "second",
    "sequences": "sequence",
    "skills": "skill",
    "statements": "statement",
    "steps": "step",
    "tensors": "tensor",
    "values": "value",
}
_FIELDS = string.Formatter()


def _fill_all(text: str, value: int) -> str:
    """``text`` with every field set to ``value``."""
    fields = {field for _, field, _, _ in _FIELDS.parse(text) if field}
    return format_message(text, dict.fromkeys(fields, value), particles=False)


def _counted(rendered: str, count: int) -> list[str]:
    # "1 damaged answers", "1 new attempts": up to one word between count and noun.
    between = r"(?:(?!on |per |of |and )[a-z]+ )?"
    return re.findall(rf"(?<![\d.,x*(])\b{count} {between}([a-z]+)\b", rendered)


def test_a_count_of_one_takes_the_singular_in_every_english_text() -> None:
    wrong = {}
    for key, text in catalog("en").items():
        plurals = [word for word in _counted(_fill_all(text, 1), 1) if word in NOUNS]
        if plurals:
            wrong[key] = _fill_all(text, 1)
    assert not wrong, wrong


def test_a_count_of_two_takes_the_plural_in_every_english_text() -> None:
    singulars = set(NOUNS.values())
    wrong = {}
    for key, text in catalog("en").items():
        if any(word in singulars for word in _counted(_fill_all(text, 2), 2)):
            wrong[key] = _fill_all(text, 2)
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("count", "form"), [(0, "answers"), (1, "answer"), (2, "answers"), ("1", "answer")]
)
def test_plural(count: object, form: str) -> None:
    assert plural(count, "answer|answers") == form


def test_the_class_line_and_the_streak_read_right_for_one() -> None:
    assert (
        tr("en", "classview.title", learners=1, answers=1, percent=100)
        == "Class: 1 learner, 1 answer, 100% right."
    )
    assert tr("en", "classview.title", learners=2, answers=10, percent=40) == (
        "Class: 2 learners, 10 answers, 40% right."
    )
    assert tr("en", "ui.stats.days", count=1) == "1 day"
    assert tr("ko", "ui.stats.days", count=1) == "1일"
