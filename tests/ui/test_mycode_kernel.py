"""My code runs the learner's cells in a kernel session, as Jupyter does (issue 17).

The app process never runs the learner's text: ctrl+r sends it to the screen's own session
(a child process the operating system bounds) and gets the shapes back. A session that
crashes, passes a limit or is killed is replaced, the screen says which limit in the
learner's language and the code stays in the editor; ctrl+q while a cell spins in C quits
at once and leaves no kernel process behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Static

from rnn_tutor.core.kernel import Kernel, KernelSession
from rnn_tutor.core.notebook import Limits, Notebook
from rnn_tutor.i18n import set_language, t, tr
from rnn_tutor.ui.screens import mycode
from rnn_tutor.ui.screens.mycode import MyCodeScreen
from tests.core.kernel.test_kernel_faults import HANG_IN_C, SEGFAULT
from tests.ui.test_mycode import gutter_row, open_code, row_of, run_cell, status

ROOT = Path(__file__).resolve().parents[2]
CELL_SECONDS = 1.0
"""The cell limit of this file's kernel: a hang costs about this, not the default 10 s."""

CELL = """import torch
import torch.nn as nn
x = torch.randn(2, 5, 3)
gru = nn.GRU(3, 4, batch_first=True, bidirectional=True)
out, h = gru(x)
"""


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    yield
    set_language("en")


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    kernel = Kernel(notebook_limits=Limits(max_seconds=CELL_SECONDS))
    kernel.start()
    yield kernel
    kernel.close()


@pytest.fixture
def sessions(kernel: Kernel, monkeypatch: pytest.MonkeyPatch) -> list[KernelSession]:
    """Every session the screens of a test open, in this file's kernel."""
    opened: list[KernelSession] = []

    def open_session() -> KernelSession:
        opened.append(kernel.session())
        return opened[-1]

    monkeypatch.setattr(mycode, "open_session", open_session)
    return opened


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie not yet reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


async def session_pid(pilot: Pilot[Any], session: KernelSession) -> int:
    """The session's process, once the screen's warm-up has forked it."""
    for _ in range(600):
        if session.pid is not None:
            return session.pid
        await pilot.pause(0.05)
    raise AssertionError("the session never started")


def output(screen: MyCodeScreen) -> str:
    return str(screen.query_one("#mycode-output", Static).render())


async def test_the_cell_runs_in_the_kernel_not_in_the_app(
    tmp_path: Path, sessions: list[KernelSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    def in_the_app(self: Notebook, source: str) -> Any:
        raise AssertionError("the learner's cell ran in the app process")

    monkeypatch.setattr(Notebook, "run_cell", in_the_app)
    app = open_code(tmp_path, code=CELL)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_cell(pilot)
        assert screen.result is not None and screen.result.run.ok, screen.result
        assert gutter_row(screen.shapes, row_of(screen, 5)) == "out: (2, 5, 8)  h: (2, 2, 4)"
        # The Parameters and Unrolled tabs are drawn from what the kernel sent back.
        (module,) = screen.result.modules
        assert (module.name, module.kind, module.total) == ("gru", "GRU", 216)
        rows = {row.full_name: row.shape for group in module.groups for row in group.rows}
        assert rows["weight_ih_l0_reverse"] == (12, 3)
        (picture,) = screen.result.pictures
        assert (picture.line, picture.module) == (5, "gru")
        (session,) = sessions
        assert session.pid not in (None, os.getpid())


async def test_a_crash_in_torch_restarts_the_kernel_and_keeps_the_code(
    tmp_path: Path, sessions: list[KernelSession]
) -> None:
    """The issue's batch_sizes write: it took the served tab down; now the kernel restarts."""
    app = open_code(tmp_path, code=SEGFAULT)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        first = await session_pid(pilot, sessions[0])
        started = time.monotonic()
        screen = await run_cell(pilot)
        assert time.monotonic() - started < CELL_SECONDS + 2
        assert screen.result is not None and screen.result.kernel_stopped
        error = screen.result.run.error
        assert error is not None and error.message_id == "ui.mycode.kernel.crash"
        said = t("ui.mycode.kernel.crash", signal=error.params["signal"])
        assert error.params["signal"] in ("SIGABRT", "SIGSEGV")
        assert status(screen) == said
        assert said in output(screen)
        assert "torch crashed" in said and "your code is kept" in said
        assert screen.editor.text == SEGFAULT  # never lost
        assert not screen.note.display  # no line of the code is to blame
        # Restarted at once: a new session process is up before the next ctrl+r.
        assert not alive(first)
        assert sessions[0].pid not in (None, first) and alive(sessions[0].pid)
        app.switch_language("ko")
        await pilot.pause()
        assert status(screen) == tr("ko", "ui.mycode.kernel.crash", signal=error.params["signal"])
        assert "다시 시작" in status(screen) and "코드는 그대로" in status(screen)
        screen.editor.text = CELL
        screen = await run_cell(pilot)
        assert screen.result is not None and screen.result.run.ok


async def test_a_restart_message_is_read_whole_at_80x24_in_korean(
    tmp_path: Path, sessions: list[KernelSession]
) -> None:
    """The status line was one row: "...코드는 그대로 있습니다. ctrl+r로 다시" and the rest
    cut off at 80 columns."""
    set_language("ko")
    app = open_code(tmp_path, code=SEGFAULT, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run_cell(pilot)
        assert screen.result is not None and screen.result.kernel_stopped
        line = screen.query_one("#mycode-status", Static)
        said = status(screen)
        assert said.endswith("다시 실행하세요.")
        width = line.content_region.width
        assert cell_len(said) > width  # one row would cut it
        assert line.size.height * width >= cell_len(said) + 4  # two rows hold it (wrapping)


async def test_kill_9_mid_cell_is_told_and_the_next_run_works(
    tmp_path: Path, sessions: list[KernelSession]
) -> None:
    app = open_code(tmp_path, code=HANG_IN_C)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        pid = await session_pid(pilot, sessions[0])
        await pilot.press("ctrl+r")
        await pilot.pause(0.3)
        assert status(screen) == t("ui.mycode.status.running")
        os.kill(pid, signal.SIGKILL)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None and screen.result.kernel_stopped
        assert status(screen) == t("ui.mycode.kernel.signal", signal="SIGKILL")
        assert screen.editor.text == HANG_IN_C
        screen.editor.text = CELL
        screen = await run_cell(pilot)
        assert screen.result is not None and screen.result.run.ok


async def test_a_hang_in_c_meets_the_kernels_deadline(
    tmp_path: Path, sessions: list[KernelSession]
) -> None:
    """``[a] * 1000 == [b] * 1000``: one call into C that no guard between statements sees."""
    app = open_code(tmp_path, code=HANG_IN_C)
    async with app.run_test(size=(100, 30)) as pilot:
        started = time.monotonic()
        screen = await run_cell(pilot)
        assert time.monotonic() - started < CELL_SECONDS + 5  # the deadline is limit + 1.5 s
        assert screen.result is not None and screen.result.kernel_stopped
        error = screen.result.run.error
        assert error is not None
        assert error.message_id in ("ui.mycode.kernel.wall", "ui.mycode.kernel.cpu")
        assert status(screen) == t(error.message_id, **error.params)


async def test_leaving_my_code_ends_its_session_and_a_cell_running_in_it(
    tmp_path: Path, sessions: list[KernelSession]
) -> None:
    app = open_code(tmp_path, code=HANG_IN_C)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        pid = await session_pid(pilot, sessions[0])
        await pilot.press("ctrl+r")
        await pilot.pause(0.3)
        await pilot.press("escape", "escape")  # leave the editor, then the screen
        await pilot.pause()
        assert not isinstance(app.screen, MyCodeScreen)
        assert gone_within(pid, 2)


async def test_run_again_while_a_cell_runs_ends_the_old_run(
    tmp_path: Path, sessions: list[KernelSession]
) -> None:
    """As a kernel's interrupt: the new text runs at once in a fresh session."""
    app = open_code(tmp_path, code=HANG_IN_C)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        pid = await session_pid(pilot, sessions[0])
        await pilot.press("ctrl+r")
        await pilot.pause(0.3)
        screen.editor.text = CELL
        started = time.monotonic()
        screen = await run_cell(pilot)
        assert time.monotonic() - started < CELL_SECONDS + 1
        assert screen.result is not None and screen.result.run.ok
        assert gone_within(pid, 2)
        assert len(sessions) == 2 and sessions[1].pid != pid


async def test_two_apps_never_share_a_session(tmp_path: Path) -> None:
    """Each app (a served tab is one) runs My code in a session process of its own."""
    pids = []
    for name in ("alice", "bora"):
        app = open_code(tmp_path / name, code=f"{name}_secret = 1\n")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await run_cell(pilot)
            session = screen._session
            assert isinstance(session, KernelSession) and session.pid is not None
            pids.append(session.pid)
            screen.editor.text = "alice_secret\n"
            screen = await run_cell(pilot)
            assert screen.result is not None
            error = screen.result.run.error
            if name == "bora":  # alice's names never reach bora's run
                assert error is not None and error.params == {"name": "alice_secret"}
        assert gone_within(pids[-1], 2)
    assert pids[0] != pids[1]


QUIT_WHILE_SPINNING = """
import sys, time
from rnn_tutor.ui.app import RnnTutorApp
app = RnnTutorApp(
    data_dir=sys.argv[1], lang="en", warm_up=False, screen="mycode",
    screen_options={"code": sys.argv[2]},
)
pressed = []
async def pilot(p):
    screen = p.app.screen
    for _ in range(1200):  # a loaded machine: the kernel may take a while to start
        if screen._session is not None and screen._session.pid is not None:
            break
        await p.pause(0.1)
    session = screen._session
    print(f"PIDS {session.pid} {session.kernel.pid}", flush=True)
    await p.press("ctrl+r")
    await p.pause(1.0)  # well inside the C call (the lists are built in a moment)
    pressed.append(time.monotonic())
    await p.press("ctrl+q")
app.run(headless=True, auto_pilot=pilot, size=(100, 30))
print(f"QUIT {time.monotonic() - pressed[0]:.2f}", flush=True)
"""


def test_ctrl_q_quits_at_once_while_a_cell_spins_in_c(tmp_path: Path) -> None:
    """In a process of its own, with the app's real kernel (10 s cell limit): the issue's
    served tab ignored ctrl+q for 63 s while the list comparison held the GIL."""
    started = time.monotonic()
    done = subprocess.Popen(
        [sys.executable, "-c", QUIT_WHILE_SPINNING, str(tmp_path / "home"), HANG_IN_C],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        out, err = done.communicate(timeout=250)
    finally:
        done.kill()
    exited = time.monotonic()
    assert done.returncode == 0, err
    said = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    pids, quit_after = said["PIDS"], float(said["QUIT"][0])
    assert quit_after < 2
    assert exited - started < 90
    session, zygote = (int(pid) for pid in pids)
    # Nothing of the kernel is left: the cell's session nor the zygote.
    assert gone_within(session, 2) and gone_within(zygote, 2)
