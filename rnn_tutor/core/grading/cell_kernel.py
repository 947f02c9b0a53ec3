"""The kernel every cell exercise runs in: a fresh notebook that has run the first cell."""

from __future__ import annotations

from rnn_tutor.core.exercises.cells import PRELUDE
from rnn_tutor.core.notebook import Notebook

_PRELUDE_NAMES: dict[str, object] = {}
"""What the first cell binds (modules and functions, never changed by a cell): read once."""


def fresh_notebook() -> Notebook:
    """A fresh kernel that has run the notebook's first cell (imports, a fixed seed).

    The first cell is walked once; later kernels get the names it bound and the same seed
    (grading runs a cell once per belief it tries, and the imports cost more than the cell).
    """
    # Imported here, so the prelude's imports do not count against the cell's time limit.
    import torch
    import torch.nn.utils.rnn

    notebook = Notebook()
    if _PRELUDE_NAMES:
        notebook.names.update(_PRELUDE_NAMES)
        torch.default_generator.manual_seed(0)
        return notebook
    first = notebook.run_cell(PRELUDE, annotate=False)
    if not first.ok:  # pragma: no cover - the prelude is ours
        raise RuntimeError(f"the notebook prelude failed: {first.error}")
    _PRELUDE_NAMES.update(notebook.names)
    return notebook
