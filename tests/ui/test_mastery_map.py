"""The mastery map on home and the mastery column of the statistics screen (Pilot).

The map reads the learner model (core/progress/mastery.py) from the store in home's worker;
after one right answer a skill is "learning" on both screens, never "100% recall".
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import DataTable

from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.progress.mastery import learner_model
from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.screens.home import HomeScreen
from rnn_tutor.ui.screens.stats import StatsScreen
from rnn_tutor.ui.widgets.mastery_map import MasteryMap, map_text
from tests.ui.test_app_flows import answer, exercise, make_app, open_practice, settle

HN_SKILLS = ("hn_ignores_batch_first", "hn_first_axis")
_NOW = datetime(2026, 12, 7, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def map_of(home: HomeScreen) -> str:
    return str(home.query_one("#home-mastery", MasteryMap).render())


def counts_line(known: int, learning: int, not_yet: int) -> str:
    return "   ".join(
        (
            "● " + t("ui.mastery.count.known", count=known),
            "◐ " + t("ui.mastery.count.learning", count=learning),
            "○ " + t("ui.mastery.count.not_yet", count=not_yet),
        )
    )


async def test_a_new_learner_sees_every_skill_not_yet(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        shown = map_of(app.screen)
        assert shown.splitlines()[-1] == counts_line(0, 0, len(SKILLS))
        marks = "".join(shown.splitlines()[:2])
        assert marks.count("○") == len(SKILLS) and "◐" not in marks and "●" not in marks
        assert t("ui.mastery.track.call") in shown and t("ui.mastery.track.around") in shown


async def test_one_right_answer_is_learning_on_home_and_on_the_stats_screen(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_practice(pilot, exercise("h_n"))
        await answer(pilot, "(2, 3, 20)")  # right: h_n ignores batch_first
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        lines = map_of(app.screen).splitlines()
        assert lines[-1] == counts_line(0, 2, len(SKILLS) - 2)
        # Both skills are introduced at level 1: their marks are on the RNN call's line.
        assert lines[0].count("◐") == 2 and "◐" not in lines[1]

        await pilot.press("s")
        await settle(pilot)
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        table = stats.query_one("#stats-skills", DataTable)
        for skill in HN_SKILLS:
            mastery = table.get_cell(skill, "mastery")
            assert isinstance(mastery, Text)
            assert mastery.plain.startswith("◐ " + t("ui.mastery.learning"))
            # FSRS is in its learning steps (due again in minutes): no "100%" beside it.
            assert table.get_cell(skill, "recall") == t("ui.stats.recall.in_steps")
        unseen = table.get_cell("proj_size", "mastery")
        assert isinstance(unseen, Text) and unseen.plain == "○ " + t("ui.mastery.not_yet")


async def test_the_map_follows_a_language_switch_and_a_level_change(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")  # Korean
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        shown = map_of(home)
        assert "주변 코드" in shown and "아직 29" in shown
        assert home.query_one("#home-mastery", MasteryMap).border_title == "단계별 숙달"
        await pilot.press("v")  # level 2
        await pilot.pause()
        assert home.query_one("#home-mastery", MasteryMap).current_level == 2


def test_the_current_level_is_marked_and_only_it() -> None:
    text = map_text(learner_model([], _NOW, skills=SKILLS), current_level=7)
    spans = text.spans
    marked = [text.plain[s.start : s.end] for s in spans if "reverse" in str(s.style)]
    assert marked == ["7"]


async def test_progress_off_shows_no_map(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app = make_app(blocker / "sub")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.screen.query("#home-mastery")
