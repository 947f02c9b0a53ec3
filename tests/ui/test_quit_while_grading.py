"""ctrl+q and Esc leave at once while a grading worker is still running (issue 9): the
worker is abandoned, never awaited."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from rnn_tutor.core.kernel import grading
from rnn_tutor.ui.screens import answering
from rnn_tutor.ui.screens.home import HomeScreen
from tests.ui.test_app_flows import make_app, open_practice, type_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def slow_grading(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Grading that takes as long as the test wants (released at the end)."""
    release = threading.Event()
    started = threading.Event()
    real = grading.grade_verdict

    def grade(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(answering, "grade_verdict", grade)
    yield started
    release.set()


async def test_escape_leaves_practice_while_grading_runs(
    tmp_path: Path, slow_grading: threading.Event
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_practice(pilot)
        await type_text(pilot, "1, 2, 3")
        await pilot.press("enter")
        await pilot.pause()
        assert slow_grading.wait(10)
        await pilot.press("escape")  # leaves the answer box
        await pilot.press("escape")  # leaves the screen
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


QUIT_WHILE_GRADING = """
import sys, threading, time
import rnn_tutor.ui.screens.answering as answering
grading = threading.Event()
def grade(*args, **kwargs):
    print("GRADING", flush=True)
    grading.set()
    time.sleep(100)
answering.grade_verdict = grade
from rnn_tutor.ui.app import RnnTutorApp
app = RnnTutorApp(data_dir=sys.argv[1], lang="en", screen="practice", seed=11, warm_up=False)
pressed = []
async def pilot(p):
    for _ in range(600):  # a loaded machine: the exercise may take a while to be shown
        if getattr(p.app.screen, "exercise", None) is not None:
            break
        await p.pause(0.1)
    await p.press("1", "2", "enter")  # read as a shape, a count or a "runs?" answer alike
    for _ in range(300):  # a loaded machine: wait until the grading really runs
        if grading.is_set():
            break
        await p.pause(0.1)
    pressed.append(time.monotonic())
    await p.press("ctrl+q")
app.run(headless=True, auto_pilot=pilot, size=(100, 30))
print(f"QUIT {time.monotonic() - pressed[0]:.2f}", flush=True)
"""


def run_app_script(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``script`` (it runs the app headless) in a Python of its own, ``home`` its argument."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(home)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=250,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_ctrl_q_quits_at_once_while_grading_runs(tmp_path: Path) -> None:
    """In a process of its own: the interpreter's exit is what used to wait."""
    started = time.monotonic()
    done = run_app_script(QUIT_WHILE_GRADING, tmp_path / "home")
    assert "GRADING" in done.stdout  # ctrl+q came while the grading ran
    quit_line = next(line for line in done.stdout.splitlines() if line.startswith("QUIT"))
    assert float(quit_line.split()[1]) < 3
    assert time.monotonic() - started < 90  # the grading would still be sleeping
