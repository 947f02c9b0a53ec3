"""Cells from a file: a .py split on ``# %%`` markers, the code cells of a .ipynb, or text.

Text copied out of a notebook page (``In [11]:`` before each cell, the cell's printed output
after it) is split on those markers and its outputs are left out, so a learner can paste what
they see in Jupyter or Colab. The file is read as data only (JSON for notebooks; the parser
only tells code from output); nothing in it runs here.
"""

from __future__ import annotations

import ast
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


# A notebook page's prompt line, as Jupyter and Colab show it and copy it: ``In [11]:``.
_PROMPT = re.compile(r"^In \[\s*\d*\s*\]:[ \t]*$", re.MULTILINE)
_OUT_PROMPT = re.compile(r"^Out\[\s*\d*\s*\]:")
# How printed values begin: a paragraph starting so is the cell's output, even where it happens
# to be valid Python (a one-line ``tensor([1., 2.])`` parses).
_OUTPUT_STARTS = (
    "tensor(",
    "torch.Size(",
    "(torch.Size(",
    "Parameter containing",
    "[Parameter containing",
    "[[Parameter containing",
    "RNN(",
    "LSTM(",
    "GRU(",
    "====",
)


def split_cells(text: str) -> list[str]:
    """Python text as cells: split on ``# %%`` lines when there are any, else one cell.

    Text copied from a notebook page (``In [n]:`` prompts) is split on its prompts instead.
    """
    if is_transcript(text):
        return transcript_cells(text)
    if not _MARKER.search(text):
        return [text]
    parts = _MARKER.split(text)
    cells = [part.strip("\n") for part in parts]
    return [cell for cell in cells if cell.strip()]


def is_transcript(text: str) -> bool:
    """Whether the text is a notebook page copied as text: ``In [n]:`` prompts, no ``# %%``."""
    return not _MARKER.search(text) and _PROMPT.search(text) is not None


def transcript_cells(text: str) -> list[str]:
    """The code of each ``In [n]:`` cell of a notebook page copied as text, outputs left out."""
    return [code for _, code in transcript_spans(text)]


def transcript_spans(text: str) -> list[tuple[int, str]]:
    """Each ``In [n]:`` cell's code with the number of page lines before it.

    What comes before the first prompt is the page's title or markdown, not code. After each
    prompt the code is its first paragraph and every following one while the whole still
    parses as Python; the first paragraph that does not (``RNN 출력 - input``), or that starts
    as a printed value does (``tensor(...)``, ``Out[3]:``), begins the output, left out. The
    line offsets let the editor put each shape beside the line the learner pasted.
    """
    lines = text.split("\n")
    prompts = [i for i, line in enumerate(lines) if _PROMPT.fullmatch(line)]
    spans: list[tuple[int, str]] = []
    for index, prompt in enumerate(prompts):
        stop = prompts[index + 1] if index + 1 < len(prompts) else len(lines)
        body = lines[prompt + 1 : stop]
        skipped = next((i for i, line in enumerate(body) if line.strip()), len(body))
        code = _code_of(body[skipped:])
        if code.strip():
            spans.append((prompt + 1 + skipped, code))
    return spans


def _code_of(lines: list[str]) -> str:
    """The code at the top of one transcript cell (its first paragraph always counts).

    Worked on whole lines, so the code keeps its own blank lines exactly as written.
    """
    # Where each paragraph after the first starts: a non-blank line after a blank one.
    starts = [i for i in range(1, len(lines)) if lines[i].strip() and not lines[i - 1].strip()]
    end = starts[0] if starts else len(lines)
    for index, start in enumerate(starts):
        first = lines[start].lstrip()
        if first.startswith(_OUTPUT_STARTS) or _OUT_PROMPT.match(first):
            break
        stop = starts[index + 1] if index + 1 < len(starts) else len(lines)
        if not _parses("\n".join(lines[:stop])):
            break
        end = stop
    return "\n".join(lines[:end]).rstrip()


def _parses(source: str) -> bool:
    """Whether ``source`` is Python (parsed to a tree only; never compiled or run)."""
    try:
        ast.parse(source, mode="exec")
    except (SyntaxError, ValueError):
        return False
    return True


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
