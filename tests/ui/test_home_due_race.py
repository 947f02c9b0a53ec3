"""Home's due count finishing after home changed under it (issue 23).

Seen on main: exiting right as home's due count finished raised NoScreen in the
``_count_due`` worker (the due line was detached when its loading flag was cleared). Found in
review: a language switch that re-made home mid-count left the new line blank.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from rnn_tutor.ui.screens import home
from rnn_tutor.ui.screens.home import HomeScreen
from tests.ui.test_app_flows import make_app


class SlowRead:
    """Home's read held until ``release`` is set; ``reading`` tells when it started."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.reading = threading.Event()

    async def started(self, pilot: Pilot[Any]) -> HomeScreen:
        await pilot.pause()
        for _ in range(200):
            if self.reading.is_set():
                break
            await pilot.pause(0.05)
        assert self.reading.is_set()
        screen = pilot.app.screen
        assert isinstance(screen, HomeScreen)
        return screen


@pytest.fixture
def slow_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowRead]:
    held = SlowRead()
    real = home._read_home

    def slow(*args: Any) -> Any:
        held.reading.set()
        held.release.wait(10)
        return real(*args)

    monkeypatch.setattr(home, "_read_home", slow)
    yield held
    held.release.set()


async def test_the_due_count_finishing_after_home_is_gone_raises_nothing(
    tmp_path: Path, slow_read: SlowRead
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await slow_read.started(pilot)
        await screen.query_one("#home-due").remove()  # taken down while the count is read
        slow_read.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_home_re_made_while_the_count_is_read_shows_the_count(
    tmp_path: Path, slow_read: SlowRead
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await slow_read.started(pilot)
        screen.reword()  # as a language switch does
        await pilot.pause(0.3)
        slow_read.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(screen.query_one("#home-due", Static).render())
        assert shown.strip() == screen._due_text().strip() != ""
