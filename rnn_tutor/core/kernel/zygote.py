"""The zygote: one long-lived process that imports torch once and forks a session per notebook.

Run as ``python -m rnn_tutor.core.kernel.zygote`` by ``kernel.client.Kernel``; it speaks
JSON lines on its stdin and stdout (see docs/architecture.md, "The kernel"). A session is a
forked child holding one notebook's names; it bounds itself with the OS limits of
``limits.py`` and gets one request at a time. The zygote is the session's parent, so it is
the one that sees how a session ended (a signal, an exit code) and the one that kills it
when the wall-clock deadline passes, whatever the session is doing in C.

Forking (not starting a new Python) is what makes a session cheap: torch and the
interpreter are imported and warmed here once, and each session begins as a copy of that.
It is also what keeps one run from reading another's memory: every session starts from the
zygote's heap, never from an earlier session's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import gc
import os
import resource
import selectors
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.kernel.limits import (
    KernelLimits,
    allow_cpu,
    apply_fixed_limits,
    die_with_parent,
    isolate_network,
)
from rnn_tutor.core.kernel.wire import (
    MAX_LINE_BYTES,
    WireError,
    decode,
    dump_line,
    encode,
    load_line,
)
from rnn_tutor.core.notebook.editor_run import run_editor
from rnn_tutor.i18n import LANGUAGES, set_language

REQUEST_FD = 3
REPLY_FD = 4
EXIT_MEMORY = 3
"""A session's exit status after Python itself ran out of memory (RLIMIT_AS)."""

CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGILL, signal.SIGFPE}


# --------------------------------------------------------------------------- the session


def _only_protocol_fds(request_fd: int, reply_fd: int) -> None:
    """Leave the session with /dev/null on 0-2, its two pipe ends on 3 and 4, nothing else.

    Whatever the zygote had open (the app's pipe to it, other sessions' pipes) is closed, so
    a session can neither read another's requests nor write on the zygote's behalf.
    """
    high_in = fcntl.fcntl(request_fd, fcntl.F_DUPFD, 1000)
    high_out = fcntl.fcntl(reply_fd, fcntl.F_DUPFD, 1000)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.dup2(high_in, REQUEST_FD)
    os.dup2(high_out, REPLY_FD)
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        open_fds = list(range(REPLY_FD + 1, 1024))
    for fd in open_fds:
        if fd > REPLY_FD:
            with contextlib.suppress(OSError):
                os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _SessionState:
    """What a session keeps between requests: its notebook (names carry over, as in Jupyter)."""

    def __init__(self, notebook_limits: dict[str, Any], network_isolated: bool) -> None:
        self.notebook_limits = notebook_limits
        self.network_isolated = network_isolated
        self.notebook: Any = None

    def handle(self, body: dict[str, Any]) -> dict[str, Any]:
        op = body.get("op")
        if op == "cell":
            run = self._notebook().run_cell(str(body.get("source", "")))
            if run.error is not None and run.error.exception == "MemoryError":
                return {"stopped": {"reason": "memory"}}
            return {"value": encode(_allocation_refused(run))}
        if op == "editor":
            return self._editor(str(body.get("source", "")))
        if op == "grade":
            return self._grade(body)
        if op == "probe":
            return {"value": encode(self.probe())}
        return {"error": f"unknown op {op!r}"}

    def _editor(self, source: str) -> dict[str, Any]:
        """My code's ctrl+r: the editor's cells in a fresh notebook, and its modules.

        Every run starts from no names, as the editor holds the whole notebook and runs all
        of it; the session itself (its process, its walls) stays for the next run.
        """
        self.notebook = None
        ran = run_editor(self._notebook(), source)
        if ran.run.error is not None and ran.run.error.exception == "MemoryError":
            return {"stopped": {"reason": "memory"}}
        return {"value": encode(dataclasses.replace(ran, run=_allocation_refused(ran.run)))}

    def _grade(self, body: dict[str, Any]) -> dict[str, Any]:
        """One answer graded here, the verdict as JSON (texts in the parent's language)."""
        from rnn_tutor.core.grading.grader import grade, grade_unanswered, model_total

        language = body.get("language")
        if language in LANGUAGES:
            set_language(str(language))
        try:
            exercise = decode(body.get("exercise"))
        except WireError as error:
            return {"error": f"not an exercise: {error}"}
        if not isinstance(exercise, Exercise):
            return {"error": "not an exercise"}
        try:
            answer = body.get("answer", "")
            # None: skipped, wrong with torch's answer (a miss for review).
            graded = grade_unanswered(exercise) if answer is None else grade(exercise, str(answer))
            if body.get("form") != "verdict":  # grade --jsonl: the JSON object it writes
                return {"value": encode(graded.to_json())}
            # The app: the Verdict itself, and torchinfo's total where the screen shows it.
            total = model_total(exercise.call) if body.get("total") else None
        except MemoryError:
            raise
        except Exception as error:  # a bug costs this answer only, as in-process
            return {"error": f"{type(error).__name__}: {error}"}
        return {"value": encode((graded, total))}

    def _notebook(self) -> Any:
        if self.notebook is None:
            from rnn_tutor.core.notebook import Limits, Notebook

            known = {name: value for name, value in self.notebook_limits.items()}
            try:
                limits = Limits(**known)
            except TypeError:
                limits = Limits()
            self.notebook = Notebook(limits)
        return self.notebook

    def probe(self) -> dict[str, Any]:
        """What the session can reach, for the tests that check the walls are up."""

        def limit(which: int) -> list[int]:
            return list(resource.getrlimit(which))

        return {
            "pid": os.getpid(),
            "cwd": os.getcwd(),
            "cwd_entries": sorted(os.listdir(".")),
            "fds": sorted(int(name) for name in os.listdir("/proc/self/fd")),
            "network_isolated": self.network_isolated,
            "network": _network(),
            "as": limit(resource.RLIMIT_AS),
            "cpu": limit(resource.RLIMIT_CPU),
            "nofile": limit(resource.RLIMIT_NOFILE),
            "fsize": limit(resource.RLIMIT_FSIZE),
            "core": limit(resource.RLIMIT_CORE),
        }


def _allocation_refused(run: Any) -> Any:
    """torch's "can't allocate memory" (RLIMIT_AS said no) told as the kernel's limit.

    The session is still sound (torch raised before it held anything), so its names stay.
    """
    error = run.error
    if error is None or "can't allocate memory" not in (error.torch_message or ""):
        return run
    limit = dataclasses.replace(
        error, kind="limit", message_id="kernel.limit.memory", params={}, fix_id=None
    )
    return dataclasses.replace(run, error=limit)


def _network() -> str:
    """ "unreachable" when a connection to an outside address fails at once, else "reached"."""
    try:
        with socket.create_connection(("192.0.2.1", 9), timeout=0.2):
            return "reached"
    except OSError as error:
        if error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EACCES, errno.EPERM):
            return "unreachable"
        return "no answer"


def session_main(
    request_fd: int,
    reply_fd: int,
    folder: str,
    notebook_limits: dict[str, Any],
    limits: KernelLimits,
) -> None:
    """The forked session: walls up first, then one request at a time until its pipe closes."""
    os.setpgid(0, 0)
    die_with_parent()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _only_protocol_fds(request_fd, reply_fd)
    os.chdir(folder)
    isolated = isolate_network() if limits.isolate_network else False
    apply_fixed_limits(limits)
    state = _SessionState(notebook_limits, isolated)
    with os.fdopen(REQUEST_FD, "rb", buffering=1 << 16) as requests:
        while True:
            line = requests.readline(MAX_LINE_BYTES + 1)
            if not line.endswith(b"\n"):
                return  # the zygote closed the pipe (or sent a line too long to be ours)
            try:
                request = load_line(line)
                allow_cpu(float(request.get("cpu", 10.0)))
                reply = state.handle(request.get("body") or {})
            except MemoryError:
                reply = {"stopped": {"reason": "memory"}}
            except WireError as error:
                reply = {"error": str(error)}
            try:
                _write_all(REPLY_FD, dump_line(reply))
            except MemoryError:
                os._exit(EXIT_MEMORY)
            if "stopped" in reply:
                os._exit(EXIT_MEMORY)


# --------------------------------------------------------------------------- the zygote


@dataclass
class _Session:
    sid: int
    pid: int
    to_child: int
    from_child: int
    folder: str
    buffer: bytearray = field(default_factory=bytearray)
    pending: Any = None  # the id of the request it is running
    deadline: float | None = None
    wall_s: float = 0.0
    close_after: bool = False


def how_it_ended(status: int) -> dict[str, Any]:
    """A session's wait status as the client reads it: which limit, which signal."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else ""
        if number == signal.SIGXCPU:
            return {"reason": "cpu", "signal": name}
        if number == signal.SIGXFSZ:
            return {"reason": "file", "signal": name}
        if number in CRASH_SIGNALS:
            return {"reason": "crash", "signal": name or str(number)}
        return {"reason": "signal", "signal": name or str(number)}
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    if code == EXIT_MEMORY:
        return {"reason": "memory"}
    return {"reason": "exit", "code": code}


class Zygote:
    """The select loop: requests from the client, replies and deaths of sessions, deadlines."""

    def __init__(self, from_client: int, to_client: int, limits: KernelLimits) -> None:
        self.from_client = from_client
        self.to_client = to_client
        self.limits = limits
        self.sessions: dict[int, _Session] = {}
        self.next_sid = 1
        self.selector = selectors.DefaultSelector()
        self.inbox = bytearray()

    def reply(self, message: dict[str, Any]) -> None:
        _write_all(self.to_client, dump_line(message))

    def run(self) -> None:
        self.selector.register(self.from_client, selectors.EVENT_READ, None)
        try:
            while True:
                timeout = self._next_timeout()
                for key, _ in self.selector.select(timeout):
                    if key.data is None:
                        if not self._read_client():
                            return
                    else:
                        self._read_session(key.data)
                self._enforce_deadlines()
        finally:
            for session in list(self.sessions.values()):
                self._end(session)

    # ---------------------------------------------------------------- client side

    def _read_client(self) -> bool:
        try:
            chunk = os.read(self.from_client, 1 << 16)
        except InterruptedError:  # pragma: no cover - PEP 475 retries
            return True
        if not chunk:
            return False  # the app is gone: so are its sessions
        self.inbox += chunk
        while b"\n" in self.inbox:
            line, _, rest = self.inbox.partition(b"\n")
            self.inbox = bytearray(rest)
            try:
                message = load_line(bytes(line))
            except WireError:
                continue
            if isinstance(message, dict):
                self._handle(message)
        if len(self.inbox) > MAX_LINE_BYTES:
            self.inbox = bytearray()
        return True

    def _handle(self, message: dict[str, Any]) -> None:
        ident = message.get("id")
        op = message.get("op")
        if op == "open":
            session = self._fork(dict(message.get("notebook_limits") or {}))
            self.reply({"id": ident, "session": session.sid, "pid": session.pid})
        elif op == "request":
            sid = message.get("session")
            if sid is None:
                session = self._fork(dict(message.get("notebook_limits") or {}))
                session.close_after = True
            elif isinstance(sid, int) and sid in self.sessions:
                session = self.sessions[sid]
            else:
                self.reply({"id": ident, "stopped": {"reason": "gone"}})
                return
            if session.pending is not None:
                self.reply({"id": ident, "error": "busy"})
                return
            seconds = float(message.get("seconds", 10.0))
            request = {"body": message.get("body"), "cpu": seconds + self.limits.cpu_slack_s}
            session.wall_s = seconds + self.limits.wall_slack_s
            session.pending = ident
            session.deadline = time.monotonic() + session.wall_s
            # If it died already, its end is read from its reply pipe.
            with contextlib.suppress(OSError):
                _write_all(session.to_child, dump_line(request))
        elif op == "close":
            sid = message.get("session")
            if isinstance(sid, int) and sid in self.sessions:
                # A request still running in it (My code left, or run again) is answered
                # now, so no caller waits for a session that is gone.
                self._stop(self.sessions[sid], {"reason": "closed"})
            self.reply({"id": ident, "closed": True})
        elif op == "ping":
            self.reply({"id": ident, "pong": os.getpid()})
        else:
            self.reply({"id": ident, "error": f"unknown op {op!r}"})

    # ---------------------------------------------------------------- sessions

    def _fork(self, notebook_limits: dict[str, Any]) -> _Session:
        folder = tempfile.mkdtemp(prefix="rnn-tutor-kernel-")
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the session
            code = 70
            try:
                session_main(request_r, reply_w, folder, notebook_limits, self.limits)
                code = 0
            except BaseException:
                code = 71
            finally:
                os._exit(code)
        os.close(request_r)
        os.close(reply_w)
        os.set_blocking(reply_r, False)
        session = _Session(self.next_sid, pid, request_w, reply_r, folder)
        self.next_sid += 1
        self.sessions[session.sid] = session
        self.selector.register(reply_r, selectors.EVENT_READ, session)
        return session

    def _read_session(self, session: _Session) -> None:
        try:
            chunk = os.read(session.from_child, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            status = self._reap(session, kill=False)
            if session.pending is not None:
                self.reply({"id": session.pending, "stopped": how_it_ended(status)})
            return
        session.buffer += chunk
        if len(session.buffer) > MAX_LINE_BYTES:
            self._stop(session, {"reason": "output"})
            return
        if b"\n" not in session.buffer:
            return
        line, _, rest = session.buffer.partition(b"\n")
        session.buffer = bytearray(rest)
        try:
            reply = load_line(bytes(line))  # re-written whole: a session cannot forge an id
        except WireError:
            reply = None
        ident = session.pending
        session.pending, session.deadline = None, None
        if not isinstance(reply, dict):
            self._stop(session, {"reason": "protocol"}, ident)
        elif "stopped" in reply:
            self._stop(session, {"reason": "memory"}, ident)
        else:
            self.reply({"id": ident, **{k: v for k, v in reply.items() if k != "id"}})
            if session.close_after:
                self._end(session)

    def _stop(self, session: _Session, how: dict[str, Any], ident: Any = None) -> None:
        self._end(session)
        target = ident if ident is not None else session.pending
        if target is not None:
            self.reply({"id": target, "stopped": how})

    def _next_timeout(self) -> float | None:
        deadlines = [s.deadline for s in self.sessions.values() if s.deadline is not None]
        if not deadlines:
            return None
        return max(0.0, min(deadlines) - time.monotonic())

    def _enforce_deadlines(self) -> None:
        now = time.monotonic()
        for session in list(self.sessions.values()):
            if session.deadline is not None and now >= session.deadline:
                ident = session.pending
                session.pending = None
                self._end(session)
                self.reply({"id": ident, "stopped": {"reason": "wall", "seconds": session.wall_s}})

    def _end(self, session: _Session) -> None:
        self._reap(session, kill=True)

    def _reap(self, session: _Session, *, kill: bool) -> int:
        """Kill (when asked) and wait for a session, close its pipes, remove its folder."""
        if session.sid not in self.sessions:
            return 0
        del self.sessions[session.sid]
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(session.from_child)
        if kill:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(session.pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(session.pid, signal.SIGKILL)  # before its setpgid ran
        status = 0
        while True:
            try:
                _, status = os.waitpid(session.pid, 0)
                break
            except InterruptedError:  # pragma: no cover
                continue
            except ChildProcessError:
                break
        for fd in (session.to_child, session.from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(session.folder, ignore_errors=True)
        return status


def warm_up() -> None:
    """Import torch and the interpreter and walk one cell, so every session starts warm.

    One intra-op thread: a forked session must not inherit a thread pool it cannot use, and
    sessions share two cores with everyone else anyway.
    """
    import torch

    torch.set_num_threads(1)
    with contextlib.suppress(RuntimeError):
        torch.set_num_interop_threads(1)
    from rnn_tutor.core.grading import grader
    from rnn_tutor.core.grading.cell_kernel import fresh_notebook

    grader.warm_up()
    fresh_notebook().run_cell("rnn = nn.LSTM(3, 2)\noutput, (h_n, c_n) = rnn(torch.randn(2, 1, 3))")


def main(argv: list[str] | None = None) -> int:
    """Protocol on the original stdin/stdout; C code that prints finds /dev/null on fd 1."""
    args = sys.argv[1:] if argv is None else argv
    limits = KernelLimits()
    if args:
        try:
            raw = load_line(args[0].encode("ascii", errors="replace"))
        except WireError:
            raw = {}
        if isinstance(raw, dict):
            limits = KernelLimits.from_json(raw)
    to_client = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is for the app to handle
    warm_up()
    gc.collect()
    gc.freeze()  # objects from the warm-up stay shared with every session, never copied
    try:
        _write_all(to_client, dump_line({"ready": os.getpid()}))
        Zygote(0, to_client, limits).run()
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
