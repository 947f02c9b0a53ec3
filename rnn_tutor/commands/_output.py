"""Standard output for commands whose output is piped: ``rnn-tutor shapes ... | head``.

When the reader goes away, writing raises BrokenPipeError; a command should then stop
quietly instead of printing a traceback, and so should the interpreter's own flush of
stdout at exit, which is why stdout is pointed at /dev/null once the pipe is gone.
"""

from __future__ import annotations

import os
import sys
from typing import IO


def silence_stdout() -> None:
    """Send whatever is still buffered for stdout, and anything after it, to /dev/null."""
    try:
        fileno = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (a test's capture): nothing to flush later
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fileno)
    finally:
        os.close(devnull)


def write(stream: IO[str], text: str) -> bool:
    """Write and flush ``text``; False when the reader has closed the pipe (then stop)."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        if stream is sys.stdout:
            silence_stdout()
        return False
    return True


def emit(text: str) -> bool:
    """``print(text)`` to stdout, stopping quietly when the reader closes the pipe."""
    return write(sys.stdout, text + "\n")
