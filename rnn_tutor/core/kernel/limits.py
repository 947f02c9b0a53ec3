"""What the operating system allows one kernel session: the wall behind the interpreter's guards.

The interpreter's own caps (``notebook.Limits``) stop a cell early and in the learner's terms.
They are checked between statements, so a single call into C (a list comparison holding the
GIL, a huge allocation, a crash in torch) is not bounded by them. These limits are applied
by the session process to itself, right after it is forked, and by its parent (the zygote),
which kills it after the wall-clock deadline.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import resource
import signal
from dataclasses import dataclass

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class KernelLimits:
    """The OS bounds of a session, beside the interpreter's ``Limits``.

    ``memory_bytes`` is added to the address space the session starts with (torch's own
    libraries are mapped already), so it is what learner code may allocate on top.
    ``cpu_slack_s`` and ``wall_slack_s`` are added to the cell's own time limit: the
    interpreter says "the cell ran longer than 10 seconds" first, and only a call that never
    returns to it meets the OS.
    """

    memory_bytes: int = 1 << 30
    cpu_slack_s: float = 1.0
    wall_slack_s: float = 1.5
    open_files: int = 32
    file_bytes: int = 1 << 20
    isolate_network: bool = True

    def to_json(self) -> dict[str, object]:
        return {
            "memory_bytes": self.memory_bytes,
            "cpu_slack_s": self.cpu_slack_s,
            "wall_slack_s": self.wall_slack_s,
            "open_files": self.open_files,
            "file_bytes": self.file_bytes,
            "isolate_network": self.isolate_network,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KernelLimits:
        def number(name: str, default: float) -> float:
            value = data.get(name, default)
            return float(value) if isinstance(value, (int, float)) else default

        base = cls()
        return cls(
            memory_bytes=int(number("memory_bytes", base.memory_bytes)),
            cpu_slack_s=number("cpu_slack_s", base.cpu_slack_s),
            wall_slack_s=number("wall_slack_s", base.wall_slack_s),
            open_files=int(number("open_files", base.open_files)),
            file_bytes=int(number("file_bytes", base.file_bytes)),
            isolate_network=bool(data.get("isolate_network", base.isolate_network)),
        )


def address_space_now() -> int:
    """This process's mapped address space in bytes (VmSize), 0 when /proc cannot say."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - every Linux libc loads
        return None


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent (the zygote) dies."""
    libc = _libc()
    if libc is not None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def isolate_network() -> bool:
    """A new user and network namespace: only a loopback that is down, so no network at all.

    Linux allows it without privileges where unprivileged user namespaces are enabled; in a
    container whose seccomp profile forbids ``unshare`` (Docker's default) it fails, and the
    session runs with the machine's network. Nothing in the interpreter can open a socket;
    this is the wall behind that. Must run while the process has one thread (right after
    fork), as Linux refuses a new user namespace to a threaded process.
    """
    unshare = getattr(os, "unshare", None)
    if unshare is not None:  # Python 3.12+
        try:
            unshare(CLONE_NEWUSER | CLONE_NEWNET)
        except OSError:
            return False
        return True
    libc = _libc()
    if libc is None:  # pragma: no cover
        return False
    return bool(libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0)


def apply_fixed_limits(limits: KernelLimits) -> None:
    """The limits that hold for the session's whole life: memory, files, no core dumps."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    start = address_space_now()
    if start:
        cap = start + limits.memory_bytes
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def allow_cpu(seconds: float) -> None:
    """Let the next request use ``seconds`` more CPU time; past it Linux sends SIGXCPU.

    RLIMIT_CPU counts the process's whole life, so the soft limit is moved on before each
    request; the hard limit is left as it is so it can be moved (the learner's code cannot
    call setrlimit: the interpreter runs no Python of theirs).
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    soft = max(1, math.ceil(used + seconds))
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
