"""The parent's side of the kernel: start the zygote, open sessions, run cells, survive deaths.

A ``Kernel`` owns one zygote process (``python -m rnn_tutor.core.kernel.zygote``) and talks
to it over its stdin and stdout in JSON lines; it never imports torch. Every method may be
called from any thread (the app calls from workers); a reader thread hands each reply to
the request waiting for it. When a session or the whole zygote dies, the request that was
running gets a stop that says why (``KernelStop``), and the next request starts afresh.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import itertools
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import IO, Any

from rnn_tutor.core.kernel.limits import KernelLimits
from rnn_tutor.core.kernel.wire import WireError, decode, dump_line, load_line
from rnn_tutor.core.notebook.editor_run import EditorRun
from rnn_tutor.core.notebook.results import CellError, CellRun, Limits

START_TIMEOUT_S = 120.0
"""How long the zygote may take to import torch on a busy machine before it counts as failed."""
ZYGOTE_GRACE_S = 5.0
"""How long past a request's own deadline the zygote may be silent before it is replaced."""


@dataclass(frozen=True)
class KernelStop:
    """Why a session ended in the middle of a request: which limit, which signal.

    ``reason``: "cpu", "wall", "memory", "crash", "signal", "file", "exit", "output",
    "protocol", "gone" (the session had ended before), "zygote" (the whole kernel process
    ended or could not start).
    """

    reason: str
    signal: str | None = None
    code: int | None = None
    seconds: float | None = None

    @property
    def message_id(self) -> str:
        known = ("cpu", "wall", "memory", "crash", "signal", "file", "zygote")
        return f"kernel.stopped.{self.reason if self.reason in known else 'other'}"

    @property
    def params(self) -> dict[str, object]:
        return {
            "signal": self.signal or "",
            "code": "" if self.code is None else self.code,
            "seconds": "" if self.seconds is None else f"{self.seconds:g}",
            "reason": self.reason,
        }

    def cell_error(self) -> CellError:
        """The stop as a cell's error, so every view of a cell shows it like any other."""
        return CellError(
            line=0,
            kind="kernel",
            exception=self.signal,
            torch_message=None,
            message_id=self.message_id,
            params=self.params,
        )

    @classmethod
    def from_json(cls, data: Any) -> KernelStop:
        if not isinstance(data, dict):
            return cls("protocol")
        signal_name = data.get("signal")
        code = data.get("code")
        seconds = data.get("seconds")
        return cls(
            reason=str(data.get("reason", "protocol")),
            signal=str(signal_name) if isinstance(signal_name, str) and signal_name else None,
            code=code if isinstance(code, int) and not isinstance(code, bool) else None,
            seconds=float(seconds) if isinstance(seconds, (int, float)) else None,
        )


class KernelError(RuntimeError):
    """The kernel answered, but not with a value (an unknown op, a busy session)."""


@dataclass
class _Waiting:
    done: threading.Event
    reply: dict[str, Any] | None = None


class Kernel:
    """One zygote and its sessions; replaced on the next request when it dies."""

    def __init__(
        self,
        limits: KernelLimits | None = None,
        notebook_limits: Limits | None = None,
        python: str | None = None,
    ) -> None:
        self.limits = limits or KernelLimits()
        self.notebook_limits = notebook_limits or Limits()
        self.python = python or sys.executable
        self._process: subprocess.Popen[bytes] | None = None
        self._start_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._waiting: dict[int, _Waiting] = {}
        self._ids = itertools.count(1)
        self._generation = 0
        self.starts = 0
        atexit.register(self.close)

    # ------------------------------------------------------------------ life

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def start(self) -> None:
        """Start the zygote and wait until torch is imported (idempotent, thread-safe)."""
        with self._start_lock:
            if self._process is not None and self._process.poll() is None:
                return
            self._spawn()

    def _spawn(self) -> None:
        env = dict(os.environ)
        env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
        env["OMP_NUM_THREADS"] = "1"
        process = subprocess.Popen(
            [
                self.python,
                "-m",
                "rnn_tutor.core.kernel.zygote",
                dump_line(self.limits.to_json()).decode("ascii").strip(),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,  # ctrl+c in the terminal is the app's, not the kernel's
            env=env,
        )
        assert process.stdout is not None
        ready = _read_line_with_timeout(process, START_TIMEOUT_S)
        if ready is None or not isinstance(ready, dict) or "ready" not in ready:
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()
            raise KernelError("the kernel process did not start")
        self._process = process
        self._generation += 1
        self.starts += 1
        threading.Thread(
            target=self._read_replies,
            args=(process, self._generation),
            name="rnn-tutor-kernel-reader",
            daemon=True,
        ).start()

    def close(self) -> None:
        """End the zygote and every session (it kills them when its stdin closes)."""
        process = self._process
        self._process = None
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, 9)
            process.wait()
        self._fail_waiting()

    # ------------------------------------------------------------------ requests

    def ask(self, message: dict[str, Any], timeout: float | None) -> dict[str, Any]:
        """Send one message and wait for its reply; a dead zygote is a ``zygote`` stop."""
        try:
            self.start()
        except (KernelError, OSError):
            return {"stopped": {"reason": "zygote"}}
        process = self._process
        if process is None or process.stdin is None:
            return {"stopped": {"reason": "zygote"}}
        ident = next(self._ids)
        waiting = _Waiting(threading.Event())
        self._waiting[ident] = waiting
        try:
            with self._write_lock:
                process.stdin.write(dump_line({**message, "id": ident}))
                process.stdin.flush()
        except (OSError, ValueError):
            self._waiting.pop(ident, None)
            return {"stopped": {"reason": "zygote"}}
        if not waiting.done.wait(timeout):
            self._waiting.pop(ident, None)
            self._replace(process)  # silent far past the deadline: not to be trusted again
            return {"stopped": {"reason": "zygote"}}
        return waiting.reply or {"stopped": {"reason": "zygote"}}

    def tell(self, message: dict[str, Any]) -> None:
        """Send one message without waiting for its reply (nor starting a kernel for it).

        For the event loop: closing a session must not wait, even on a busy kernel.
        """
        process = self._process
        if process is None or process.poll() is not None or process.stdin is None:
            return
        try:
            with self._write_lock:
                process.stdin.write(dump_line({**message, "id": next(self._ids)}))
                process.stdin.flush()
        except (OSError, ValueError):
            pass

    def _replace(self, process: subprocess.Popen[bytes]) -> None:
        with self._start_lock:
            if self._process is process:
                self._process = None
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, 9)
                process.wait()
        self._fail_waiting()

    def _read_replies(self, process: subprocess.Popen[bytes], generation: int) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                reply = load_line(line)
            except WireError:
                continue
            if not isinstance(reply, dict):
                continue
            ident = reply.get("id")
            waiting = self._waiting.pop(ident, None) if isinstance(ident, int) else None
            if waiting is not None:
                waiting.reply = reply
                waiting.done.set()
        process.wait()
        if self._generation == generation:
            self._fail_waiting()

    def _fail_waiting(self) -> None:
        """Every request still waiting learns that the kernel process is gone."""
        for ident in list(self._waiting):
            waiting = self._waiting.pop(ident, None)
            if waiting is not None:
                waiting.reply = {"stopped": {"reason": "zygote"}}
                waiting.done.set()

    def session(self) -> KernelSession:
        """A notebook in its own process: names carry over between its cells."""
        return KernelSession(self)

    def run_once(self, body: dict[str, Any], seconds: float | None = None) -> Any:
        """One request in a session forked for it alone and ended after it."""
        return _value_or_stop(self._request(None, body, seconds))

    def _request(self, sid: int | None, body: dict[str, Any], seconds: float | None) -> Any:
        seconds = self.notebook_limits.max_seconds if seconds is None else seconds
        reply = self.ask(
            {
                "op": "request",
                "session": sid,
                "body": body,
                "seconds": seconds,
                "notebook_limits": dataclasses.asdict(self.notebook_limits),
            },
            timeout=seconds + self.limits.wall_slack_s + ZYGOTE_GRACE_S,
        )
        return reply

    def open_session(self) -> tuple[int, int] | KernelStop:
        reply = self.ask(
            {"op": "open", "notebook_limits": dataclasses.asdict(self.notebook_limits)},
            timeout=START_TIMEOUT_S,
        )
        if "stopped" in reply:
            return KernelStop.from_json(reply["stopped"])
        sid, pid = reply.get("session"), reply.get("pid")
        if not isinstance(sid, int) or not isinstance(pid, int):
            return KernelStop("protocol")
        return sid, pid


def _value_or_stop(reply: dict[str, Any]) -> Any:
    """The decoded value of a reply, or the KernelStop it carries."""
    if "stopped" in reply:
        return KernelStop.from_json(reply["stopped"])
    if "error" in reply:
        raise KernelError(str(reply["error"]))
    try:
        return decode(reply.get("value"))
    except WireError:
        return KernelStop("protocol")


class KernelSession:
    """One notebook's names in a kernel session; after a stop the next cell starts afresh."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel
        self.sid: int | None = None
        self.pid: int | None = None
        self.generation = -1
        self.stops: list[KernelStop] = []
        self.closed = False

    def ensure(self) -> KernelStop | None:
        """Have a live session (a fresh one after a stop): None, or why there is none."""
        return self._ensure()

    def _ensure(self) -> KernelStop | None:
        if self.sid is not None:
            if self.generation == self.kernel._generation and self.kernel.pid is not None:
                return None
            self.sid = self.pid = None  # the kernel process was replaced: its names with it
            return KernelStop("zygote")
        if self.closed:
            return KernelStop("closed")
        opened = self.kernel.open_session()
        if isinstance(opened, KernelStop):
            return opened
        self.sid, self.pid = opened
        self.generation = self.kernel._generation
        if self.closed:  # closed from another thread while it was being opened
            self.close(wait=False)
            return KernelStop("closed")
        return None

    def request(self, body: dict[str, Any], seconds: float | None = None) -> Any:
        """The decoded value, or the KernelStop that ended the session (then forgotten)."""
        stop = self._ensure()
        if stop is None:
            result = _value_or_stop(self.kernel._request(self.sid, body, seconds))
            if not isinstance(result, KernelStop):
                return result
            stop = result
        self.sid = self.pid = None
        self.stops.append(stop)
        return stop

    def run_cell(self, source: str) -> CellRun:
        """Run one cell; a stop comes back as the cell's error (kind "kernel")."""
        result = self.request({"op": "cell", "source": source})
        if isinstance(result, KernelStop):
            return CellRun(False, (), result.cell_error(), "", None, source=source)
        if not isinstance(result, CellRun):
            return CellRun(False, (), KernelStop("protocol").cell_error(), "", None, source=source)
        return result

    def run_editor(self, source: str) -> EditorRun | KernelStop:
        """My code's ctrl+r: the editor's cells in a fresh notebook of this session, with
        the modules they left bound; or the stop that ended the session (the next run
        gets a fresh one)."""
        result = self.request({"op": "editor", "source": source})
        if isinstance(result, KernelStop):
            return result
        if not isinstance(result, EditorRun):
            self.sid = self.pid = None  # it answered with something else: not trusted again
            return KernelStop("protocol")
        return result

    def probe(self) -> dict[str, Any]:
        result = self.request({"op": "probe"})
        if not isinstance(result, dict):
            raise KernelError(f"probe: {result!r}")
        return result

    def close(self, wait: bool = True) -> None:
        """End the session's process; a request running in it gets a "closed" stop.

        ``wait=False`` only sends the close (the event loop calls it that way). A closed
        session opens no new process.
        """
        self.closed = True
        if self.sid is not None and self.generation == self.kernel._generation:
            message = {"op": "close", "session": self.sid}
            if wait:
                self.kernel.ask(message, timeout=ZYGOTE_GRACE_S)
            else:
                self.kernel.tell(message)
        self.sid = self.pid = None


def _read_line_with_timeout(process: subprocess.Popen[bytes], timeout: float) -> Any:
    """The zygote's first line (it says it is ready), or None when it died or took too long."""
    stdout: IO[bytes] | None = process.stdout
    assert stdout is not None
    box: list[Any] = []

    def read() -> None:
        line = stdout.readline()
        with contextlib.suppress(WireError):
            box.append(load_line(line) if line else None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0] if box else None
