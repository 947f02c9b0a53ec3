"""Standard output and error of the commands: piped, not UTF-8, or shown on a terminal.

When the reader goes away, writing raises BrokenPipeError; a command should then stop
quietly instead of printing a traceback, and so should the interpreter's own flush of
stdout at exit, which is why stdout is pointed at /dev/null once the pipe is gone.

Commands print text from outside (model text, answers, torch's messages, file names, argparse
quoting argv). ``guarded_streams`` makes every control character in what they write visible
(``\\x1b``), and a terminal that is not UTF-8 gets ``?`` for what it cannot show instead of
a UnicodeEncodeError. JSON goes out through ``dumps`` so it stays valid JSON.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any

from rnn_tutor.core.safe_text import visible, visible_json


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


def dumps(value: Any, *, indent: int | None = None, ascii_only: bool = False) -> str:
    """``json.dumps`` for output: the same value, with nothing a terminal would act on."""
    return visible_json(json.dumps(value, ensure_ascii=ascii_only, indent=indent))


class _VisibleWriter:
    """A text stream whose every write goes through ``visible`` (line breaks kept)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text, newlines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _degrade_encoding(stream: IO[str]) -> None:
    """Replace what the stream's encoding cannot show (ascii, latin-1) instead of crashing."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        with suppress(OSError, ValueError):  # closed, or not a real text stream
            reconfigure(errors="replace")


@contextmanager
def guarded_streams() -> Iterator[None]:
    """stdout and stderr guarded for the duration (restored after, for tests and the app)."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        _degrade_encoding(stream)
    sys.stdout = _VisibleWriter(saved[0])
    sys.stderr = _VisibleWriter(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
