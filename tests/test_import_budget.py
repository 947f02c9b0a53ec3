"""The first frame imports only what home draws (issue 23).

Counted by module, not timed: a module list is the same on a loaded machine and an idle
one. In a fresh interpreter the app is imported and built up to its home screen (its
worker has counted what is due and drawn the mastery map); then no module of the rooms
home does not draw may be loaded (grading, the call, the notebook, the kernel, the
generator, the statistics), nor a screen other than home, and the package's own modules
stay within a budget. The catalogs (``rnn_tutor.i18n.<lang>.*``) are not counted: every screen reads
them, and they grow with every text.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_import_hygiene import run_python

# rnn_tutor modules (less the catalogs) home may load: 26 when this test was written, 32
# once the wording (i18n.formatting, particles, plurals), the theme's styles (ui.palette) and
# the remembered level (progress.practice_setting) joined; each of those is small and home
# draws with it. The heavy rooms are kept out by NOT_FOR_HOME, not by this count.
BUDGET = 36
# What home does not draw: neither on import nor once its first frame and its counts are up.
NOT_FOR_HOME = (
    "rnn_tutor.core.grading",
    "rnn_tutor.core.call",
    "rnn_tutor.core.notebook",
    "rnn_tutor.core.kernel",
    "rnn_tutor.core.exercises.questions",
    "rnn_tutor.core.exercises.generator",
    "rnn_tutor.core.exercises.cell_generator",
    "rnn_tutor.core.exercises.cells",
    "rnn_tutor.core.progress.stats",  # the statistics screen's figures (and stats_text)
)
HOME_SCREENS = (
    "rnn_tutor.ui.screens.home",
    "rnn_tutor.ui.screens.base",
    "rnn_tutor.ui.screens.too_small",
)

UP_TO_HOME = """
import asyncio, json, sys, tempfile

def ours():
    return sorted(m for m in sys.modules if m.startswith("rnn_tutor"))

from rnn_tutor.ui.app import RnnTutorApp
imported = ours()

async def main():
    app = RnnTutorApp(lang="en", seed=3, warm_up=False, data_dir=tempfile.mkdtemp())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = type(app.screen).__name__
        drawn = app.screen.query_one("#home-mastery").model is not None
        home = ours()
    print(json.dumps({"imported": imported, "home": home, "screen": screen, "drawn": drawn}))

asyncio.run(main())
"""


CLI = """
import json, sys
from rnn_tutor import cli

argv = ["--lang", "en", "--data-dir", sys.argv[1] if len(sys.argv) > 1 else "data"]
cli.build_parser(argv).parse_args(argv)  # as cli.main parses, before it opens the app
import rnn_tutor.commands.practice
import rnn_tutor.ui.app
print(json.dumps({"modules": sorted(m for m in sys.modules if m.startswith("rnn_tutor"))}))
"""


def _counted(modules: list[str]) -> list[str]:
    """The package's modules less the catalogs (``rnn_tutor.i18n`` itself counts)."""
    return [m for m in modules if not m.startswith(("rnn_tutor.i18n.en", "rnn_tutor.i18n.ko"))]


def _unwanted(modules: list[str]) -> list[str]:
    rooms = [m for m in modules if m.startswith(NOT_FOR_HOME)]
    screens = [
        m for m in modules if m.startswith("rnn_tutor.ui.screens.") and m not in HOME_SCREENS
    ]
    return rooms + screens


def test_home_loads_no_room_it_does_not_draw(tmp_path: Path) -> None:
    seen = run_python(UP_TO_HOME, tmp_path)
    assert seen["screen"] == "HomeScreen"
    assert seen["drawn"] is True  # the mastery map is drawn: home's worker has run
    for stage in ("imported", "home"):
        modules = seen[stage]
        assert isinstance(modules, list)
        assert _unwanted(modules) == [], stage


def test_home_stays_within_its_module_budget(tmp_path: Path) -> None:
    seen = run_python(UP_TO_HOME, tmp_path)
    modules = seen["home"]
    assert isinstance(modules, list)
    counted = _counted(modules)
    assert len(counted) <= BUDGET, counted


def test_the_command_line_opens_the_app_without_every_command_room(tmp_path: Path) -> None:
    """``rnn-tutor`` parses its command line before the first frame: only the command
    chosen (none, for the app) is imported, not every command's rooms (grade, shapes and
    explain bring the grader, the notebook and the kernel)."""
    modules = run_python(CLI, tmp_path)["modules"]
    assert isinstance(modules, list)
    assert _unwanted(modules) == []
    assert [m for m in modules if m.startswith("rnn_tutor.commands.")] == [
        "rnn_tutor.commands._output",
        "rnn_tutor.commands._profile",
        "rnn_tutor.commands.practice",
    ]
