"""A closed tab's app gets "quit", then its whole process group is killed (serve_tabs).

The app here is a stand-in that starts a child (as the app starts a kernel) and then either
leaves when it reads anything on stdin (textual-serve's "quit" packet) or never reads it (a
cell busy in C): the real app is driven in tests/browser/test_serve.py.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest
from textual_serve.download_manager import DownloadManager

from rnn_tutor.serve_tabs import OUTPUT_GRACE_S, TabService
from tests.browser.driver import alive

STAND_IN = r"""
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
with open(sys.argv[1] + ".tmp", "w") as out:
    out.write(str(child.pid))
import os; os.replace(sys.argv[1] + ".tmp", sys.argv[1])
if sys.argv[2] == "obeys":
    sys.stdin.buffer.read(1)
    sys.exit(0)
time.sleep(120)
"""
GRACE = 0.5


async def started(tmp_path: Path, behaviour: str) -> tuple[TabService, int]:
    async def ignore(data: object) -> None:
        return None

    async def close() -> None:
        return None

    pid_file = tmp_path / f"{behaviour}.pid"
    tab = TabService(
        [sys.executable, "-c", STAND_IN, str(pid_file), behaviour],
        write_bytes=ignore,
        write_str=ignore,
        close=close,
        download_manager=DownloadManager(),
        quit_grace=GRACE,
    )
    await tab.start(80, 24)
    deadline = time.monotonic() + 30
    while not pid_file.exists():
        assert time.monotonic() < deadline, "the stand-in app did not start"
        await asyncio.sleep(0.02)
    return tab, int(pid_file.read_text())


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
async def test_an_app_that_never_reads_quit_is_killed_with_its_child(tmp_path: Path) -> None:
    tab, child = await started(tmp_path, "busy")
    assert tab.pid is not None and alive(tab.pid) and alive(child)
    began = time.monotonic()
    await tab.stop()
    took = time.monotonic() - began
    assert GRACE <= took < GRACE + OUTPUT_GRACE_S + 1
    assert tab._process is not None and tab._process.returncode == -9
    assert not alive(tab.pid)
    # SIGKILL reaches the rest of the group asynchronously: the child goes within moments.
    deadline = time.monotonic() + 2
    while alive(child) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert not alive(child)
    await tab.stop()  # a second stop (textual-serve's handler calls it twice) is harmless


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
async def test_an_app_that_quits_is_not_killed_but_what_it_left_is(tmp_path: Path) -> None:
    tab, child = await started(tmp_path, "obeys")
    began = time.monotonic()
    await tab.stop()
    assert time.monotonic() - began < GRACE
    assert tab._process is not None and tab._process.returncode == 0
    # SIGKILL is delivered asynchronously: the orphan goes within moments, not at once.
    deadline = time.monotonic() + 2
    while alive(child) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert not alive(child)
