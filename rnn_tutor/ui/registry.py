"""Which screen class serves which name, imported only when the screen is first opened.

Screens are pushed by name (``app.open_screen("quiz")``) so the home screen, the
command palette and the ``rnn-tutor quiz`` subcommand never import a screen module up
front: the first frame pays only for the home screen, and a screen whose module is
missing (still being written, or broken) is reported to the learner instead of crashing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

# name -> "module:Class". Add a line here to add a screen; nothing else has to change.
SCREENS: dict[str, str] = {
    "home": "rnn_tutor.ui.screens.home:HomeScreen",
    "practice": "rnn_tutor.ui.screens.practice:PracticeScreen",
    "quiz": "rnn_tutor.ui.screens.quiz:QuizScreen",
    "results": "rnn_tutor.ui.screens.results:ResultsScreen",
    "review": "rnn_tutor.ui.screens.review:ReviewScreen",
    "stats": "rnn_tutor.ui.screens.stats:StatsScreen",
    "mycode": "rnn_tutor.ui.screens.mycode:MyCodeScreen",
}


class ScreenUnavailable(LookupError):
    """A screen name with no importable class behind it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def screen_class(name: str) -> type[Screen[Any]]:
    """The class registered for ``name``; :class:`ScreenUnavailable` when it cannot be loaded."""
    target = SCREENS.get(name)
    if target is None:
        raise ScreenUnavailable(name)
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only "this very module is missing" means unavailable; a missing import *inside*
        # an existing screen module is a bug that must surface, not be hidden.
        if exc.name != module_name:
            raise
        raise ScreenUnavailable(name) from None
    cls = getattr(module, class_name, None)
    if cls is None:
        raise ScreenUnavailable(name)
    return cls  # type: ignore[no-any-return]
