"""Screen layout lives in tutor.tcss; widgets keep their own look in DEFAULT_CSS.

A screen's DEFAULT_CSS would be a second place to look for (and fight) its layout, so no
Screen subclass under ``rnn_tutor/ui/screens`` defines one.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.screen import Screen

import rnn_tutor.ui.screens as screens_package
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.class_app import ClassApp


def screen_classes() -> list[type[Screen[object]]]:
    found: list[type[Screen[object]]] = []
    for info in pkgutil.iter_modules(screens_package.__path__):
        module = importlib.import_module(f"{screens_package.__name__}.{info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_the_screens_are_found() -> None:
    names = {cls.__name__ for cls in screen_classes()}
    assert {"HomeScreen", "MyCodeScreen", "LearnerScreen", "ClassScreen"} <= names


def test_no_screen_keeps_layout_in_default_css() -> None:
    keeping = [cls.__name__ for cls in screen_classes() if cls.__dict__.get("DEFAULT_CSS")]
    assert keeping == []


def test_both_apps_load_the_stylesheet_that_holds_the_layout() -> None:
    sheet = Path(screens_package.__file__).parent.parent / "tutor.tcss"
    text = sheet.read_text(encoding="utf-8")
    for selector in ("#mycode-frame", "#learner-body", "#class-chart"):
        assert selector in text
    assert RnnTutorApp.CSS_PATH == ClassApp.CSS_PATH == "tutor.tcss"
