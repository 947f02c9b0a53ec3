"""The notebook room: learner cells run safely on real torch (no torch at import time).

``Notebook.run_cell`` walks a cell's syntax tree itself (never eval/exec/compile), allows only
what ``tables`` names, caps sizes before torch allocates, and explains torch's errors.
"""

from __future__ import annotations

from rnn_tutor.core.notebook.cells import (
    CellsError,
    is_transcript,
    read_cells,
    split_cells,
    transcript_spans,
)
from rnn_tutor.core.notebook.notebook import Notebook
from rnn_tutor.core.notebook.results import (
    Binding,
    CellError,
    CellFailure,
    CellRun,
    Limits,
    StatementRun,
)

__all__ = [
    "Binding",
    "CellError",
    "CellFailure",
    "CellRun",
    "CellsError",
    "Limits",
    "Notebook",
    "StatementRun",
    "is_transcript",
    "read_cells",
    "split_cells",
    "transcript_spans",
]
