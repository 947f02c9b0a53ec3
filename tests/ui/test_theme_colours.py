"""The tutor's colours come from the app's theme: switching theme reaches text on screen.

Rich colour names ("bold red") were fixed when a text was made; the styles of
``rnn_tutor.ui.palette`` name the theme's variables, resolved each time a widget is drawn.
"""

from __future__ import annotations

import ast
from datetime import timezone
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.color import Color
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens.practice import PracticeScreen
from tests.conftest import SeededHistory
from tests.ui.test_snapshots import NOTEBOOK_H_N, answered


def _colour_of(widget: Widget, glyph: str) -> Color:
    """The foreground drawn for the first ``glyph`` in ``widget``'s rendered lines."""
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            if glyph in segment.text and segment.style is not None:
                assert segment.style.color is not None
                return Color.from_rich_color(segment.style.color)
    raise AssertionError(f"{glyph!r} is not drawn")


def _theme_colour(app: RnnTutorApp, variable: str) -> Color:
    return Color.parse(app.get_css_variables()[variable])


async def _graded(pilot: Pilot[Any], answer: str) -> PracticeScreen:
    """Practice on the notebook's LSTM question, ``answer`` graded and shown."""
    await answered(NOTEBOOK_H_N, answer)(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    return screen


async def test_a_wrong_axis_takes_the_themes_error_colour(tmp_path: Path) -> None:
    app = RnnTutorApp(data_dir=tmp_path / "progress", lang="en", seed=11, warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _graded(pilot, "(3, 2, 20)")  # batch_first applied to h_n
        text = screen.feedback.query_one("#feedback-text")
        seen: dict[str, tuple[Color, Color]] = {}
        for theme in ("textual-dark", "textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            seen[theme] = (_colour_of(text, "✗"), _theme_colour(app, "error"))
        for theme, (drawn, error) in seen.items():
            assert drawn.rgb == error.rgb, theme
        assert seen["nord"][0] != seen["textual-dark"][0]


async def test_the_unrolled_picture_follows_the_theme(tmp_path: Path) -> None:
    app = RnnTutorApp(data_dir=tmp_path / "progress", lang="en", seed=11, warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _graded(pilot, "(2, 3, 20)")
        legend = screen.query_one("#picture-legend")
        for theme in ("textual-dark", "nord"):
            app.theme = theme
            await pilot.pause()
            assert _colour_of(legend, "[ h]").rgb == _theme_colour(app, "warning").rgb


RICH_COLOURS = {"red", "green", "yellow", "blue", "cyan", "magenta", "black", "white"}
STYLE_WORDS = RICH_COLOURS | {"bold", "dim", "italic", "reverse", "underline", "on"}


def test_no_ui_module_writes_a_rich_colour_name() -> None:
    """A style such as "bold red" anywhere in the UI would miss a theme change again."""
    root = Path(__file__).resolve().parents[2] / "rnn_tutor" / "ui"
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = node.value.split()
                if words and set(words) <= STYLE_WORDS and set(words) & RICH_COLOURS:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.value!r}")
    assert found == []


async def test_the_statistics_table_is_restyled_when_the_theme_changes(
    seeded_history: SeededHistory,
) -> None:
    app = RnnTutorApp(
        data_dir=seeded_history.data_dir,
        lang="en",
        seed=7,
        warm_up=False,
        screen="stats",
        screen_options={"now": seeded_history.now, "tz": timezone.utc},
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#stats-skills", DataTable)
        for theme in ("textual-dark", "nord"):
            app.theme = theme
            await pilot.pause()
            marks = []
            for row in table.ordered_rows:
                cell = table.get_cell(row.key, "mastery")
                assert isinstance(cell, Text)
                if cell.plain.startswith("◐"):  # learning: the theme's warning colour
                    style = cell.get_style_at_offset(app.console, 0)
                    assert style.color is not None
                    marks.append(Color.from_rich_color(style.color).rgb)
            assert marks and set(marks) == {_theme_colour(app, "warning").rgb}, theme
