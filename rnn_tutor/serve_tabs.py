"""One browser tab's app process: started in a process group of its own, and ended for sure.

textual-serve's ``AppService`` ends a closed tab's app by sending it "quit" and waiting for
it to go, for as long as that takes. An app busy in a long call (a learner's cell that holds
the interpreter) never reads the message, and keeps its core for as long as the call runs.
Here the tab's app gets "quit" as before and a few seconds to leave (time to keep the My
code cell), then the whole process group is killed: the app and anything it started (a
kernel process running the learner's code), since the app runs as the leader of a group of
its own (``start_new_session``). The group is killed after a clean exit too, so nothing the
app left behind outlives its tab.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

QUIT_GRACE_S = 3.0
"""How long a closed tab's app has to leave by itself before its group is killed."""
OUTPUT_GRACE_S = 2.0
"""After the kill: how long to wait for the app's output to end before giving up on it."""
EXIT_POLL_S = 0.02


class TabService(AppService):
    """textual-serve's ``AppService`` for one tab, running ``argv`` (no shell) in its own group."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[Any]],
        download_manager: DownloadManager,
        debug: bool = False,
        quit_grace: float = QUIT_GRACE_S,
    ) -> None:
        super().__init__(
            shlex.join(argv),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=download_manager,
            debug=debug,
        )
        self.argv = tuple(argv)
        self.quit_grace = quit_grace
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        """The app process's id (also its process group's), once started."""
        return None if self._process is None else self._process.pid

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        """As textual-serve's, with the argv run directly, as the leader of a new group."""
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit, kill its group after ``quit_grace`` seconds; done once."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        task, process = self._task, self._process
        if task is not None and process is not None:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            await self.send_meta({"type": "quit"})
            await _exited(process, self.quit_grace)  # busy: it never reads the message
        # Gone or not, the group goes now: the app if it is still there, and whatever it
        # started (which may hold the app's output open, so the output ends only now).
        self.kill_group()
        if task is not None:
            # Something outside the group may hold the output open: not waited for longer.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(task, OUTPUT_GRACE_S)
        if process is not None:
            await _exited(process, OUTPUT_GRACE_S)
        self._task = None

    def kill_group(self) -> None:
        """SIGKILL the app's process group (the app and everything it started)."""
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
            os.killpg(self._process.pid, signal.SIGKILL)


async def _exited(process: asyncio.subprocess.Process, timeout: float) -> bool:
    """Wait up to ``timeout`` s for ``process`` to end; whether it has.

    Not ``process.wait()``: asyncio's waits for the process's pipes to close as well, and a
    child that inherited them keeps them open after the app itself has gone.
    """
    deadline = time.monotonic() + timeout
    while process.returncode is None:
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(EXIT_POLL_S)
    return True
