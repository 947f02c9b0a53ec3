"""A tmux server of one benchmark run's own, shared by bench_home.py and bench_startup.py.

Other runs on the machine use the default server; and when a server's last session ends it
stops, so a session started just then can be lost with it (a start that never shows): one
session is kept for the whole run.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable


def tmux_of(name: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``tmux -L name ...`` as a function of its arguments."""

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        command = ["tmux", "-L", name, *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    return tmux


def run_kept(main: Callable[[], int], name: str) -> None:
    """``main()`` with a session kept on the run's server, the server ended after it."""
    tmux = tmux_of(name)
    if shutil.which("tmux") is not None:
        tmux("new-session", "-d", "-s", "keeper", "sleep 86400")
    try:
        raise SystemExit(main())
    finally:
        if shutil.which("tmux") is not None:
            tmux("kill-server")
