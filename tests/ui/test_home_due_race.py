"""Quitting while home counts what is due: the count's worker finds home gone (issue 23).

Seen on main: exiting right as home's due count finished raised NoScreen in the
``_count_due`` worker (the due line was detached when its loading flag was cleared).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from rnn_tutor.ui.screens import home
from rnn_tutor.ui.screens.home import HomeScreen
from tests.ui.test_app_flows import make_app


async def test_the_due_count_finishing_after_home_is_gone_raises_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    reading = threading.Event()
    real = home._read_home

    def slow(*args: Any) -> Any:
        reading.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(home, "_read_home", slow)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        for _ in range(200):
            if reading.is_set():
                break
            await pilot.pause(0.05)
        assert reading.is_set()
        due = screen.query_one("#home-due")
        await due.remove()  # home is taken down while the count is still being read
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_home_re_made_while_the_count_is_read_shows_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: a language switch re-made home's line mid-count; the count went to
    the old line and the new one stayed blank until the history changed."""
    release = threading.Event()
    reading = threading.Event()
    real = home._read_home

    def slow(*args: Any) -> Any:
        reading.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(home, "_read_home", slow)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        for _ in range(200):
            if reading.is_set():
                break
            await pilot.pause(0.05)
        screen.reword()
        await pilot.pause(0.3)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(screen.query_one("#home-due", Static).render())
        assert shown.strip() == screen._due_text().strip() != ""
