"""Every misconception has a short name for lists, in every language (issue 23)."""

from __future__ import annotations

from rnn_tutor.core.grading.catalogue import MISCONCEPTION_IDS
from rnn_tutor.core.grading.words import misconception_name
from rnn_tutor.i18n import LANGUAGES, catalog, tr


def test_every_misconception_has_a_short_name_in_every_language() -> None:
    for lang in LANGUAGES:
        messages = catalog(lang)
        for mixup in (*MISCONCEPTION_IDS, "unknown"):
            name = messages.get(f"misconception.{mixup}.name")
            assert name, f"{lang}: misconception.{mixup}.name is missing"
            # A label: short, one clause, not the explanation sentence.
            assert len(name) <= 48 and not name.endswith("."), (lang, mixup, name)
            assert name != messages[f"misconception.{mixup}"]


def test_a_misconception_this_version_does_not_know_gets_the_generic_name() -> None:
    assert misconception_name("future_mixup") == tr("en", "misconception.unknown.name")
