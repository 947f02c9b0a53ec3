"""A file replaced whole or not at all: the progress export and the "My code" cell.

A temporary file in the same folder is written and synced, then renamed over the target
(``os.replace`` replaces a link itself, never writes through it), so a crash or a full disk
never leaves half a file where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, text: str) -> None:
    """Replace ``target`` with ``text`` exactly as given (raises OSError when it cannot)."""
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
