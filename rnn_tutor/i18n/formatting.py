"""Filling a catalog text: ``str.format`` plus the two things it cannot do alone.

- English plurals: a field whose spec is ``singular|plural`` becomes the noun for its count
  (``{count} {count:answer|answers}``; ``plurals.py``).
- Korean particles: neutral forms right after a field (``{name}은(는)``) become the form
  for the filled-in value's final sound (``particles.py``), in languages that ask for it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from rnn_tutor.i18n.particles import resolve
from rnn_tutor.i18n.plurals import is_plural_spec, plural

__all__ = ["format_message"]

_FORMATTER = string.Formatter()


def format_message(template: str, params: Mapping[str, object], *, particles: bool) -> str:
    """``template.format(**params)``, with plural fields and (if ``particles``) particles.

    Only the catalog's literal text is resolved for particles: a filled-in value (a
    learner's answer, a file name) is never rewritten, even if it holds ``을(를)``.
    """
    out: list[str] = []
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if literal:
            out.append(resolve(literal, "".join(out)) if particles else literal)
        if field is None:
            continue
        value, _ = _FORMATTER.get_field(field, (), params)
        if spec and is_plural_spec(spec):
            out.append(plural(value, spec))
            continue
        if conversion:
            value = _FORMATTER.convert_field(value, conversion)
        if spec and "{" in spec:
            spec = _FORMATTER.vformat(spec, (), params)
        out.append(_FORMATTER.format_field(value, spec or ""))
    return "".join(out)
