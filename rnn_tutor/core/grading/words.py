"""The plain words for an id the store and the verdict carry: a misconception, a skill.

Apart from ``explain.py`` because the verdict words its misconception when read, and
``explain.py`` builds on the verdict's ``Truth``: with these here, neither needs the other
inside a function. The class view and the store word ids too, without loading the closed
forms and hints. An id this version does not know gets a generic line, never a raw key.
"""

from __future__ import annotations

from rnn_tutor.core.safe_text import QUOTE_LIMIT, visible
from rnn_tutor.i18n import catalog, get_language, t


def _known(key: str) -> bool:
    return key in catalog(get_language()) or key in catalog("en")


def misconception_text(misconception_id: str) -> str:
    """The misconception in plain words; an id this version does not know gets a generic line."""
    key = f"misconception.{misconception_id}"
    return t(key) if _known(key) else t("misconception.unknown")


def misconception_name(misconception_id: str) -> str:
    """The misconception's short name, for lists (statistics); the generic one if unknown."""
    key = f"misconception.{misconception_id}.name"
    return t(key) if _known(key) else t("misconception.unknown.name")


def skill_name(skill_id: str) -> str:
    key = f"skill.{skill_id}"
    return t(key) if _known(key) else visible(skill_id, limit=QUOTE_LIMIT)


def skill_heading(skill_id: str) -> str:
    """The skill as a question is introduced by it, before the answer (review's header).

    A few names state the answer ("What torch refuses", "Silent batch/time swap": the cell
    raises, or it runs); those have a neutral ``skill.<id>.asked`` that names the topic only.
    """
    key = f"skill.{skill_id}.asked"
    return t(key) if _known(key) else skill_name(skill_id)


def skill_rule(skill_id: str) -> str:
    key = f"skill.{skill_id}.rule"
    return t(key) if _known(key) else ""
