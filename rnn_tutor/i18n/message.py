"""A message as data: a catalog key and its parameters, worded only when it is shown.

Grading keeps these instead of text, so a verdict made in English reads in Korean once
the learner switches language, and JSON output can carry stable ids and numbers.
A parameter may itself be a Message (a phrase chosen by the grader); it is worded in the
same language as the message around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rnn_tutor.i18n import get_language, tr

__all__ = ["Message", "msg", "render_lines"]


@dataclass(frozen=True)
class Message:
    """``key`` from the catalogs, with ``params`` filled in when worded."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @property
    def param_map(self) -> Mapping[str, object]:
        return dict(self.params)

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (the current language by default)."""
        language = lang or get_language()
        filled = {
            name: value.text(language) if isinstance(value, Message) else value
            for name, value in self.params
        }
        return tr(language, self.key, **filled)

    def to_json(self) -> dict[str, Any]:
        """``{"id": key, "params": {...}}``: numbers and names, no wording."""
        return {"id": self.key, "params": {name: _json(value) for name, value in self.params}}


def _json(value: object) -> object:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, (tuple, list)):
        return [_json(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def msg(key: str, /, **params: object) -> Message:
    """``Message(key, params)`` written like a call to ``t``."""
    return Message(key, tuple(params.items()))


def render_lines(lines: Iterable[Message], lang: str | None = None) -> str:
    """Several messages, one per line."""
    return "\n".join(line.text(lang) for line in lines)
