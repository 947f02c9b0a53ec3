"""English plurals: a count's noun in its singular form for exactly one.

A catalog text names the noun of a count with a plural field, the count's placeholder with
the singular and the plural form as its format spec, split by ``|``::

    "{learners} {learners:learner|learners}, {answers} {answers:answer|answers}"

renders ``1 learner, 2 answers``. The number itself stays a plain placeholder, so its own
format (``{count:,}``) is unchanged, and a language without plurals (Korean: ``{count}개``)
simply does not use the form. ``tests/core/test_plurals.py`` renders every English text
with each count at 1 and at 2.
"""

from __future__ import annotations

__all__ = ["SEPARATOR", "is_plural_spec", "plural"]

SEPARATOR = "|"


def is_plural_spec(spec: str) -> bool:
    """Whether a format spec is ``singular|plural`` rather than a number format."""
    return SEPARATOR in spec


def plural(count: object, spec: str) -> str:
    """The singular form for a count of exactly one, else the plural (``0 answers``)."""
    singular, _, many = spec.partition(SEPARATOR)
    return singular if _is_one(count) else many


def _is_one(count: object) -> bool:
    if isinstance(count, bool):
        return False
    if isinstance(count, (int, float)):
        return count == 1
    return str(count).strip() == "1"
