"""Every key that works is in the footer or the command palette.

The footer shows a screen's bindings marked ``show``; a binding kept out of it must do what
a shown one does (f5 runs as ctrl+r does), stand for shown ones (``ALIASES``), or be a
command in the palette. Then, driven with Pilot: home's footer has ``t``; after Esc in
practice it says how to get back into the answer box; after grading the feedback scrolls
with keys the footer shows. (My code's keyboard routes: tests/ui/test_mycode.py.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot

from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.class_app import ClassApp
from rnn_tutor.ui.screens.home import HomeScreen
from rnn_tutor.ui.screens.practice import PracticeScreen
from rnn_tutor.ui.widgets.answer_box import AnswerInput
from rnn_tutor.ui.widgets.feedback import FeedbackPanel
from tests.ui.test_layout_css import screen_classes
from tests.ui.test_snapshots import NOTEBOOK_H_N, answered

# Hidden keys that stand for shown ones: Enter answers while the question is open ("a") and
# goes on once it is graded ("n").
ALIASES: dict[tuple[str, str], set[str]] = {
    (screen, "enter"): {"answer", "next"}
    for screen in ("PracticeScreen", "QuizScreen", "ReviewScreen")
}
# The palette's own key: the footer shows it at its right end by itself.
PALETTE_ACTION = "command_palette"


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def _action(binding: Binding) -> str:
    """ "app.open('practice')" -> "open"; "tab('params')" -> "tab"."""
    match = re.match(r"(?:\w+\.)?(\w+)", binding.action)
    assert match is not None
    return match.group(1)


def _ours(node_class: type[DOMNode]) -> Iterator[Binding]:
    """The bindings ``node_class`` and its bases of ours declare (catalog descriptions)."""
    for klass in node_class.__mro__:
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", ())):
            if binding.description.startswith("ui."):
                yield binding


NODES: list[type[DOMNode]] = [
    *screen_classes(),
    RnnTutorApp,
    ClassApp,
    AnswerInput,
    FeedbackPanel,
]


def _hidden_unless_in_the_palette(node_class: type[DOMNode]) -> list[str]:
    """Actions bound only to keys the footer never shows, with nothing shown doing them."""
    bindings = list(_ours(node_class))
    shown = {_action(binding) for binding in bindings if binding.show}
    hidden = []
    for binding in bindings:
        action = _action(binding)
        if binding.show or action in shown or action == PALETTE_ACTION:
            continue
        stands_for = ALIASES.get((node_class.__name__, binding.key))
        if stands_for is not None:
            assert stands_for <= shown, (node_class.__name__, binding.key)
            continue
        hidden.append(action)
    return hidden


def test_the_nodes_with_keys_are_all_looked_at() -> None:
    names = {node.__name__ for node in NODES if any(_ours(node))}
    assert {"HomeScreen", "PracticeScreen", "QuizScreen", "MyCodeScreen", "StatsScreen"} <= names


async def test_every_key_is_in_the_footer_or_the_palette(tmp_path: Path) -> None:
    app = RnnTutorApp(data_dir=tmp_path / "progress", lang="en", seed=11, warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        missing = []
        for node_class in NODES:
            hidden = _hidden_unless_in_the_palette(node_class)
            if not hidden:
                continue
            # Only home keeps a key out of the footer (b, the daily reviews): its palette.
            assert node_class is HomeScreen, (node_class.__name__, hidden)
            screen = app.screen
            assert isinstance(screen, HomeScreen)
            callbacks = [command.callback for command in app.get_system_commands(screen)]
            missing += [a for a in hidden if getattr(screen, f"action_{a}") not in callbacks]
        assert missing == []


def footer_keys(pilot: Pilot[Any]) -> dict[str, str]:
    """What the footer shows now: key -> description (a group's word for grouped keys)."""
    shown = {}
    for key, active in pilot.app.screen.active_bindings.items():
        binding = active.binding
        if binding.show:
            group = binding.group
            shown[key] = binding.description if group is None else group.description
    return shown


async def test_home_shows_the_track_key_and_the_palette_changes_the_budget(
    tmp_path: Path,
) -> None:
    app = RnnTutorApp(data_dir=tmp_path / "progress", lang="en", seed=11, warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert footer_keys(pilot)["t"] == t("ui.key.track")
        track = app.track
        await pilot.press("t")
        assert app.track != track
        commands = {c.title: c.callback for c in app.get_system_commands(app.screen)}
        budget = app.review_budget
        commands[t("ui.command.budget")]()
        assert app.review_budget != budget


async def test_after_esc_the_footer_says_how_to_get_back_into_the_box(tmp_path: Path) -> None:
    app = RnnTutorApp(data_dir=tmp_path / "progress", lang="ko", seed=11, warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert screen.answer_box.input.has_focus
        assert "a" not in footer_keys(pilot)  # typing: "a" is a letter of the answer
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is None
        assert footer_keys(pilot)["a"] == t("ui.key.answer")
        await pilot.press("a")
        await pilot.pause()
        assert screen.answer_box.input.has_focus
        assert screen.answer_box.text == ""  # the key moved the focus, typed nothing


async def test_graded_feedback_scrolls_with_the_keys_the_footer_shows(tmp_path: Path) -> None:
    # In Korean: the group's word under the keys is translated as descriptions are.
    app = RnnTutorApp(data_dir=tmp_path / "progress", lang="ko", seed=11, warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await answered(NOTEBOOK_H_N, "(3, 2, 20)")(pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        feedback = screen.feedback
        assert feedback.has_focus
        assert feedback.max_scroll_y > 0  # the mix-up and the picture run below the fold
        shown = footer_keys(pilot)
        scroll = t("ui.key.scroll_feedback")
        assert scroll == "스크롤"
        assert shown["up"] == shown["down"] == scroll
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert feedback.scroll_y == 3
        await pilot.press("up")
        await pilot.pause()
        assert feedback.scroll_y == 2
        await pilot.press("pagedown")  # as in any scrolling panel
        await pilot.pause()
        assert feedback.scroll_y > 2
