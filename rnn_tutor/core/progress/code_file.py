"""The learner's own code, kept between runs of the "My code" screen.

One plain ``mycode.py`` beside the progress database, so a learner can also open it in
their editor. It is written whole or not at all (a temporary file renamed over the old
one): a crash while saving never leaves half a cell. Reading never raises: a missing,
unreadable or oversized file simply gives no saved code.
"""

from __future__ import annotations

from pathlib import Path

from rnn_tutor.core.progress.atomic_file import write_atomically

CODE_FILENAME = "mycode.py"

MAX_CODE_CHARS = 200_000
"""Far more than a notebook cell; a bigger file is not a cell to keep in an editor."""


def code_file(directory: Path) -> Path:
    """Where the "My code" cell lives inside a data folder."""
    return directory / CODE_FILENAME


def load_code(directory: Path) -> str | None:
    """The saved cell, or None when there is none that can be read."""
    path = code_file(directory)
    try:
        if path.stat().st_size > 4 * MAX_CODE_CHARS:  # UTF-8 is at most 4 bytes a character
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if len(text) > MAX_CODE_CHARS:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def save_code(directory: Path, text: str) -> bool:
    """Keep ``text`` as the cell; False when the folder cannot be written (nothing lost)."""
    if len(text) > MAX_CODE_CHARS:
        return False
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomically(code_file(directory), text)
    except OSError:
        return False
    return True
