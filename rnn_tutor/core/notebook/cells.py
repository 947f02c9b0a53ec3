"""Cells from a file: a .py split on ``# %%`` markers, the code cells of a .ipynb, or text.

The file is read as data only (JSON for notebooks); nothing in it runs here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_MARKER = re.compile(r"^#\s*%%.*$", re.MULTILINE)
# A notebook larger than this is not a learner's shape notebook; refuse to read it whole.
MAX_FILE_BYTES = 8_000_000


class CellsError(ValueError):
    """The file cannot be read as cells; ``key`` names the catalog message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def split_cells(text: str) -> list[str]:
    """Python text as cells: split on ``# %%`` lines when there are any, else one cell."""
    if not _MARKER.search(text):
        return [text]
    parts = _MARKER.split(text)
    cells = [part.strip("\n") for part in parts]
    return [cell for cell in cells if cell.strip()]


def notebook_cells(text: str) -> list[str]:
    """The code cells of a Jupyter notebook's JSON, in order (markdown and outputs skipped)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise CellsError("notebook.file.not_json") from error
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise CellsError("notebook.file.no_cells")
    out: list[str] = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if not isinstance(source, str):
            continue
        # Jupyter magics and shell escapes are not Python: keep the line count, drop the text.
        lines = [
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")
        ]
        out.append("\n".join(lines))
    return out


def read_cells(path: Path) -> list[str]:
    """Cells of a .py or .ipynb file (any other file is one cell of Python text)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CellsError("notebook.file.unreadable", path=str(path)) from error
    if size > MAX_FILE_BYTES:
        raise CellsError("notebook.file.too_big", path=str(path), size=size)
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as error:
        raise CellsError("notebook.file.unreadable", path=str(path)) from error
    if path.suffix.lower() == ".ipynb":
        return notebook_cells(text)
    return split_cells(text)
